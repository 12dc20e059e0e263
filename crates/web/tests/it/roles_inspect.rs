//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the site inspection
//! (WEB-INSPECT, 国办秘函〔2019〕19号): who may use each route, written here independently of
//! the route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// The IT office's administrators see every site's inspection.
const SYS_SEC: &[Role] = &[Role::SystemAdmin, Role::SecurityAdmin];
/// WEB-INSPECT: a finding's page and commands.
const INSPECT_FINDING: &[Role] = &[
    Role::SystemAdmin,
    Role::UnitLeader,
    Role::SiteEditor,
    Role::Reviewer,
    Role::Publisher,
];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    // WEB-INSPECT (19号): every site's inspection for the IT office's administrators; a
    // finding for its unit's site staff (the use case checks the unit) and the system
    // administrator.
    ("GET", "/office/inspect/sites", Roles(SYS_SEC)),
    ("GET", "/office/inspect/sites/{id}", Roles(SYS_SEC)),
    // WEB-INSPECT (19号): a manual indicator's points entered with a reason (inspect manual).
    ("POST", "/office/inspect/sites/{id}/manual", Roles(SYS_SEC)),
    ("GET", "/office/inspect/report", Roles(SYS_SEC)),
    ("GET", "/office/inspect/report.xlsx", Roles(SYS_SEC)),
    // WEB-INSPECT: the indicators' deduction points, editable by the same administrators.
    ("GET", "/office/inspect/deductions", Roles(SYS_SEC)),
    ("POST", "/office/inspect/deductions", Roles(SYS_SEC)),
    (
        "GET",
        "/office/inspect/findings/{id}",
        Roles(INSPECT_FINDING),
    ),
    (
        "POST",
        "/office/inspect/findings/{id}/fix",
        Roles(INSPECT_FINDING),
    ),
    (
        "POST",
        "/office/inspect/findings/{id}/dismiss",
        Roles(INSPECT_FINDING),
    ),
];
