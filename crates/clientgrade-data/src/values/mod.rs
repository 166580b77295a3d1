//! Reading dates, amounts, numbers and flags from text, with formats detected per column.
//!
//! [`dates`] owns date orders, their detection and the plausible range;
//! [`money`] the decimal mark, its detection and exact amounts; [`flags`]
//! yes/no values. This module holds what spans them: why a value is refused.

mod dates;
mod flags;
mod money;

pub use dates::{
    detect_date_order, plausible, DateDetection, DateOrder, FIRST_PLAUSIBLE_DAY, LAST_PLAUSIBLE_DAY,
};
pub use flags::parse_flag;
pub(crate) use money::{bounded, parse_amount, parse_amount_simple};
pub use money::{
    detect_decimal_mark, parse_money, AmountError, DecimalMark, MarkDetection, MAX_AMOUNT_UNITS,
};

/// Why a value is refused beyond "not of the column's type".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// An amount refused (see [`AmountError`]).
    Amount(AmountError),
    /// A date outside [`plausible`]'s range.
    DateRange,
    /// A flag that is neither yes nor no.
    Flag,
}

impl Refusal {
    /// The reject reason for column `key` of section `[table]` read with `mark`.
    pub(crate) fn reason(self, key: &str, mark: DecimalMark, table: &str) -> String {
        match self {
            Refusal::Amount(e) => e.reason(key, mark, table),
            Refusal::DateRange => format!(
                "bad {}: outside the plausible range 1900-01-01 to 2100-12-31",
                key.replace('-', " ")
            ),
            Refusal::Flag => format!(
                "bad {}: neither yes nor no (yes, no, true, false, 1, 0, x, written off); a \
                 status column belongs in [{table}.columns] status",
                key.replace('-', " ")
            ),
        }
    }
}
