//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the service hall
//! (HALL-QUEUE, HALL-WINDOWS, HALL-BOX): who may use each route, written here independently of the
//! route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// The window clerks sit at a window and call its numbers.
const CLERK: &[Role] = &[Role::WindowClerk];
/// The queue figures: the window clerks and the unit leaders (000 中心 §4(六)).
const FIGURES: &[Role] = &[Role::WindowClerk, Role::UnitLeader];

/// HALL-BOX: the units' leaders and handlers (the centre's register and handle; a
/// department concludes what it was given).
const BOX: &[Role] = &[Role::UnitLeader, Role::UnitHandler];

/// HALL-HARDCASE: the window clerks register; the units' leaders and handlers (the centre's
/// and the department's) handle.
const HARDCASE: &[Role] = &[Role::WindowClerk, Role::UnitLeader, Role::UnitHandler];

/// HALL-STAFF: the units' leaders and handlers (the centre keeps the register, attendance and
/// assessments and decides; a department sees and files for its own people).
const STAFF: &[Role] = &[Role::UnitLeader, Role::UnitHandler];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/hall", Roles(CLERK)),
    ("POST", "/office/hall/sit", Roles(CLERK)),
    ("POST", "/office/hall/call", Roles(CLERK)),
    ("POST", "/office/hall/act", Roles(CLERK)),
    ("GET", "/office/hall/stats", Roles(FIGURES)),
    ("GET", "/office/hall/stats.xlsx", Roles(FIGURES)),
    ("GET", "/office/hall/complaints", Roles(BOX)),
    ("POST", "/office/hall/complaints", Roles(BOX)),
    ("POST", "/office/hall/complaints/openings", Roles(BOX)),
    ("GET", "/office/hall/complaints/{id}", Roles(BOX)),
    ("POST", "/office/hall/complaints/{id}/act", Roles(BOX)),
    ("POST", "/office/hall/complaints/{id}/reveal", Roles(BOX)),
    // HALL-STAFF.
    ("GET", "/office/hall/staff", Roles(STAFF)),
    ("POST", "/office/hall/staff", Roles(STAFF)),
    ("POST", "/office/hall/staff/{id}/approve", Roles(STAFF)),
    ("GET", "/office/hall/staff/attendance", Roles(STAFF)),
    ("POST", "/office/hall/staff/attendance", Roles(STAFF)),
    ("GET", "/office/hall/staff/requests", Roles(STAFF)),
    ("POST", "/office/hall/staff/requests", Roles(STAFF)),
    (
        "POST",
        "/office/hall/staff/requests/{id}/decide",
        Roles(STAFF),
    ),
    ("GET", "/office/hall/staff/assessments", Roles(STAFF)),
    ("POST", "/office/hall/staff/assessments", Roles(STAFF)),
    ("GET", "/office/hall/staff/assessments.xlsx", Roles(STAFF)),
    ("POST", "/office/hall/staff/notices", Roles(STAFF)),
    ("GET", "/office/hall/staff/notices/{id}", Roles(STAFF)),
    ("GET", "/office/hall/hardcases", Roles(HARDCASE)),
    ("POST", "/office/hall/hardcases", Roles(HARDCASE)),
    ("GET", "/office/hall/hardcases/{id}", Roles(HARDCASE)),
    ("POST", "/office/hall/hardcases/{id}/act", Roles(HARDCASE)),
    (
        "POST",
        "/office/hall/hardcases/{id}/reveal",
        Roles(HARDCASE),
    ),
    // HALL-LEVELS: the units' leaders and handlers (the district centre's manage, a
    // centre's own unit keeps its list and reports).
    ("GET", "/office/hall/centres", Roles(BOX)),
    ("POST", "/office/hall/centres", Roles(BOX)),
    ("GET", "/office/hall/centres/{id}", Roles(BOX)),
    ("POST", "/office/hall/centres/{id}/items", Roles(BOX)),
    ("POST", "/office/hall/centres/{id}/reports", Roles(BOX)),
    ("POST", "/office/hall/centres/{id}/edit", Roles(BOX)),
    ("POST", "/office/hall/centres/{id}/deactivate", Roles(BOX)),
];
