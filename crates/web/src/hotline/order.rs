//! One 12345 work order in the back office: what each viewer may see (HL-PRIVACY) and the
//! actions of its stage — dispatch or refuse (hotline), sign, return and report the result
//! (the handling unit), approve (its leader), reply and call back (hotline). Every action
//! goes through `hotline::usecase::execute`; a refused one re-renders the page with the
//! reason and changes nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use hotline::AppealId;
use hotline::appeal::HandlingClass;
use hotline::evaluation::Rating;
use hotline::order::{
    Acting, Command, CommandKind, ContactOutcome, ReplyChannel, UnitRole, UnitView, available,
};
use hotline::refuse::RefuseReason;
use hotline::usecase;
use platform::access;
use platform::attachments::Policy;
use platform::db::now_ms;

use serde::Deserialize;

use super::applications::{Applications, applications};
use super::collab::{Collab, collab};
use super::desk::{category_label, status_label};
use super::result_form::ResultDraft;
use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Id, Query};
use crate::staff::{Judged, Staff};

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_order.html")]
pub struct OrderPage {
    chrome: Chrome,
    id: i64,
    number: String,
    category: &'static str,
    channel: String,
    status: &'static str,
    content: String,
    location: String,
    is_private: bool,
    version: i64,
    show_appellant: bool,
    appellant_name: String,
    appellant_phone: String,
    appellant_address: String,
    has_phone: bool,
    new_code: Option<String>,
    revealed: Option<String>,
    error: Option<String>,
    clocks: Vec<ClockLine>,
    units: Vec<(String, &'static str, String)>,
    result: Option<(String, String, String, String)>,
    /// Issue 14 item 8: the appellant's view the unit recorded, and who submitted the
    /// result when (from the history).
    result_view: &'static str,
    result_by: Option<(String, String)>,
    /// Issue 14 item 11: the current result's files (id, name, size), for those who may see
    /// them (the hotline, the lead unit).
    result_files: Vec<(i64, String, String)>,
    /// What the result's file input accepts.
    result_files_hint: String,
    /// Issue 14 item 3: a refused result form written back, with its problems.
    result_draft: ResultDraft,
    /// The hotline's reply tries (channel, outcome, note, when): the hotline's roles only.
    replies: Vec<(&'static str, &'static str, String, String)>,
    /// Callbacks (round, rating, comment, when); the comment for the hotline's roles only.
    callbacks: Vec<(u32, &'static str, String, String)>,
    /// Issue 14 item 10: the command just done, shown as a message.
    done: bool,
    history: Vec<crate::history::HistoryLine>,
    can_desk: bool,
    can_dispatch: bool,
    can_answer: bool,
    can_sign: bool,
    can_return: bool,
    can_result: bool,
    can_unhang: bool,
    can_review: bool,
    can_withdraw: bool,
    can_approve: bool,
    can_reply: bool,
    can_callback: bool,
    /// Code, label, and whether it is the category's default class (HL-LIMITS).
    classes: Vec<(&'static str, &'static str, bool)>,
    unit_choices: Vec<(i64, String)>,
    refuse_reasons: Vec<(&'static str, &'static str)>,
    ratings: Vec<(u32, &'static str)>,
    collab: Collab,
    credit: super::credit::CreditPart,
    applications: Applications,
    /// HL-LIMITS: the limits set by law the dispatch may choose (index, label).
    legal_limits: Vec<(usize, String)>,
    /// HL-PRIVACY: a complaint or report: the dispatch states whether the lead is the accused
    /// or an interested party.
    is_complaint: bool,
}

pub struct ClockLine {
    rule: String,
    unit: String,
    light: &'static str,
    due: String,
    state: &'static str,
}

/// What the page shows besides the order itself.
#[derive(Default)]
pub(super) struct Extras {
    pub done: bool,
    pub new_code: Option<String>,
    pub revealed: Option<String>,
    pub error: Option<String>,
    /// A refused result form: what was written, written back, and its problems.
    pub result_draft: ResultDraft,
}

/// The commands `staff` may run on `order` now (`hotline::order::available`, derived from the
/// transition table): the buttons the page offers.
pub(super) fn offered(staff: &Staff, order: &hotline::order::Order) -> Vec<CommandKind> {
    let actor = &staff.actor;
    let acting = if access::hotline_desk(actor) {
        Acting::Hotline
    } else if access::hotline_unit_work(actor) {
        Acting::Unit {
            unit: hotline::UnitId(actor.unit_id),
            leader: access::hotline_approve(actor),
        }
    } else {
        return Vec::new();
    };
    available(order, acting)
}

async fn unit_names(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

fn name_of(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| format!("单位 {id}"))
}

pub(super) async fn order_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: AppealId,
    extras: Extras,
) -> Result<OrderPage, PageError> {
    let db = &state.platform.db;
    let view = usecase::order_view(db, &state.platform.key, id, &staff.actor).await?;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let now = calendar::Instant::from_millis(now_ms());
    let names = unit_names(state).await?;
    let signed = |unit: i64| {
        view.order
            .assignments
            .iter()
            .any(|a| a.unit.0 == unit && a.signed_at.is_some())
    };
    let rule = platform::clocks::light_rule(&profile);
    let clocks = platform::clocks::by_subject(db, "order", &id.0.to_string())
        .await?
        .into_iter()
        .filter(|c| c.status.is_open())
        .map(|c| ClockLine {
            rule: hotline::order::clock_name(&c.rule_id).to_owned(),
            unit: name_of(&names, c.unit_id),
            light: c.clock.light(&calendar, now, &rule).code(),
            due: minute_of(c.clock.due(&calendar).at.millis()),
            // Issue 14 item 10: HL-RETURN's 3 h run from the dispatch, signed or not
            // (000 §12345-9(三)1 does not end them at signing); the page says so.
            state: if c.rule_id == "HL-RETURN" && signed(c.unit_id) {
                "已签收，时限内仍可退回"
            } else {
                c.status.label_zh()
            },
        })
        .collect();
    let collab = collab(state, staff, &view, &|unit| name_of(&names, unit)).await?;
    let credit = super::credit::part(state, staff, id).await?;
    let applications = applications(
        state,
        staff,
        &view.order,
        view.appellant.phone.is_some(),
        &profile,
    )
    .await?;
    let legal_limits = profile
        .hotline
        .legal_limit_list()?
        .into_iter()
        .enumerate()
        .map(|(index, legal)| {
            (
                index,
                format!(
                    "{}：{}（{}）",
                    legal.name,
                    legal.limit.label_zh(),
                    legal.basis
                ),
            )
        })
        .collect();
    let order = &view.order;
    let actor = &staff.actor;
    let can_desk = access::hotline_desk(actor);
    let offers = offered(staff, order);
    let can = |kind: CommandKind| offers.contains(&kind);
    let rows = usecase::history(db, id).await?;
    let history = crate::history::lines(db, &hotline::SUBJECT, &rows, status_label).await?;
    Ok(OrderPage {
        chrome: Chrome::office(state, csrf, actor).await?,
        id: id.0,
        number: view.number.clone(),
        category: category_label(&view.category),
        channel: hotline::appeal::Channel::ALL
            .iter()
            .find(|c| c.code() == view.channel)
            .map_or_else(|| view.channel.clone(), |c| c.label_zh().to_owned()),
        status: order.status.label_zh(),
        content: view.content.clone(),
        location: view.location.clone(),
        is_private: view.is_private,
        version: view.version,
        show_appellant: view.appellant.name.is_some()
            || view.appellant.phone.is_some()
            || view.appellant.address.is_some(),
        appellant_name: view.appellant.name.clone().unwrap_or_else(|| "—".into()),
        appellant_phone: view.appellant.phone.clone().unwrap_or_else(|| "—".into()),
        appellant_address: view.appellant.address.clone().unwrap_or_else(|| "—".into()),
        has_phone: view.appellant.phone.is_some(),
        new_code: extras.new_code,
        revealed: extras.revealed,
        error: extras.error,
        result_draft: extras.result_draft,
        clocks,
        units: order
            .assignments
            .iter()
            .map(|a| {
                (
                    name_of(&names, a.unit.0),
                    if a.role == UnitRole::Lead {
                        "主办"
                    } else {
                        "协办"
                    },
                    a.signed_at
                        .map(|t| minute_of(t.millis()))
                        .unwrap_or_else(|| "未签收".into()),
                )
            })
            .collect(),
        result: order.results.last().map(|r| {
            (
                r.handling.clone(),
                r.process.clone(),
                r.opinion.clone(),
                r.result.clone(),
            )
        }),
        result_view: order.results.last().map_or("", |r| match r.appellant_view {
            UnitView::Satisfied => "满意",
            UnitView::BasicallySatisfied => "基本满意",
            UnitView::Unsatisfied => "不满意",
        }),
        result_files: view
            .attachments
            .iter()
            .filter(|m| m.owner_kind == usecase::RESULT_ATTACHMENT)
            .map(|m| (m.id, m.download_name(), m.size_text()))
            .collect(),
        result_files_hint: format!(
            "{}，最多 {} 个，每个不超过 {} MB",
            Policy::APPEAL.kinds_hint(),
            usecase::RESULT_MAX_FILES,
            Policy::APPEAL.max_bytes / (1024 * 1024)
        ),
        result_by: history
            .iter()
            .rev()
            .find(|line| line.what == CommandKind::SubmitResult.label_zh())
            .map(|line| (line.who.clone(), line.at.clone())),
        replies: if can_desk {
            order
                .reply_attempts
                .iter()
                .map(|r| {
                    (
                        match r.channel {
                            ReplyChannel::Phone => "电话",
                            ReplyChannel::Sms => "短信",
                        },
                        match r.outcome {
                            ContactOutcome::Reached => "已联系上",
                            ContactOutcome::Unreachable => "未联系上",
                        },
                        r.note.clone(),
                        minute_of(r.at.millis()),
                    )
                })
                .collect()
        } else {
            Vec::new()
        },
        callbacks: order
            .callbacks
            .iter()
            .map(|c| {
                (
                    c.round,
                    c.rating.label_zh(),
                    if can_desk {
                        c.comment.clone()
                    } else {
                        String::new()
                    },
                    minute_of(c.at.millis()),
                )
            })
            .collect(),
        done: extras.done,
        history,
        can_desk,
        can_dispatch: can(CommandKind::Dispatch),
        can_answer: can(CommandKind::AnswerFromKb),
        can_sign: can(CommandKind::Sign),
        can_return: can(CommandKind::Return),
        can_result: can(CommandKind::SubmitResult),
        can_unhang: can(CommandKind::Unhang),
        can_review: can(CommandKind::Review),
        can_withdraw: can(CommandKind::Withdraw),
        can_approve: can(CommandKind::ApproveResult),
        can_reply: can(CommandKind::ReplyAttempt),
        can_callback: can(CommandKind::Callback),
        classes: HandlingClass::ALL
            .iter()
            .filter(|c| **c != HandlingClass::KnowledgeBase)
            .map(|c| {
                (
                    c.code(),
                    c.label_zh(),
                    *c == HandlingClass::default_for(order.intake.category),
                )
            })
            .collect(),
        unit_choices: names,
        refuse_reasons: RefuseReason::ALL
            .iter()
            .map(|r| (r.code(), r.label_zh()))
            .collect(),
        ratings: Rating::ALL
            .iter()
            .map(|r| (r.level(), r.label_zh()))
            .collect(),
        collab,
        credit,
        applications,
        legal_limits,
        is_complaint: order.intake.category == hotline::appeal::Category::ComplaintReport,
    })
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    code: Option<String>,
    /// Set by the redirect after a command succeeded.
    done: Option<String>,
}

/// `GET /office/hotline/orders/{id}`; `?code=` right after registration shows the query
/// code once, for the operator to tell the caller.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Query(query): Query<PageQuery>,
) -> Result<OrderPage, PageError> {
    let new_code = query
        .code
        .filter(|c| platform::query_code::is_shown_form(c) && access::hotline_desk(&staff.actor));
    order_page(
        &state,
        &csrf,
        &staff,
        id,
        Extras {
            new_code,
            done: query.done.is_some(),
            ..Extras::default()
        },
    )
    .await
}

/// Runs one command through the one use-case path (`usecase::execute`).
pub(super) async fn execute_command(
    state: &AppState,
    staff: &Staff,
    id: AppealId,
    version: i64,
    command: Command,
) -> platform::Result<()> {
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    usecase::execute(&state.platform.db, &context, id, command, Some(version)).await?;
    Ok(())
}

/// Answers an action: back to the order page, or the page with the refusal's reason.
pub(super) async fn respond(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: AppealId,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    respond_drafted(state, csrf, staff, id, outcome, ResultDraft::default()).await
}

/// [`respond`], a refusal writing `draft` back into the result form (issue 14 item 3).
pub(super) async fn respond_drafted(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: AppealId,
    outcome: platform::Result<()>,
    result_draft: ResultDraft,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("/office/hotline/orders/{}?done=1", id.0)).into_response())
        }
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::InvalidTransition { .. }
            | platform::Error::Conflict(_)
            | platform::Error::Refused(_)),
        ) => {
            let status = status_of(&error);
            let page = order_page(
                state,
                csrf,
                staff,
                id,
                Extras {
                    error: Some(error.to_string()),
                    result_draft,
                    ..Extras::default()
                },
            )
            .await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

pub(super) async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: AppealId,
    version: i64,
    command: platform::Result<Command>,
) -> Result<Response, PageError> {
    let outcome = match command {
        Ok(command) => execute_command(state, staff, id, version, command).await,
        Err(error) => Err(error),
    };
    respond(state, csrf, staff, id, outcome).await
}
