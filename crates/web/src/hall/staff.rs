//! The window staff's back office (HALL-STAFF; 000 中心 §4(二)(四), §27, §29–30):
//! `/office/hall/staff` — the register with each member's eligibility (the conditions of §27
//! not met, the birth date masked to its year) and the two approvals; `/attendance` — a day's
//! sign-in and sign-out recorded by the centre, approved leave marked; `/requests` — leave and
//! replacement requests filed by the unit and decided by the centre's leader. The centre's
//! staff see every unit, a department's only its own people. Every write is one
//! `hall::usecase::staff` call (audited); a refusal answers its page with the Chinese message
//! and its status, nothing changed. The assessments are in [`super::staff_assessments`].

use ::hall::staff::attendance::{minute_text, parse_minute};
use ::hall::staff::parse_day;
use ::hall::staff::register::{Approver, masked_birth};
use ::hall::staff::requests::{Decision, Kind, Status};
use ::hall::usecase::staff::{self as usecase, MemberDates, RegisterLine};
use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use chrono::NaiveDate;
use platform::ids::UserId;

use super::StaffRowNo;
use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::outcome::{DoneQuery, answer};
use crate::staff::{Judged, Staff};

/// The sub-navigation of the staff pages.
pub(crate) const NAV: &[(&str, &str)] = &[
    ("/office/hall/staff", "名册与条件"),
    ("/office/hall/staff/attendance", "考勤"),
    ("/office/hall/staff/requests", "请假与调换"),
    ("/office/hall/staff/assessments", "考核与通知"),
];

/// One member of the register.
pub struct MemberLine {
    id: i64,
    user_id: i64,
    name: String,
    unit: String,
    joined: String,
    window: String,
    birth: String,
    centre_approved: String,
    department_approved: String,
    unmet: String,
    eligible: bool,
    may_approve_centre: bool,
    may_approve_department: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/staff.html")]
pub struct RegisterPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    centre_view: bool,
    rules: String,
    lines: Vec<MemberLine>,
    /// (account id, name and unit) of the accounts the viewer may register.
    accounts: Vec<(i64, String)>,
    error: Option<String>,
    done: bool,
}

fn day_or_dash(day: Option<NaiveDate>) -> String {
    day.map_or_else(|| "未审核".to_owned(), |d| d.to_string())
}

async fn register_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (error, done): (Option<String>, bool),
) -> Result<RegisterPage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    let scope = usecase::scope(db, &staff.actor).await?;
    let lines = usecase::register(db, &context, &staff.actor)
        .await?
        .into_iter()
        .map(|RegisterLine { stored, unmet }| {
            let m = &stored.member;
            MemberLine {
                id: stored.id,
                user_id: m.user.0,
                name: stored.name.clone(),
                unit: stored.unit_name.clone(),
                joined: m.joined_unit.to_string(),
                window: m.on_window_since.to_string(),
                birth: masked_birth(m.birth_date),
                centre_approved: day_or_dash(m.centre_approved),
                department_approved: day_or_dash(m.department_approved),
                eligible: unmet.is_empty(),
                unmet: unmet.join("；"),
                may_approve_centre: scope.centre_view
                    && scope.leader
                    && m.centre_approved.is_none(),
                may_approve_department: scope.leader
                    && m.unit == scope.unit
                    && m.department_approved.is_none(),
            }
        })
        .collect();
    let accounts = platform::users::list(db)
        .await?
        .into_iter()
        .filter(|a| a.active && scope.sees(platform::ids::UnitId(a.unit_id)))
        .map(|a| (a.id, format!("{}（{}）", a.display_name, a.unit_name)))
        .collect();
    let hall = &judged.profile.hall;
    Ok(RegisterPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        nav: NAV,
        centre_view: scope.centre_view,
        rules: format!(
            "在本单位工作 {} 年以上，年龄在 {} 周岁以下，在窗口工作不少于 {} 年，经区政务服务中心和所在部门审核确定（HALL-STAFF，000 中心 §27）。",
            hall.staff_min_unit_years, hall.staff_max_age, hall.staff_min_window_years
        ),
        lines,
        accounts,
        error,
        done,
    })
}

/// `GET /office/hall/staff`.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DoneQuery>,
) -> Result<RegisterPage, PageError> {
    register_page(&state, &csrf, &staff, (None, query.done.is_some())).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    joined_unit: String,
    #[serde(default)]
    on_window_since: String,
    #[serde(default)]
    birth_date: String,
}

fn user_of(text: &str, field: &str) -> platform::Result<UserId> {
    text.trim()
        .parse::<i64>()
        .map(UserId)
        .map_err(|_| platform::Error::invalid(format!("请选择{field}")))
}

