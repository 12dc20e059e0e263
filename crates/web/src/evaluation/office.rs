//! 好差评 in the back office (EVAL-BAD, EVAL-ALL): the rectification desk where the
//! responsible unit answers a bad rating and a hotline supervisor accepts or returns the
//! answer, and the evaluation statistics by unit, item or staff with an Excel export.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike as _, NaiveDate};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::evaluation::{
    self, GroupBy, Level, Rectification, RectificationReport, RectificationStatus,
};
use platform::roles::{Actor, Role};
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

use super::TaskId;

/// Supervisors see every unit's tasks; a unit's staff only their own.
fn unit_scope(actor: &Actor) -> Option<i64> {
    (!actor.has(Role::HotlineSupervisor)).then_some(actor.unit_id)
}

pub struct TaskLine {
    id: i64,
    unit: String,
    status: &'static str,
    light: &'static str,
    light_label: &'static str,
    due: String,
}

async fn unit_name(state: &AppState, unit_id: i64) -> String {
    platform::units::get(&state.platform.db, unit_id)
        .await
        .map(|u| u.name)
        .unwrap_or_else(|_| format!("单位 {unit_id}"))
}

async fn task_line(state: &AppState, task: &Rectification) -> TaskLine {
    TaskLine {
        id: task.id,
        unit: unit_name(state, task.unit_id).await,
        status: task.status.label_zh(),
        light: task.light.code(),
        light_label: task.light.label_zh(),
        due: minute_of(task.due_at.millis()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/rectifications.html")]
pub struct DeskPage {
    chrome: Chrome,
    tasks: Vec<TaskLine>,
    all_units: bool,
}

/// `GET /office/rectifications`: open work first, the earliest due first.
pub async fn desk(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<DeskPage, PageError> {
    let scope = unit_scope(&staff.actor);
    let mut tasks = Vec::new();
    for task in evaluation::list_rectifications(&state.platform.db, scope, None).await? {
        tasks.push(task_line(&state, &task).await);
    }
    Ok(DeskPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        tasks,
        all_units: scope.is_none(),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "office/rectification.html")]
pub struct TaskPage {
    chrome: Chrome,
    task: TaskLine,
    level: &'static str,
    channel: &'static str,
    comment: String,
    rated_at: String,
    subject: String,
    /// The rated order or case in the back office.
    subject_href: Option<String>,
    measures: String,
    result: String,
    feedback: String,
    opinion: String,
    can_submit: bool,
    can_review: bool,
    error: Option<String>,
}

/// Loads a task the actor may see: their own unit's, or any for a supervisor. Another
/// unit's task is answered as not found, so its existence is not disclosed.
async fn visible_task(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> Result<Rectification, PageError> {
    let task = evaluation::get_rectification(&state.platform.db, id).await?;
    match unit_scope(actor) {
        Some(unit) if unit != task.unit_id => {
            Err(PageError(platform::Error::not_found("整改任务")))
        }
        _ => Ok(task),
    }
}

async fn task_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    task: Rectification,
    error: Option<String>,
) -> Result<Response, PageError> {
    let rating = evaluation::get(&state.platform.db, task.evaluation_id).await?;
    let actor = &staff.actor;
    let own_unit = actor.unit_id == task.unit_id;
    let can_submit = own_unit
        && actor.has_any(&[Role::UnitLeader, Role::UnitHandler])
        && matches!(
            task.status,
            RectificationStatus::Open | RectificationStatus::Returned
        );
    let can_review = !own_unit
        && actor.has(Role::HotlineSupervisor)
        && task.status == RectificationStatus::Submitted;
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let page = TaskPage {
        chrome: Chrome::office(state, csrf, actor).await?,
        level: rating.level.label_zh(),
        channel: rating.channel.label_zh(),
        comment: rating.comment.clone(),
        rated_at: minute_of(rating.created_at),
        subject: subject_label(state, &rating).await?,
        subject_href: subject_href(state, &rating).await?,
        measures: task.measures.clone(),
        result: task.result.clone(),
        feedback: task.feedback_to_rater.clone(),
        opinion: task.review_opinion.clone(),
        task: task_line(state, &task).await,
        can_submit,
        can_review,
        error,
    };
    Ok((status, page).into_response())
}

/// `GET /office/rectifications/{id}`.
pub async fn task(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(TaskId(id)): Id<TaskId>,
) -> Result<Response, PageError> {
    let task = visible_task(&state, &staff.actor, id).await?;
    task_page(&state, &csrf, &staff, task, None).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitForm {
    measures: String,
    result: String,
    feedback_to_rater: String,
}

/// Answers a refused action with the task page and its message; anything else is an error.
async fn refused_or(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/office/rectifications/{id}")).into_response()),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::InvalidTransition { .. }
            | platform::Error::Conflict(_)),
        ) => {
            let task = visible_task(state, &staff.actor, id).await?;
            task_page(state, csrf, staff, task, Some(error.to_string())).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `POST /office/rectifications/{id}/submit`: the responsible unit's measures, result and
/// the feedback for the rater (EVAL-BAD).
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(TaskId(id)): Id<TaskId>,
    Form(form): Form<SubmitForm>,
) -> Result<Response, PageError> {
    visible_task(&state, &staff.actor, id).await?;
    let report = RectificationReport {
        measures: form.measures,
        result: form.result,
        feedback_to_rater: form.feedback_to_rater,
    };
    let outcome = async {
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = calendar::Instant::from_millis(now_ms());
        state
            .platform
            .db
            .write(move |tx| {
                Box::pin(async move {
                    evaluation::submit_rectification(tx, &actor, id, &report, now).await
                })
            })
            .await?;
        Ok(())
    }
    .await;
    refused_or(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewForm {
    decision: String,
    #[serde(default)]
    opinion: String,
}

/// `POST /office/rectifications/{id}/review`: a supervisor accepts (the clock concludes and
/// the feedback goes to the rater) or returns the answer with an opinion.
pub async fn review(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(TaskId(id)): Id<TaskId>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let accept = match form.decision.as_str() {
        "accept" => true,
        "return" => false,
        _ => return Err(platform::Error::invalid("审核结论应为“通过”或“退回”").into()),
    };
    let outcome = async {
        let platform = &state.platform;
        let profile = state.profile().await?;
        let calendar = platform::workcal::load_current(&platform.db).await?;
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = calendar::Instant::from_millis(now_ms());
        let key = platform.key.clone();
        let opinion = form.opinion;
        platform
            .db
            .write(move |tx| {
                Box::pin(async move {
                    evaluation::review_rectification(
                        tx,
                        &platform::workflow::Context::new(&key, &actor, &calendar, &profile, now),
                        id,
                        (accept, &opinion),
                    )
                    .await
                })
            })
            .await?;
        Ok(())
    }
    .await;
    refused_or(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct StatsQuery {
    group: String,
    from: String,
    until: String,
}

pub struct StatsRow {
    label: String,
    counts: Vec<i64>,
    total: i64,
    rate: String,
    bad: i64,
    rectified: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/evaluation_stats.html")]
pub struct StatsPage {
    chrome: Chrome,
    group: &'static str,
    group_label: &'static str,
    from: String,
    until: String,
    levels: Vec<&'static str>,
    rows: Vec<StatsRow>,
    overall: StatsRow,
    formula: String,
    export_query: String,
}

struct Period {
    group_by: GroupBy,
    from: NaiveDate,
    until: NaiveDate,
}

fn parse_period(query: &StatsQuery, actor: &Actor) -> Result<Period, PageError> {
    let group_by = match query.group.as_str() {
        "" | "unit" => GroupBy::Unit,
        "item" => GroupBy::Item,
        "staff" => GroupBy::Staff,
        // EVAL-ALL: per stage (咨询预约, 申请受理, 审查决定, 结果送达, 整体).
        "stage" => GroupBy::Stage,
        other => return Err(platform::Error::invalid(format!("未知的统计维度“{other}”")).into()),
    };
    if group_by != GroupBy::Unit && !actor.has(Role::HotlineSupervisor) {
        return Err(platform::Error::Forbidden.into());
    }
    let today = calendar::Instant::from_millis(now_ms()).local_date();
    let date = |text: &str, default: NaiveDate, what: &str| -> Result<NaiveDate, PageError> {
        if text.trim().is_empty() {
            return Ok(default);
        }
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
            platform::Error::invalid(format!("{what}“{text}”格式不正确，应为 YYYY-MM-DD")).into()
        })
    };
    let month_start = today.with_day(1).unwrap_or(today);
    let from = date(&query.from, month_start, "开始日期")?;
    let until = date(&query.until, today, "截止日期")?;
    if until < from {
        return Err(platform::Error::invalid("截止日期不能早于开始日期").into());
    }
    Ok(Period {
        group_by,
        from,
        until,
    })
}

fn row_of(figures: &evaluation::GroupStatistics) -> StatsRow {
    StatsRow {
        label: figures.label.clone(),
        counts: Level::ALL
            .iter()
            .map(|level| figures.count_of(*level))
            .collect(),
        total: figures.total,
        rate: figures.satisfaction_rate_text(),
        bad: figures.bad,
        rectified: figures.rectified,
    }
}

async fn figures(
    state: &AppState,
    actor: &Actor,
    period: &Period,
) -> Result<(Vec<StatsRow>, StatsRow, String), PageError> {
    let start = calendar::Instant::from_local(period.from, 0);
    let end = calendar::Instant::from_local(period.until.succ_opt().unwrap_or(period.until), 0);
    // HL-RATES: whether 基本满意 counts comes from the profile, as in the 12345 三率.
    let profile = state.profile().await?;
    let stats =
        evaluation::statistics(&state.platform.db, &profile, period.group_by, start, end).await?;
    let own_unit = actor.unit_id.to_string();
    let mine_only = !actor.has(Role::HotlineSupervisor);
    let rows = stats
        .groups
        .iter()
        .filter(|g| !mine_only || g.key == own_unit)
        .map(row_of)
        .collect::<Vec<_>>();
    let overall = if mine_only {
        rows.first()
            .map(|r| StatsRow {
                label: "合计".into(),
                ..clone_row(r)
            })
            .unwrap_or_else(|| row_of(&Default::default()))
    } else {
        StatsRow {
            label: "合计".into(),
            ..row_of(&stats.overall)
        }
    };
    Ok((rows, overall, stats.formula))
}

fn clone_row(row: &StatsRow) -> StatsRow {
    StatsRow {
        label: row.label.clone(),
        counts: row.counts.clone(),
        total: row.total,
        rate: row.rate.clone(),
        bad: row.bad,
        rectified: row.rectified,
    }
}

fn group_code(group_by: GroupBy) -> &'static str {
    match group_by {
        GroupBy::Unit => "unit",
        GroupBy::Item => "item",
        GroupBy::Staff => "staff",
        GroupBy::Stage => "stage",
    }
}

/// `GET /office/evaluations/statistics?group=unit&from=2026-11-01&until=2026-11-30`.
pub async fn statistics(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<StatsQuery>,
) -> Result<StatsPage, PageError> {
    let period = parse_period(&query, &staff.actor)?;
    let (rows, overall, formula) = figures(&state, &staff.actor, &period).await?;
    let group = group_code(period.group_by);
    Ok(StatsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        group,
        group_label: period.group_by.label_zh(),
        export_query: format!("group={group}&from={}&until={}", period.from, period.until),
        from: period.from.to_string(),
        until: period.until.to_string(),
        levels: Level::ALL.iter().map(|l| l.label_zh()).collect(),
        rows,
        overall,
        formula,
    })
}

/// `GET /office/evaluations/statistics.xlsx`: the same table as an Excel file (OPS-REPORTS).
pub async fn statistics_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<StatsQuery>,
) -> Result<Response, PageError> {
    let period = parse_period(&query, &staff.actor)?;
    let (rows, overall, formula) = figures(&state, &staff.actor, &period).await?;
    let mut headers = vec![period.group_by.label_zh()];
    headers.extend(Level::ALL.iter().map(|l| l.label_zh()));
    headers.extend(["评价总数", "满意率", "差评数", "已整改"]);
    let cells = |row: &StatsRow| {
        let mut cells = vec![Cell::Text(row.label.clone())];
        cells.extend(row.counts.iter().map(|n| Cell::Number(*n as f64)));
        cells.extend([
            Cell::Number(row.total as f64),
            Cell::Text(row.rate.clone()),
            Cell::Number(row.bad as f64),
            Cell::Number(row.rectified as f64),
        ]);
        cells
    };
    let mut table: Vec<Vec<Cell>> = rows.iter().map(cells).collect();
    table.push(cells(&overall));
    let title = format!(
        "好差评统计（按{}，{} 至 {}）",
        period.group_by.label_zh(),
        period.from,
        period.until
    );
    let notes = vec![formula, format!("导出时间：{}", minute_of(now_ms()))];
    let bytes = xlsx::table("好差评统计", &title, &headers, &table, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let filename = format!(
        "evaluation-{}-{}-{}.xlsx",
        group_code(period.group_by),
        period.from,
        period.until
    );
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// "工单 GZ20261110000003" / "办件 SV…": the rated subject by the number people use.
async fn subject_label(
    state: &AppState,
    rating: &evaluation::Evaluation,
) -> platform::Result<String> {
    let number = match rating.subject_type {
        evaluation::SubjectType::Order => match rating.subject_id.parse::<i64>() {
            Ok(id) => hotline::store::appeals::get(&state.platform.db, hotline::AppealId(id))
                .await?
                .map(|appeal| appeal.number),
            Err(_) => None,
        },
        _ => None,
    };
    Ok(format!(
        "{} {}",
        rating.subject_type.label_zh(),
        number.unwrap_or_else(|| rating.subject_id.clone())
    ))
}

/// Where the rated subject is handled; the page there checks the viewer's access again.
async fn subject_href(
    state: &AppState,
    rating: &evaluation::Evaluation,
) -> platform::Result<Option<String>> {
    Ok(match rating.subject_type {
        evaluation::SubjectType::Order => rating
            .subject_id
            .parse::<i64>()
            .ok()
            .map(|id| format!("/office/hotline/orders/{id}")),
        evaluation::SubjectType::Case => {
            services::store::cases::by_number(&state.platform.db, &rating.subject_id)
                .await?
                .map(|case| format!("/office/services/cases/{}", case.id.0))
        }
        evaluation::SubjectType::Reply => None,
    })
}
