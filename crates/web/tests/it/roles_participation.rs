//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the sites' messages
//! (MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH): who may use each route, written here independently
//! of the route table. The guard is the role; the domain decides by place and command.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// The site's editors and publishers, the units' handlers and leaders (the petition bureau's
/// among them).
const MESSAGES: &[Role] = &[
    Role::SiteEditor,
    Role::Publisher,
    Role::UnitHandler,
    Role::UnitLeader,
];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/participation/messages", Roles(MESSAGES)),
    (
        "GET",
        "/office/participation/messages/{id}",
        Roles(MESSAGES),
    ),
    (
        "POST",
        "/office/participation/messages/{id}/command",
        Roles(MESSAGES),
    ),
    (
        "POST",
        "/office/participation/messages/{id}/writer",
        Roles(MESSAGES),
    ),
    // MSG-PUBLISH: a published message drafted as an FAQ entry of the knowledge base.
    (
        "POST",
        "/office/participation/messages/{id}/faq",
        Roles(MESSAGES),
    ),
    ("GET", "/office/participation/statistics", Roles(MESSAGES)),
];
