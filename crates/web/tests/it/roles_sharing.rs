//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for government data sharing
//! (DATA-CATALOG, DATA-REQUEST, DATA-GRANT, DATA-CALL, DATA-MAINT, DATA-ACCOUNTS): who may
//! use each route, written here independently of the route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// The platform administrator and the units' handlers and leaders; the use cases decide by
/// unit (another unit's entry, request or grant is not found).
const SHARING: &[Role] = &[Role::DataAdmin, Role::UnitHandler, Role::UnitLeader];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/sharing/entries", Roles(SHARING)),
    ("GET", "/office/sharing/entries/new", Roles(SHARING)),
    ("POST", "/office/sharing/entries", Roles(SHARING)),
    ("GET", "/office/sharing/entries/{id}", Roles(SHARING)),
    ("GET", "/office/sharing/entries/{id}/edit", Roles(SHARING)),
    ("POST", "/office/sharing/entries/{id}/edit", Roles(SHARING)),
    (
        "POST",
        "/office/sharing/entries/{id}/command",
        Roles(SHARING),
    ),
    ("GET", "/office/sharing/requests", Roles(SHARING)),
    ("GET", "/office/sharing/requests/new", Roles(SHARING)),
    ("POST", "/office/sharing/requests", Roles(SHARING)),
    ("GET", "/office/sharing/requests/{id}", Roles(SHARING)),
    (
        "POST",
        "/office/sharing/requests/{id}/command",
        Roles(SHARING),
    ),
    ("GET", "/office/sharing/grants", Roles(SHARING)),
    ("POST", "/office/sharing/grants/{id}/code", Roles(SHARING)),
    (
        "POST",
        "/office/sharing/grants/{id}/command",
        Roles(SHARING),
    ),
    ("GET", "/office/sharing/quality", Roles(SHARING)),
    ("POST", "/office/sharing/quality", Roles(SHARING)),
    (
        "POST",
        "/office/sharing/quality/{id}/command",
        Roles(SHARING),
    ),
    ("GET", "/office/sharing/maintenance", Roles(SHARING)),
    ("POST", "/office/sharing/maintenance", Roles(SHARING)),
    (
        "POST",
        "/office/sharing/maintenance/{id}/cancel",
        Roles(SHARING),
    ),
    // DATA-ACCOUNTS: the register and the handovers (the administrator allocates and files;
    // the use cases decide by unit and by party).
    ("GET", "/office/sharing/accounts", Roles(SHARING)),
    ("POST", "/office/sharing/accounts", Roles(SHARING)),
    ("GET", "/office/sharing/accounts/export", Roles(SHARING)),
    ("POST", "/office/sharing/handovers", Roles(SHARING)),
    (
        "POST",
        "/office/sharing/handovers/{id}/command",
        Roles(SHARING),
    ),
    ("GET", "/office/sharing/calls", Roles(SHARING)),
    ("GET", "/office/sharing/calls/export", Roles(SHARING)),
    ("GET", "/office/sharing/reports", Roles(SHARING)),
    ("GET", "/office/sharing/reports/export", Roles(SHARING)),
];
