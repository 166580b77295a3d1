//! An HTML writer that escapes by construction: every value written into it is escaped, markup comes only from the crate's own literals.
//!
//! [`Html`] is the only way the report builds HTML and SVG. Text goes in
//! through [`Html::text`] or as an argument of `html!`, and is
//! always escaped. Markup goes in only three ways: [`Html::raw`] with a
//! `&'static str` (the crate's own literals: the style sheet, tags),
//! the literal template of `html!`, and [`Html::push`] of another [`Html`]
//! (a fragment, such as a chart, that was built the same way). There is no
//! way to turn a runtime `String` into markup, so a customer id, a name or an
//! attribute value can never open a tag.

use std::fmt::{self, Display, Write as _};

/// Markup built only from the crate's literals and escaped values.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    /// An empty document or fragment.
    #[must_use]
    pub fn new() -> Self {
        Self(String::new())
    }

    /// An empty document with room for `n` bytes.
    #[must_use]
    pub fn with_capacity(n: usize) -> Self {
        Self(String::with_capacity(n))
    }

    /// Add text: escaped (`&`, `<`, `>`, `"`, `'`).
    pub fn text(&mut self, s: &str) {
        escape_into(&mut self.0, s);
    }

    /// Add the crate's own static markup, as it is (never data: a
    /// `&'static str` cannot come from the input).
    pub fn raw(&mut self, markup: &'static str) {
        self.0.push_str(markup);
    }

    /// Add a fragment built with another [`Html`] (a chart, a table row).
    pub fn push(&mut self, fragment: &Html) {
        self.0.push_str(&fragment.0);
    }

    /// Used by `html!`: the template's literal parts as they
    /// are, every argument escaped (each is wrapped in [`Esc`] by the macro).
    #[doc(hidden)]
    pub fn template(&mut self, args: fmt::Arguments<'_>) {
        let _ = self.0.write_fmt(args);
    }

    /// The markup so far.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether nothing was written.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The finished markup.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Reading the markup (tests, sizes) as a `str`; there is no way back.
impl std::ops::Deref for Html {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// Write `args` into an [`Html`]: the literal is the crate's markup (it must
/// use positional `{}` placeholders only: a named capture such as `{name}`
/// would skip the escaping and does not compile); every argument is escaped,
/// except an [`Html`] fragment, which is already markup. Precision (`{:.1}`)
/// is honoured. Called as `crate::markup::html!`.
macro_rules! html {
    ($o:expr, $lit:literal $(, $arg:expr)* $(,)?) => {{
        const _: () = assert!(
            $crate::markup::positional_only($lit),
            "html!: use positional placeholders only, not named captures"
        );
        $o.template(format_args!($lit $(, $crate::markup::Esc(&$arg))*))
    }};
}
pub(crate) use html;

/// Whether a format literal has no named or implicit capture (`{name}`,
/// `{name:.1}`): only `{}`, `{:spec}` and explicit indexes `{0}`.
#[must_use]
pub const fn positional_only(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            if i + 1 < b.len() && b[i + 1] == b'{' {
                i += 2;
                continue;
            }
            if i + 1 < b.len() && (b[i + 1].is_ascii_alphabetic() || b[i + 1] == b'_') {
                return false;
            }
        }
        i += 1;
    }
    true
}

/// A value written into [`Html`] by `html!`.
pub trait Interp {
    /// Write the value as markup into `f`.
    ///
    /// # Errors
    /// When `f` fails.
    fn write_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl<T: Display + ?Sized> Interp for T {
    fn write_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match f.precision() {
            Some(p) => format!("{self:.p$}"),
            None => self.to_string(),
        };
        let mut o = String::with_capacity(s.len());
        escape_into(&mut o, &s);
        f.write_str(&o)
    }
}

impl Interp for Html {
    fn write_html(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An argument of `html!`, escaped when displayed.
#[doc(hidden)]
pub struct Esc<'a, T: Interp + ?Sized>(pub &'a T);

impl<T: Interp + ?Sized> Display for Esc<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_html(f)
    }
}

/// Escape text for HTML and SVG into `o`; control characters (C0, C1, bidi
/// overrides; line ends and tabs aside) become visible escapes such as `\u{1b}`.
fn escape_into(o: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\n' | '\t' => o.push(c),
            c if crate::text::is_control(c) => {
                let _ = write!(o, "{}", c.escape_unicode());
            }
            c => o.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_arguments_are_escaped_literals_and_fragments_are_not() {
        let mut o = Html::new();
        o.text("a<b & \"c\" 'd'");
        assert_eq!(o.as_str(), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;");
        let mut o = Html::new();
        o.text("x\u{1b}[2Jy\u{202e}");
        assert_eq!(o.as_str(), "x\\u{1b}[2Jy\\u{202e}");

        let mut frag = Html::new();
        html!(frag, "<b>{}</b>", "<script>");
        assert_eq!(frag.as_str(), "<b>&lt;script&gt;</b>");
        let mut o = Html::new();
        o.raw("<p>");
        html!(o, "{} {:.1} {}", frag, 2.25_f64, String::from("&"));
        o.push(&frag);
        assert_eq!(
            o.into_string(),
            "<p><b>&lt;script&gt;</b> 2.2 &amp;<b>&lt;script&gt;</b>"
        );
    }

    #[test]
    fn named_captures_are_refused() {
        assert!(positional_only("<a x=\"{}\">{:.1}{0}{{name}}</a>"));
        assert!(!positional_only("<a>{name}</a>"));
        assert!(!positional_only("<a>{x:.1}</a>"));
        assert!(!positional_only("{_x}"));
    }
}
