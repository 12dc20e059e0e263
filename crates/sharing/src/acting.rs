//! Who runs a command: a staff user of a unit with their roles (SEC-ROLES). The provider's
//! and the consumer's staff act for their unit; the platform administrator (数据平台管理员,
//! `Role::DataAdmin`) acts for the platform wherever their account sits.

use platform::roles::{Actor, Role};

use crate::{UnitId, UserId};

/// The acting staff user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acting {
    pub user: UserId,
    pub unit: UnitId,
    pub roles: Vec<Role>,
}

/// The roles that act for a provider or consumer unit (its handlers and its leader).
const UNIT_ROLES: [Role; 2] = [Role::UnitHandler, Role::UnitLeader];

impl Acting {
    /// A user of `unit` holding `roles`.
    pub fn new(user: UserId, unit: UnitId, roles: &[Role]) -> Acting {
        Acting {
            user,
            unit,
            roles: roles.to_vec(),
        }
    }

    /// Staff of `unit` who may act for it (handler or leader).
    pub fn acts_for(&self, unit: UnitId) -> bool {
        self.unit == unit && UNIT_ROLES.iter().any(|role| self.roles.contains(role))
    }

    /// The platform administrator (平台管理部门, 000 共享 §3).
    pub fn is_administrator(&self) -> bool {
        self.roles.contains(&Role::DataAdmin)
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
