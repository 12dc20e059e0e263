//! 安全事件登记 (SEC-INCIDENT): the incident register's list — by year and status, with the
//! levels defined on the page — and the form the security administrator records an incident
//! with; the audit and system administrators read it. The incident's own page is `incident`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access::{self, Op};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::security::incidents::{self, Incident, Kind, Level, NewIncident, StatusFilter};
use serde::Deserialize;

use super::registers::{Pairs, current_year, refusal, unit_choices, year_or_current};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Query};
use crate::staff::Staff;

/// One incident in the list.
pub struct IncidentLine {
    id: i64,
    found_at: String,
    level: &'static str,
    kind: &'static str,
    title: String,
    units: String,
    reported: String,
    closed: bool,
    awaits_report: bool,
}

/// The units of a record as a page shows them.
pub(super) fn unit_names(units: &[(i64, String)]) -> String {
    if units.is_empty() {
        return "—".into();
    }
    units
        .iter()
        .map(|(_, name)| name.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

impl From<Incident> for IncidentLine {
    fn from(incident: Incident) -> Self {
        let reported = if incident.n_reports > 0 {
            format!("已上报 {} 次", incident.n_reports)
        } else {
            "未上报".into()
        };
        Self {
            id: incident.id,
            found_at: minute_of(incident.found_at),
            level: incident.level.label_zh(),
            kind: incident.kind.label_zh(),
            units: unit_names(&incident.units),
            reported,
            closed: incident.is_closed(),
            awaits_report: incident.awaits_report(),
            title: incident.title,
        }
    }
}

/// The record form as typed, to show again with a refusal.
#[derive(Default)]
pub struct Draft {
    found_at: String,
    level: String,
    kind: String,
    title: String,
    description: String,
    units: Vec<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/security_incidents.html")]
pub struct IncidentsPage {
    chrome: Chrome,
    year: i32,
    status: String,
    years: Vec<i32>,
    incidents: Vec<IncidentLine>,
    can_edit: bool,
    /// (code, label, definition)
    levels: Vec<(&'static str, &'static str, &'static str)>,
    kinds: Vec<(&'static str, &'static str)>,
    units: Vec<(i64, String)>,
    draft: Draft,
    error: Option<String>,
}

/// The years the filter offers: this one and the four before, and the one asked for.
fn years_offered(year: i32) -> Vec<i32> {
    let current = current_year();
    let mut years: Vec<i32> = (current - 4..=current).rev().collect();
    if !years.contains(&year) {
        years.push(year);
        years.sort_unstable_by(|a, b| b.cmp(a));
    }
    years
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (year, status): (i32, &str),
    draft: Draft,
    error: Option<String>,
) -> Result<IncidentsPage, PageError> {
    let filter = StatusFilter::parse(status)?;
    let incidents = incidents::list(&state.platform.db, year, filter)
        .await?
        .into_iter()
        .map(IncidentLine::from)
        .collect();
    let draft = Draft {
        found_at: if draft.found_at.is_empty() {
            crate::chrome::minute_of(now_ms()).replace(' ', "T")
        } else {
            draft.found_at
        },
        ..draft
    };
    Ok(IncidentsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        year,
        status: status.trim().to_owned(),
        years: years_offered(year),
        incidents,
        can_edit: access::security_incidents(&staff.actor, Op::Edit),
        levels: Level::ALL
            .iter()
            .map(|l| (l.code(), l.label_zh(), l.definition_zh()))
            .collect(),
        kinds: Kind::ALL.iter().map(|k| (k.code(), k.label_zh())).collect(),
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
    #[serde(default)]
    status: String,
}

/// `GET /office/security/incidents?year=&status=`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<IncidentsPage, PageError> {
    let year = year_or_current(&query.year)?;
    page(
        &state,
        &csrf,
        &staff,
        (year, &query.status),
        Draft::default(),
        None,
    )
    .await
}

const RECORD_FIELDS: &[&str] = &["found_at", "level", "kind", "title", "description"];

/// `POST /office/security/incidents`: SEC-INCIDENT, registers an incident and opens its page.
pub async fn record(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let pairs = Pairs::read(pairs, RECORD_FIELDS)?;
    let draft = Draft {
        found_at: pairs.one("found_at").to_owned(),
        level: pairs.one("level").to_owned(),
        kind: pairs.one("kind").to_owned(),
        title: pairs.one("title").to_owned(),
        description: pairs.one("description").to_owned(),
        units: pairs.units().unwrap_or_default(),
    };
    let result = async {
        let new = NewIncident {
            found_at: platform::security::parse_minute("发现时间", pairs.one("found_at"))?,
            level: Level::parse(pairs.one("level"))?,
            kind: Kind::parse(pairs.one("kind"))?,
            title: pairs.one("title").to_owned(),
            description: pairs.one("description").to_owned(),
            units: pairs.units()?,
        };
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = now_ms();
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(async move { incidents::record(tx, &actor, &new, now).await })
            })
            .await
    }
    .await;
    match result {
        Ok(id) => Ok(Redirect::to(&format!("/office/security/incidents/{id}")).into_response()),
        Err(error) => {
            let (status, message) = refusal(error)?;
            let shown = page(
                &state,
                &csrf,
                &staff,
                (current_year(), ""),
                draft,
                Some(message),
            );
            Ok((status, shown.await?).into_response())
        }
    }
}
