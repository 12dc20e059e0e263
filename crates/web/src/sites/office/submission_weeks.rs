//! The weekly quota of the units' submissions (WEB-SUBMIT; 004 §26: 每周至少报送1条以上信息,
//! 004 §40: 报送信息连续3次以上不及时…单位主要领导要向市委、市政府说明情况):
//! `/office/sites/submissions/weeks` is the table of units × weeks — submitted and adopted,
//! met or not against the profile's `website.unit_weekly_submissions`, each unit's runs of
//! `website.submission_late_run` missed weeks in a row in the window — and the accountability
//! records the hourly job made of such runs, with the unit leader's written explanation form
//! (given once, through `sites::usecase::explain_late_run`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use calendar::Instant;
use chrono::{Datelike as _, Days, NaiveDate};
use platform::access::{self, SubmissionOp};
use platform::db::now_ms;
use platform::roles::Role;
use serde::Deserialize;
use sites::UnitId;
use sites::submission::quota::{self, WeekStatus};
use sites::usecase::{self, submission_weeks::MAX_WEEKS};

use super::acting;
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query, path_id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// A recorded run's id in a back-office path.
pub(crate) struct RunNo(pub i64);
path_id!(RunNo, "报送问责记录");

/// The rows of the weekly table and the explanation.
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/sites/submissions/weeks",
            S(|a| access::site_submissions(a, SubmissionOp::View)),
            get(weeks),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/runs/{id}/explain",
            S(|a| access::site_submissions(a, SubmissionOp::Explain)),
            post(explain),
        ),
    ]
}

/// The weeks the table shows unless asked.
const DEFAULT_WEEKS: u32 = 8;

/// `?from=YYYY-MM-DD&weeks=N`.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct WeeksQuery {
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    weeks: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// One week of one unit.
pub struct Cell {
    pub light: &'static str,
    pub words: &'static str,
    pub submitted: u32,
    pub adopted: u32,
}

/// One unit's line.
pub struct UnitRow {
    pub name: String,
    pub cells: Vec<Cell>,
    pub submitted: u32,
    pub adopted: u32,
    pub missed: usize,
    /// The runs of missed weeks in a row in the window, in words.
    pub runs: Vec<String>,
}

/// A recorded run of missed weeks (an accountability event).
pub struct RunLine {
    pub id: i64,
    pub version: i64,
    pub unit: String,
    pub span: String,
    pub weeks: u32,
    pub recorded: String,
    pub explanation: Option<String>,
    pub explained: String,
    /// The viewer may write the explanation (a leader of the unit, none given yet).
    pub may_explain: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_submission_weeks.html")]
pub struct WeeksPage {
    chrome: Chrome,
    per_week: u32,
    late_run: u32,
    from: String,
    weeks: u32,
    max_weeks: u32,
    mondays: Vec<String>,
    units: Vec<UnitRow>,
    runs: Vec<RunLine>,
    earlier: String,
    later: String,
    error: Option<String>,
    done: bool,
}

const fn light_of(status: WeekStatus) -> &'static str {
    match status {
        WeekStatus::Met => "green",
        WeekStatus::Missed => "red",
        WeekStatus::Open => "yellow",
        WeekStatus::NotRequired | WeekStatus::NotTracked => "",
    }
}

fn shift(monday: NaiveDate, weeks: i64) -> NaiveDate {
    let days = Days::new(7 * weeks.unsigned_abs());
    if weeks < 0 {
        monday.checked_sub_days(days).unwrap_or(monday)
    } else {
        monday.checked_add_days(days).unwrap_or(monday)
    }
}

/// The window asked for: its first Monday and number of weeks, or the message.
fn window(query: &WeeksQuery, today: NaiveDate) -> Result<(NaiveDate, u32), String> {
    let weeks = match query.weeks.as_deref().map(str::trim) {
        None | Some("") => DEFAULT_WEEKS,
        Some(text) => match text.parse::<u32>() {
            Ok(n) if (1..=MAX_WEEKS).contains(&n) => n,
            _ => return Err(format!("统计周数应在 1 到 {MAX_WEEKS} 之间")),
        },
    };
    let first = match query.from.as_deref().map(str::trim) {
        None | Some("") => shift(quota::week_of(today), -i64::from(weeks - 1)),
        Some(text) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(date) if date.year() >= 2000 && date <= today => quota::week_of(date),
            _ => return Err("起始日期应为不晚于今天的日期，如 2026-03-02".to_owned()),
        },
    };
    Ok((first, weeks))
}

