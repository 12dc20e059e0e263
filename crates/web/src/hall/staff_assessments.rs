//! The window staff's assessments (HALL-STAFF; 000 中心 §4(二), §32):
//! `/office/hall/staff/assessments?period=` — the results of a period (monthly or quarterly by
//! the profile, or the year) with the records' figures, the centre's form to assess a member
//! and to send a unit its written notice; `.xlsx` — the same table in Excel;
//! `/office/hall/staff/notices/{id}` — the written notice to the unit, a printable page.
//! The centre's staff see every unit, a department its own results and notices.

use ::hall::staff::assessment::{Grade, Period};
use ::hall::usecase::staff as usecase;
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::ids::{UnitId, UserId};

use super::StaffRowNo;
use super::staff::NAV;
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::outcome::answer;
use crate::staff::{Judged, Staff};
use crate::xlsx::{self, Cell};

/// One result.
pub struct ResultLine {
    name: String,
    unit: String,
    grade: &'static str,
    figures: String,
    comment: String,
    notice: Option<i64>,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/staff_assessments.html")]
pub struct AssessmentsPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    period: String,
    period_label: String,
    kind_label: &'static str,
    /// 月度 or 季度, from the profile.
    periodic: &'static str,
    centre_view: bool,
    leader: bool,
    lines: Vec<ResultLine>,
    members: Vec<(i64, String)>,
    /// (unit id, name) of the units with results of the period not yet sent.
    unsent_units: Vec<(i64, String)>,
    grades: Vec<(&'static str, &'static str)>,
    /// (id, number, unit, period, sent on) of the notices.
    notices: Vec<(i64, String, String, String, String)>,
    error: Option<String>,
    done: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PeriodQuery {
    #[serde(default)]
    period: String,
    #[serde(default)]
    done: Option<String>,
}

fn period_of(text: &str, months: u32) -> platform::Result<Period> {
    match text.trim() {
        "" => {
            let today = calendar::Instant::from_millis(platform::db::now_ms()).local_date();
            Ok(Period::periodic_of(today, months))
        }
        t => Ok(Period::parse(t, months)?),
    }
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    period: Period,
    (error, done): (Option<String>, bool),
) -> Result<AssessmentsPage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    let scope = usecase::scope(db, &staff.actor).await?;
    let rows = usecase::assessments_of(db, &staff.actor, period).await?;
    let mut unsent_units: Vec<(i64, String)> = Vec::new();
    for row in rows.iter().filter(|r| r.notice.is_none()) {
        if !unsent_units.iter().any(|(id, _)| *id == row.unit.0) {
            unsent_units.push((row.unit.0, row.unit_name.clone()));
        }
    }
    let lines = rows
        .into_iter()
        .map(|r| ResultLine {
            name: r.name,
            unit: r.unit_name,
            grade: r.grade.label(),
            figures: r.figures.describe(),
            comment: r.comment,
            notice: r.notice,
        })
        .collect();
    let members = usecase::register(db, &context, &staff.actor)
        .await?
        .into_iter()
        .map(|l| {
            let who = format!("{}（{}）", l.stored.name, l.stored.unit_name);
            (l.stored.member.user.0, who)
        })
        .collect();
    let notices = usecase::notices(db, &staff.actor, 50)
        .await?
        .into_iter()
        .map(|n| {
            let label = Period::parse(&n.period, usecase::period_months(&context))
                .map_or_else(|_| n.period.clone(), Period::label);
            (n.id, n.number, n.unit_name, label, n.sent_on.to_string())
        })
        .collect();
    Ok(AssessmentsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        nav: NAV,
        period: period.code(),
        period_label: period.label(),
        kind_label: period.kind_label(),
        periodic: if usecase::period_months(&context) == 1 {
            "月度（如 2026-03）"
        } else {
            "季度（如 2026-Q1）"
        },
        centre_view: scope.centre_view,
        leader: scope.leader,
        lines,
        members,
        unsent_units,
        grades: Grade::ALL.iter().map(|g| (g.code(), g.label())).collect(),
        notices,
        error,
        done,
    })
}

async fn months(state: &AppState) -> platform::Result<u32> {
    Ok(state.profile().await?.hall.staff_assessment_months)
}

/// `GET /office/hall/staff/assessments?period=`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<PeriodQuery>,
) -> Result<AssessmentsPage, PageError> {
    let period = period_of(&query.period, months(&state).await?)?;
    page(&state, &csrf, &staff, period, (None, query.done.is_some())).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    period: String,
    #[serde(default)]
    grade: String,
    #[serde(default)]
    comment: String,
}

