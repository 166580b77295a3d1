//! A TOML or serde error in the user's terms: the line, the key and its section, what was expected and what was found, and the nearest valid key.

/// Turn a TOML/serde error into a message in the user's terms: the line,
/// the key and its section, what was expected and what was found (never
/// serde's `invalid type: string "60", expected f64`), and for an unknown
/// key the nearest valid key.
pub(super) fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let start = e.span().map(|s| s.start.min(text.len()));
    let at = start
        .map(|s| format!("line {}: ", text[..s].matches('\n').count() + 1))
        .unwrap_or_default();
    let key = start.and_then(|s| key_at(text, s));
    let section = start.and_then(|s| section_at(text, s));
    let named = match (&key, &section) {
        (Some(k), Some(s)) => format!("key `{k}` in [{s}]"),
        (Some(k), None) => format!("key `{k}`"),
        (None, Some(s)) => format!("[{s}]"),
        (None, None) => "a value".to_string(),
    };
    let msg = e.message().trim_end_matches('.');
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, tail) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
        let place = section.map_or("this section".to_string(), |s| format!("[{s}]"));
        return format!("{at}{}", unknown_key_message(key, &valid, &place));
    }
    let typed = msg
        .strip_prefix("invalid type: ")
        .or_else(|| msg.strip_prefix("invalid value: "))
        .and_then(|r| r.rsplit_once(", expected "));
    if let Some((got, expected)) = typed {
        return format!(
            "{at}{named} expects {}, got {}",
            expected_words(expected),
            got_words(got)
        );
    }
    if let Some(r) = msg.strip_prefix("invalid length ") {
        if let Some((n, expected)) = r.split_once(", expected ") {
            return format!(
                "{at}{named} expects {}, got {n} values",
                expected_words(expected)
            );
        }
    }
    if let Some(r) = msg.strip_prefix("missing field `") {
        let field = r.trim_end_matches('`');
        let place = section.map_or(String::new(), |s| format!(" in [{s}]"));
        return format!("{at}missing key `{field}`{place}");
    }
    if msg.starts_with("data did not match any variant of untagged enum Split") {
        return format!(
            "{at}{named} expects \"median\", \"mean\", a percentile such as \"p75\", or a number"
        );
    }
    if msg.starts_with("data did not match any variant") {
        return format!("{at}{named} has a value of the wrong kind");
    }
    if msg == "duplicate key" {
        return format!("{at}{named} is given twice");
    }
    format!("{at}not valid TOML: {msg}")
}

/// Serde's name of an expected type in the user's words.
fn expected_words(e: &str) -> String {
    match e {
        "f64" | "f32" => "a number".into(),
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number of 0 or more".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a whole number".into(),
        "a string" => "a text in quotes".into(),
        "a boolean" => "true or false".into(),
        "a sequence" => "a list in brackets".into(),
        e if e.starts_with("struct ") || e == "a map" => "a section (a table)".into(),
        e => match e.strip_prefix("an array of length ") {
            Some(n) => format!("a list of {n} numbers in brackets, e.g. [1, 2, 3, 4]"),
            None => e.to_string(),
        },
    }
}

/// Serde's description of a found value in the user's words.
fn got_words(g: &str) -> String {
    if let Some(s) = g.strip_prefix("string ") {
        return format!("the text {s}");
    }
    for prefix in ["integer ", "floating point ", "boolean "] {
        if let Some(v) = g.strip_prefix(prefix) {
            return v.trim_matches('`').to_string();
        }
    }
    match g {
        "map" => "a table".into(),
        "sequence" => "a list".into(),
        g => g.to_string(),
    }
}

/// The key whose value starts at byte `at`: the name before the nearest
/// `=` on the same line (before `at` when there is one).
fn key_at(text: &str, at: usize) -> Option<String> {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[line_start..line_end];
    let before = &line[..at - line_start];
    let eq = before.rfind('=').or_else(|| line.find('='))?;
    let name = line[..eq]
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '{' || c == ',')
        .next()?
        .trim_matches('"');
    (!name.is_empty()).then(|| name.to_string())
}

/// The `[section]` or `[[section]]` a byte of the text belongs to.
fn section_at(text: &str, at: usize) -> Option<String> {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    text[..line_end].lines().rev().find_map(|l| {
        let l = l.trim();
        let inner = l.strip_prefix("[[").and_then(|r| r.split_once("]]"));
        let inner = inner.or_else(|| l.strip_prefix('[').and_then(|r| r.split_once(']')));
        inner.map(|(name, _)| name.trim().to_string())
    })
}

pub(super) fn unknown_key_message(key: &str, valid: &[&str], section: &str) -> String {
    let nearest = valid
        .iter()
        .map(|v| (edit_distance(key, v), *v))
        .min()
        .filter(|(d, _)| *d <= 3.max(key.len() / 3));
    let list = valid
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    match nearest {
        Some((_, v)) => {
            format!("unknown key `{key}` in {section}; did you mean `{v}`? (valid keys: {list})")
        }
        None => format!("unknown key `{key}` in {section}; valid keys: {list}"),
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("hourly-rte", "hourly-rate"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
