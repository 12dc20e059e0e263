//! The back office at `/office`. Every route is declared once in `table()` with its guard:
//! public (the login form), any session (the login steps), or a staff policy from
//! `platform::access`, checked before the handler runs and before the body is read. What
//! the table does not grant is denied (SEC-ROLES).

mod accounts;
mod audit;
mod calendar;
mod calendar_days;
mod calendar_import;
mod evaluation;
mod home;
mod hotline;
mod hotline_actions;
mod hotline_applications;
mod hotline_collab;
mod hotline_credit;
mod hotline_handling;
mod hotline_order;
mod hotline_reports;
mod hotline_supervision;
pub(crate) mod kb;
mod kb_actions;
mod login;
mod profile;
mod services_case;
mod services_commands;
mod services_desk;
mod services_notice;
mod services_walkin;
mod supervision;
mod unit_contacts;
mod units;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use platform::access::{self, AccountOp, Op};
use platform::roles::{Actor, Role};

use crate::AppState;
use crate::error::PageError;
use crate::staff::{Staff, ready, step_path};

/// Who may call a route.
#[derive(Clone, Copy)]
pub enum Guard {
    /// Anyone (the login form).
    Public,
    /// Any session, whatever its login step (second factor, password change).
    Session,
    /// A fully logged-in staff user whom the policy function allows.
    Staff(fn(&Actor) -> bool),
}

/// One back-office route.
pub struct OfficeRoute {
    pub method: Method,
    pub path: &'static str,
    pub guard: Guard,
    handler: MethodRouter<AppState>,
}

fn route(
    method: Method,
    path: &'static str,
    guard: Guard,
    handler: MethodRouter<AppState>,
) -> OfficeRoute {
    OfficeRoute {
        method,
        path,
        guard,
        handler,
    }
}

