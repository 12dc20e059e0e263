//! Who runs a command on a message: the writer (with the number and query code) or a staff
//! user with their roles and unit (SEC-ROLES), and whether their unit is the petition bureau,
//! which routes messages and reviews the leader mailbox's replies (MSG-ROUTE, MSG-REVIEW).

use platform::roles::{Actor, Role};

use crate::{UnitId, UserId};

/// The acting staff user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub user: UserId,
    pub unit: UnitId,
    pub roles: Vec<Role>,
    /// The user's unit is the petition bureau (信访局).
    pub petition_bureau: bool,
}

impl Acting {
    /// A user of `unit` holding `roles`, not of the petition bureau.
    pub fn new(user: UserId, unit: UnitId, roles: &[Role]) -> Acting {
        Acting {
            user,
            unit,
            roles: roles.to_vec(),
            petition_bureau: false,
        }
    }

    /// A staff user of the petition bureau `unit`.
    pub fn petition_bureau(user: UserId, unit: UnitId, roles: &[Role]) -> Acting {
        Acting {
            petition_bureau: true,
            ..Acting::new(user, unit, roles)
        }
    }

    /// Holds `role` in `unit`.
    pub fn has_in(&self, role: Role, unit: UnitId) -> bool {
        self.unit == unit && self.roles.contains(&role)
    }

    /// Staff of the petition bureau handling messages (a handler or its leader).
    pub fn is_petition_staff(&self) -> bool {
        self.petition_bureau
            && (self.roles.contains(&Role::UnitHandler) || self.roles.contains(&Role::UnitLeader))
    }

    /// A staff user from a session; `petition_bureau` from the unit's kind.
    pub fn of(actor: &Actor, petition_bureau: bool) -> Acting {
        Acting {
            user: UserId(actor.user_id),
            unit: UnitId(actor.unit_id),
            roles: actor.roles.clone(),
            petition_bureau,
        }
    }
}

/// Who issues a command on a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issuer {
    /// The writer, identified by the number and query code (checked by the caller).
    Writer,
    /// A staff user.
    Staff(Acting),
}
