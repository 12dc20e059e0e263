//! Who runs a command on an application: the applicant (online, with the query code) or a
//! staff user of a unit with their roles (SEC-ROLES). Who may act is decided by role *and*
//! by place — the handling unit of the application.

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

    /// Holds `role` in `unit`.
    pub fn has_in(&self, role: Role, unit: UnitId) -> bool {
        self.unit == unit && self.roles.contains(&role)
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

/// Who issues a command on a disclosure application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issuer {
    /// The applicant, identified by the application's query code (checked by the caller).
    Applicant,
    /// A staff user.
    Staff(Acting),
}
