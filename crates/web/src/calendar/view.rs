//! The working calendar pages (CAL-WD, CAL-DUE): a year of month grids with holidays and
//! make-up days, the due-date calculator ("如果现在受理，何时到期？"), and the import of a
//! year's schedule with a preview before saving (system administrator). Every page works
//! without JavaScript; bad input answers 400 naming the field or the line.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::{Calendar, DayKind, Instant, Limit, LimitUnit};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use platform::access::{self, Op};
use platform::db::now_ms;
use platform::workcal;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;

pub(super) const FIRST_YEAR: i32 = 1990;
pub(super) const LAST_YEAR: i32 = 2100;

/// One day of a month grid (`day == 0` is an empty cell before the 1st or after the last).
pub struct CellView {
    pub(super) day: u32,
    pub(super) class: String,
    pub(super) label: String,
    pub(super) title: String,
}

pub struct MonthView {
    pub(super) title: String,
    pub(super) weeks: Vec<Vec<CellView>>,
}

/// A run of holidays, a make-up day or a local closure of the year, listed under the grid.
pub struct MarkLine {
    pub(super) class: &'static str,
    pub(super) text: String,
}

/// The calculator's inputs, echoed back into the form.
#[derive(Default)]
pub struct DueForm {
    start: String,
    n: String,
    unit: String,
}

/// The calculator's answer.
pub struct DueAnswer {
    start: String,
    limit: String,
    due_text: String,
    due_rfc3339: String,
    working_days: i64,
    natural_days: i64,
    skipped: Vec<String>,
    provisional: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/calendar.html")]
pub struct CalendarPage {
    chrome: Chrome,
    year: i32,
    prev_year: i32,
    next_year: i32,
    months: Vec<MonthView>,
    marks: Vec<MarkLine>,
    provisional: bool,
    last_known_year: String,
    warning: Option<String>,
    notice: Option<String>,
    error: Option<String>,
    can_edit: bool,
    form: DueForm,
    units: Vec<(&'static str, &'static str)>,
    answer: Option<DueAnswer>,
}

fn weekday_zh(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "星期一",
        Weekday::Tue => "星期二",
        Weekday::Wed => "星期三",
        Weekday::Thu => "星期四",
        Weekday::Fri => "星期五",
        Weekday::Sat => "星期六",
        Weekday::Sun => "星期日",
    }
}

/// `2027年2月10日（星期三）`.
fn date_zh(date: NaiveDate) -> String {
    format!(
        "{}年{}月{}日（{}）",
        date.year(),
        date.month(),
        date.day(),
        weekday_zh(date.weekday())
    )
}

/// `2027年2月10日（星期三）18:00`.
fn instant_zh(instant: Instant) -> String {
    let local = instant.to_datetime();
    format!("{} {}", date_zh(local.date_naive()), local.format("%H:%M"))
}

fn closed_reason(calendar: &Calendar, date: NaiveDate) -> Option<&str> {
    calendar
        .local_closed_days()
        .iter()
        .find(|day| day.date == date)
        .map(|day| day.reason.as_str())
}

fn cell(calendar: &Calendar, date: NaiveDate, highlights: &[(NaiveDate, &str)]) -> CellView {
    let info = calendar.day_info(date);
    let closed = closed_reason(calendar, date);
    let mut class = match (info.kind, closed) {
        (DayKind::Holiday, Some(_)) => "closed".to_owned(),
        (kind, _) => kind.code().to_owned(),
    };
    if info.provisional {
        class.push_str(" provisional");
    }
    for (day, mark) in highlights {
        if *day == date {
            class.push(' ');
            class.push_str(mark);
        }
    }
    let previous_name = date
        .pred_opt()
        .and_then(|before| calendar.day_info(before).name);
    let label = match info.kind {
        DayKind::Holiday if closed.is_some() => "闭".to_owned(),
        DayKind::Holiday if info.name.is_some() && info.name != previous_name => {
            info.name.clone().unwrap_or_default()
        }
        DayKind::Holiday => "休".to_owned(),
        DayKind::Makeup => "班".to_owned(),
        DayKind::Workday | DayKind::Weekend => String::new(),
    };
    let mut title = format!("{} {}", date_zh(date), info.kind.label_zh());
    if let Some(name) = &info.name {
        title.push_str(&format!("（{name}）"));
    }
    if info.provisional {
        title.push_str("，暂定：该年尚无节假日安排");
    }
    CellView {
        day: date.day(),
        class,
        label,
        title,
    }
}

