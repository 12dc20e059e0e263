//! 12345 supervision in the back office (HL-REMIND, HL-SUPERVISE, HL-ACCOUNT,
//! OPS-ESUPERVISE): the supervisor's view of every running clock, red/yellow/green per unit
//! with a drill-down list, the open supervisions with their level and the escalate form, and
//! the accountability events with the form to record one. Order numbers only, never the
//! appellant (HL-PRIVACY).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use hotline::AppealId;
use hotline::account::AccountKind;
use hotline::supervision::{self, level_code, level_from_code};
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::Staff;

use super::SupervisionId;

pub struct UnitLine {
    id: i64,
    name: String,
    red: i64,
    yellow: i64,
    green: i64,
}

pub struct ClockLine {
    order_id: i64,
    number: String,
    unit: String,
    rule: String,
    light: &'static str,
    light_label: &'static str,
    due: String,
    paused: bool,
}

pub struct SupervisionLine {
    id: i64,
    order_id: i64,
    number: String,
    unit: String,
    trigger: &'static str,
    level: &'static str,
    next: Option<(&'static str, &'static str)>,
    opened: String,
    note: String,
}

pub struct AccountLine {
    unit: String,
    number: Option<String>,
    order_id: Option<i64>,
    kind: &'static str,
    recorded: String,
    by_job: bool,
    note: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_supervision.html")]
pub struct SupervisionPage {
    chrome: Chrome,
    units: Vec<UnitLine>,
    unit: Option<i64>,
    clocks: Vec<ClockLine>,
    supervisions: Vec<SupervisionLine>,
    events: Vec<AccountLine>,
    all_units: Vec<(i64, String)>,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ViewQuery {
    unit: Option<i64>,
}

fn light_label(light: calendar::Light) -> &'static str {
    match light {
        calendar::Light::Green => "绿灯",
        calendar::Light::Yellow => "黄灯",
        calendar::Light::Red => "红灯",
    }
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    unit: Option<i64>,
    error: Option<String>,
) -> Result<SupervisionPage, PageError> {
    let db = &state.platform.db;
    let now = Instant::from_millis(now_ms());
    let units = supervision::lights_by_unit(db, now)
        .await?
        .into_iter()
        .map(|u| UnitLine {
            id: u.unit_id,
            name: u.unit_name,
            red: u.red,
            yellow: u.yellow,
            green: u.green,
        })
        .collect();
    let clocks = supervision::running_order_clocks(db, now, unit, 500)
        .await?
        .into_iter()
        .map(|c| ClockLine {
            order_id: c.order_id.0,
            number: c.number,
            unit: c.unit_name,
            rule: hotline::order::clock_name(&c.rule_id).to_owned(),
            light: c.light.code(),
            light_label: light_label(c.light),
            due: minute_of(c.due_at.millis()),
            paused: c.paused,
        })
        .collect();
    let supervisions = supervision::open_supervisions(db, unit)
        .await?
        .into_iter()
        .map(|s| SupervisionLine {
            id: s.id,
            order_id: s.order_id.0,
            number: s.number,
            unit: s.unit_name,
            trigger: s.trigger_label,
            level: s.level.label_zh(),
            next: s.level.next().map(|n| (level_code(n), n.label_zh())),
            opened: minute_of(s.opened_at.millis()),
            note: s.note,
        })
        .collect();
    let events = supervision::recent_accountability(db, 100)
        .await?
        .into_iter()
        .map(|e| AccountLine {
            unit: e.unit_name,
            number: e.number,
            order_id: e.order_id.map(|id| id.0),
            kind: e.kind.label_zh(),
            recorded: minute_of(e.recorded_at.millis()),
            by_job: e.recorded_by.is_none(),
            note: e.note,
        })
        .collect();
    let all_units = platform::units::list(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect();
    Ok(SupervisionPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        units,
        unit,
        clocks,
        supervisions,
        events,
        all_units,
        kinds: AccountKind::ALL
            .iter()
            .map(|k| (k.code(), k.label_zh()))
            .collect(),
        error,
    })
}

/// `GET /office/hotline/supervision[?unit=ID]`: the supervisor's view (OPS-ESUPERVISE).
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<ViewQuery>,
) -> Result<SupervisionPage, PageError> {
    page(&state, &csrf, &staff, query.unit, None).await
}

async fn respond(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to("/office/hotline/supervision").into_response()),
        Err(
            platform::Error::Invalid(message)
            | platform::Error::Conflict(message)
            | platform::Error::NotFound(message),
        ) => Ok((
            StatusCode::BAD_REQUEST,
            page(state, csrf, staff, None, Some(message)).await?,
        )
            .into_response()),
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalateForm {
    to_level: String,
    note: String,
}

/// `POST /office/hotline/supervision/{id}/escalate` (HL-SUPERVISE): one level up, audited.
pub async fn escalate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SupervisionId(id)): Id<SupervisionId>,
    Form(form): Form<EscalateForm>,
) -> Result<Response, PageError> {
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let outcome = async {
        let level = level_from_code(&form.to_level)?;
        supervision::escalate(
            &state.platform.db,
            &state.platform.key,
            &actor,
            id,
            level,
            &form.note,
            Instant::from_millis(now_ms()),
        )
        .await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    order: String,
    #[serde(default)]
    kind: String,
    note: String,
}

/// `POST /office/hotline/accountability` (HL-ACCOUNT): a supervisor records an event.
pub async fn record(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<AccountForm>,
) -> Result<Response, PageError> {
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let outcome = async {
        let kind = AccountKind::ALL
            .into_iter()
            .find(|k| k.code() == form.kind)
            .ok_or_else(|| platform::Error::invalid("请选择问责情形"))?;
        // Issue 14 item 9: no unit is preselected, so none is recorded by default.
        let unit = form
            .unit
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| platform::Error::invalid("请选择责任单位"))?;
        let order = match form.order.trim() {
            "" => None,
            number => Some(order_by_number(&state, number).await?),
        };
        supervision::record_accountability(
            &state.platform.db,
            &actor,
            unit,
            order,
            kind,
            &form.note,
            Instant::from_millis(now_ms()),
        )
        .await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, outcome).await
}

/// The order of a number as the supervisor types it.
async fn order_by_number(state: &AppState, number: &str) -> platform::Result<AppealId> {
    hotline::store::appeals::by_number(&state.platform.db, number)
        .await?
        .map(|appeal| appeal.id)
        .ok_or_else(|| platform::Error::invalid(format!("没有编号为 {number} 的工单")))
}