/// `POST /office/hall/staff`: a member registered or its dates corrected.
pub async fn save(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<MemberForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let user = user_of(&form.user, "工作人员账号")?;
        let dates = MemberDates {
            joined_unit: parse_day(&form.joined_unit, "进入本单位日期")?,
            on_window_since: parse_day(&form.on_window_since, "到窗口工作日期")?,
            birth_date: parse_day(&form.birth_date, "出生日期")?,
        };
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        usecase::save_member(&state.platform.db, &context, &staff.actor, user, dates).await?;
        Ok(())
    }
    .await;
    answer(outcome, "/office/hall/staff?done=1".into(), |e| {
        register_page(&state, &csrf, &staff, (Some(e), false))
    })
    .await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveForm {
    #[serde(default)]
    by: String,
}

/// `POST /office/hall/staff/{id}/approve`: the centre's or the department's approval.
pub async fn approve(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(StaffRowNo(id)): Id<StaffRowNo>,
    Form(form): Form<ApproveForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let by =
            Approver::parse(&form.by).ok_or_else(|| platform::Error::invalid("请选择审核单位"))?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        usecase::approve(&state.platform.db, &context, &staff.actor, id, by).await
    }
    .await;
    answer(outcome, "/office/hall/staff?done=1".into(), |e| {
        register_page(&state, &csrf, &staff, (Some(e), false))
    })
    .await
}

/// One member's line of a day.
pub struct AttendanceLine {
    user_id: i64,
    name: String,
    unit: String,
    signed_in: String,
    signed_out: String,
    mark: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/staff_attendance.html")]
pub struct AttendancePage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    day: String,
    hours: String,
    centre_view: bool,
    lines: Vec<AttendanceLine>,
    error: Option<String>,
    done: bool,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DayQuery {
    #[serde(default)]
    day: String,
    #[serde(default)]
    done: Option<String>,
}

async fn attendance_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    day: NaiveDate,
    (error, done): (Option<String>, bool),
) -> Result<AttendancePage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    let scope = usecase::scope(db, &staff.actor).await?;
    let hours = usecase::day_hours(db, &context, day).await?.map_or_else(
        || "大厅不办公".to_owned(),
        |h| format!("上班 {}，下班 {}", minute_text(h.start), minute_text(h.end)),
    );
    let lines = usecase::attendance_of(db, &staff.actor, day)
        .await?
        .into_iter()
        .map(|l| {
            let (signed_in, signed_out, mark) = match &l.row {
                Some(r) => (
                    r.signed_in.map_or_else(String::new, minute_text),
                    r.signed_out.map_or_else(String::new, minute_text),
                    r.mark.label(),
                ),
                None if l.on_leave => (String::new(), String::new(), "请假（未登记）"),
                None => (String::new(), String::new(), "未登记"),
            };
            AttendanceLine {
                user_id: l.stored.member.user.0,
                name: l.stored.name,
                unit: l.stored.unit_name,
                signed_in,
                signed_out,
                mark,
            }
        })
        .collect();
    Ok(AttendancePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        nav: NAV,
        day: day.to_string(),
        hours,
        centre_view: scope.centre_view,
        lines,
        error,
        done,
    })
}

fn day_or_today(text: &str, judged_today: NaiveDate) -> platform::Result<NaiveDate> {
    match text.trim() {
        "" => Ok(judged_today),
        t => Ok(parse_day(t, "日期")?),
    }
}

/// `GET /office/hall/staff/attendance?day=`.
pub async fn attendance(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DayQuery>,
) -> Result<AttendancePage, PageError> {
    let today = calendar::Instant::from_millis(platform::db::now_ms()).local_date();
    let day = day_or_today(&query.day, today)?;
    attendance_page(&state, &csrf, &staff, day, (None, query.done.is_some())).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceForm {
    #[serde(default)]
    user: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    signed_in: String,
    #[serde(default)]
    signed_out: String,
}

fn minute_opt(text: &str) -> platform::Result<Option<u32>> {
    match text.trim() {
        "" => Ok(None),
        t => Ok(Some(parse_minute(t)?)),
    }
}

/// `POST /office/hall/staff/attendance`: the centre records a member's day.
pub async fn record(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<AttendanceForm>,
) -> Result<Response, PageError> {
    let today = calendar::Instant::from_millis(platform::db::now_ms()).local_date();
    let day = day_or_today(&form.day, today).unwrap_or(today);
    let outcome = async {
        let day = day_or_today(&form.day, today)?;
        let user = user_of(&form.user, "工作人员")?;
        let span = (minute_opt(&form.signed_in)?, minute_opt(&form.signed_out)?);
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        usecase::record_attendance(&state.platform.db, &context, &staff.actor, user, day, span)
            .await?;
        Ok(())
    }
    .await;
    let done = format!("/office/hall/staff/attendance?day={day}&done=1");
    answer(outcome, done, |e| {
        attendance_page(&state, &csrf, &staff, day, (Some(e), false))
    })
    .await
}

/// One request in the list.
pub struct RequestLine {
    id: i64,
    version: i64,
    kind: &'static str,
    member: String,
    substitute: String,
    period: String,
    reason: String,
    status: &'static str,
    note: String,
    requested: String,
    open: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "hall/staff_requests.html")]