fn month_view(
    calendar: &Calendar,
    year: i32,
    month: u32,
    highlights: &[(NaiveDate, &str)],
) -> MonthView {
    let mut weeks = Vec::new();
    let mut week: Vec<CellView> = Vec::new();
    let blank = || CellView {
        day: 0,
        class: "blank".into(),
        label: String::new(),
        title: String::new(),
    };
    if let Some(first) = NaiveDate::from_ymd_opt(year, month, 1) {
        for _ in 0..first.weekday().num_days_from_monday() {
            week.push(blank());
        }
        for date in first.iter_days().take_while(|date| date.month() == month) {
            week.push(cell(calendar, date, highlights));
            if week.len() == 7 {
                weeks.push(std::mem::take(&mut week));
            }
        }
    }
    if !week.is_empty() {
        while week.len() < 7 {
            week.push(blank());
        }
        weeks.push(week);
    }
    MonthView {
        title: format!("{month}月"),
        weeks,
    }
}

pub(super) fn months_of(
    calendar: &Calendar,
    year: i32,
    highlights: &[(NaiveDate, &str)],
) -> Vec<MonthView> {
    (1..=12)
        .map(|month| month_view(calendar, year, month, highlights))
        .collect()
}

/// The year's holiday runs, make-up days and local closures, in date order.
pub(super) fn marks_of(calendar: &Calendar, year: i32) -> Vec<MarkLine> {
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else {
        return Vec::new();
    };
    let mut lines = Vec::new();
    let mut run: Option<(NaiveDate, NaiveDate, String)> = None;
    let flush = |run: &mut Option<(NaiveDate, NaiveDate, String)>, lines: &mut Vec<MarkLine>| {
        if let Some((from, until, name)) = run.take() {
            let days = (until - from).num_days() + 1;
            let text = if from == until {
                format!("{name}：{}月{}日放假，共1天", from.month(), from.day())
            } else {
                format!(
                    "{name}：{}月{}日至{}月{}日放假，共{days}天",
                    from.month(),
                    from.day(),
                    until.month(),
                    until.day()
                )
            };
            lines.push(MarkLine {
                class: "holiday",
                text,
            });
        }
    };
    for date in first.iter_days().take_while(|date| date.year() == year) {
        let info = calendar.day_info(date);
        if let Some(reason) = closed_reason(calendar, date) {
            flush(&mut run, &mut lines);
            lines.push(MarkLine {
                class: "closed",
                text: format!("本级关闭：{}，{reason}", date_zh(date)),
            });
            continue;
        }
        match (info.kind, info.name) {
            (DayKind::Holiday, Some(name)) => match &mut run {
                Some((_, until, run_name))
                    if *run_name == name && *until + chrono::Days::new(1) == date =>
                {
                    *until = date;
                }
                _ => {
                    flush(&mut run, &mut lines);
                    run = Some((date, date, name));
                }
            },
            (DayKind::Makeup, name) => {
                flush(&mut run, &mut lines);
                lines.push(MarkLine {
                    class: "makeup",
                    text: format!(
                        "调休上班：{}{}",
                        date_zh(date),
                        name.map(|name| format!("（{name}）")).unwrap_or_default()
                    ),
                });
            }
            _ => flush(&mut run, &mut lines),
        }
    }
    flush(&mut run, &mut lines);
    lines
}

fn unit_choices() -> Vec<(&'static str, &'static str)> {
    LimitUnit::ALL
        .iter()
        .map(|unit| (unit.code(), unit.label_zh()))
        .collect()
}