async fn weeks_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    query: &WeeksQuery,
    error: Option<String>,
) -> Result<(StatusCode, WeeksPage), PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let today = Instant::from_millis(now_ms()).local_date();
    let (status, (first, weeks), error) = match window(query, today) {
        Ok(window) => (StatusCode::OK, window, error),
        Err(message) => {
            let fallback = WeeksQuery::default();
            let window = window(&fallback, today).map_err(platform::Error::invalid)?;
            (StatusCode::BAD_REQUEST, window, Some(message))
        }
    };
    let table = usecase::submission_weeks(db, &profile, first, weeks, today).await?;
    let late_run = profile.website.submission_late_run;
    let units = table
        .units
        .iter()
        .map(|line| UnitRow {
            name: line.name.clone(),
            cells: line
                .weeks
                .weeks
                .iter()
                .map(|week| Cell {
                    light: light_of(week.status),
                    words: week.status.label_zh(),
                    submitted: week.submitted,
                    adopted: week.adopted,
                })
                .collect(),
            submitted: line.weeks.submitted(),
            adopted: line.weeks.adopted(),
            missed: line.weeks.missed(),
            runs: quota::late_runs(&line.weeks.weeks, late_run)
                .iter()
                .map(|run| format!("{}起连续{}周", run.first.format("%m-%d"), run.weeks))
                .collect(),
        })
        .collect();
    let names: Vec<(i64, String)> = platform::units::list(db)
        .await?
        .into_iter()
        .map(|unit| (unit.id, unit.name))
        .collect();
    let name = |id: UnitId| {
        names
            .iter()
            .find(|(unit, _)| *unit == id.0)
            .map(|(_, name)| name.clone())
            .unwrap_or_default()
    };
    let acting = acting(staff);
    let mut runs = Vec::new();
    for record in usecase::late_runs(db, None).await? {
        let explained = match (record.explained_by, record.explained_at) {
            (Some(by), Some(at)) => {
                let who = platform::users::get(db, by.0)
                    .await
                    .map(|a| a.display_name)
                    .unwrap_or_default();
                format!("{who} 于 {}", minute_of(at.millis()))
            }
            _ => String::new(),
        };
        runs.push(RunLine {
            id: record.id,
            version: record.version,
            unit: name(record.unit),
            span: format!(
                "{} 至 {} 所在周",
                record.first_week,
                shift(record.last_week, 1)
                    .pred_opt()
                    .unwrap_or(record.last_week)
            ),
            weeks: record.weeks,
            recorded: date_of(record.recorded_at.millis()),
            may_explain: record.explanation.is_none()
                && acting.has_in(Role::UnitLeader, record.unit),
            explanation: record.explanation,
            explained,
        });
    }
    let page = WeeksPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        per_week: table.per_week,
        late_run,
        from: first.to_string(),
        weeks,
        max_weeks: MAX_WEEKS,
        mondays: table
            .mondays
            .iter()
            .map(|monday| monday.format("%m-%d").to_string())
            .collect(),
        units,
        runs,
        earlier: shift(first, -i64::from(weeks)).to_string(),
        later: shift(first, i64::from(weeks)).min(today).to_string(),
        error,
        done: query.done.is_some(),
    };
    Ok((status, page))
}

/// `GET /office/sites/submissions/weeks`.
pub async fn weeks(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<WeeksQuery>,
) -> Result<Response, PageError> {
    let (status, page) = weeks_page(&state, &csrf, &staff, &query, None).await?;
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplainForm {
    version: i64,
    #[serde(default)]
    explanation: String,
}

/// `POST /office/sites/submissions/runs/{id}/explain`: WEB-SUBMIT (004 §40), the unit
/// leader's written explanation of a run of missed weeks, once.
pub async fn explain(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(RunNo(id)): Id<RunNo>,
    Form(form): Form<ExplainForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let acting = acting(&staff);
    // Only a run of the viewer's unit is theirs to see: another's is not found.
    let known = usecase::late_runs(db, Some(UnitId(staff.actor.unit_id)))
        .await?
        .into_iter()
        .any(|record| record.id == id);
    if !known {
        return Err(PageError(platform::Error::not_found("报送问责记录")));
    }
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = usecase::explain_late_run(
        db,
        &context,
        &acting,
        id,
        &form.explanation,
        Some(form.version),
    )
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to("/office/sites/submissions/weeks?done=1#runs").into_response()),
        Err(error) if super::shown_on_page(&error) => {
            let query = WeeksQuery::default();
            let message = Some(error.to_string());
            let (_, page) = weeks_page(&state, &csrf, &staff, &query, message).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn the_window_ends_this_week_unless_asked_and_refuses_bad_input() {
        let today = date("2026-03-11"); // a Wednesday
        let default = window(&WeeksQuery::default(), today);
        assert_eq!(default, Ok((date("2026-01-19"), DEFAULT_WEEKS)));
        let asked = WeeksQuery {
            from: Some("2026-02-04".into()),
            weeks: Some("3".into()),
            done: None,
        };
        assert_eq!(window(&asked, today), Ok((date("2026-02-02"), 3)));
        for (from, weeks) in [
            ("2026-13-01", "3"),
            ("2027-01-01", "3"),
            ("", "0"),
            ("", "x"),
        ] {
            let bad = WeeksQuery {
                from: Some(from.into()),
                weeks: Some(weeks.into()),
                done: None,
            };
            assert!(window(&bad, today).is_err(), "{from} {weeks}");
        }
    }
}
