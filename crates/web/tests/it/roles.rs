//! SEC-ROLES: every role against every back-office route. The expected access is written
//! here, independently of the route table, and the table must list exactly these routes.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use platform::roles::Role;

use crate::common::{TestApp, app};

/// Who may use a route, as the regulations and the separation of duties say.
pub(crate) enum Expected {
    Public,
    AnySession,
    Roles(&'static [Role]),
}

pub(crate) use Expected::{AnySession, Public, Roles};

const ALL: &[Role] = &Role::ALL;
const SYS: &[Role] = &[Role::SystemAdmin];
const SEC: &[Role] = &[Role::SecurityAdmin];
const SYS_SEC: &[Role] = &[Role::SystemAdmin, Role::SecurityAdmin];
const AUDIT: &[Role] = &[Role::AuditAdmin];
/// Issue 12 finding 4 (SEC-ACCOUNTS): any of the three administrators decides on a reset of
/// an administrator's account (the use case refuses the requester and the holder).
const TRIAD: &[Role] = &[Role::SystemAdmin, Role::SecurityAdmin, Role::AuditAdmin];
/// SEC-INCIDENT, SEC-DRILL: the security administrator keeps the incident register and the
/// drill records; the audit and system administrators read them.
const SECURITY_READ: &[Role] = TRIAD;
const DESK: &[Role] = &[Role::UnitLeader, Role::UnitHandler, Role::HotlineSupervisor];
const SUPERVISOR: &[Role] = &[Role::HotlineSupervisor];
const STATS: &[Role] = &[Role::HotlineSupervisor, Role::UnitLeader];
const HOTLINE: &[Role] = &[Role::HotlineOperator, Role::HotlineSupervisor];
const UNIT: &[Role] = &[Role::UnitHandler, Role::UnitLeader];

/// HL-REMIND: the bureau's decision on a report after an urge (the page also checks the
/// leader's unit).
const URGE_REPORT: &[Role] = &[Role::HotlineSupervisor, Role::UnitLeader];
const LEADER: &[Role] = &[Role::UnitLeader];
const ORDER: &[Role] = &[
    Role::HotlineOperator,
    Role::HotlineSupervisor,
    Role::UnitHandler,
    Role::UnitLeader,
];

/// KB-LIFE: the units that write knowledge.
const KB_WRITERS: &[Role] = &[Role::UnitHandler, Role::UnitLeader];

/// 办件受理 (SVC-ACCEPT, SVC-WINDOW): window clerks and the departments' staff.
const SVC_DESK: &[Role] = &[Role::WindowClerk, Role::UnitHandler, Role::UnitLeader];
/// A case's page: the desk roles and e-supervision.
const SVC_CASE: &[Role] = &[
    Role::WindowClerk,
    Role::UnitHandler,
    Role::UnitLeader,
    Role::HotlineSupervisor,
];
/// Walk-in registration and the applicant's identity in clear: the window clerk.
const CLERK: &[Role] = &[Role::WindowClerk];
/// 电子监察 (OPS-ESUPERVISE): the supervisors, and unit leaders for their own unit.
const ESUPERVISE: &[Role] = &[Role::HotlineSupervisor, Role::UnitLeader];
/// 年度考核 (OPS-ASSESS): the supervisors who assess and the unit leaders to whom the results
/// are published; the weights are the system administrator's.
const ASSESS: &[Role] = &[Role::HotlineSupervisor, Role::UnitLeader];
/// HL-CONTACTS: a unit's leader (own unit only, checked by the page) and the system
/// administrator keep a unit's 12345 contacts.
const CONTACTS: &[Role] = &[Role::UnitLeader, Role::SystemAdmin];
/// Issue 15, the site group's back office: its four roles read the sites, columns and
/// articles of their units (the pages check the unit; WEB-COLUMNS, WEB-REVIEW).
const SITE_VIEW: &[Role] = &[
    Role::UnitLeader,
    Role::SiteEditor,
    Role::Reviewer,
    Role::Publisher,
];
/// WEB-COLUMNS: a site's administrators (its host and operator units' leaders, the operator
/// unit's publishers) keep its columns; SEC-TAMPER: they hear of its alarms.
const SITE_ADMIN: &[Role] = &[Role::UnitLeader, Role::Publisher];
/// WEB-REVIEW: the column's editors write (一审), the unit's reviewers review (二审), the
/// operator unit's publishers sign out (三审); each step sends back.
const SITE_EDITOR: &[Role] = &[Role::SiteEditor];
const SITE_REVIEWER: &[Role] = &[Role::Reviewer];
const SITE_PUBLISHER: &[Role] = &[Role::Publisher];
const SITE_SEND_BACK: &[Role] = &[Role::Reviewer, Role::UnitLeader, Role::Publisher];
/// PUB-ABOLISH, PUB-INTERPRET: the reviewers and publishers mark and link policy documents.
const SITE_MARK: &[Role] = &[Role::Reviewer, Role::Publisher];
/// WEB-INSPECT: a false positive is marked by the article's editors and reviewers.
const SITE_IGNORE: &[Role] = &[Role::SiteEditor, Role::Reviewer];

/// Every route's row: [`MATRIX`], the site group's submissions and annual reports
/// (`roles_sites.rs`) and the disclosure applications (`roles_openness.rs`).
fn matrix() -> impl Iterator<Item = &'static (&'static str, &'static str, Expected)> {
    MATRIX
        .iter()
        .chain(crate::roles_sites::ROWS)
        .chain(crate::roles_openness::ROWS)
        .chain(crate::roles_api::ROWS)
        .chain(crate::roles_accounts::ROWS) // identity-provider
        .chain(crate::roles_consultation::ROWS)
        .chain(crate::roles_hall::ROWS)
        .chain(crate::roles_catalogue::ROWS)
        .chain(crate::roles_extranet::ROWS)
        .chain(crate::roles_sharing::ROWS)
        .chain(crate::roles_inspect::ROWS)
        .chain(crate::roles_search::ROWS)
        .chain(crate::roles_participation::ROWS)
}

