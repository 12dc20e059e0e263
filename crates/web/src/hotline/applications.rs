//! What a 12345 lead unit applies for and who decides (HL-EXTEND, HL-HANG: the unit applies,
//! the hotline approves or refuses), the report after an urge (HL-REMIND: to the
//! business-environment bureau, which accepts with a new date or refuses), the supervisor's
//! written supervision for a failed first-contact or assisting duty (HL-SUPERVISE), and the
//! lead unit's audited reveal of the appellant's phone to answer (HL-PRIVACY). Each order
//! command goes through `usecase::execute` like every other.

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use hotline::order::{ApplicationKind, Command, CommandKind, Decision, Order, UnitRole};
use hotline::supervision;
use hotline::usecase::{self, ContactField};
use hotline::{AppealId, UnitId};
use platform::access;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::roles::Role;
use serde::Deserialize;

use super::order::{Extras, order_page, respond, run};
use crate::AppState;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::Staff;

/// What the order page shows of applications, urge reports and the unit's reveal.
#[derive(Default)]
pub struct Applications {
    /// The lead unit may apply (HL-EXTEND, HL-HANG).
    pub can_apply: bool,
    /// The application waiting for the hotline, described.
    pub pending: Option<String>,
    /// The hotline decides it: the action path's last part.
    pub decide_action: Option<&'static str>,
    /// HL-HANG: the profile's scopes.
    pub hang_scopes: Vec<String>,
    /// HL-HANG: the open ledger entry, described.
    pub ledger: Option<String>,
    /// HL-REMIND: the urged lead may report to the bureau.
    pub can_report: bool,
    /// The report waiting for the bureau, described.
    pub pending_report: Option<String>,
    /// The viewer decides it for the bureau.
    pub can_decide_report: bool,
    /// HL-LIMITS: the limit set by law in force, with its basis.
    pub legal_basis: Option<String>,
    /// HL-PRIVACY: the lead unit may reveal the phone with a reason.
    pub can_unit_reveal: bool,
    /// HL-SUPERVISE: the supervisor may open a duty supervision of these units (id, role).
    pub duty_units: Vec<(i64, &'static str)>,
}

/// HL-REMIND: the viewer decides reports for the bureau — a supervisor, or a leader of the
/// unit the profile names.
async fn decides_reports(
    state: &AppState,
    staff: &Staff,
    profile: &RuleProfile,
) -> platform::Result<bool> {
    if staff.actor.has(Role::HotlineSupervisor) {
        return Ok(true);
    }
    if !staff.actor.has(Role::UnitLeader) {
        return Ok(false);
    }
    let bureau =
        platform::units::find_by_code(&state.platform.db, &profile.hotline.urge_report_unit)
            .await?;
    Ok(bureau.is_some_and(|unit| unit.id == staff.actor.unit_id))
}

/// The panel for the viewer of `order`.
pub async fn applications(
    state: &AppState,
    staff: &Staff,
    order: &Order,
    has_phone: bool,
    profile: &RuleProfile,
) -> platform::Result<Applications> {
    let actor = &staff.actor;
    let desk = access::hotline_desk(actor);
    let offers = super::order::offered(staff, order);
    let pending = order.application.as_ref().map(|application| {
        let what = match &application.kind {
            ApplicationKind::Extension {
                amount,
                explanation,
            } => format!(
                "申请延期{}；理由：{}；拟向诉求人说明：{explanation}",
                amount.label_zh(),
                application.reason
            ),
            ApplicationKind::Hang {
                scope,
                standard,
                planned,
            } => format!(
                "申请挂账（{scope}）；理由：{}；销账标准：{standard}；计划解决：{}",
                application.reason,
                minute_of(planned.millis())
            ),
        };
        format!("{}提交：{what}", minute_of(application.at.millis()))
    });
    let decide_action = order
        .application
        .as_ref()
        .filter(|_| {
            offers.contains(&CommandKind::DecideExtension)
                || offers.contains(&CommandKind::DecideHang)
        })
        .map(|application| match application.kind {
            ApplicationKind::Extension { .. } => "extension-decision",
            ApplicationKind::Hang { .. } => "hang-decision",
        });
    let pending_report = order
        .pending_urge_report()
        .map(|report| format!("{}报告：{}", minute_of(report.at.millis()), report.reason));
    let can_decide_report =
        pending_report.is_some() && decides_reports(state, staff, profile).await?;
    Ok(Applications {
        can_apply: offers.contains(&CommandKind::ApplyExtension),
        pending,
        decide_action,
        hang_scopes: profile
            .hotline
            .hang_scope_list()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        ledger: order.open_hang().map(|hang| {
            format!(
                "挂账（{}）自 {}；理由：{}；销账标准：{}；计划解决：{}",
                hang.scope,
                minute_of(hang.hung_at.millis()),
                hang.reason,
                hang.standard,
                hang.planned
                    .map_or_else(|| "—".to_owned(), |at| minute_of(at.millis()))
            )
        }),
        can_report: offers.contains(&CommandKind::ReportUrgeDelay),
        pending_report,
        can_decide_report,
        legal_basis: order.legal_basis.clone(),
        duty_units: order
            .assignments
            .iter()
            .filter(|_| access::hotline_supervise(actor))
            .map(|a| {
                let duty = match a.role {
                    UnitRole::Lead => "first_contact_duty",
                    UnitRole::Assisting => "assisting_duty",
                };
                (a.unit.0, duty)
            })
            .collect(),
        can_unit_reveal: !desk
            && has_phone
            && access::hotline_unit_work(actor)
            && order.unit_may_contact(UnitId(actor.unit_id)),
    })
}

/// A limit as the forms ask for it (issue 14 item 9): a number of working days, such as
/// `3`; a limit with its unit (`3wd`) is read too.
fn working_days(text: &str) -> Result<calendar::Limit, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("请填写工作日数".into());
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(calendar::Limit {
            amount: text.parse().map_err(|_| "工作日数过大".to_owned())?,
            unit: calendar::LimitUnit::WorkingDays,
        });
    }
    text.parse::<calendar::Limit>().map_err(|e| e.to_string())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtendForm {
    version: i64,
    amount: String,
    reason: String,
    #[serde(default)]
    explanation: String,
}

