//! Data-derived text made safe for people: shortened with `…` and cleared of control characters.
//!
//! Whole values stay in the data exports (customers.csv/.parquet,
//! actions.csv, summary.json); everything a person reads (the terminal,
//! report.html) shows ids, names and echoed values through these functions,
//! so that a 1 MB customer id or an escape sequence in a name can neither
//! flood the screen nor drive the terminal.

use std::borrow::Cow;

/// Characters of a customer id shown to a person at most.
pub const ID_CHARS: usize = 40;
/// Characters of a name, account manager or echoed value shown at most.
pub const NAME_CHARS: usize = 60;
/// Characters of one line printed to the terminal at most (a screen is
/// about 24 lines of 80 to 200 characters).
pub const LINE_CHARS: usize = 400;

/// `s` cut to `max` characters, the last one `…` when anything was left out.
pub fn shorten(s: &str, max: usize) -> Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => Cow::Borrowed(s),
        Some(_) => {
            let keep = max.saturating_sub(1);
            let end = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
            let mut t = String::with_capacity(end + 3);
            t.push_str(&s[..end]);
            t.push('…');
            Cow::Owned(t)
        }
    }
}

/// Whether `c` may change how a terminal or a browser shows the text around
/// it: C0 and C1 controls, DEL, and the bidirectional overrides, embeddings,
/// isolates and marks (which can make text read backwards).
pub fn is_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every control character (see [`is_control`]) written as a
/// visible escape such as `\u{1b}`; line ends are kept when `keep_newlines`.
pub fn printable(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_control(c) && !(keep_newlines && c == '\n'))
    {
        return Cow::Borrowed(s);
    }
    let mut t = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_control(c) && !(keep_newlines && c == '\n') {
            t.push_str(&c.escape_unicode().to_string());
        } else {
            t.push(c);
        }
    }
    Cow::Owned(t)
}

/// A data value for one line of the terminal or the report: controls made
/// visible, then cut to `max` characters.
pub fn shown(s: &str, max: usize) -> String {
    printable(&shorten(s, max), false).into_owned()
}

/// Text for the terminal: control characters made visible (line ends kept)
/// and every line cut to [`LINE_CHARS`] characters. The last guard before
/// anything reaches the screen.
pub fn for_terminal(s: &str) -> String {
    let safe = printable(s, true);
    if safe.lines().all(|l| l.len() <= LINE_CHARS) {
        return safe.into_owned();
    }
    let mut o = String::with_capacity(s.len().min(1 << 20));
    for (i, line) in safe.split('\n').enumerate() {
        if i > 0 {
            o.push('\n');
        }
        o.push_str(&shorten(line, LINE_CHARS));
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_by_characters_with_an_ellipsis() {
        assert_eq!(shorten("abc", 3), "abc");
        assert_eq!(shorten("abcd", 3), "ab…");
        assert_eq!(shorten("äöüß", 2), "ä…");
        assert_eq!(shorten("", 0), "");
        let long = "x".repeat(1 << 20);
        assert_eq!(shorten(&long, ID_CHARS).chars().count(), ID_CHARS);
    }

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(printable("plain", false), "plain");
        assert_eq!(
            printable("a\u{1b}[31mred\u{7}", false),
            "a\\u{1b}[31mred\\u{7}"
        );
        assert_eq!(printable("x\u{9b}y", false), "x\\u{9b}y");
        assert_eq!(
            printable("evil\u{202e}txt.exe", false),
            "evil\\u{202e}txt.exe"
        );
        assert_eq!(printable("a\nb\r", true), "a\nb\\u{d}");
        assert_eq!(printable("a\tb", false), "a\\u{9}b");
    }

    #[test]
    fn terminal_lines_are_cut_and_cleaned() {
        let long = format!("id {}\nnext \u{1b}]0;title\u{7}", "9".repeat(5_000));
        let t = for_terminal(&long);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].chars().count(), LINE_CHARS);
        assert!(lines[0].ends_with('…'));
        assert!(!t.contains('\u{1b}') && !t.contains('\u{7}'));
    }
}
