//! The service hall's pages (issue 21 part A, HALL-QUEUE, HALL-WINDOWS): the public kiosk
//! (`/hall/kiosk`: big buttons per window type and by item, priority for the elderly and
//! disabled, the ticket printed with the number and the people ahead), the hall's big screen
//! (`/hall/display`) and a window's small screen (`/hall/screen?window=N`), both updated live by
//! server-sent events (`/hall/display/events`, a `tokio::sync::broadcast` of calls;
//! `/static/hall.js` shows and reads out 请 A012 号到 3 号窗口办理, and the pages reload
//! without it); the clerk's calling page (`/office/hall`: the window today, call next, recall,
//! skip, transfer, start, finish; a called number taken for an item links the services'
//! walk-in registration prefilled) and the queue figures with their Excel export
//! (`/office/hall/stats`). The supervision box (HALL-BOX): the public complaint form
//! (`/hall/complaint`, and `/hall/windows/{id}/complaint`, the address of each window's QR
//! code) with the lookup by number and query code (`complaint`); the centre's register of
//! openings, slips and complaints and a complaint's page with its clock and commands
//! (HALL-HARDCASE: the 办不成事反映 and 陇商通 cases, `/office/hall/hardcases…`, `hardcases`;
//! HALL-LEVELS: the register of centres, their convenience-item lists and reports,
//! `/office/hall/centres…` and the public `/hall/centres…`, `centres`)
//! (`/office/hall/complaints…`, `supervision`). The window staff (HALL-STAFF): the register
//! with eligibility, a day's attendance, leave and replacement requests the centre decides
//! (`/office/hall/staff…`, `staff`), the assessments with their Excel export and the written
//! notice to the unit (`staff_assessments`). Every write is a `hall::usecase`.

mod cases;
mod centres;
mod complaint;
mod desk;
mod display;
mod hardcase_public;
mod hardcases;
mod kiosk;
mod staff;
mod staff_assessments;
mod stats;
mod supervision;

use axum::Router;
use axum::http::Method;
use axum::routing::{get, post};
use tokio::sync::broadcast;

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};

/// One call sent to the displays.
#[derive(Debug, Clone)]
pub struct CallNotice {
    pub number: String,
    pub window: u16,
    /// 请 A012 号到 3 号窗口办理.
    pub text: String,
}

/// The calls of this process, to every display connected to it.
pub type Calls = broadcast::Sender<CallNotice>;

/// A new channel of calls; a display that falls this far behind skips to the newest.
pub fn calls() -> Calls {
    broadcast::channel(1024).0
}

/// A window's id in a path (the QR code's address).
pub(crate) struct WindowNo(pub i64);
path_id!(WindowNo, "窗口");

/// A complaint's id in a path (HALL-BOX).
pub(crate) struct ComplaintNo(pub i64);
path_id!(ComplaintNo, "窗口投诉");

/// A hard case's id in a path (HALL-HARDCASE).
pub(crate) struct HardcaseNo(pub i64);
path_id!(HardcaseNo, "办不成事反映事项");

/// A centre's id in a path (HALL-LEVELS).
pub(crate) struct CentreNo(pub i64);
path_id!(CentreNo, "服务中心");

/// HALL-HARDCASE: the window clerks register, the units' leaders and handlers (the centre's
/// and the departments') handle; the use cases narrow each to its cases.
fn hall_hardcase(actor: &platform::roles::Actor) -> bool {
    use platform::roles::Role;
    actor.has_any(&[Role::WindowClerk, Role::UnitLeader, Role::UnitHandler])
}

/// A row id in a path of the window staff's pages (HALL-STAFF): a register row, a request,
/// a notice.
pub(crate) struct StaffRowNo(pub i64);
path_id!(StaffRowNo, "窗口工作人员记录");

/// Numbers one client may take per minute at the kiosk.
pub(crate) const TICKETS_PER_MINUTE: u32 = 20;

/// The public pages.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/hall/kiosk", get(kiosk::page).post(kiosk::take))
        .route("/hall/display", get(display::big_screen))
        .route("/hall/screen", get(display::window_screen))
        .route("/hall/display/events", get(display::events))
        .route(
            "/hall/complaint",
            get(complaint::page).post(complaint::send),
        )
        .route("/hall/complaint/query", post(complaint::query))
        .route("/hall/windows/{id}/complaint", get(complaint::window_page))
        // HALL-LEVELS: the centres and their convenience-item lists.
        .route("/hall/centres", get(centres::public_list))
        .route("/hall/centres/{id}", get(centres::public_centre))
        // HALL-HARDCASE: the person's lookup of a hard case (/hall/hardcase).
        .route("/hall/hardcase", get(hardcase_public::page))
        .route("/hall/hardcase/query", post(hardcase_public::query))
}

