//! Government openness (政务公开, issue 16 item 3: PUB-APPLY, PUB-ANSWER, PUB-FREE,
//! CAL-PAUSE): on the portal (`portal`) the online application for disclosure — a natural
//! person or an organisation, every problem at once — its confirmation with the number and
//! query code, and the progress in the applicant's words with the notices and the files
//! provided, downloaded free with the code; in the back office (`office`, `commands`) the
//! unit's ledger (登记台帐) with the answer clock's light, the registration of letters and
//! walk-ins, an application's page with its clock and the commands that fit its state, and
//! the printable notices; the document register (`register`, `register_commands`: PUB-ATTR,
//! PUB-CONFID, PUB-COORD, SEC-SECRET) with each document's records and coordination clocks.
//! The annual report (`annual`, `annual_view`, `annual_export`, `annual_docx`: PUB-ANNUAL)
//! shows tables 二, 三 and 四 with their print view, workbook and Word document.
//! PUB-CATEGORIES: `categories` shows what the unit's catalogue and each site lack;
//! PUB-SUPERVISOR: `supervision`, `supervision_commands` keep the supervisors and their
//! findings; PUB-ACCOUNT: `accountability`, `accountability_commands` keep the accountability
//! cases; PUB-EVAL: `evaluation`, `evaluation_export` keep the yearly social evaluation (its
//! evaluators, sheets, results, workbook and the portal's page of published results).
//! Every write is an `openness::usecase`; the guard is the role
//! (`platform::access::openness_applications`), the unit is the domain's.

mod accountability;
mod accountability_commands;
mod annual;
mod annual_docx;
mod annual_export;
mod annual_report;
mod annual_view;
mod catalogue;
mod categories;
mod commands;
mod complaints;
mod complaints_commands;
mod concerns;
mod concerns_commands;
mod evaluation;
mod evaluation_export;
mod office;
mod portal;
mod prefill;
mod register;
mod register_commands;
mod register_meeting;
mod register_view;
pub(crate) mod subject;
mod subject_commands;
mod supervision;
mod supervision_commands;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use platform::access::{self, OpennessApplicationOp as Op};

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// An application's id in a back-office path.
pub(crate) struct ApplicationNo(pub i64);
path_id!(ApplicationNo, "政府信息公开申请");

/// A document's id in a back-office path.
pub(crate) struct DocumentNo(pub i64);
path_id!(DocumentNo, "公文");

/// A complaint's id in a back-office path (PUB-COMPLAINT).
pub(crate) struct ComplaintNo(pub i64);
path_id!(ComplaintNo, "政务公开投诉");

/// A supervisor's finding's id in a back-office path (PUB-SUPERVISOR).
pub(crate) struct FindingNo(pub i64);
path_id!(FindingNo, "监督意见");

/// An accountability case's id in a back-office path (PUB-ACCOUNT).
pub(crate) struct CaseNo(pub i64);
path_id!(CaseNo, "责任追究案件");

/// A public concern's id in a back-office path (PUB-RESPOND).
pub(crate) struct ConcernNo(pub i64);
path_id!(ConcernNo, "社会关切");

/// The openness entries of the back office's menu, in order: (shown, href, label).
pub(crate) fn nav(actor: &platform::roles::Actor) -> Vec<(bool, &'static str, &'static str)> {
    vec![
        (
            access::openness_register(actor),
            "/office/openness/documents",
            "公文公开属性",
        ),
        // PUB-ANNUAL: the openness annual report's tables.
        (
            access::openness_register(actor),
            "/office/openness/annual",
            "公开年报",
        ),
        // PUB-COMPLAINT: complaints about disclosure (the office registers, the unit answers).
        (
            access::openness_complaints(actor),
            "/office/openness/complaints",
            "公开投诉",
        ),
        // PUB-RESPOND: public concerns (the office registers, the interpreting unit responds).
        (
            access::openness_concerns(actor),
            "/office/openness/concerns",
            "回应关切",
        ),
        // PUB-SUPERVISOR: the supervisors and their findings (the office; the unit replies).
        (
            access::openness_complaints(actor),
            "/office/openness/supervision",
            "公开监督员",
        ),
        // PUB-ACCOUNT: accountability cases (the office opens; the unit reports).
        (
            access::openness_complaints(actor),
            "/office/openness/accountability",
            "公开责任追究",
        ),
        // PUB-EVAL: the yearly social evaluation (the office's officers; its leaders read).
        (
            access::openness_register(actor),
            "/office/openness/evaluation",
            "社会评议",
        ),
        // PUB-CATEGORIES: what the catalogue and the sites lack.
        (
            access::openness_register(actor),
            "/office/openness/categories",
            "目录栏目检查",
        ),
    ]
}

