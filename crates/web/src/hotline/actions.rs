//! The actions of a 12345 order's stages on its page: answer from the knowledge base
//! (HL-INSTANT), dispatch or refuse (HL-DISPATCH, HL-REFUSE), sign (HL-SIGN), return with its
//! basis (HL-RETURN), approve the result (HL-RESULT; reported in `result_form.rs`), reply (HL-REPLY) and call
//! back (HL-CALLBACK). Each goes through `usecase::execute` via `hotline_order::run`; a
//! refused one re-renders the page with the reason and changes nothing.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use hotline::appeal::HandlingClass;
use hotline::evaluation::Rating;
use hotline::kb_store;
use hotline::order::{Approval, Command, ContactOutcome, DispatchTerms, ReplyChannel};
use hotline::refuse::RefuseReason;
use hotline::{AppealId, UnitId};

use serde::Deserialize;

use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::Staff;

use super::order::{execute_command, respond, run};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbAnswerForm {
    version: i64,
    entry: i64,
}

/// HL-INSTANT: a consultation answered at once from a published knowledge-base entry; the
/// order is closed with the entry used, and the use is counted (KB-STATS).
pub async fn answer_from_kb(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<KbAnswerForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let entry_id = hotline::kb::EntryId(form.entry);
    let outcome = async {
        let stored = kb_store::get(db, entry_id).await?;
        if !stored.is_searchable() {
            return Err(platform::Error::invalid(format!(
                "知识条目“{}”未发布，不能用于答复",
                stored.title
            )));
        }
        let entry = hotline::kb::EntryRef {
            id: entry_id,
            version: stored.current_version,
            status: hotline::kb::EntryStatus::Published,
        };
        execute_command(
            &state,
            &staff,
            id,
            form.version,
            Command::AnswerFromKb { entry },
        )
        .await
    }
    .await;
    respond(&state, &csrf, &staff, id, outcome).await
}