/// `POST /office/hall/staff/assessments`: the centre assesses a member.
pub async fn assess(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<AssessForm>,
) -> Result<Response, PageError> {
    let months = months(&state).await?;
    let shown = period_of(&form.period, months).or_else(|_| period_of("", months))?;
    let outcome = async {
        let period = period_of(&form.period, months)?;
        let user = form
            .user
            .trim()
            .parse::<i64>()
            .map(UserId)
            .map_err(|_| platform::Error::invalid("请选择被考核的窗口工作人员"))?;
        let grade =
            Grade::parse(&form.grade).ok_or_else(|| platform::Error::invalid("请选择考核等次"))?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        usecase::assess(
            db,
            &context,
            &staff.actor,
            user,
            (period, grade),
            &form.comment,
        )
        .await?;
        Ok(())
    }
    .await;
    let done = format!(
        "/office/hall/staff/assessments?period={}&done=1",
        shown.code()
    );
    answer(outcome, done, |e| {
        page(&state, &csrf, &staff, shown, (Some(e), false))
    })
    .await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoticeForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    period: String,
}

/// `POST /office/hall/staff/notices`: the centre's leader sends a unit its results in writing.
pub async fn send(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<NoticeForm>,
) -> Result<Response, PageError> {
    let months = months(&state).await?;
    let shown = period_of(&form.period, months).or_else(|_| period_of("", months))?;
    let mut sent = None;
    let outcome = async {
        let period = period_of(&form.period, months)?;
        let unit = form
            .unit
            .trim()
            .parse::<i64>()
            .map(UnitId)
            .map_err(|_| platform::Error::invalid("请选择通知的单位"))?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        sent = Some(usecase::send_notice(db, &context, &staff.actor, unit, period).await?);
        Ok(())
    }
    .await;
    let done = sent.map_or_else(
        || "/office/hall/staff/assessments".to_owned(),
        |id| format!("/office/hall/staff/notices/{id}"),
    );
    answer(outcome, done, |e| {
        page(&state, &csrf, &staff, shown, (Some(e), false))
    })
    .await
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/staff_notice.html")]
pub struct NoticePage {
    chrome: Chrome,
    number: String,
    unit: String,
    period_label: String,
    kind_label: &'static str,
    sent_on: String,
    /// (name, grade, figures, comment).
    lines: Vec<(String, &'static str, String, String)>,
}

/// `GET /office/hall/staff/notices/{id}`: the written notice, printable.
pub async fn notice(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(StaffRowNo(id)): Id<StaffRowNo>,
) -> Result<NoticePage, PageError> {
    let (notice, rows) = usecase::notice(&state.platform.db, &staff.actor, id).await?;
    let months = months(&state).await?;
    let period = Period::parse(&notice.period, months).ok();
    Ok(NoticePage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        number: notice.number,
        unit: notice.unit_name,
        period_label: period.map_or_else(|| notice.period.clone(), Period::label),
        kind_label: period.map_or("考核", Period::kind_label),
        sent_on: notice.sent_on.format("%Y年%m月%d日").to_string(),
        lines: rows
            .into_iter()
            .map(|r| (r.name, r.grade.label(), r.figures.describe(), r.comment))
            .collect(),
    })
}

/// `GET /office/hall/staff/assessments.xlsx?period=`: the results in Excel.
pub async fn export(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<PeriodQuery>,
) -> Result<Response, PageError> {
    let period = period_of(&query.period, months(&state).await?)?;
    let rows = usecase::assessments_of(&state.platform.db, &staff.actor, period).await?;
    let headers = [
        "姓名",
        "单位",
        "等次",
        "办件数",
        "好评",
        "差评",
        "迟到早退（天）",
        "缺勤（天）",
        "窗口投诉成立（件）",
        "评语",
        "考核时间",
        "书面通知",
    ];
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let f = r.figures;
            vec![
                Cell::Text(r.name.clone()),
                Cell::Text(r.unit_name.clone()),
                Cell::Text(r.grade.label().to_owned()),
                Cell::Number(f.handled as f64),
                Cell::Number(f.good as f64),
                Cell::Number(f.bad as f64),
                Cell::Number(f.late as f64),
                Cell::Number(f.absent as f64),
                Cell::Number(f.upheld as f64),
                Cell::Text(r.comment.clone()),
                Cell::Text(date_of(r.assessed_at)),
                Cell::Text(
                    if r.notice.is_some() {
                        "已通知"
                    } else {
                        "未通知"
                    }
                    .to_owned(),
                ),
            ]
        })
        .collect();
    let title = format!("窗口工作人员{}（{}）", period.kind_label(), period.label());
    let notes = vec![
        "办件数为本人办结的大厅取号数；好评、差评为评价中指明本人的好差评；迟到早退、缺勤据考勤登记；窗口投诉成立为投诉当日本人就座窗口的监督意见箱投诉经核查成立（批评教育、责令改正或移交纪检监察组）的件数。".to_owned(),
        format!("导出时间：{}", minute_of(platform::db::now_ms())),
    ];
    let bytes = xlsx::table("窗口工作人员考核", &title, &headers, &cells, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let filename = format!("hall-staff-{}.xlsx", period.code());
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
