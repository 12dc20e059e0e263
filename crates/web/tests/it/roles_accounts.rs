//! The role × route rows of issue 23's back-office page: the unified identity provider's
//! settings (统一身份认证配置), the system administrator's alone.

use platform::roles::Role;

use crate::roles::Expected::{self, Roles};

const SYS: &[Role] = &[Role::SystemAdmin];

pub const ROWS: &[(&str, &str, Expected)] = &[
    ("GET", "/office/identity-provider", Roles(SYS)),
    ("POST", "/office/identity-provider", Roles(SYS)),
];
