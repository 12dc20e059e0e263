//! The role × route rows of issue 22's back-office page: the integration API's system keys,
//! the system administrator's alone.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

const SYS: &[Role] = &[Role::SystemAdmin];

pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/system-keys", Roles(SYS)),
    ("POST", "/office/system-keys", Roles(SYS)),
    ("POST", "/office/system-keys/revoke", Roles(SYS)),
];
