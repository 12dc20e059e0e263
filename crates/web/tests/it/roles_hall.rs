//! SEC-ROLES, the rows of the role × route matrix (`roles.rs`) for the service hall
//! (HALL-QUEUE, HALL-WINDOWS): who may use each route, written here independently of the
//! route table.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

/// The window clerks sit at a window and call its numbers.
const CLERK: &[Role] = &[Role::WindowClerk];
/// The queue figures: the window clerks and the unit leaders (000 中心 §4(六)).
const FIGURES: &[Role] = &[Role::WindowClerk, Role::UnitLeader];

/// The rows.
pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/hall", Roles(CLERK)),
    ("POST", "/office/hall/sit", Roles(CLERK)),
    ("POST", "/office/hall/call", Roles(CLERK)),
    ("POST", "/office/hall/act", Roles(CLERK)),
    ("GET", "/office/hall/stats", Roles(FIGURES)),
    ("GET", "/office/hall/stats.xlsx", Roles(FIGURES)),
];
