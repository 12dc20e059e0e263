//! 应急演练记录 (SEC-DRILL): per year, whether a drill was held (a visible warning while the
//! current year has none), the year's drills, the form the security administrator plans one
//! with, and a drill's page where it is recorded as held with its findings and follow-ups.
//! The audit and system administrators read.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access::{self, Op};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::security::drills::{self, Drill, Held, NewDrill, YearStatus};
use platform::security::parse_date;
use serde::Deserialize;

use super::DrillId;
use super::incidents::unit_names;
use super::registers::{Pairs, current_year, refusal, unit_choices, year_or_current};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::Staff;

/// SEC-DRILL: the warning while the current year has no drill held, for the drills page and
/// the security administrator's workbench; `None` when the year is in order.
pub(crate) fn warning(status: &YearStatus) -> Option<String> {
    (!status.met()).then(|| {
        let planned = if status.n_planned > 0 {
            format!("（已计划 {} 次，尚未实施）", status.n_planned)
        } else {
            String::new()
        };
        format!(
            "SEC-DRILL：{} 年尚未开展应急演练{planned}。每年至少开展 1 次应急演练，并记录发现的问题和整改措施。",
            status.year
        )
    })
}

pub struct DrillLine {
    id: i64,
    date: String,
    held: bool,
    scenario: String,
    units: String,
    findings: String,
}

impl From<Drill> for DrillLine {
    fn from(drill: Drill) -> Self {
        Self {
            id: drill.id,
            date: drill
                .held_on
                .unwrap_or(drill.planned_on)
                .format("%Y-%m-%d")
                .to_string(),
            held: drill.held_on.is_some(),
            units: unit_names(&drill.units),
            findings: drill.findings.unwrap_or_default(),
            scenario: drill.scenario,
        }
    }
}

pub struct YearLine {
    year: i32,
    n_held: i64,
    n_planned: i64,
    met: bool,
}

/// The plan form as typed, to show again with a refusal.
#[derive(Default)]
pub struct Draft {
    planned_on: String,
    scenario: String,
    units: Vec<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/security_drills.html")]
pub struct DrillsPage {
    chrome: Chrome,
    year: i32,
    years: Vec<YearLine>,
    warning: Option<String>,
    drills: Vec<DrillLine>,
    can_edit: bool,
    units: Vec<(i64, String)>,
    draft: Draft,
    error: Option<String>,
}

async fn page(
    state: &AppState,
    (csrf, staff): (&CsrfToken, &Staff),
    year: i32,
    draft: Draft,
    error: Option<String>,
) -> Result<DrillsPage, PageError> {
    let db = &state.platform.db;
    let current = current_year();
    let statuses = drills::years(db, current).await?;
    let warning = statuses
        .iter()
        .find(|s| s.year == current)
        .and_then(warning);
    Ok(DrillsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        year,
        years: statuses
            .iter()
            .map(|s| YearLine {
                year: s.year,
                n_held: s.n_held,
                n_planned: s.n_planned,
                met: s.met(),
            })
            .collect(),
        warning,
        drills: drills::list(db, year)
            .await?
            .into_iter()
            .map(DrillLine::from)
            .collect(),
        can_edit: access::security_drills(&staff.actor, Op::Edit),
        units: unit_choices(state).await?,
        draft,
        error,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default)]
    year: String,
}

/// `GET /office/security/drills?year=`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<DrillsPage, PageError> {
    let year = year_or_current(&query.year)?;
    page(&state, (&csrf, &staff), year, Draft::default(), None).await
}

/// `POST /office/security/drills`: SEC-DRILL, plans a drill.
pub async fn plan(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let pairs = Pairs::read(pairs, &["planned_on", "scenario"])?;
    let draft = Draft {
        planned_on: pairs.one("planned_on").to_owned(),
        scenario: pairs.one("scenario").to_owned(),
        units: pairs.units().unwrap_or_default(),
    };
    let result = async {
        let new = NewDrill {
            planned_on: parse_date("计划日期", pairs.one("planned_on"))?,
            scenario: pairs.one("scenario").to_owned(),
            units: pairs.units()?,
        };
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| Box::pin(async move { drills::plan(tx, &actor, &new, now).await }))
            .await
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/office/security/drills/{id}")).into_response()),
        Err(error) => {
            let (status, message) = refusal(error)?;
            let shown = page(
                &state,
                (&csrf, &staff),
                current_year(),
                draft,
                Some(message),
            );
            Ok((status, shown.await?).into_response())
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/security_drill.html")]
pub struct DrillPage {
    chrome: Chrome,
    id: i64,
    planned_on: String,
    held_on: Option<String>,
    scenario: String,
    units: String,
    findings: String,
    follow_ups: String,
    recorded_by: String,
    can_edit: bool,
    today: String,
    error: Option<String>,
}

async fn drill_page(
    state: &AppState,
    (csrf, staff): (&CsrfToken, &Staff),
    id: i64,
    error: Option<String>,
) -> Result<DrillPage, PageError> {
    let drill = drills::get(&state.platform.db, id).await?;
    Ok(DrillPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id,
        planned_on: drill.planned_on.format("%Y-%m-%d").to_string(),
        held_on: drill.held_on.map(|d| d.format("%Y-%m-%d").to_string()),
        units: unit_names(&drill.units),
        findings: drill.findings.unwrap_or_default(),
        follow_ups: drill.follow_ups.unwrap_or_default(),
        recorded_by: drill.recorded_by.unwrap_or_else(|| "系统".into()),
        scenario: drill.scenario,
        can_edit: access::security_drills(&staff.actor, Op::Edit),
        today: platform::security::local_date(now_ms())
            .format("%Y-%m-%d")
            .to_string(),
        error,
    })
}

/// `GET /office/security/drills/{id}`.
pub async fn view(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(DrillId(id)): Id<DrillId>,
) -> Result<DrillPage, PageError> {
    drill_page(&state, (&csrf, &staff), id, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeldForm {
    held_on: String,
    findings: String,
    #[serde(default)]
    follow_ups: String,
}

/// `POST /office/security/drills/{id}/held`: SEC-DRILL, the drill took place; its findings.
pub async fn record_held(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(DrillId(id)): Id<DrillId>,
    Form(form): Form<HeldForm>,
) -> Result<Response, PageError> {
    let result = async {
        let held = Held {
            held_on: parse_date("实施日期", &form.held_on)?,
            findings: form.findings,
            follow_ups: form.follow_ups,
        };
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(async move { drills::record_held(tx, &actor, id, &held, now).await })
            })
            .await
    }
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/office/security/drills/{id}")).into_response()),
        Err(error) => {
            let (status, message) = refusal(error)?;
            let shown = drill_page(&state, (&csrf, &staff), id, Some(message)).await?;
            Ok((status, shown).into_response())
        }
    }
}
