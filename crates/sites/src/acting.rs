//! Who runs a command: the staff user, their unit and their roles (SEC-ROLES), as the
//! machines judge it. Who may act is decided by role *and* by place — the column's
//! responsible unit and A/B editors, the site's host, operator and supervising units.

use platform::roles::{Actor, Role};

use crate::{UnitId, UserId};

/// The acting staff user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub user: UserId,
    pub unit: UnitId,
    pub roles: Vec<Role>,
}

impl Acting {
    /// A user of `unit` holding `roles`.
    pub fn new(user: UserId, unit: UnitId, roles: &[Role]) -> Acting {
        Acting {
            user,
            unit,
            roles: roles.to_vec(),
        }
    }

    /// The platform's own jobs (a scheduled publication): no user, no unit, no role.
    pub fn system() -> Acting {
        Acting {
            user: UserId(0),
            unit: UnitId(0),
            roles: Vec::new(),
        }
    }

    /// Holds `role`.
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    /// Holds `role` in `unit`.
    pub fn has_in(&self, role: Role, unit: UnitId) -> bool {
        self.unit == unit && self.has(role)
    }
}

impl From<&Actor> for Acting {
    fn from(actor: &Actor) -> Acting {
        Acting {
            user: UserId(actor.user_id),
            unit: UnitId(actor.unit_id),
            roles: actor.roles.clone(),
        }
    }
}
