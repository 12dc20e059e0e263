//! Access to government data sharing (SEC-ROLES; DATA-*, 000 共享 §3): the platform
//! administrator (数据平台管理员) reviews and publishes the catalogue, decides unconditional
//! requests and sees every unit's grants and calls; a unit's handlers and leader register
//! their unit's entries, apply for data, decide conditional requests on their entries, issue
//! their grants' codes and see their own unit's calls. Everyone else is denied; the pages and
//! the `sharing` use cases check the unit of each entry, request and grant (another unit's is
//! not found).

use crate::roles::{Actor, Role};

/// The roles that work in data sharing at all.
const SHARING: [Role; 3] = [Role::DataAdmin, Role::UnitHandler, Role::UnitLeader];

/// DATA-CATALOG, DATA-CLASS, DATA-RESOURCE, DATA-WITHDRAW: the catalogue — every unit's
/// handlers and leader (their unit's entries; the published catalogue) and the administrator.
pub fn sharing_catalogue(actor: &Actor) -> bool {
    actor.has_any(&SHARING)
}

/// DATA-REQUEST, DATA-CROSS: requests — the applying and the providing unit's handlers and
/// leader, and the administrator.
pub fn sharing_requests(actor: &Actor) -> bool {
    actor.has_any(&SHARING)
}

/// DATA-GRANT, DATA-CALL: grants and their codes — the consumer's and the provider's staff,
/// and the administrator.
pub fn sharing_grants(actor: &Actor) -> bool {
    actor.has_any(&SHARING)
}

/// DATA-MAINT, DATA-CALL: the call log and usage statistics — the administrator every
/// unit's, a unit's staff the calls of their unit as provider or consumer
/// ([`sharing_sees_all_calls`]).
pub fn sharing_statistics(actor: &Actor) -> bool {
    actor.has_any(&SHARING)
}

/// Whether the viewer sees every unit's calls (the administrator) rather than their own.
pub fn sharing_sees_all_calls(actor: &Actor) -> bool {
    actor.has(Role::DataAdmin)
}
