//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the catalogue in the back
//! office (issue 22; SVC-ITEM-LIFE, SVC-NEG-LIST): who may use each route, written here
//! independently of the route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// Everyone of the catalogue: the departments (their own items), reviewers and publishers.
const VIEW: &[Role] = &[
    Role::UnitHandler,
    Role::UnitLeader,
    Role::Reviewer,
    Role::Publisher,
];
/// Claiming, editing and submitting: the department's handlers and leaders.
const EDIT: &[Role] = &[Role::UnitHandler, Role::UnitLeader];
/// SVC-WINDOW: the case desk (window clerks, the departments' handlers and leaders); the
/// domain then lets only the implementing department sign.
const DESK: &[Role] = &[Role::WindowClerk, Role::UnitHandler, Role::UnitLeader];
/// The steps of the review chain and the legal review.
const REVIEW: &[Role] = &[Role::Reviewer];
/// Publication, suspension, resumption, termination and the negative list.
const PUBLISH: &[Role] = &[Role::Publisher];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/services/catalogue", Roles(VIEW)),
    ("GET", "/office/services/catalogue/export.xlsx", Roles(VIEW)),
    ("GET", "/office/services/catalogue/import", Roles(EDIT)),
    ("POST", "/office/services/catalogue/import", Roles(EDIT)),
    ("POST", "/office/services/cases/{id}/sign", Roles(DESK)),
    ("POST", "/office/services/catalogue/claim", Roles(EDIT)),
    ("GET", "/office/services/catalogue/negative", Roles(VIEW)),
    (
        "POST",
        "/office/services/catalogue/negative",
        Roles(PUBLISH),
    ),
    (
        "POST",
        "/office/services/catalogue/negative/{id}/remove",
        Roles(PUBLISH),
    ),
    ("GET", "/office/services/catalogue/{id}", Roles(VIEW)),
    ("GET", "/office/services/catalogue/{id}/diff", Roles(VIEW)),
    ("GET", "/office/services/catalogue/{id}/edit", Roles(EDIT)),
    ("POST", "/office/services/catalogue/{id}/edit", Roles(EDIT)),
    // Issue 22: a material's sample or blank form, from the editor (multipart).
    ("POST", "/office/services/catalogue/{id}/files", Roles(EDIT)),
    (
        "POST",
        "/office/services/catalogue/{id}/submit",
        Roles(EDIT),
    ),
    (
        "POST",
        "/office/services/catalogue/{id}/review",
        Roles(REVIEW),
    ),
    (
        "POST",
        "/office/services/catalogue/{id}/legal-review",
        Roles(REVIEW),
    ),
    (
        "POST",
        "/office/services/catalogue/{id}/publish",
        Roles(PUBLISH),
    ),
    (
        "POST",
        "/office/services/catalogue/{id}/suspend",
        Roles(PUBLISH),
    ),
    (
        "POST",
        "/office/services/catalogue/{id}/resume",
        Roles(PUBLISH),
    ),
    (
        "POST",
        "/office/services/catalogue/{id}/terminate",
        Roles(PUBLISH),
    ),
];
