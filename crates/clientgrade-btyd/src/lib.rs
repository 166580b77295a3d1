//! Buy-till-you-die models fitted by maximum likelihood: numerics only, no I/O.
//!
//! [`BgNbd`] for repeat purchasing and dropout, [`GammaGamma`] for spend,
//! fitted with analytic gradients by BFGS over log-parameters, identical
//! customers compressed. [`summarize`] turns dated purchases into the
//! frequency / recency / age summary the models take.
//!
//! ```
//! use clientgrade_btyd::{BgNbd, Customer};
//!
//! let model = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
//! let c = Customer { x: 2.0, t_x: 30.43, t: 38.86 };
//! let e = model.expected_purchases(39.0, &c).unwrap();
//! assert!((e - 1.226).abs() < 0.001);
//! ```

mod bgnbd;
mod fit;
mod gammagamma;
mod optimize;
mod paretonbd;
pub mod special;
mod summary;
mod value;

pub use bgnbd::{BgNbd, MbgNbd};
pub use clientgrade_core::{ModelFit, Scorecard};
pub use fit::Fit;
pub use gammagamma::{GammaGamma, Spend};
pub use optimize::{bfgs, newton, Minimum, Objective};
pub use paretonbd::ParetoNbd;
pub use summary::{summarize, Customer, Summary};
pub use value::{clv, scorecard};