/// The public pages of disclosure applications.
pub(crate) fn routes() -> Router<AppState> {
    portal::routes()
        .merge(catalogue::routes())
        .route(
            "/openness/evaluation",
            axum::routing::get(evaluation_export::public),
        )
        // PUB-ANNUAL: the published annual reports (openness/annual_report).
        .route(
            "/openness/annual",
            axum::routing::get(annual_report::public_list),
        )
        .route(
            "/openness/annual/{id}",
            axum::routing::get(annual_report::public_report),
        )
}

/// The back office of disclosure applications: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let view = || S(|a| access::openness_applications(a, Op::View));
    let handle = || S(|a| access::openness_applications(a, Op::Handle));
    let mut rows = vec![
        route(
            Method::GET,
            "/office/openness/applications",
            view(),
            get(office::ledger),
        ),
        route(
            Method::GET,
            "/office/openness/applications/new",
            handle(),
            get(office::new_form),
        ),
        route(
            Method::POST,
            "/office/openness/applications",
            handle(),
            post(office::register),
        ),
        route(
            Method::GET,
            "/office/openness/applications/{id}",
            view(),
            get(office::show),
        ),
        route(
            Method::GET,
            "/office/openness/applications/{id}/notice",
            view(),
            get(office::notice),
        ),
    ];
    rows.extend(commands::rows());
    // PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET: the document register.
    let register = || S(access::openness_register);
    rows.extend([
        route(
            Method::GET,
            "/office/openness/documents",
            register(),
            get(register::list),
        ),
        route(
            Method::GET,
            "/office/openness/documents/new",
            register(),
            get(register::new_form),
        ),
        route(
            Method::POST,
            "/office/openness/documents",
            register(),
            post(register::create),
        ),
        route(
            Method::GET,
            "/office/openness/documents/{id}",
            register(),
            get(register::show),
        ),
    ]);
    rows.extend(register_commands::rows());
    // PUB-COMPLAINT: the register of complaints about disclosure.
    let complaints = || S(access::openness_complaints);
    let register_complaint = || S(access::openness_complaint_register);
    rows.extend([
        route(
            Method::GET,
            "/office/openness/complaints",
            complaints(),
            get(complaints::list),
        ),
        route(
            Method::GET,
            "/office/openness/complaints/new",
            register_complaint(),
            get(complaints::new_form),
        ),
        route(
            Method::POST,
            "/office/openness/complaints",
            register_complaint(),
            post(complaints::create),
        ),
        route(
            Method::GET,
            "/office/openness/complaints/{id}",
            complaints(),
            get(complaints::show),
        ),
    ]);
    rows.extend(complaints_commands::rows());
    // PUB-RESPOND: the register of public concerns and their responses.
    let concerns = || S(access::openness_concerns);
    let register_concern = || S(access::openness_concern_register);
    rows.extend([
        route(
            Method::GET,
            "/office/openness/concerns",
            concerns(),
            get(concerns::list),
        ),
        route(
            Method::GET,
            "/office/openness/concerns/new",
            register_concern(),
            get(concerns::new_form),
        ),
        route(
            Method::POST,
            "/office/openness/concerns",
            register_concern(),
            post(concerns::create),
        ),
        route(
            Method::GET,
            "/office/openness/concerns/{id}",
            concerns(),
            get(concerns::show),
        ),
    ]);
    rows.extend(concerns_commands::rows());
    // PUB-CATEGORIES: what the unit's catalogue and the group's sites lack.
    rows.push(route(
        Method::GET,
        "/office/openness/categories",
        S(access::openness_register),
        get(categories::show),
    ));
    // PUB-SUPERVISOR: the supervisors and their findings (the office registers; the unit a
    // finding concerns replies; the machine decides by unit and command).
    rows.extend([
        route(
            Method::GET,
            "/office/openness/supervision",
            complaints(),
            get(supervision::list),
        ),
        route(
            Method::POST,
            "/office/openness/supervision/supervisors",
            register_complaint(),
            post(supervision::appoint),
        ),
        route(
            Method::POST,
            "/office/openness/supervision/findings",
            register_complaint(),
            post(supervision::register),
        ),
        route(
            Method::GET,
            "/office/openness/supervision/findings/{id}",
            complaints(),
            get(supervision::show),
        ),
    ]);
    rows.extend(supervision_commands::rows());
    // PUB-ACCOUNT: accountability cases (the office opens and closes; the unit reports).
    rows.extend([
        route(
            Method::GET,
            "/office/openness/accountability",
            complaints(),
            get(accountability::list),
        ),
        route(
            Method::POST,
            "/office/openness/accountability",
            register_complaint(),
            post(accountability::open),
        ),
        route(
            Method::GET,
            "/office/openness/accountability/{id}",
            complaints(),
            get(accountability::show),
        ),
    ]);
    rows.extend(accountability_commands::rows());
    // PUB-EVAL: the social evaluation (the office's officers write, its leaders read; the
    // domain decides by unit).
    let evaluation = || S(access::openness_register);
    let evaluate = || S(access::openness_complaint_register);
    rows.extend([
        route(
            Method::GET,
            "/office/openness/evaluation",
            evaluation(),
            get(evaluation::show),
        ),
        route(
            Method::GET,
            "/office/openness/evaluation/results.xlsx",
            evaluation(),
            get(evaluation_export::xlsx),
        ),
        route(
            Method::POST,
            "/office/openness/evaluation/evaluators",
            evaluate(),
            post(evaluation::appoint),
        ),
        route(
            Method::POST,
            "/office/openness/evaluation/years",
            evaluate(),
            post(evaluation::open_year),
        ),
        route(
            Method::POST,
            "/office/openness/evaluation/sheets",
            evaluate(),
            post(evaluation::sheet),
        ),
        route(
            Method::POST,
            "/office/openness/evaluation/interviews",
            evaluate(),
            post(evaluation::interview),
        ),
        route(
            Method::POST,
            "/office/openness/evaluation/cases",
            evaluate(),
            post(evaluation::open_case),
        ),
        route(
            Method::POST,
            "/office/openness/evaluation/publish",
            evaluate(),
            post(evaluation::publish),
        ),
    ]);
    // PUB-ANNUAL: the annual report's tables 二, 三 and 四, their outputs and the figures and
    // cases the unit's officer keeps (the domain checks the role and the unit).
    let annual = || S(access::openness_register);
    rows.extend([
        route(
            Method::GET,
            "/office/openness/annual",
            annual(),
            get(annual::show),
        ),
        route(
            Method::GET,
            "/office/openness/annual/print",
            annual(),
            get(annual_export::print),
        ),
        route(
            Method::GET,
            "/office/openness/annual/report.xlsx",
            annual(),
            get(annual_export::xlsx),
        ),
        route(
            Method::GET,
            "/office/openness/annual/report.docx",
            annual(),
            get(annual_export::docx),
        ),
        route(
            Method::POST,
            "/office/openness/annual/figures",
            handle(),
            post(annual::figures),
        ),
        route(
            Method::POST,
            "/office/openness/annual/cases",
            handle(),
            post(annual::register_case),
        ),
        route(
            Method::POST,
            "/office/openness/annual/cases/{id}/conclude",
            handle(),
            post(annual::conclude_case),
        ),
        // PUB-ANNUAL: sections 一, 五 and 六 (the officer) and the head's sign-off
        // (openness/annual_report; the domain checks the unit, the government office's for
        // the county's report).
        route(
            Method::POST,
            "/office/openness/annual/texts",
            handle(),
            post(annual_report::texts),
        ),
        route(
            Method::POST,
            "/office/openness/annual/publish",
            S(|a| access::openness_applications(a, Op::Extend)),
            post(annual_report::publish),
        ),
    ]);
    rows
}
