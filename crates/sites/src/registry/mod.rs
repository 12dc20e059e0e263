//! The site registry (WEB-REGISTRY, WEB-HEADER, WEB-FOOTER): a site's registration and its
//! dated history, its status and the applications that change it, as a machine with a
//! transition table, what its pages show of its registration, and where it is hosted
//! (SEC-HOSTING).

mod available;
mod chrome;
mod command;
mod events;
mod hosting;
mod registration;
mod state;
mod table;
mod transition;

pub use available::available;
pub(crate) use available::permits as permits_change;
pub use chrome::{Footer, Header};
pub use command::{Command, CommandKind};
pub use events::{Event, Recipient, describe};
pub use hosting::{
    Hosting, HostingIssue, HostingKind, Region, ServerAddress, check as check_hosting,
    undeclared as undeclared_addresses,
};
pub use registration::{
    Duty, Registration, RegistrationEntry, RegistrationField, RegistrationHistory, Responsible,
    SiteKind, changed_fields, check_unique,
};
pub use state::{
    Application, ApplicationKind, ClockKind, Decision, OfflineKind, OfflineRecord, Site, SiteClock,
    Status,
};
pub use table::TRANSITIONS;
pub use transition::{Rules, apply, register};
