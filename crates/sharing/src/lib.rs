//! Government data sharing (政务数据共享, rules DATA-*; 000 《甘州区政务数据共享平台管理办法》).
//!
//! The pure core (no database, runtime or clock read: "now" is a parameter, limits are the
//! profile's `datashare.*`, counted by `calendar`, the clocks the kernel's `SubjectClock`s):
//! - [`entry`]: the catalogue entry (DATA-CLASS, DATA-CATALOG, DATA-RESOURCE, DATA-WITHDRAW) —
//!   classification, data dictionary, resources of three kinds, review and publication, a
//!   change under the 10/20 WD clock, withdrawal after every resource is offline.
//! - [`request`]: a consumer's request for named fields of a resource (DATA-REQUEST,
//!   DATA-CROSS) — decided by the administrator (unconditional, urgent) or the provider
//!   (conditional), or forwarded upward level by level when the profile says so.
//! - [`demand`]: a demand for data not in the catalogue (DATA-DEMAND).
//! - [`grant`]: the grant a request's approval makes (DATA-GRANT) — fields × period from the
//!   recorded approval time, ending by itself; suspension, revocation, termination.
//! - [`gateway`]: what a call may read under a grant (DATA-CALL), pure, and
//!   [`calllog`]: the SM3-chained call log, stored, and [`usage`]: its statistics, and
//!   [`report`]: the monthly usage report per resource and consumer (DATA-MAINT).
//! - [`quality`]: quality problems and misuse reports (DATA-QUALITY); [`maintenance`]: planned
//!   maintenance announced in advance to every consumer (DATA-MAINT, SEC-NOTICE).
//! - [`account`]: the register of platform accounts the administrator allocates and files,
//!   and the handover of a staff change, which suspends the leaving account; only a holder of
//!   an active account acts on the platform (DATA-ACCOUNTS, deny by default).

pub mod account;
pub mod acting;
pub mod call;
pub mod calllog;
pub mod demand;
pub mod entry;
pub mod error;
pub mod gateway;
pub mod grant;
pub mod import;
pub mod jobs;
pub mod maintenance;
pub mod quality;
pub mod report;
pub mod request;
pub mod store;
pub mod usage;
pub mod usecase;

pub use acting::Acting;
pub use error::{ErrorKind, SharingError};
pub use platform::ids::{UnitId, UserId};

/// The platform-wide key of a resource: its entry's id × 100 + its number in the entry
/// (1–99), the `{resource}` of the gateway's path and the key of hosted rows and grants.
pub fn resource_key(entry: EntryId, resource: ResourceId) -> i64 {
    entry.0 * 100 + resource.0
}

/// The entry and resource number of a platform-wide resource key.
pub fn split_resource_key(key: i64) -> (EntryId, ResourceId) {
    (
        EntryId(key.div_euclid(100)),
        ResourceId(key.rem_euclid(100)),
    )
}

/// The rules a command is judged by: the jurisdiction's profile and calendar.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub profile: &'a platform::profile::RuleProfile,
    pub calendar: &'a calendar::Calendar,
}

macro_rules! id_type {
    ($name:ident, $what:literal) => {
        #[doc = $what]
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    };
}

id_type!(EntryId, "The id of a catalogue entry (数据目录).");
id_type!(
    ResourceId,
    "The id of a resource hung on an entry (数据资源)."
);
id_type!(RequestId, "The id of a request to use data (共享申请).");
id_type!(
    DemandId,
    "The id of a demand for data not in the catalogue (供需对接需求)."
);
id_type!(GrantId, "The id of a grant (授权).");