const MATRIX: &[(&str, &str, Expected)] = &[
    ("GET", "/office/login", Public),
    ("POST", "/office/login", Public),
    ("GET", "/office/login/totp", AnySession),
    ("POST", "/office/login/totp", AnySession),
    ("GET", "/office/login/enrol", AnySession),
    ("POST", "/office/login/enrol", AnySession),
    ("POST", "/office/logout", AnySession),
    ("GET", "/office/account/password", AnySession),
    ("POST", "/office/account/password", AnySession),
    ("GET", "/office", Roles(ALL)),
    ("GET", "/office/inbox", Roles(ALL)),
    ("POST", "/office/inbox/{id}/read", Roles(ALL)),
    ("GET", "/office/units", Roles(ALL)),
    ("POST", "/office/units", Roles(SYS)),
    ("GET", "/office/units/contacts", Roles(CONTACTS)),
    ("POST", "/office/units/contacts", Roles(CONTACTS)),
    ("GET", "/office/accounts", Roles(SYS_SEC)),
    ("POST", "/office/accounts", Roles(SYS)),
    // SEC-ACCOUNTS as amended: the account's page, its trainings and 保密协议.
    ("GET", "/office/accounts/{id}", Roles(SYS_SEC)),
    ("POST", "/office/accounts/{id}/trainings", Roles(SYS)),
    ("POST", "/office/accounts/{id}/agreements", Roles(SYS)),
    ("POST", "/office/accounts/{id}/disable", Roles(SYS)),
    ("POST", "/office/accounts/{id}/enable", Roles(SYS)),
    ("POST", "/office/accounts/{id}/roles", Roles(SEC)),
    ("POST", "/office/accounts/{id}/reset-password", Roles(SEC)),
    ("POST", "/office/accounts/{id}/reset-totp", Roles(SEC)),
    ("GET", "/office/accounts/resets", Roles(TRIAD)),
    ("POST", "/office/accounts/resets/{id}/approve", Roles(TRIAD)),
    ("POST", "/office/accounts/resets/{id}/refuse", Roles(TRIAD)),
    ("GET", "/office/profile", Roles(SYS_SEC)),
    ("POST", "/office/profile", Roles(SYS)),
    ("GET", "/office/audit", Roles(AUDIT)),
    ("GET", "/office/security/incidents", Roles(SECURITY_READ)),
    ("POST", "/office/security/incidents", Roles(SEC)),
    (
        "GET",
        "/office/security/incidents/{id}",
        Roles(SECURITY_READ),
    ),
    ("POST", "/office/security/incidents/{id}/steps", Roles(SEC)),
    (
        "POST",
        "/office/security/incidents/{id}/reports",
        Roles(SEC),
    ),
    ("POST", "/office/security/incidents/{id}/close", Roles(SEC)),
    ("GET", "/office/security/drills", Roles(SECURITY_READ)),
    ("POST", "/office/security/drills", Roles(SEC)),
    ("GET", "/office/security/drills/{id}", Roles(SECURITY_READ)),
    ("POST", "/office/security/drills/{id}/held", Roles(SEC)),
    ("GET", "/office/calendar", Roles(ALL)),
    ("GET", "/office/calendar/due", Roles(ALL)),
    ("GET", "/office/calendar/import", Roles(SYS)),
    ("POST", "/office/calendar/import/preview", Roles(SYS)),
    ("POST", "/office/calendar/import", Roles(SYS)),
    ("POST", "/office/calendar/day", Roles(SYS)),
    ("GET", "/office/rectifications", Roles(DESK)),
    ("GET", "/office/rectifications/{id}", Roles(DESK)),
    ("POST", "/office/rectifications/{id}/submit", Roles(DESK)),
    (
        "POST",
        "/office/rectifications/{id}/review",
        Roles(SUPERVISOR),
    ),
    ("GET", "/office/evaluations/statistics", Roles(STATS)),
    ("GET", "/office/evaluations/statistics.xlsx", Roles(STATS)),
    ("GET", "/office/hotline", Roles(HOTLINE)),
    ("POST", "/office/hotline/appeals", Roles(HOTLINE)),
    ("GET", "/office/hotline/queue", Roles(UNIT)),
    // Issue 14 item 7: the order search (the hotline over every order, a unit its own).
    ("GET", "/office/hotline/orders", Roles(ORDER)),
    // Issue 14 item 9: the dispatch catalogue, kept by the hotline's supervisors.
    ("GET", "/office/hotline/catalogue", Roles(SUPERVISOR)),
    ("POST", "/office/hotline/catalogue", Roles(SUPERVISOR)),
    ("GET", "/office/hotline/orders/{id}", Roles(ORDER)),
    (
        "POST",
        "/office/hotline/orders/{id}/dispatch",
        Roles(HOTLINE),
    ),
    ("POST", "/office/hotline/orders/{id}/refuse", Roles(HOTLINE)),
    ("POST", "/office/hotline/orders/{id}/sign", Roles(UNIT)),
    ("POST", "/office/hotline/orders/{id}/return", Roles(UNIT)),
    ("POST", "/office/hotline/orders/{id}/result", Roles(UNIT)),
    ("POST", "/office/hotline/orders/{id}/approve", Roles(LEADER)),
    ("POST", "/office/hotline/orders/{id}/reply", Roles(HOTLINE)),
    (
        "POST",
        "/office/hotline/orders/{id}/callback",
        Roles(HOTLINE),
    ),
    ("POST", "/office/hotline/orders/{id}/reveal", Roles(ORDER)),
    (
        "POST",
        "/office/hotline/orders/{id}/answer-kb",
        Roles(HOTLINE),
    ),
    ("POST", "/office/hotline/orders/{id}/extend", Roles(UNIT)),
    (
        "POST",
        "/office/hotline/orders/{id}/extension-decision",
        Roles(HOTLINE),
    ),
    ("POST", "/office/hotline/orders/{id}/hang", Roles(UNIT)),
    (
        "POST",
        "/office/hotline/orders/{id}/hang-decision",
        Roles(HOTLINE),
    ),
    (
        "POST",
        "/office/hotline/orders/{id}/urge-report",
        Roles(UNIT),
    ),
    (
        "POST",
        "/office/hotline/orders/{id}/duty-supervision",
        Roles(SUPERVISOR),
    ),
    (
        "POST",
        "/office/hotline/orders/{id}/urge-report-decision",
        Roles(URGE_REPORT),
    ),
    ("POST", "/office/hotline/orders/{id}/unhang", Roles(UNIT)),
    ("POST", "/office/hotline/orders/{id}/review", Roles(HOTLINE)),
    (
        "POST",
        "/office/hotline/orders/{id}/withdraw",
        Roles(HOTLINE),
    ),
    (
        "POST",
        "/office/hotline/orders/{id}/contribute",
        Roles(UNIT),
    ),
    ("POST", "/office/hotline/orders/{id}/merge", Roles(HOTLINE)),
    (
        "POST",
        "/office/hotline/orders/{id}/review-form",
        Roles(UNIT),
    ),
    (
        "POST",
        "/office/hotline/orders/{id}/conclude-form",
        Roles(HOTLINE),
    ),
    (
        "GET",
        "/office/hotline/orders/{id}/files/{file}",
        Roles(ORDER),
    ),
    // Issue 14 item 11: the hotline clears an appellant's file for the handling unit.
    (
        "POST",
        "/office/hotline/orders/{id}/files/{file}/clear",
        Roles(HOTLINE),
    ),
    (
        "POST",
        "/office/hotline/orders/{id}/archive",
        Roles(HOTLINE),
    ),
    // HL-CREDIT: the hotline records; only the supervisors read the list; never a unit.
    ("POST", "/office/hotline/orders/{id}/credit", Roles(HOTLINE)),
    (
        "POST",
        "/office/hotline/orders/{id}/refuse-credit",
        Roles(HOTLINE),
    ),
    ("GET", "/office/hotline/credit", Roles(SUPERVISOR)),
    ("GET", "/office/hotline/contacts", Roles(HOTLINE)),
    ("GET", "/office/kb", Roles(ALL)),
    ("GET", "/office/kb/suggest", Roles(ALL)),
    ("GET", "/office/kb/new", Roles(KB_WRITERS)),
    ("POST", "/office/kb", Roles(KB_WRITERS)),
    ("GET", "/office/kb/{id}", Roles(ALL)),
    ("POST", "/office/kb/{id}/edit", Roles(KB_WRITERS)),
    ("POST", "/office/kb/{id}/submit", Roles(KB_WRITERS)),
    ("POST", "/office/kb/{id}/revise", Roles(KB_WRITERS)),
    ("POST", "/office/kb/{id}/publish", Roles(SUPERVISOR)),
    ("POST", "/office/kb/{id}/send-back", Roles(SUPERVISOR)),
    ("POST", "/office/kb/{id}/withdraw", Roles(SUPERVISOR)),
    ("GET", "/office/hotline/reports", Roles(HOTLINE)),
    ("GET", "/office/hotline/reports.xlsx", Roles(HOTLINE)),
    ("GET", "/office/hotline/notice", Roles(HOTLINE)),
    ("GET", "/office/hotline/supervision", Roles(SUPERVISOR)),
    (
        "POST",
        "/office/hotline/supervision/{id}/escalate",
        Roles(SUPERVISOR),
    ),
    ("POST", "/office/hotline/accountability", Roles(SUPERVISOR)),
    ("GET", "/office/services", Roles(SVC_DESK)),
    ("GET", "/office/services/walk-in", Roles(CLERK)),
    ("POST", "/office/services/walk-in", Roles(CLERK)),
    ("GET", "/office/services/cases/{id}", Roles(SVC_CASE)),
    ("GET", "/office/services/cases/{id}/notice", Roles(SVC_CASE)),
    (
        "GET",
        "/office/services/cases/{id}/acceptance",
        Roles(SVC_CASE),
    ),
    (
        "GET",
        "/office/services/cases/{id}/files/{file}",
        Roles(SVC_CASE),
    ),
    ("POST", "/office/services/cases/{id}/reveal", Roles(CLERK)),
    (
        "POST",
        "/office/services/cases/{id}/prereview",
        Roles(SVC_DESK),
    ),
    (
        "POST",
        "/office/services/cases/{id}/accept",
        Roles(SVC_DESK),
    ),
    (
        "POST",
        "/office/services/cases/{id}/reject",
        Roles(SVC_DESK),
    ),
    (
        "POST",
        "/office/services/cases/{id}/supplement",
        Roles(SVC_DESK),
    ),
    ("POST", "/office/services/cases/{id}/stage", Roles(SVC_DESK)),
    (
        "POST",
        "/office/services/cases/{id}/special/start",
        Roles(SVC_DESK),
    ),
    (
        "POST",
        "/office/services/cases/{id}/special/end",
        Roles(SVC_DESK),
    ),
    ("POST", "/office/services/cases/{id}/joint", Roles(SVC_DESK)),
    ("POST", "/office/services/cases/{id}/decide", Roles(UNIT)),
    (
        "POST",
        "/office/services/cases/{id}/deliver",
        Roles(SVC_DESK),
    ),
    ("GET", "/office/assessment", Roles(ASSESS)),
    ("GET", "/office/assessment.xlsx", Roles(ASSESS)),
    ("GET", "/office/assessment/print", Roles(ASSESS)),
    ("GET", "/office/assessment/weights", Roles(SYS)),
    ("POST", "/office/assessment/weights", Roles(SYS)),
    ("GET", "/office/supervision", Roles(ESUPERVISE)),
    ("GET", "/office/supervision.xlsx", Roles(ESUPERVISE)),
    ("GET", "/office/supervision/units/{id}", Roles(ESUPERVISE)),
    // Issue 15: the site group (WEB-REGISTRY: unit leaders register, apply and decide).
    ("GET", "/office/sites", Roles(SITE_VIEW)),
    ("GET", "/office/sites/new", Roles(LEADER)),
    ("POST", "/office/sites", Roles(LEADER)),
    ("GET", "/office/sites/{id}", Roles(SITE_VIEW)),
    ("GET", "/office/sites/{id}/registration", Roles(LEADER)),
    ("POST", "/office/sites/{id}/registration", Roles(LEADER)),
    // SEC-HOSTING: the declaration is seen with the site, made by a leader.
    ("GET", "/office/sites/{id}/hosting", Roles(SITE_VIEW)),
    ("POST", "/office/sites/{id}/hosting", Roles(LEADER)),
    ("POST", "/office/sites/{id}/apply-open", Roles(LEADER)),
    ("POST", "/office/sites/{id}/apply-offline", Roles(LEADER)),
    ("POST", "/office/sites/{id}/apply-close", Roles(LEADER)),
    ("POST", "/office/sites/{id}/approve", Roles(LEADER)),
    ("POST", "/office/sites/{id}/reject", Roles(LEADER)),
    ("POST", "/office/sites/{id}/restore", Roles(LEADER)),
    ("POST", "/office/sites/{id}/emergency", Roles(LEADER)),
    ("GET", "/office/sites/{id}/columns", Roles(SITE_VIEW)),
    ("POST", "/office/sites/{id}/columns", Roles(SITE_ADMIN)),
    ("GET", "/office/sites/columns/{id}", Roles(SITE_VIEW)),
    ("POST", "/office/sites/columns/{id}/edit", Roles(SITE_ADMIN)),
    (
        "POST",
        "/office/sites/columns/{id}/archive",
        Roles(SITE_ADMIN),
    ),
    ("POST", "/office/sites/columns/{id}/approve", Roles(LEADER)),
    (
        "GET",
        "/office/sites/columns/{id}/draft",
        Roles(SITE_EDITOR),
    ),
    (
        "POST",
        "/office/sites/columns/{id}/draft",
        Roles(SITE_EDITOR),
    ),
    ("GET", "/office/sites/articles", Roles(SITE_VIEW)),
    ("GET", "/office/sites/articles/{id}", Roles(SITE_VIEW)),
    (
        "GET",
        "/office/sites/articles/{id}/edit",
        Roles(SITE_EDITOR),
    ),
    (
        "POST",
        "/office/sites/articles/{id}/edit",
        Roles(SITE_EDITOR),
    ),
    ("GET", "/office/sites/articles/{id}/diff", Roles(SITE_VIEW)),
    (
        "GET",
        "/office/sites/articles/{id}/files/{file}",
        Roles(SITE_VIEW),
    ),
    (
        "POST",
        "/office/sites/articles/{id}/submit",
        Roles(SITE_EDITOR),
    ),
    (
        "POST",
        "/office/sites/articles/{id}/review",
        Roles(SITE_REVIEWER),
    ),
    ("POST", "/office/sites/articles/{id}/approve", Roles(LEADER)),
    (
        "POST",
        "/office/sites/articles/{id}/send-back",
        Roles(SITE_SEND_BACK),
    ),
    (
        "POST",
        "/office/sites/articles/{id}/publish",
        Roles(SITE_PUBLISHER),
    ),
    (
        "POST",
        "/office/sites/articles/{id}/unschedule",
        Roles(SITE_PUBLISHER),
    ),
    (
        "POST",
        "/office/sites/articles/{id}/withdraw",
        Roles(SITE_PUBLISHER),
    ),
    (
        "POST",
        "/office/sites/articles/{id}/validity",
        Roles(SITE_MARK),
    ),
    ("POST", "/office/sites/articles/{id}/link", Roles(SITE_MARK)),
    // WEB-INSPECT: 忽略，误报 on a word hit — the article's editors and reviewers (the page
    // checks the scope).
    (
        "POST",
        "/office/sites/articles/{id}/ignore",
        Roles(SITE_IGNORE),
    ),
    // WEB-INSPECT: the content-safety lists are the security administrator's.
    ("GET", "/office/inspect/lists", Roles(SEC)),
    ("POST", "/office/inspect/lists", Roles(SEC)),
    ("POST", "/office/inspect/lists/{id}/deactivate", Roles(SEC)),
    ("POST", "/office/inspect/whitelist", Roles(SEC)),
    ("POST", "/office/inspect/whitelist/{id}/remove", Roles(SEC)),
    // WEB-FRESH, SEC-TAMPER.
    ("GET", "/office/sites/freshness", Roles(SITE_VIEW)),
    ("GET", "/office/sites/alarms", Roles(SITE_ADMIN)),
];

