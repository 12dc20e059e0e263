//! The 12345 hotline (issue 4): in the back office the operator's desk and a unit's queue,
//! the order page with the commands of its stage (the buttons `hotline::order::available`
//! derives), applications, collaboration, credit records, supervision, the statistics and a
//! unit's 12345 contacts (HL-CONTACTS); on the portal the citizen's form and progress lookup,
//! and Open311 GeoReport v2 at `/open311/v2/`. The folder owns its rows of the guard table
//! ([`table`]) and its public routes ([`routes`]).

mod actions;
mod appeal_form;
mod applications;
mod catalogue;
mod collab;
pub(crate) mod contacts;
mod credit;
mod desk;
mod handling;
mod held_slots;
mod open311;
mod order;
mod portal;
mod reports;
mod result_form;
mod search;
mod supervision;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use hotline::AppealId;
use platform::access;

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

path_id!(AppealId, "工单");

/// A written supervision of an order (督办).
pub(crate) struct SupervisionId(pub i64);
path_id!(SupervisionId, "督办");

/// The citizen's pages and Open311.
pub(crate) fn routes() -> Router<AppState> {
    portal::routes().merge(open311::routes())
}

/// The hotline in the back office: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/units/contacts",
            S(access::unit_contacts),
            get(contacts::form),
        ),
        route(
            Method::POST,
            "/office/units/contacts",
            S(access::unit_contacts),
            post(contacts::save),
        ),
        route(
            Method::GET,
            "/office/hotline",
            S(access::hotline_desk),
            get(desk::desk),
        ),
        route(
            Method::GET,
            "/office/hotline/catalogue",
            S(access::hotline_supervise),
            get(catalogue::show),
        ),
        route(
            Method::POST,
            "/office/hotline/catalogue",
            S(access::hotline_supervise),
            post(catalogue::save),
        ),
        route(
            Method::GET,
            "/office/hotline/orders",
            S(access::hotline_order_search),
            get(search::search),
        ),
        route(
            Method::POST,
            "/office/hotline/appeals",
            S(access::hotline_desk),
            post(desk::register),
        ),
        route(
            Method::GET,
            "/office/hotline/queue",
            S(access::hotline_unit_work),
            get(desk::queue),
        ),
        route(
            Method::GET,
            "/office/hotline/orders/{id}",
            S(access::hotline_order),
            get(order::show),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/dispatch",
            S(access::hotline_desk),
            post(actions::dispatch),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/refuse",
            S(access::hotline_desk),
            post(actions::refuse),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/sign",
            S(access::hotline_unit_work),
            post(actions::sign),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/return",
            S(access::hotline_unit_work),
            post(actions::return_order),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/result",
            S(access::hotline_unit_work),
            post(result_form::result),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/approve",
            S(access::hotline_approve),
            post(actions::approve),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/reply",
            S(access::hotline_desk),
            post(actions::reply),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/callback",
            S(access::hotline_desk),
            post(actions::callback),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/reveal",
            S(access::hotline_order),
            post(applications::reveal),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/answer-kb",
            S(access::hotline_desk),
            post(actions::answer_from_kb),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/extend",
            S(access::hotline_unit_work),
            post(applications::apply_extension),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/extension-decision",
            S(access::hotline_desk),
            post(applications::decide_extension),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/hang",
            S(access::hotline_unit_work),
            post(applications::apply_hang),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/hang-decision",
            S(access::hotline_desk),
            post(applications::decide_hang),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/urge-report",
            S(access::hotline_unit_work),
            post(applications::report_urge_delay),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/duty-supervision",
            S(access::hotline_supervise),
            post(applications::open_duty_supervision),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/urge-report-decision",
            S(access::hotline_urge_report_decide),
            post(applications::decide_urge_report),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/unhang",
            S(access::hotline_unit_work),
            post(handling::unhang),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/review",
            S(access::hotline_desk),
            post(handling::review),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/withdraw",
            S(access::hotline_desk),
            post(handling::withdraw),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/contribute",
            S(access::hotline_unit_work),
            post(collab::contribute),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/merge",
            S(access::hotline_desk),
            post(collab::merge),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/review-form",
            S(access::hotline_unit_work),
            post(collab::upload_form),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/conclude-form",
            S(access::hotline_desk),
            post(collab::conclude_form),
        ),
        route(
            Method::GET,
            "/office/hotline/orders/{id}/files/{file}",
            S(access::hotline_order),
            get(collab::file),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/files/{file}/clear",
            S(access::hotline_desk),
            post(collab::clear_file),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/archive",
            S(access::hotline_desk),
            post(collab::archive),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/credit",
            S(access::hotline_credit_record),
            post(credit::record),
        ),
        route(
            Method::POST,
            "/office/hotline/orders/{id}/refuse-credit",
            S(access::hotline_credit_record),
            post(credit::refuse),
        ),
        route(
            Method::GET,
            "/office/hotline/credit",
            S(access::hotline_credit_list),
            get(credit::list),
        ),
        route(
            Method::GET,
            "/office/hotline/contacts",
            S(access::hotline_contacts),
            get(contacts::hotline_list),
        ),
        route(
            Method::GET,
            "/office/hotline/reports",
            S(access::hotline_reports),
            get(reports::page),
        ),
        route(
            Method::GET,
            "/office/hotline/reports.xlsx",
            S(access::hotline_reports),
            get(reports::xlsx),
        ),
        route(
            Method::GET,
            "/office/hotline/notice",
            S(access::hotline_reports),
            get(reports::notice),
        ),
        route(
            Method::GET,
            "/office/hotline/supervision",
            S(access::hotline_supervise),
            get(supervision::show),
        ),
        route(
            Method::POST,
            "/office/hotline/supervision/{id}/escalate",
            S(access::hotline_supervise),
            post(supervision::escalate),
        ),
        route(
            Method::POST,
            "/office/hotline/accountability",
            S(access::hotline_supervise),
            post(supervision::record),
        ),
    ]
}
