//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for consultations and online
//! interviews (MSG-CONSULT, PUB-PRECONSULT, MSG-INTERVIEW): who may use each route, written
//! here independently of the route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// A unit's site editors and openness officers run its consultations and interviews (the
/// pages check the unit).
const RUN: &[Role] = &[Role::SiteEditor, Role::OpennessOfficer];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/consultations", Roles(RUN)),
    ("POST", "/office/consultations", Roles(RUN)),
    ("GET", "/office/consultations/{id}", Roles(RUN)),
    ("POST", "/office/consultations/{id}/publish", Roles(RUN)),
    ("POST", "/office/consultations/{id}/report", Roles(RUN)),
    ("GET", "/office/interviews", Roles(RUN)),
    ("POST", "/office/interviews", Roles(RUN)),
    ("GET", "/office/interviews/{id}", Roles(RUN)),
    ("POST", "/office/interviews/{id}/start", Roles(RUN)),
    ("POST", "/office/interviews/{id}/end", Roles(RUN)),
    ("POST", "/office/interviews/{id}/answer", Roles(RUN)),
    ("POST", "/office/interviews/{id}/set-aside", Roles(RUN)),
];