#[test]
fn sec_roles_matrix_covers_every_back_office_route() {
    let table: BTreeSet<(String, String)> = web::guard::route_list()
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect();
    let matrix: BTreeSet<(String, String)> = matrix()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    let missing: Vec<_> = table.difference(&matrix).collect();
    let stale: Vec<_> = matrix.difference(&table).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "routes without expectation: {missing:?}; expectations without route: {stale:?}"
    );
}

async fn call(
    app: &TestApp,
    method: &str,
    path: &str,
    victim: i64,
    role: Option<Role>,
) -> crate::common::Answer {
    let path = path.replace("{id}", &victim.to_string());
    let client = match role {
        Some(role) => Some(app.login_as(role).await),
        None => None,
    };
    let method: Method = method.parse().unwrap();
    let form = (method == Method::POST).then_some("");
    app.send(method, &path, client.as_ref(), form).await
}

#[tokio::test]
async fn sec_roles_every_role_against_every_route() {
    let app = app().await;
    let victim = app.user_with(Role::UnitHandler).await;
    for (method, path, expected) in matrix() {
        for role in Role::ALL {
            let answer = call(&app, method, path, victim, Some(role)).await;
            let allowed = match expected {
                Public | AnySession => true,
                Roles(roles) => roles.contains(&role),
            };
            let context = format!(
                "{method} {path} as {}: {} {}",
                role.code(),
                answer.status,
                answer.location()
            );
            assert_ne!(
                answer.status,
                StatusCode::INTERNAL_SERVER_ERROR,
                "{context}"
            );
            if allowed {
                assert_ne!(answer.status, StatusCode::FORBIDDEN, "{context}");
                if matches!(expected, Roles(_)) {
                    assert!(!answer.location().starts_with("/office/login"), "{context}");
                }
            } else {
                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{context}");
                assert!(answer.body.contains("无权"), "{context}: Chinese message");
            }
        }
    }
}