pub struct RequestsPage {
    chrome: Chrome,
    nav: &'static [(&'static str, &'static str)],
    /// The centre's leader decides.
    may_decide: bool,
    lines: Vec<RequestLine>,
    /// (account id, name) of the registered members the viewer may file for.
    members: Vec<(i64, String)>,
    error: Option<String>,
    done: bool,
}

async fn requests_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (error, done): (Option<String>, bool),
) -> Result<RequestsPage, PageError> {
    let db = &state.platform.db;
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    let scope = usecase::scope(db, &staff.actor).await?;
    let register = usecase::register(db, &context, &staff.actor).await?;
    let name = |user: UserId| {
        register
            .iter()
            .find(|l| l.stored.member.user == user)
            .map_or_else(|| format!("账号 {}", user.0), |l| l.stored.name.clone())
    };
    let lines = usecase::requests_of(db, &staff.actor, 200)
        .await?
        .into_iter()
        .map(|s| RequestLine {
            id: s.id,
            version: s.version,
            kind: s.request.kind.label(),
            member: name(s.request.member),
            substitute: s.request.substitute.map_or_else(String::new, name),
            period: format!("{} 至 {}", s.request.from, s.request.to),
            reason: s.request.reason.clone(),
            status: s.request.status.label(),
            note: s.request.decision_note.clone(),
            requested: date_of(s.requested_at),
            open: s.request.status == Status::Requested,
        })
        .collect();
    let members = register
        .iter()
        .map(|l| {
            let who = format!("{}（{}）", l.stored.name, l.stored.unit_name);
            (l.stored.member.user.0, who)
        })
        .collect();
    Ok(RequestsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        nav: NAV,
        may_decide: scope.centre_view && scope.leader,
        lines,
        members,
        error,
        done,
    })
}

/// `GET /office/hall/staff/requests`.
pub async fn requests(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DoneQuery>,
) -> Result<RequestsPage, PageError> {
    requests_page(&state, &csrf, &staff, (None, query.done.is_some())).await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    member: String,
    #[serde(default)]
    substitute: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
}

/// `POST /office/hall/staff/requests`: a leave or replacement request filed.
pub async fn file(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<RequestForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let kind =
            Kind::parse(&form.kind).ok_or_else(|| platform::Error::invalid("请选择申请类型"))?;
        let member = user_of(&form.member, "窗口工作人员")?;
        let substitute = match form.substitute.trim() {
            "" => None,
            t => Some(user_of(t, "顶岗人员")?),
        };
        let period = (
            parse_day(&form.from, "开始日期")?,
            parse_day(&form.to, "结束日期")?,
        );
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        let who = (member, substitute);
        usecase::file_request(db, &context, &staff.actor, kind, who, period, &form.reason).await?;
        Ok(())
    }
    .await;
    answer(outcome, "/office/hall/staff/requests?done=1".into(), |e| {
        requests_page(&state, &csrf, &staff, (Some(e), false))
    })
    .await
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecideForm {
    #[serde(default)]
    version: String,
    #[serde(default, rename = "do")]
    action: String,
    #[serde(default)]
    note: String,
}

/// `POST /office/hall/staff/requests/{id}/decide`: the centre's leader approves or refuses.
pub async fn decide(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(StaffRowNo(id)): Id<StaffRowNo>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let version = form
            .version
            .trim()
            .parse::<i64>()
            .map_err(|_| platform::Error::invalid("页面已过期，请刷新后重试"))?;
        let decision = match form.action.as_str() {
            "approve" => Decision::Approve {
                note: form.note.clone(),
            },
            "refuse" => Decision::Refuse {
                reason: form.note.clone(),
            },
            _ => return Err(platform::Error::invalid("请选择同意或不同意")),
        };
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        usecase::decide_request(db, &context, &staff.actor, id, &decision, version).await
    }
    .await;
    answer(outcome, "/office/hall/staff/requests?done=1".into(), |e| {
        requests_page(&state, &csrf, &staff, (Some(e), false))
    })
    .await
}
