//! Yes/no flags from text, and the words that mean written off.

/// Read a yes/no flag: yes, y, true, t, 1, x, ja, j, oui, si and the words
/// for written off (written off, write-off, bad debt, uncollectible,
/// abgeschrieben) are yes; no, n, false, f, 0, nein, non and a dash are no.
/// `None` for anything else (a status word, an amount, a date): such a value
/// is not a flag and is never read as "no".
pub fn parse_flag(s: &str) -> Option<bool> {
    let n = crate::schema::normalize(s);
    match n.as_str() {
        "yes" | "y" | "true" | "t" | "1" | "x" | "ja" | "j" | "oui" | "si" => Some(true),
        w if WRITTEN_OFF_WORDS.contains(&w) => Some(true),
        "no" | "n" | "false" | "f" | "0" | "nein" | "non" | "" => Some(false),
        _ => None,
    }
}

/// Words (normalised) that mean an invoice was written off, as a flag value
/// or a status.
pub(crate) const WRITTEN_OFF_WORDS: &[&str] = &[
    "writtenoff",
    "writeoff",
    "baddebt",
    "uncollectible",
    "irrecoverable",
    "abgeschrieben",
];
