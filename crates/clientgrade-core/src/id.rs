//! Customer identifiers that cannot leak into logs by accident.

use std::fmt;

/// A customer's identifier as the source system wrote it.
///
/// `Debug` prints a redacted placeholder, so a customer id inside an error or
/// a `{:?}` never reaches a log; exports read it with [`CustomerId::expose`],
/// which makes every place that writes customer data easy to find.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomerId(Box<str>);

impl CustomerId {
    /// Wrap an identifier.
    pub fn new(id: &str) -> CustomerId {
        CustomerId(id.into())
    }

    /// The identifier itself, for exports and the reports the user asked for.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CustomerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CustomerId(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_id() {
        let id = CustomerId::new("ACME-0042");
        assert_eq!(format!("{id:?}"), "CustomerId(<redacted>)");
        assert_eq!(id.expose(), "ACME-0042");
    }
}
