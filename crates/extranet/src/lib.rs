//! The e-government extranet (电子政务外网, rules NET-*; 000 外网 §5, §9–§16).
//!
//! The pure core has no IO and no clock reads: "now" is a parameter, limits come from
//! [`platform::profile::RuleProfile`] (`extranet.*`) and the calendar.
//!
//! - [`application`]: the access application (NET-ELIGIBLE, NET-ACCESS) — access, change
//!   and closing; review, technical plan, implementation, business tests until one passes,
//!   operation; a clock per step from the profile, owned by the office or the unit.
//! - [`ipam`]: address management (NET-IPAM) — prefixes as integer ranges, pools, the buddy
//!   carving that makes allocations never overlap, next-free of a given length, NetBox CSV.
//! - [`store`] and [`usecase`]: the applications on the workflow kernel (migration 0050) and
//!   the pools, allocations and names (migration 0051), each change audited in its
//!   transaction.
//! - [`ledger`]: the units' ledgers (access points, leader and staff, the no-wireless
//!   declaration) and the security findings with their fix clock and the cut-off (NET-LEDGER,
//!   migration 0074), and the annual operation report.

pub mod acting;
pub mod application;
pub mod error;
pub mod ipam;
pub mod ledger;
pub mod store;
pub mod usecase;

pub use acting::Acting;
pub use error::{ErrorKind, ExtranetError};
pub use platform::ids::{UnitId, UserId};

/// The rules a command is judged by: the jurisdiction's profile and calendar.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub profile: &'a platform::profile::RuleProfile,
    pub calendar: &'a calendar::Calendar,
}
