//! Importing a year's holiday schedule (CAL-WD): the text as published (one line a day or
//! a range, with its name), checked line by line with every problem named, a preview of the
//! year before saving, and the audited save (system administrator).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::{Calendar, Instant, parse_schedule};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::workcal;
use serde::Deserialize;

use super::view::{FIRST_YEAR, LAST_YEAR, MarkLine, MonthView, marks_of, months_of};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

#[derive(Template, WebTemplate)]
#[template(path = "office/calendar_import.html")]
pub struct ImportPage {
    chrome: Chrome,
    year: String,
    text: String,
    error: Option<String>,
    /// The year as it would look, shown before saving.
    preview: bool,
    months: Vec<MonthView>,
    marks: Vec<MarkLine>,
    summary: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportForm {
    year: String,
    text: String,
}

async fn import_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    year: String,
    text: String,
) -> Result<ImportPage, PageError> {
    Ok(ImportPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        year,
        text,
        error: None,
        preview: false,
        months: Vec::new(),
        marks: Vec::new(),
        summary: String::new(),
    })
}

/// `GET /office/calendar/import`: the paste form, the year defaulting to the one after the
/// last known year.
pub async fn import_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ImportPage, PageError> {
    let calendar = workcal::load_current(&state.platform.db).await?;
    let year = calendar
        .last_known_year()
        .map(|year| (year + 1).to_string())
        .unwrap_or_default();
    import_page(&state, &csrf, &staff, year, String::new()).await
}

/// Parses and checks the pasted year: the line-numbered errors of `parse_schedule`, then the
/// calendar's own checks (a gap after the known years).
fn checked_import(
    calendar: &Calendar,
    form: &ImportForm,
) -> platform::Result<(i32, Vec<calendar::ScheduleEntry>, Calendar)> {
    let year = form
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|year| (FIRST_YEAR..=LAST_YEAR).contains(year))
        .ok_or_else(|| {
            platform::Error::invalid(format!(
                "年份“{}”无效，应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的整数",
                form.year.trim()
            ))
        })?;
    let entries = parse_schedule(&form.text, Some(year))
        .map_err(|e| platform::Error::invalid(e.to_string()))?;
    if !entries
        .iter()
        .any(|entry| entry.kind == calendar::EntryKind::Holiday)
    {
        return Err(platform::Error::invalid(format!(
            "{year} 年的安排中没有任何节假日：每年至少应有一条 holiday"
        )));
    }
    let previewed = calendar
        .with_year(year, entries.clone())
        .map_err(|e| platform::Error::invalid(e.to_string()))?;
    Ok((year, entries, previewed))
}

async fn refused(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: ImportForm,
    error: platform::Error,
) -> Result<Response, PageError> {
    let mut page = import_page(state, csrf, staff, form.year, form.text).await?;
    page.error = Some(format!("{error}；未保存任何内容"));
    Ok((crate::error::status_of(&error), page).into_response())
}

/// `POST /office/calendar/import/preview`: the year as it would look, before saving.
pub async fn import_preview(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ImportForm>,
) -> Result<Response, PageError> {
    let calendar = workcal::load_current(&state.platform.db).await?;
    let (year, entries, previewed) = match checked_import(&calendar, &form) {
        Ok(checked) => checked,
        Err(error @ platform::Error::Invalid(_)) => {
            return refused(&state, &csrf, &staff, form, error).await;
        }
        Err(error) => return Err(error.into()),
    };
    let holidays = entries
        .iter()
        .filter(|entry| entry.kind == calendar::EntryKind::Holiday)
        .count();
    let replacing = if calendar.has_year(year) {
        format!("，将替换现有的 {year} 年安排")
    } else {
        String::new()
    };
    let mut page = import_page(&state, &csrf, &staff, year.to_string(), form.text).await?;
    page.preview = true;
    page.months = months_of(&previewed, year, &[]);
    page.marks = marks_of(&previewed, year);
    page.summary = format!(
        "{year} 年：节假日 {holidays} 天，调休上班 {} 天{replacing}。请核对后保存。",
        entries.len() - holidays
    );
    Ok(page.into_response())
}

/// `POST /office/calendar/import`: stores the year (audited), recomputes the clocks whose
/// due instants were provisional, and shows the year.
pub async fn import_save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ImportForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let jurisdiction = platform::jurisdiction::require_current(db).await?;
    let calendar = workcal::load(db, jurisdiction.id, &jurisdiction.profile).await?;
    let (year, entries) = match checked_import(&calendar, &form) {
        Ok((year, entries, _)) => (year, entries),
        Err(error @ platform::Error::Invalid(_)) => {
            return refused(&state, &csrf, &staff, form, error).await;
        }
        Err(error) => return Err(error.into()),
    };
    let source = workcal::citation_in(&form.text, year).unwrap_or_default();
    let now = now_ms();
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    match workcal::import_year(db, &actor, jurisdiction.id, year, entries, &source, now).await {
        Ok(_) => {}
        Err(error @ (platform::Error::Invalid(_) | platform::Error::Conflict(_))) => {
            return refused(&state, &csrf, &staff, form, error).await;
        }
        Err(error) => return Err(error.into()),
    }
    let calendar = workcal::load(db, jurisdiction.id, &jurisdiction.profile).await?;
    platform::clocks::recompute_provisional(
        db,
        &calendar,
        &jurisdiction.profile,
        Instant::from_millis(now),
    )
    .await?;
    Ok(Redirect::to(&format!("/office/calendar?year={year}&imported=1")).into_response())
}