/// HL-EXTEND: the lead applies before the due time, with a reason and the explanation the
/// appellant will be sent once the hotline approves.
pub async fn apply_extension(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ExtendForm>,
) -> Result<Response, PageError> {
    let command = working_days(&form.amount)
        .map_err(|e| platform::Error::invalid(format!("延期时限不正确：{e}")))
        .map(|amount| Command::ApplyExtension {
            unit: UnitId(staff.actor.unit_id),
            amount,
            reason: form.reason,
            explanation: form.explanation,
        });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HangForm {
    version: i64,
    scope: String,
    reason: String,
    standard: String,
    planned: String,
}

/// HL-HANG: the lead applies with a scope of the profile, a reason, the standard of solution
/// and the planned date.
pub async fn apply_hang(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<HangForm>,
) -> Result<Response, PageError> {
    let command = NaiveDate::parse_from_str(form.planned.trim(), "%Y-%m-%d")
        .map_err(|_| platform::Error::invalid("计划解决日期格式不正确，应为 YYYY-MM-DD"))
        .map(|date| Command::ApplyHang {
            unit: UnitId(staff.actor.unit_id),
            scope: form.scope,
            reason: form.reason,
            standard: form.standard,
            planned: calendar::Instant::from_local(date, 12 * 60),
        });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DecisionForm {
    version: i64,
    decision: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    new_limit: String,
}

fn decision(text: &str) -> platform::Result<Decision> {
    match text {
        "approve" => Ok(Decision::Approve),
        "refuse" => Ok(Decision::Refuse),
        _ => Err(platform::Error::invalid("请选择同意或不同意")),
    }
}

/// HL-EXTEND: the hotline approves or refuses the extension.
pub async fn decide_extension(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let command = decision(&form.decision).map(|decision| Command::DecideExtension {
        decision,
        note: form.note,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// HL-HANG: the hotline approves (onto the ledger) or refuses the hanging.
pub async fn decide_hang(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let command = decision(&form.decision).map(|decision| Command::DecideHang {
        decision,
        note: form.note,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportForm {
    version: i64,
    reason: String,
}

/// HL-REMIND: the urged lead reports to the bureau, with reasons.
pub async fn report_urge_delay(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ReportForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::ReportUrgeDelay {
        unit: UnitId(staff.actor.unit_id),
        reason: form.reason,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// HL-REMIND: the bureau (a supervisor, or a leader of the profile's bureau unit) accepts
/// the report with a new feedback limit, or refuses it.
pub async fn decide_urge_report(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<DecisionForm>,
) -> Result<Response, PageError> {
    let profile = state.profile().await?;
    if !decides_reports(&state, &staff, &profile).await? {
        return Err(PageError(platform::Error::Forbidden));
    }
    let command = decision(&form.decision).and_then(|decision| {
        let new_limit = match (decision, form.new_limit.trim()) {
            (Decision::Refuse, _) => calendar::Limit {
                amount: 0,
                unit: calendar::LimitUnit::WorkingDays,
            },
            (Decision::Approve, text) => working_days(text).map_err(|e| {
                platform::Error::invalid(format!("新的反馈时限不正确（填工作日数，如 5）：{e}"))
            })?,
        };
        Ok(Command::DecideUrgeReport {
            decision,
            new_limit,
            note: form.note,
        })
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutyForm {
    unit: i64,
    duty: String,
    #[serde(default)]
    note: String,
}

/// HL-SUPERVISE: the supervisor opens a written supervision of a unit of the order for a
/// failed first-contact or assisting duty.
pub async fn open_duty_supervision(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<DutyForm>,
) -> Result<Response, PageError> {
    let actor = platform::audit::AuditActor::staff(&staff.actor, &staff.ip);
    let outcome = async {
        let duty = supervision::Duty::parse(&form.duty)?;
        let failure = supervision::DutyFailure {
            unit: UnitId(form.unit),
            duty,
            note: &form.note,
        };
        let now = calendar::Instant::from_millis(now_ms());
        let (db, key) = (&state.platform.db, &state.platform.key);
        supervision::open_duty_supervision(db, key, &actor, id, failure, now).await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

/// HL-PRIVACY: the hotline reveals the caller's phone to call back; the lead unit's staff to
/// answer and explain, with a reason, where the order allows it. Audited either way.
pub async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<RevealForm>,
) -> Result<Response, PageError> {
    let phone = usecase::reveal_contact(
        &state.platform.db,
        &state.platform.key,
        &staff.actor,
        &staff.ip,
        id,
        (ContactField::Phone, &form.reason),
        calendar::Instant::from_millis(now_ms()),
    )
    .await;
    let phone = match phone {
        Ok(phone) => phone,
        Err(error @ platform::Error::Invalid(_)) => {
            let status = crate::error::status_of(&error);
            let extras = Extras {
                error: Some(error.to_string()),
                ..Extras::default()
            };
            let page = order_page(&state, &csrf, &staff, id, extras).await?;
            return Ok((status, page).into_response());
        }
        Err(error) => return Err(error.into()),
    };
    let extras = Extras {
        revealed: Some(phone),
        ..Extras::default()
    };
    let page = order_page(&state, &csrf, &staff, id, extras).await?;
    Ok(page.into_response())
}
