//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the site search's back
//! office (WEB-SEARCH): who may use each route, written here independently of the route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// Hot keywords and queries with no result: the sites' editors, reviewers and publishers and
/// the system administrator.
const KEYWORDS: &[Role] = &[
    Role::SiteEditor,
    Role::Reviewer,
    Role::Publisher,
    Role::SystemAdmin,
];
/// The synonym dictionary: the publisher and the system administrator.
const SYNONYMS: &[Role] = &[Role::Publisher, Role::SystemAdmin];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/search/keywords", Roles(KEYWORDS)),
    ("GET", "/office/search/synonyms", Roles(SYNONYMS)),
    ("POST", "/office/search/synonyms", Roles(SYNONYMS)),
    ("POST", "/office/search/synonyms/remove", Roles(SYNONYMS)),
];