/// Every back-office route, its guard and its handler.
pub fn table() -> Vec<OfficeRoute> {
    use Guard::{Public, Session, Staff as S};
    vec![
        route(Method::GET, "/office/login", Public, get(login::form)),
        route(Method::POST, "/office/login", Public, post(login::submit)),
        route(
            Method::GET,
            "/office/login/totp",
            Session,
            get(login::totp_form),
        ),
        route(
            Method::POST,
            "/office/login/totp",
            Session,
            post(login::totp_submit),
        ),
        route(
            Method::GET,
            "/office/login/enrol",
            Session,
            get(login::enrol_form),
        ),
        route(
            Method::POST,
            "/office/login/enrol",
            Session,
            post(login::totp_submit),
        ),
        route(Method::POST, "/office/logout", Session, post(login::logout)),
        route(
            Method::GET,
            "/office/account/password",
            Session,
            get(login::password_form),
        ),
        route(
            Method::POST,
            "/office/account/password",
            Session,
            post(login::password_submit),
        ),
        route(
            Method::GET,
            "/office",
            S(access::own_workspace),
            get(home::home),
        ),
        route(
            Method::GET,
            "/office/inbox",
            S(access::own_workspace),
            get(home::inbox),
        ),
        route(
            Method::POST,
            "/office/inbox/{id}/read",
            S(access::own_workspace),
            post(home::mark_read),
        ),
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
        route(
            Method::GET,
            "/office/units/contacts",
            S(access::unit_contacts),
            get(unit_contacts::form),
        ),
        route(
            Method::POST,
            "/office/units/contacts",
            S(access::unit_contacts),
            post(unit_contacts::save),
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
        route(
            Method::GET,
            "/office/calendar",
            S(|a| access::calendar(a, Op::View)),
            get(calendar::view),
        ),
        route(
            Method::GET,
            "/office/calendar/due",
            S(|a| access::calendar(a, Op::View)),
            get(calendar::due),
        ),
        route(
            Method::GET,
            "/office/calendar/import",
            S(|a| access::calendar(a, Op::Edit)),
            get(calendar_import::import_form),
        ),
        route(
            Method::POST,
            "/office/calendar/import/preview",
            S(|a| access::calendar(a, Op::Edit)),
            post(calendar_import::import_preview),
        ),
        route(
            Method::POST,
            "/office/calendar/import",
            S(|a| access::calendar(a, Op::Edit)),
            post(calendar_import::import_save),
        ),
        route(
            Method::POST,
            "/office/calendar/day",
            S(|a| access::calendar(a, Op::Edit)),
            post(calendar_days::save),
        ),
        route(
            Method::GET,
            "/office/rectifications",
            S(access::rectification_desk),
            get(evaluation::desk),
        ),
        route(
            Method::GET,
            "/office/rectifications/{id}",
            S(access::rectification_desk),
            get(evaluation::task),
        ),
        route(
            Method::POST,
            "/office/rectifications/{id}/submit",
            S(access::rectification_desk),
            post(evaluation::submit),
        ),
        route(
            Method::POST,
            "/office/rectifications/{id}/review",
            S(|a| a.has(Role::HotlineSupervisor)),
            post(evaluation::review),
        ),
        route(
            Method::GET,
            "/office/evaluations/statistics",
            S(access::evaluation_statistics),
            get(evaluation::statistics),
        ),
        route(
            Method::GET,
            "/office/evaluations/statistics.xlsx",
            S(access::evaluation_statistics),
            get(evaluation::statistics_xlsx),
        ),
        route(
            Method::GET,
            "/office/hotline",
            S(access::hotline_desk),
            get(hotline::desk),
        ),
        route(
            Method::POST,
            "/office/hotline/appeals",
            S(access::hotline_desk),
            post(hotline::register),
        ),
        route(
            Method::GET,
            "/office/hotline/queue",
            S(access::hotline_unit_work),
            get(hotline::queue),
        ),
        route(
            Method::GET,
            "/office/hotline/orders/{id}",
            S(access::hotline_order),
            get(hotline_order::show),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/dispatch",
            S(access::hotline_desk),
            post(hotline_actions::dispatch),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/refuse",
            S(access::hotline_desk),
            post(hotline_actions::refuse),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/sign",
            S(access::hotline_unit_work),
            post(hotline_actions::sign),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/return",
            S(access::hotline_unit_work),
            post(hotline_actions::return_order),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/result",
            S(access::hotline_unit_work),
            post(hotline_actions::result),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/approve",
            S(access::hotline_approve),
            post(hotline_actions::approve),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/reply",
            S(access::hotline_desk),
            post(hotline_actions::reply),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/callback",
            S(access::hotline_desk),
            post(hotline_actions::callback),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/reveal",
            S(access::hotline_order),
            post(hotline_applications::reveal),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/answer-kb",
            S(access::hotline_desk),
            post(hotline_actions::answer_from_kb),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/extend",
            S(access::hotline_unit_work),
            post(hotline_applications::apply_extension),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/extension-decision",
            S(access::hotline_desk),
            post(hotline_applications::decide_extension),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/hang",
            S(access::hotline_unit_work),
            post(hotline_applications::apply_hang),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/hang-decision",
            S(access::hotline_desk),
            post(hotline_applications::decide_hang),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/urge-report",
            S(access::hotline_unit_work),
            post(hotline_applications::report_urge_delay),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/duty-supervision",
            S(access::hotline_supervise),
            post(hotline_applications::open_duty_supervision),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/urge-report-decision",
            S(access::hotline_urge_report_decide),
            post(hotline_applications::decide_urge_report),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/unhang",
            S(access::hotline_unit_work),
            post(hotline_handling::unhang),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/review",
            S(access::hotline_desk),
            post(hotline_handling::review),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/withdraw",
            S(access::hotline_desk),
            post(hotline_handling::withdraw),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/contribute",
            S(access::hotline_unit_work),
            post(hotline_collab::contribute),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/merge",
            S(access::hotline_desk),
            post(hotline_collab::merge),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/review-form",
            S(access::hotline_unit_work),
            post(hotline_collab::upload_form),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/conclude-form",
            S(access::hotline_desk),
            post(hotline_collab::conclude_form),
        ),
        route(
            Method::GET,
            "/office/hotline/orders/{id}/files/{file}",
            S(access::hotline_order),
            get(hotline_collab::file),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/archive",
            S(access::hotline_desk),
            post(hotline_collab::archive),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/credit",
            S(access::hotline_credit_record),
            post(hotline_credit::record),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/refuse-credit",
            S(access::hotline_credit_record),
            post(hotline_credit::refuse),
        ),
        route(
            Method::GET,
            "/office/hotline/credit",
            S(access::hotline_credit_list),
            get(hotline_credit::list),
        ),
        route(
            Method::GET,
            "/office/hotline/contacts",
            S(access::hotline_contacts),
            get(unit_contacts::hotline_list),
        ),
        route(
            Method::GET,
            "/office/kb",
            S(access::kb_search),
            get(kb::list),
        ),
        route(
            Method::GET,
            "/office/kb/suggest",
            S(access::kb_search),
            get(kb::suggest),
        ),
        route(
            Method::GET,
            "/office/kb/new",
            S(access::kb_write),
            get(kb::new_form),
        ),
        route(
            Method::POST,
            "/office/kb",
            S(access::kb_write),
            post(kb_actions::create),
        ),
        route(
            Method::GET,
            "/office/kb/{id}",
            S(access::kb_search),
            get(kb::show),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/edit",
            S(access::kb_write),
            post(kb_actions::edit),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/submit",
            S(access::kb_write),
            post(kb_actions::submit),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/revise",
            S(access::kb_write),
            post(kb_actions::revise),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/publish",
            S(access::kb_review),
            post(kb_actions::publish),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/send-back",
            S(access::kb_review),
            post(kb_actions::send_back),
        ),
        route(
            Method::POST,
            "/office/kb/{id}/withdraw",
            S(access::kb_review),
            post(kb_actions::withdraw),
        ),
        route(
            Method::GET,
            "/office/hotline/reports",
            S(access::hotline_reports),
            get(hotline_reports::page),
        ),
        route(
            Method::GET,
            "/office/hotline/reports.xlsx",
            S(access::hotline_reports),
            get(hotline_reports::xlsx),
        ),
        route(
            Method::GET,
            "/office/hotline/notice",
            S(access::hotline_reports),
            get(hotline_reports::notice),
        ),
        route(
            Method::GET,
            "/office/hotline/supervision",
            S(access::hotline_supervise),
            get(hotline_supervision::show),
        ),
        route(
            Method::POST,
            "/office/hotline/supervision/{id}/escalate",
            S(access::hotline_supervise),
            post(hotline_supervision::escalate),
        ),
        route(
            Method::POST,
            "/office/hotline/accountability",
            S(access::hotline_supervise),
            post(hotline_supervision::record),
        ),
        route(
            Method::GET,
            "/office/services",
            S(access::services_desk),
            get(services_desk::desk),
        ),
        route(
            Method::GET,
            "/office/services/walk-in",
            S(access::services_walk_in),
            get(services_walkin::form),
        ),
        route(
            Method::POST,
            "/office/services/walk-in",
            S(access::services_walk_in),
            post(services_walkin::register),
        ),
        route(
            Method::GET,
            "/office/services/cases/{id}",
            S(access::services_case),
            get(services_case::show),
        ),
        route(
            Method::GET,
            "/office/services/cases/{id}/notice",
            S(access::services_case),
            get(services_notice::notice),
        ),
        route(
            Method::GET,
            "/office/services/cases/{id}/files/{file}",
            S(access::services_case),
            get(services_case::file),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/reveal",
            S(access::services_reveal_applicant),
            post(services_case::reveal),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/prereview",
            S(access::services_handle),
            post(services_commands::prereview),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/accept",
            S(access::services_handle),
            post(services_commands::accept),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/reject",
            S(access::services_handle),
            post(services_commands::reject),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/supplement",
            S(access::services_handle),
            post(services_commands::supplement),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/stage",
            S(access::services_handle),
            post(services_commands::stage),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/special/start",
            S(access::services_handle),
            post(services_commands::special_start),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/special/end",
            S(access::services_handle),
            post(services_commands::special_end),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/joint",
            S(access::services_handle),
            post(services_commands::joint),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/decide",
            S(access::services_decide),
            post(services_commands::decide),
        ),
        route(
            Method::POST,
            "/office/services/cases/{id}/deliver",
            S(access::services_handle),
            post(services_commands::deliver),
        ),
        route(
            Method::GET,
            "/office/supervision",
            S(access::esupervision),
            get(supervision::show),
        ),
        route(
            Method::GET,
            "/office/supervision.xlsx",
            S(access::esupervision),
            get(supervision::xlsx),
        ),
        route(
            Method::GET,
            "/office/supervision/units/{id}",
            S(access::esupervision),
            get(supervision::unit),
        ),
    ]
}

/// `(method, path)` of every back-office route, for the role × route test.
pub fn route_list() -> Vec<(Method, &'static str)> {
    table().into_iter().map(|r| (r.method, r.path)).collect()
}

#[derive(Clone)]
struct GuardState {
    app: AppState,
    guard: Guard,
}

async fn enforce(
    State(guard_state): State<GuardState>,
    mut request: Request,
    next: Next,
) -> Response {
    let Guard::Staff(policy) = guard_state.guard else {
        return next.run(request).await;
    };
    let (mut parts, body) = request.into_parts();
    let staff = match ready(&parts, &guard_state.app).await {
        Ok(Ok(staff)) => staff,
        Ok(Err(step)) => return axum::response::Redirect::to(step_path(step)).into_response(),
        Err(error) => return PageError(error).into_response(),
    };
    if !policy(&staff.actor) {
        tracing::info!(user.id = staff.actor.user_id, path = %parts.uri.path(), "access denied");
        return PageError(platform::Error::Forbidden).into_response();
    }
    parts.extensions.insert::<Staff>(staff);
    request = Request::from_parts(parts, body);
    next.run(request).await
}

pub fn routes(state: &AppState) -> Router<AppState> {
    table()
        .into_iter()
        .fold(Router::new(), |router, office_route| {
            let guard_state = GuardState {
                app: state.clone(),
                guard: office_route.guard,
            };
            let handler = office_route
                .handler
                .route_layer(middleware::from_fn_with_state(guard_state, enforce));
            router.route(office_route.path, handler)
        })
}
