//! Who runs a command on an access application: a staff user of a unit with their roles
//! (SEC-ROLES). The extranet office is the unit whose `ExtranetAdmin` reviews (000 外网 §5(二));
//! the applying unit acts through its leader or handlers.

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

    /// Works for the extranet office `office` (its 外网管理员).
    pub fn is_office(&self, office: UnitId) -> bool {
        self.has_in(Role::ExtranetAdmin, office)
    }

    /// Answers for `unit` (its leader or a handler).
    pub fn is_unit_staff(&self, unit: UnitId) -> bool {
        self.has_in(Role::UnitLeader, unit) || self.has_in(Role::UnitHandler, unit)
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
