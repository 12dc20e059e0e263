//! Government websites (站群, rules WEB-*, PUB-ABOLISH, SEC-TAMPER): the pure domain core.
//!
//! Plain Rust with no IO and no clock reads (architecture invariant 3): "now" is always a
//! parameter, limits come from [`platform::profile::RuleProfile`] (`website.*`) and the
//! calendar. Storage, use cases, pages and jobs come later (issue 15); they run these
//! machines on the workflow kernel (`platform::workflow::Machine`), whose event vocabulary
//! the events here already implement ([`platform::workflow::Recorded`]).
//!
//! - [`registry`]: a site's registration (WEB-REGISTRY) with its dated history, the
//!   applications that open, take offline and close it, the header (WEB-HEADER) and footer
//!   (WEB-FOOTER) its registration gives.
//! - [`column`]: the column tree of a site, each column's type, responsible unit and A/B
//!   editors (WEB-COLUMNS), and its freshness: next due update, light, stale, blank and
//!   untouched special topics (WEB-FRESH).
//! - [`article`]: the 三审三校 workflow of an article (WEB-REVIEW), its page elements and the
//!   policy document's (WEB-ARTICLE), validity marks (PUB-ABOLISH) and the digest of the
//!   approved content (SEC-TAMPER).
//!
//! Each machine is `(state, command, acting, now, …) -> Result<(state, events), SiteError>`
//! with a transition table (`TRANSITIONS`) and `available`, the commands an actor may run
//! now, derived from the same table and the same permission check `apply` uses.

pub mod acting;
pub mod article;
pub mod column;
pub mod error;
pub mod registry;
mod serde_date;

pub use acting::Acting;
pub use error::{ErrorKind, SiteError};
pub use platform::ids::{UnitId, UserId};

/// The id of a site (网站).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct SiteId(pub i64);

/// The id of a column (栏目).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ColumnId(pub i64);

/// The id of an article (稿件).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct ArticleId(pub i64);

macro_rules! id_display {
    ($($id:ty),*) => {
        $(
            impl std::fmt::Display for $id {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    write!(f, "{}", self.0)
                }
            }

            impl From<$id> for i64 {
                fn from(id: $id) -> i64 {
                    id.0
                }
            }
        )*
    };
}

id_display!(SiteId, ColumnId, ArticleId);

/// A required text: trimmed, not empty; the message names the field.
pub(crate) fn required(problems: &mut Vec<String>, label: &str, text: &str) {
    if text.trim().is_empty() {
        problems.push(format!("请填写{label}"));
    }
}

/// Every problem at once, or none.
pub(crate) fn problems_to_result(problems: Vec<String>) -> Result<(), SiteError> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(SiteError::Invalid(problems.join("；")))
    }
}