fn parse_year(text: Option<&str>, default: i32) -> platform::Result<i32> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(default);
    }
    text.parse::<i32>()
        .ok()
        .filter(|year| (FIRST_YEAR..=LAST_YEAR).contains(year))
        .ok_or_else(|| {
            platform::Error::invalid(format!(
                "年份“{text}”无效，应为 {FIRST_YEAR} 至 {LAST_YEAR} 之间的整数"
            ))
        })
}

/// The calculator's start: empty is now; `YYYY-MM-DDTHH:MM` (a date-time input, Beijing
/// time), with seconds or a space, or full RFC 3339.
fn parse_start(text: &str, now: Instant) -> platform::Result<Instant> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(now);
    }
    if let Ok(instant) = Instant::parse_rfc3339(text) {
        return Ok(instant);
    }
    let local = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok());
    match local {
        Some(local) => {
            Instant::parse_rfc3339(&format!("{}+08:00", local.format("%Y-%m-%dT%H:%M:%S")))
                .map_err(|e| platform::Error::invalid(e.to_string()))
        }
        None => Err(platform::Error::invalid(format!(
            "起始时间“{text}”无效，应为 YYYY-MM-DDTHH:MM（北京时间），如 2027-01-29T17:59"
        ))),
    }
}

fn parse_limit(n: &str, unit: &str) -> platform::Result<Limit> {
    let unit: LimitUnit = unit
        .parse()
        .map_err(|e: calendar::LimitError| platform::Error::invalid(format!("单位：{e}")))?;
    let n = n.trim();
    if n.is_empty() {
        return Err(platform::Error::invalid(
            "时限数量不能为空，应为非负整数，如 3",
        ));
    }
    if n.starts_with('-') {
        return Err(platform::Error::invalid(format!("时限数量“{n}”不能为负数")));
    }
    if !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(platform::Error::invalid(format!(
            "时限数量“{n}”无效，应为非负整数，如 3"
        )));
    }
    format!("{n}{}", unit.code())
        .parse()
        .map_err(|e: calendar::LimitError| platform::Error::invalid(format!("时限数量：{e}")))
}

/// Due instant and what was counted (CAL-DUE).
fn answer(calendar: &Calendar, start: Instant, limit: Limit) -> DueAnswer {
    let due = calendar.due(start, limit);
    let (start_day, due_day) = (start.local_date(), due.at.local_date());
    // Non-working days between, as runs of consecutive days with the same name.
    let mut runs: Vec<(NaiveDate, NaiveDate, Option<String>)> = Vec::new();
    for date in start_day
        .iter_days()
        .skip(1)
        .take_while(|date| *date <= due_day)
    {
        let info = calendar.day_info(date);
        if info.kind.is_working() {
            continue;
        }
        match runs.last_mut() {
            Some((_, until, name))
                if *name == info.name && *until + chrono::Days::new(1) == date =>
            {
                *until = date;
            }
            _ => runs.push((date, date, info.name)),
        }
    }
    let n_runs = runs.len();
    let mut skipped: Vec<String> = runs
        .into_iter()
        .take(12)
        .map(|(from, until, name)| {
            let days = (until - from).num_days() + 1;
            let name = name.unwrap_or_else(|| "周末".into());
            if from == until {
                format!("{}月{}日 {name}", from.month(), from.day())
            } else {
                format!(
                    "{}月{}日至{}月{}日 {name}（{days}天）",
                    from.month(),
                    from.day(),
                    until.month(),
                    until.day()
                )
            }
        })
        .collect();
    if n_runs > skipped.len() {
        skipped.push(format!("等共 {n_runs} 段"));
    }
    DueAnswer {
        start: instant_zh(start),
        limit: limit.label_zh(),
        due_text: instant_zh(due.at),
        due_rfc3339: due.at.to_rfc3339(),
        working_days: calendar.working_days_between(start_day, due_day),
        natural_days: (due_day - start_day).num_days(),
        skipped,
        provisional: due.provisional,
    }
}

