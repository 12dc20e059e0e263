//! Citizens' and enterprises' accounts (issue 23, 一网通办): the unified identity login as an
//! OpenID Connect relying party (`oidc`) with its settings page's rules (`provider`), local
//! accounts with a phone verified by SMS and real-name details sealed (`account`),
//! enterprises with their legal representative and agents (`enterprise`), the sessions
//! (`session`), 我的空间 with the business filed or claimed (`space`), its materials on file
//! and e-licences (`library`), the subscriptions to site columns (`subscriptions`) and the
//! platform's messages (`inbox`), and the person's rights over their data with the count of
//! registered accounts (`rights`). The pure rules are in `model`. HTTP and HTML are the web
//! crate's.

pub mod account;
pub mod enterprise;
pub mod inbox;
pub mod library;
pub mod model;
pub mod oidc;
pub mod provider;
pub mod rights;
pub mod session;
pub mod space;
pub mod subscriptions;
#[cfg(feature = "testing")]
pub mod testing;

pub use account::Account;
pub use model::{ItemKind, Kind, Origin};
