//! Editing the working calendar one date at a time (CAL-WD, issue 3 item 6): mark a date as
//! a holiday or a make-up working day of its year's schedule, close the hall locally, or
//! remove such a mark. System administrator only; every edit is audited by `workcal`.

use axum::extract::State;
use axum::response::Redirect;
use chrono::{Datelike as _, NaiveDate};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::workcal::{self, DayMark, Layer};
use serde::Deserialize;

use crate::AppState;
use crate::error::PageError;
use crate::extract::Form;
use crate::staff::Staff;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DayForm {
    date: String,
    /// `holiday`, `makeup`, `closed`, `clear_schedule` or `clear_closed`.
    action: String,
    #[serde(default)]
    name: String,
}

/// `POST /office/calendar/day`: answers with the year view and a notice, or the error page
/// (400, the field named) when the input is refused; a refused edit changes nothing.
pub async fn save(
    State(state): State<AppState>,
    staff: Staff,
    Form(form): Form<DayForm>,
) -> Result<Redirect, PageError> {
    let date = NaiveDate::parse_from_str(form.date.trim(), "%Y-%m-%d").map_err(|_| {
        platform::Error::invalid(format!("日期“{}”格式不正确，应为 YYYY-MM-DD", form.date))
    })?;
    if form.name.chars().count() > 40 {
        return Err(platform::Error::invalid("名称或原因不能超过 40 个字符").into());
    }
    let db = &state.platform.db;
    let jurisdiction = platform::jurisdiction::require_current(db).await?;
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let now = now_ms();
    match form.action.as_str() {
        "clear_schedule" => {
            workcal::clear_day(db, &actor, jurisdiction.id, date, Layer::Schedule, now).await?
        }
        "clear_closed" => {
            workcal::clear_day(db, &actor, jurisdiction.id, date, Layer::LocalClosed, now).await?
        }
        mark => {
            workcal::set_day(
                db,
                &actor,
                jurisdiction.id,
                date,
                DayMark::parse(mark)?,
                &form.name,
                now,
            )
            .await?
        }
    }
    Ok(Redirect::to(&format!(
        "/office/calendar?year={}&day_saved={date}",
        date.year()
    )))
}
