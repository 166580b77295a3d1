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

/// Lines one long line printed to the terminal may be broken into at most.
pub const WRAPPED_LINES: usize = 8;

/// Text for the terminal: control characters made visible (line ends kept)
/// and no line longer than [`LINE_CHARS`] characters. A longer line is
/// broken after its `; ` (a message's clauses: the fix of an error comes
/// last and must survive) into at most [`WRAPPED_LINES`] lines, the
/// continuations indented by two spaces; what is still too long is cut with
/// `…`. The last guard before anything reaches the screen.
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
        push_wrapped(&mut o, line);
    }
    o
}

/// `line` broken after `; ` into lines of at most [`LINE_CHARS`]
/// characters, at most [`WRAPPED_LINES`] of them. A clause starts a new
/// line when it does not fit on the current one but fits on a line of its
/// own; a clause too long for any line stays where it is and is cut.
fn push_wrapped(o: &mut String, line: &str) {
    if line.chars().count() <= LINE_CHARS {
        o.push_str(line);
        return;
    }
    const INDENT: &str = "  ";
    let mut lines: Vec<String> = vec![String::new()];
    let mut used = 0; // characters on the last line
    let mut parts = line.split_inclusive("; ");
    while let Some(part) = parts.next() {
        let len = part.trim_end().chars().count();
        let fresh = used <= INDENT.len();
        let full = used > LINE_CHARS;
        let fits_alone = INDENT.len() + len <= LINE_CHARS;
        if !fresh && (full || (used + len > LINE_CHARS && fits_alone)) {
            if lines.len() == WRAPPED_LINES {
                // no room for the rest: the last line is cut with `…`
                let last = lines.last_mut().expect("one line at least");
                last.push_str(part);
                parts.for_each(|p| last.push_str(p));
                break;
            }
            lines.push(String::from(INDENT));
            used = INDENT.len();
        }
        lines.last_mut().expect("one line at least").push_str(part);
        used += part.chars().count();
    }
    for (i, l) in lines.iter().enumerate() {
        if i > 0 {
            o.push('\n');
        }
        o.push_str(&shorten(l.trim_end(), LINE_CHARS));
    }
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

    #[test]
    fn a_long_message_is_broken_after_its_clauses_and_keeps_its_fix() {
        let columns: Vec<String> = (0..40).map(|k| format!("`column {k}`")).collect();
        let message = format!(
            "error: data.csv: no column for `customer-id`; columns found: {}; name the column in \
             the config: [transactions.columns] customer-id = \"<column name>\"; the first \
             column has no name: set group-heading = \"customer-id\"",
            columns.join(", ")
        );
        assert!(message.chars().count() > LINE_CHARS);
        let t = for_terminal(&message);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2, "{t}");
        assert!(lines.iter().all(|l| l.chars().count() <= LINE_CHARS), "{t}");
        // the list too long for any line is cut where it stands
        assert!(
            lines[0].starts_with(
                "error: data.csv: no column for `customer-id`; columns found: `column 0`"
            ),
            "{t}"
        );
        assert!(lines[0].ends_with('…'), "{t}");
        // the clauses after it, the fix among them, start the next line
        assert!(lines[1].starts_with("  name the column"), "{t}");
        assert!(t.ends_with("set group-heading = \"customer-id\""), "{t}");
        // clauses that fit on a line of their own move to the next line whole
        let clauses: Vec<String> = (0..5)
            .map(|k| format!("clause {k} {}", "w".repeat(150)))
            .collect();
        let t = for_terminal(&clauses.join("; "));
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 3, "{t}");
        assert!(!t.contains('…') && t.contains(&clauses[4]), "{t}");
        // a long line of many clauses stops after WRAPPED_LINES lines
        let flood = "x; ".repeat(1 << 18);
        let t = for_terminal(&flood);
        assert_eq!(t.lines().count(), WRAPPED_LINES);
        assert!(t.lines().all(|l| l.chars().count() <= LINE_CHARS));
        assert!(t.ends_with('…'));
    }
}