struct YearView {
    year: i32,
    form: DueForm,
    answer: Option<DueAnswer>,
    highlights: Vec<(NaiveDate, &'static str)>,
    notice: Option<String>,
    error: Option<String>,
}

async fn calendar_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    calendar: &Calendar,
    view: YearView,
) -> Result<CalendarPage, PageError> {
    let today = Instant::from_millis(now_ms()).local_date();
    let year = view.year;
    Ok(CalendarPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        year,
        prev_year: (year - 1).max(FIRST_YEAR),
        next_year: (year + 1).min(LAST_YEAR),
        months: months_of(calendar, year, &view.highlights),
        marks: marks_of(calendar, year),
        provisional: !calendar.has_year(year),
        last_known_year: calendar
            .last_known_year()
            .map(|year| year.to_string())
            .unwrap_or_else(|| "无".into()),
        warning: workcal::missing_next_year_warning(calendar, today),
        notice: view.notice,
        error: view.error,
        can_edit: access::calendar(&staff.actor, Op::Edit),
        form: view.form,
        units: unit_choices(),
        answer: view.answer,
    })
}

fn default_form() -> DueForm {
    DueForm {
        start: String::new(),
        n: "3".into(),
        unit: LimitUnit::WorkingDays.code().into(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearQuery {
    year: Option<String>,
    imported: Option<String>,
    /// The date just edited by `calendar_days::save`.
    day_saved: Option<String>,
}

/// `GET /office/calendar?year=2027`.
pub async fn view(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<YearQuery>,
) -> Result<Response, PageError> {
    let calendar = workcal::load_current(&state.platform.db).await?;
    let this_year = Instant::from_millis(now_ms()).local_date().year();
    let (year, error) = match parse_year(query.year.as_deref(), this_year) {
        Ok(year) => (year, None),
        Err(error) => (this_year, Some(error.to_string())),
    };
    let imported = query
        .imported
        .map(|_| format!("已导入 {year} 年节假日安排，并记入审计日志"));
    let day_saved = query
        .day_saved
        .filter(|date| NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok())
        .map(|date| format!("已修改 {date} 的日期类别，并记入审计日志"));
    let notice = imported.or(day_saved).filter(|_| error.is_none());
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let view = YearView {
        year,
        form: default_form(),
        answer: None,
        highlights: Vec::new(),
        notice,
        error,
    };
    let page = calendar_page(&state, &csrf, &staff, &calendar, view).await?;
    Ok((status, page).into_response())
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DueQuery {
    start: String,
    n: String,
    unit: String,
}

/// `GET /office/calendar/due?start=2027-01-29T17:59&n=3&unit=wd` (CAL-DUE).
pub async fn due(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DueQuery>,
) -> Result<Response, PageError> {
    let calendar = workcal::load_current(&state.platform.db).await?;
    let now = Instant::from_millis(now_ms());
    let form = DueForm {
        start: query.start.clone(),
        n: query.n.clone(),
        unit: query.unit.clone(),
    };
    let computed = parse_start(&query.start, now)
        .and_then(|start| Ok((start, parse_limit(&query.n, &query.unit)?)));
    let (status, view) = match computed {
        Ok((start, limit)) => {
            let answer = answer(&calendar, start, limit);
            let due_day = calendar.due(start, limit).at.local_date();
            let view = YearView {
                year: due_day.year().clamp(FIRST_YEAR, LAST_YEAR),
                form,
                answer: Some(answer),
                highlights: vec![(start.local_date(), "start"), (due_day, "due")],
                notice: None,
                error: None,
            };
            (StatusCode::OK, view)
        }
        Err(error) => {
            let view = YearView {
                year: now.local_date().year(),
                form,
                answer: None,
                highlights: Vec::new(),
                notice: None,
                error: Some(format!("{error}；未计算")),
            };
            (StatusCode::BAD_REQUEST, view)
        }
    };
    let page = calendar_page(&state, &csrf, &staff, &calendar, view).await?;
    Ok((status, page).into_response())
}
