//! Administration in the back office, by the separated administrators (SEC-ROLES): the unit
//! tree (system administrator; every staff user reads it), accounts (the system administrator
//! opens them with a recorded training and keeps their trainings and confidentiality
//! agreements, and disables them; the security administrator assigns roles and resets
//! credentials, a second administrator approves resets of administrators' accounts),
//! the rule profile editor, the audit administrator's search (SEC-AUDIT), and the security
//! administrator's incident register and drill records (SEC-INCIDENT, SEC-DRILL), which the
//! other two administrators read. The folder owns its rows of the guard table ([`table`]).

mod account;
mod accounts;
mod audit;
pub(crate) mod drills;
mod incident;
mod incidents;
mod profile;
mod registers;
mod resets;
mod system_keys;
mod units;

use axum::http::Method;
use axum::routing::{get, post};
use platform::access::{self, AccountOp, Op};

use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// A staff account.
pub(crate) struct AccountId(pub i64);
path_id!(AccountId, "账号");

/// A request to reset an administrator's credential (issue 12 finding 4).
pub(crate) struct ResetRequestId(pub i64);
path_id!(ResetRequestId, "重置申请");

/// A registered security incident (SEC-INCIDENT).
pub(crate) struct IncidentId(pub i64);
path_id!(IncidentId, "安全事件");

/// An emergency drill (SEC-DRILL).
pub(crate) struct DrillId(pub i64);
path_id!(DrillId, "应急演练");

/// Units, accounts, the rule profile, the audit log and the security administrator's
/// records: their rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/units",
            S(|a| access::units(a, Op::View)),
            get(units::list),
        ),
        route(
            Method::POST,
            "/office/units",
            S(|a| access::units(a, Op::Edit)),
            post(units::create),
        ),
        // Issue 23: the unified identity provider's settings (identity-provider).
        route(
            Method::GET,
            "/office/identity-provider",
            S(|a| access::profile(a, Op::Edit)),
            get(crate::account::provider::show),
        ),
        route(
            Method::POST,
            "/office/identity-provider",
            S(|a| access::profile(a, Op::Edit)),
            post(crate::account::provider::save),
        ),
        // Issue 22: the integration API's system keys.
        route(
            Method::GET,
            "/office/system-keys",
            S(platform::syskeys::may_manage),
            get(system_keys::list),
        ),
        route(
            Method::POST,
            "/office/system-keys",
            S(platform::syskeys::may_manage),
            post(system_keys::issue),
        ),
        route(
            Method::POST,
            "/office/system-keys/revoke",
            S(platform::syskeys::may_manage),
            post(system_keys::revoke),
        ),
        route(
            Method::GET,
            "/office/accounts",
            S(|a| access::accounts(a, AccountOp::View)),
            get(accounts::list),
        ),
        route(
            Method::POST,
            "/office/accounts",
            S(|a| access::accounts(a, AccountOp::Manage)),
            post(accounts::create),
        ),
        // SEC-ACCOUNTS as amended: the account's trainings and confidentiality agreements.
        route(
            Method::GET,
            "/office/accounts/{id}",
            S(|a| access::accounts(a, AccountOp::View)),
            get(account::view),
        ),
        route(
            Method::POST,
            "/office/accounts/{id}/trainings",
            S(|a| access::accounts(a, AccountOp::Manage)),
            post(account::add_training),
        ),
        route(
            Method::POST,
            "/office/accounts/{id}/agreements",
            S(|a| access::accounts(a, AccountOp::Manage)),
            post(account::add_agreement),
        ),
        route(
            Method::POST,
            "/office/accounts/{id}/disable",
            S(|a| access::accounts(a, AccountOp::Manage)),
            post(accounts::disable),
        ),
        route(
            Method::POST,
            "/office/accounts/{id}/enable",
            S(|a| access::accounts(a, AccountOp::Manage)),
            post(accounts::enable),
        ),
        route(
            Method::POST,
            "/office/accounts/{id}/roles",
            S(|a| access::accounts(a, AccountOp::Authorise)),
            post(accounts::set_roles),
        ),
        route(
            Method::POST,
            "/office/accounts/{id}/reset-password",
            S(|a| access::accounts(a, AccountOp::Authorise)),
            post(accounts::reset_password),
        ),
        route(
            Method::POST,
            "/office/accounts/{id}/reset-totp",
            S(|a| access::accounts(a, AccountOp::Authorise)),
            post(accounts::reset_totp),
        ),
        // Issue 12 finding 4 (SEC-ACCOUNTS): the second administrator's approval of a reset
        // of an administrator's account.
        route(
            Method::GET,
            "/office/accounts/resets",
            S(|a| access::accounts(a, AccountOp::ApproveReset)),
            get(resets::list),
        ),
        route(
            Method::POST,
            "/office/accounts/resets/{id}/approve",
            S(|a| access::accounts(a, AccountOp::ApproveReset)),
            post(resets::approve),
        ),
        route(
            Method::POST,
            "/office/accounts/resets/{id}/refuse",
            S(|a| access::accounts(a, AccountOp::ApproveReset)),
            post(resets::refuse),
        ),
        route(
            Method::GET,
            "/office/profile",
            S(|a| access::profile(a, Op::View)),
            get(profile::view),
        ),
        route(
            Method::POST,
            "/office/profile",
            S(|a| access::profile(a, Op::Edit)),
            post(profile::save),
        ),
        route(
            Method::GET,
            "/office/audit",
            S(|a| access::audit_log(a, Op::View)),
            get(audit::search),
        ),
        // SEC-INCIDENT: the incident register.
        route(
            Method::GET,
            "/office/security/incidents",
            S(|a| access::security_incidents(a, Op::View)),
            get(incidents::list),
        ),
        route(
            Method::POST,
            "/office/security/incidents",
            S(|a| access::security_incidents(a, Op::Edit)),
            post(incidents::record),
        ),
        route(
            Method::GET,
            "/office/security/incidents/{id}",
            S(|a| access::security_incidents(a, Op::View)),
            get(incident::view),
        ),
        route(
            Method::POST,
            "/office/security/incidents/{id}/steps",
            S(|a| access::security_incidents(a, Op::Edit)),
            post(incident::add_step),
        ),
        route(
            Method::POST,
            "/office/security/incidents/{id}/reports",
            S(|a| access::security_incidents(a, Op::Edit)),
            post(incident::report),
        ),
        route(
            Method::POST,
            "/office/security/incidents/{id}/close",
            S(|a| access::security_incidents(a, Op::Edit)),
            post(incident::close),
        ),
        // SEC-DRILL: the emergency drills.
        route(
            Method::GET,
            "/office/security/drills",
            S(|a| access::security_drills(a, Op::View)),
            get(drills::list),
        ),
        route(
            Method::POST,
            "/office/security/drills",
            S(|a| access::security_drills(a, Op::Edit)),
            post(drills::plan),
        ),
        route(
            Method::GET,
            "/office/security/drills/{id}",
            S(|a| access::security_drills(a, Op::View)),
            get(drills::view),
        ),
        route(
            Method::POST,
            "/office/security/drills/{id}/held",
            S(|a| access::security_drills(a, Op::Edit)),
            post(drills::record_held),
        ),
    ]
}