#[tokio::test]
async fn sec_roles_nothing_is_visible_without_a_session() {
    let app = app().await;
    let victim = app.user_with(Role::UnitHandler).await;
    for (method, path, expected) in matrix() {
        let answer = call(&app, method, path, victim, None).await;
        let context = format!("{method} {path} anonymous: {}", answer.status);
        match expected {
            Public => assert_ne!(answer.status, StatusCode::FORBIDDEN, "{context}"),
            AnySession | Roles(_) => {
                assert_eq!(answer.status, StatusCode::SEE_OTHER, "{context}");
                assert_eq!(answer.location(), "/office/login", "{context}");
            }
        }
    }
}

#[tokio::test]
async fn sec_roles_api_denies_by_default_and_by_role() {
    let app = app().await;
    let anonymous = app.get("/api/v1/me", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert!(anonymous.body.contains("\"code\":\"unauthenticated\""));
    let handler = app.login_as(Role::UnitHandler).await;
    let denied = app.get("/api/v1/profile", Some(&handler)).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    assert!(denied.body.contains("\"code\":\"forbidden\""));
    let admin = app.login_as(Role::SystemAdmin).await;
    let profile = app.get("/api/v1/profile", Some(&admin)).await;
    assert_eq!(profile.status, StatusCode::OK);
    assert!(
        profile.body.contains("\"hotline.sign\":\"1wh\""),
        "{}",
        profile.body
    );
}