/// The back office of the hall: its rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let clerk = || S(platform::access::hall_window);
    let figures = || S(platform::access::hall_statistics);
    let supervision = || S(platform::access::hall_supervision);
    let hardcase = || S(hall_hardcase);
    let staff = || S(platform::access::hall_staff);
    vec![
        // HALL-HARDCASE: the 办不成事反映 and 陇商通 cases.
        route(
            Method::GET,
            "/office/hall/hardcases",
            hardcase(),
            get(hardcases::list),
        ),
        route(
            Method::POST,
            "/office/hall/hardcases",
            hardcase(),
            post(hardcases::register),
        ),
        route(
            Method::GET,
            "/office/hall/hardcases/{id}",
            hardcase(),
            get(hardcases::show),
        ),
        route(
            Method::POST,
            "/office/hall/hardcases/{id}/act",
            hardcase(),
            post(hardcases::act),
        ),
        route(
            Method::POST,
            "/office/hall/hardcases/{id}/reveal",
            hardcase(),
            post(hardcases::reveal),
        ),
        // HALL-LEVELS: the register of centres, lists and reports.
        route(
            Method::GET,
            "/office/hall/centres",
            supervision(),
            get(centres::list),
        ),
        route(
            Method::POST,
            "/office/hall/centres",
            supervision(),
            post(centres::register),
        ),
        route(
            Method::GET,
            "/office/hall/centres/{id}",
            supervision(),
            get(centres::show),
        ),
        route(
            Method::POST,
            "/office/hall/centres/{id}/items",
            supervision(),
            post(centres::set_items),
        ),
        route(
            Method::POST,
            "/office/hall/centres/{id}/reports",
            supervision(),
            post(centres::report),
        ),
        route(
            Method::POST,
            "/office/hall/centres/{id}/edit",
            supervision(),
            post(centres::edit),
        ),
        route(
            Method::POST,
            "/office/hall/centres/{id}/deactivate",
            supervision(),
            post(centres::deactivate),
        ),
        route(Method::GET, "/office/hall", clerk(), get(desk::page)),
        route(Method::POST, "/office/hall/sit", clerk(), post(desk::sit)),
        route(Method::POST, "/office/hall/call", clerk(), post(desk::call)),
        route(Method::POST, "/office/hall/act", clerk(), post(desk::act)),
        route(
            Method::GET,
            "/office/hall/stats",
            figures(),
            get(stats::page),
        ),
        route(
            Method::GET,
            "/office/hall/stats.xlsx",
            figures(),
            get(stats::export),
        ),
        route(
            Method::GET,
            "/office/hall/complaints",
            supervision(),
            get(supervision::list),
        ),
        route(
            Method::POST,
            "/office/hall/complaints",
            supervision(),
            post(supervision::register_slip),
        ),
        route(
            Method::POST,
            "/office/hall/complaints/openings",
            supervision(),
            post(supervision::open_box),
        ),
        route(
            Method::GET,
            "/office/hall/complaints/{id}",
            supervision(),
            get(supervision::show),
        ),
        route(
            Method::POST,
            "/office/hall/complaints/{id}/act",
            supervision(),
            post(supervision::act),
        ),
        route(
            Method::POST,
            "/office/hall/complaints/{id}/reveal",
            supervision(),
            post(supervision::reveal),
        ),
        // HALL-STAFF: the window staff.
        route(
            Method::GET,
            "/office/hall/staff",
            staff(),
            get(staff::register),
        ),
        route(
            Method::POST,
            "/office/hall/staff",
            staff(),
            post(staff::save),
        ),
        route(
            Method::POST,
            "/office/hall/staff/{id}/approve",
            staff(),
            post(staff::approve),
        ),
        route(
            Method::GET,
            "/office/hall/staff/attendance",
            staff(),
            get(staff::attendance),
        ),
        route(
            Method::POST,
            "/office/hall/staff/attendance",
            staff(),
            post(staff::record),
        ),
        route(
            Method::GET,
            "/office/hall/staff/requests",
            staff(),
            get(staff::requests),
        ),
        route(
            Method::POST,
            "/office/hall/staff/requests",
            staff(),
            post(staff::file),
        ),
        route(
            Method::POST,
            "/office/hall/staff/requests/{id}/decide",
            staff(),
            post(staff::decide),
        ),
        route(
            Method::GET,
            "/office/hall/staff/assessments",
            staff(),
            get(staff_assessments::list),
        ),
        route(
            Method::POST,
            "/office/hall/staff/assessments",
            staff(),
            post(staff_assessments::assess),
        ),
        route(
            Method::GET,
            "/office/hall/staff/assessments.xlsx",
            staff(),
            get(staff_assessments::export),
        ),
        route(
            Method::POST,
            "/office/hall/staff/notices",
            staff(),
            post(staff_assessments::send),
        ),
        route(
            Method::GET,
            "/office/hall/staff/notices/{id}",
            staff(),
            get(staff_assessments::notice),
        ),
    ]
}
