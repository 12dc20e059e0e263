//! Messages of data sharing to staff inboxes (DATA-QUALITY, DATA-MAINT, DATA-GRANT): every
//! handler and leader of a unit, or every platform administrator, told in the caller's
//! transaction through `platform::notify` (the inbox; no SMS).

use platform::Result;
use platform::db::Tx;
use platform::personal::DataKey;
use platform::roles::Role;

use crate::UnitId;

/// Who is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whom {
    /// The handlers and the leader of a unit.
    Unit(UnitId),
    /// The platform administrators.
    Administrators,
}

/// Tells `whom` `(subject, body, link)` at `now`; returns how many staff were told.
pub async fn tell(
    tx: &mut Tx,
    key: &DataKey,
    whom: Whom,
    message: (&str, &str, &str),
    now: i64,
) -> Result<usize> {
    let mut users = Vec::new();
    match whom {
        Whom::Unit(unit) => {
            for role in [Role::UnitHandler, Role::UnitLeader] {
                users.extend(platform::users::with_role(tx, Some(unit.0), role).await?);
            }
        }
        Whom::Administrators => {
            users.extend(platform::users::with_role(tx, None, Role::DataAdmin).await?);
        }
    }
    users.sort_unstable();
    users.dedup();
    for user in &users {
        platform::notify::to_staff(tx, key, *user, message, false, now).await?;
    }
    Ok(users.len())
}