pub(super) fn hotline_error(error: hotline::error::HotlineError) -> platform::Error {
    platform::Error::from(error)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DispatchForm {
    version: i64,
    class: String,
    /// Issue 14 item 9: no unit is chosen in advance unless suggested; empty is refused.
    #[serde(default)]
    lead: String,
    #[serde(default)]
    assisting: String,
    /// HL-LIMITS: the index of a limit set by law in the profile's list, or empty.
    #[serde(default)]
    legal_limit: String,
    /// HL-PRIVACY: on a complaint or report, `yes` when the lead is the accused or an
    /// interested party, `no` when it is not.
    #[serde(default)]
    lead_interested: String,
}

impl DispatchForm {
    fn lead(&self) -> platform::Result<i64> {
        match self.lead.trim() {
            "" => Err(platform::Error::invalid("请选择主办单位")),
            text => text
                .parse()
                .map_err(|_| platform::Error::invalid("主办单位不正确")),
        }
    }
}

/// HL-DISPATCH: to one unit, or a lead and an assisting unit, with a limit set by law
/// (HL-LIMITS) and, on a complaint or report, whether the lead may contact the appellant
/// (HL-PRIVACY). The profile's 7×24 units run in natural time (HL-LIMITS).
pub async fn dispatch(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<DispatchForm>,
) -> Result<Response, PageError> {
    let terms = dispatch_terms(&state, id, &form).await;
    let command = terms.and_then(|terms| {
        let class = HandlingClass::ALL
            .into_iter()
            .find(|c| c.code() == form.class)
            .ok_or_else(|| platform::Error::invalid("请选择办理类别"))?;
        let assisting = match form.assisting.trim() {
            "" => Vec::new(),
            text => vec![UnitId(
                text.parse()
                    .map_err(|_| platform::Error::invalid("协办单位不正确"))?,
            )],
        };
        Ok(Command::Dispatch {
            class,
            lead: UnitId(form.lead()?),
            assisting,
            terms,
        })
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

async fn dispatch_terms(
    state: &AppState,
    id: hotline::AppealId,
    form: &DispatchForm,
) -> platform::Result<DispatchTerms> {
    let lead = form.lead()?;
    let profile = state.profile().await?;
    let rules = &profile.hotline;
    let legal_limit = match form.legal_limit.trim() {
        "" => None,
        text => {
            let index: usize = text
                .parse()
                .map_err(|_| platform::Error::invalid("法定办理时限选择不正确"))?;
            let list = rules.legal_limit_list()?;
            Some(
                list.get(index)
                    .cloned()
                    .ok_or_else(|| platform::Error::invalid("法定办理时限选择不正确"))?,
            )
        }
    };
    let view = hotline::store::orders::get(&state.platform.db, id).await?;
    let is_complaint = view.order.intake.category == hotline::appeal::Category::ComplaintReport;
    let contact_cleared = match (is_complaint, form.lead_interested.as_str()) {
        (false, _) | (true, "yes") => Vec::new(),
        (true, "no") => vec![UnitId(lead)],
        (true, _) => {
            return Err(platform::Error::invalid(
                "投诉举报类诉求派单时须说明主办单位是否为被投诉举报对象或利害关系方",
            ));
        }
    };
    let units = platform::units::list(&state.platform.db).await?;
    // Issue 12 (the battery): a unit the form names must exist — an unknown id is the
    // operator's mistake (400), not a broken foreign key when the clocks are stored (500).
    let assisting: Option<i64> = form.assisting.trim().parse().ok();
    for (named, what) in [(Some(lead), "主办单位"), (assisting, "协办单位")] {
        if let Some(id) = named
            && !units.iter().any(|unit| unit.id == id)
        {
            return Err(platform::Error::invalid(format!(
                "{what}不存在，请重新选择"
            )));
        }
    }
    let codes = rules.round_the_clock_unit_codes();
    let mut round_the_clock = Vec::new();
    for unit in &units {
        if codes.contains(&unit.code.as_str()) {
            round_the_clock.push(UnitId(unit.id));
        }
    }
    round_the_clock.retain(|unit| unit.0 == lead || Some(unit.0) == assisting);
    Ok(DispatchTerms {
        legal_limit,
        contact_cleared,
        round_the_clock,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefuseForm {
    version: i64,
    reason: String,
    explanation: String,
}

/// HL-REFUSE: one of the eight reasons, with the explanation given.
pub async fn refuse(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<RefuseForm>,
) -> Result<Response, PageError> {
    let command = RefuseReason::parse(&form.reason)
        .map_err(hotline_error)
        .map(|reason| Command::Refuse {
            reason,
            explanation: form.explanation,
        });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

/// HL-SIGN: the acting unit is the signer's own unit.
pub async fn sign(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Sign {
        unit: UnitId(staff.actor.unit_id),
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnForm {
    version: i64,
    legal_basis: String,
    call_record: String,
}

/// HL-RETURN: with the legal basis and the record of the call with the hotline.
pub async fn return_order(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ReturnForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Return {
        unit: UnitId(staff.actor.unit_id),
        legal_basis: form.legal_basis,
        call_record: form.call_record,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproveForm {
    version: i64,
    decision: String,
    #[serde(default)]
    note: String,
}

/// HL-RESULT: the unit leader approves or sends back the unit's result.
pub async fn approve(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ApproveForm>,
) -> Result<Response, PageError> {
    let decision = match form.decision.as_str() {
        "approve" => Ok(Approval::Approve),
        "send_back" => Ok(Approval::SendBack(form.note)),
        _ => Err(platform::Error::invalid("审核结论不正确")),
    };
    let command = decision.map(|decision| Command::ApproveResult {
        unit: UnitId(staff.actor.unit_id),
        decision,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyForm {
    version: i64,
    channel: String,
    outcome: String,
    note: String,
}

/// HL-REPLY: each attempt recorded.
pub async fn reply(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, PageError> {
    let command = (|| {
        let channel = match form.channel.as_str() {
            "phone" => ReplyChannel::Phone,
            "sms" => ReplyChannel::Sms,
            _ => return Err(platform::Error::invalid("回复方式不正确")),
        };
        let outcome = match form.outcome.as_str() {
            "reached" => ContactOutcome::Reached,
            "unreachable" => ContactOutcome::Unreachable,
            _ => return Err(platform::Error::invalid("联系结果不正确")),
        };
        Ok(Command::ReplyAttempt {
            channel,
            outcome,
            note: form.note,
        })
    })();
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CallbackForm {
    version: i64,
    /// Empty until the operator chooses (issue 14 item 9: no pre-selected rating).
    rating: String,
    #[serde(default)]
    comment: String,
}

/// HL-CALLBACK: the satisfaction survey.
pub async fn callback(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<CallbackForm>,
) -> Result<Response, PageError> {
    let command = form
        .rating
        .trim()
        .parse::<u32>()
        .map_err(|_| platform::Error::invalid("请选择回访满意度"))
        .and_then(|level| Rating::from_level(level).map_err(hotline_error))
        .map(|rating| Command::Callback {
            rating,
            comment: form.comment,
        });
    run(&state, &csrf, &staff, id, form.version, command).await
}
