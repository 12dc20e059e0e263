//! Messages in the back office (MSG-ROUTE, MSG-LIMITS, MSG-REVIEW, MSG-PUBLISH): the
//! viewer's piles (the routing desk of the site's editors and the petition bureau, the
//! unit's inbox, the replies to review, the decisions to publish), a message's page — the
//! writer masked with an audited reveal for the desk, the reply clock with its light and
//! due, the routings, reply, reviews, publication and rating — with the commands
//! `message::available` gives the viewer, one form each posting to `…/command`, and the
//! statistics per unit with 互动回应差 per site. Outside its scope a message is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::{Instant, Limit, LimitUnit};
use participation::message::{self, Acting, Command, CommandKind, Issuer, Message, WithholdReason};
use participation::store::messages::{self as store, Filter, StoredMessage};
use participation::{MessageId, UnitId, usecase};
use platform::db::now_ms;
use serde::Deserialize;

use super::MessageNo;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

pub(super) async fn acting(state: &AppState, staff: &Staff) -> Result<Acting, PageError> {
    Ok(usecase::acting(&state.platform.db, &staff.actor).await?)
}

/// The message `id` for the viewer, or 404.
pub(super) async fn in_scope(
    state: &AppState,
    acting: &Acting,
    id: MessageId,
) -> Result<StoredMessage, PageError> {
    let not_found = || PageError(platform::Error::not_found("留言"));
    let stored = store::get(&state.platform.db, id)
        .await
        .map_err(|_| not_found())?;
    if message::visible(&stored.message, acting) {
        Ok(stored)
    } else {
        Err(not_found())
    }
}

pub struct Line {
    id: i64,
    number: String,
    channel: &'static str,
    title: String,
    received: String,
    status: &'static str,
}

pub struct Pile {
    title: &'static str,
    lines: Vec<Line>,
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/office_list.html")]
pub struct ListPage {
    chrome: Chrome,
    piles: Vec<Pile>,
}

fn line(stored: &StoredMessage) -> Line {
    let message = &stored.message;
    Line {
        id: message.id.0,
        number: stored.number.clone(),
        channel: message.filing.channel.label_zh(),
        title: message.filing.title.clone(),
        received: minute_of(message.received_at.millis()),
        status: message.status.label_zh(),
    }
}

/// `GET /office/participation/messages`: the viewer's piles.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let acting = acting(&state, &staff).await?;
    let unit = acting.unit;
    let mut filters: Vec<(&'static str, Filter)> = Vec::new();
    if acting.is_petition_staff() {
        filters.push(("待分办（信访部门）", Filter::Desk { site: None }));
    }
    let roles = &acting.roles;
    let editor = roles.contains(&platform::roles::Role::SiteEditor);
    if editor {
        filters.push(("待分办（本网站）", Filter::Desk { site: Some(unit) }));
    }
    if editor || roles.contains(&platform::roles::Role::Publisher) {
        filters.push(("本网站收到的留言", Filter::Site { site: unit }));
    }
    if roles.contains(&platform::roles::Role::UnitHandler)
        || roles.contains(&platform::roles::Role::UnitLeader)
    {
        filters.push(("分办给本单位的留言", Filter::Unit { unit }));
    }
    let mut piles = Vec::new();
    for (title, filter) in filters {
        let lines = store::list(db, filter, 200)
            .await?
            .iter()
            .filter(|stored| message::visible(&stored.message, &acting))
            .map(line)
            .collect();
        piles.push(Pile { title, lines });
    }
    Ok(ListPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        piles,
    })
}

/// A command form the viewer may send.
pub struct Offer {
    command: &'static str,
    label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/office_message.html")]
pub struct MessagePage {
    chrome: Chrome,
    id: i64,
    version: i64,
    number: String,
    channel: &'static str,
    site: String,
    title: String,
    content: String,
    page: String,
    writer: String,
    publish_allowed: bool,
    status: &'static str,
    received: String,
    clock: String,
    light: &'static str,
    unit: String,
    history: Vec<String>,
    reply: String,
    offers: Vec<Offer>,
    units: Vec<(i64, String)>,
    reasons: Vec<(&'static str, &'static str)>,
    may_reveal: bool,
    /// MSG-PUBLISH: the FAQ entry drafted from it, and whether the viewer may draft one.
    faq: Option<i64>,
    may_promote: bool,
    message: String,
}

async fn unit_name(state: &AppState, unit: UnitId) -> String {
    platform::units::get(&state.platform.db, unit.0)
        .await
        .map(|unit| unit.name)
        .unwrap_or_default()
}

fn code_of(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::Route => "route",
        CommandKind::TransferToHotline => "transfer",
        CommandKind::MarkInvalid => "invalid",
        CommandKind::Return => "return",
        CommandKind::MarkComplex => "complex",
        CommandKind::Extend => "extend",
        CommandKind::Reply => "reply",
        CommandKind::Approve => "approve",
        CommandKind::SendBack => "send_back",
        CommandKind::Publish => "publish",
        CommandKind::Withhold => "withhold",
        CommandKind::Rate => "rate",
    }
}

async fn history_of(state: &AppState, message: &Message) -> Vec<String> {
    let mut lines = Vec::new();
    for routing in &message.routings {
        let unit = unit_name(state, routing.unit).await;
        lines.push(format!(
            "{} 分办至{unit}{}",
            minute_of(routing.at.millis()),
            suffix(&routing.note)
        ));
        if let Some(reason) = &routing.returned {
            lines.push(format!("{unit}退回：{reason}"));
        }
    }
    if let Some(transfer) = &message.transfer {
        lines.push(format!(
            "{} 转12345热线，工单 {}{}",
            minute_of(transfer.at.millis()),
            transfer.order_number.clone().unwrap_or_default(),
            suffix(&transfer.note)
        ));
    }
    for (what, extension) in [("复杂留言", &message.complex), ("延期", &message.extension)] {
        if let Some(e) = extension {
            lines.push(format!("{what} {}：{}", e.amount.label_zh(), e.reason));
        }
    }
    if let Some(reply) = &message.reply {
        let unit = unit_name(state, reply.unit).await;
        lines.push(format!("{} {unit}答复", minute_of(reply.at.millis())));
    }
    for review in &message.reviews {
        let verdict = if review.approved {
            "审核通过"
        } else {
            "审核退回"
        };
        lines.push(format!(
            "{} {verdict}{}",
            minute_of(review.at.millis()),
            suffix(&review.note)
        ));
    }
    if let Some(p) = &message.publication {
        lines.push(match p.withheld {
            None => format!("{} 已公开", minute_of(p.at.millis())),
            Some(reason) => format!(
                "{} 不予公开：{}{}",
                minute_of(p.at.millis()),
                reason.label_zh(),
                suffix(&p.note)
            ),
        });
    }
    if let Some(r) = &message.rating {
        lines.push(format!(
            "留言人评价：及时性 {} 星，答复质量 {} 星",
            r.timeliness, r.quality
        ));
    }
    if let Some(reason) = &message.invalid {
        lines.push(format!("认定无效：{reason}"));
    }
    lines
}

fn suffix(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!("（{note}）")
    }
}

pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (stored, acting): (&StoredMessage, &Acting),
    (writer, message): (Option<String>, String),
) -> Result<MessagePage, PageError> {
    let db = &state.platform.db;
    let m = &stored.message;
    let judged = Judged::load(state, staff).await?;
    let now = Instant::from_millis(now_ms());
    let (clock, light) = match m.reply_clock() {
        Some(clock) => {
            let rule = platform::clocks::light_rule(&judged.profile);
            let light = clock.light(&judged.calendar, now, &rule);
            (
                format!(
                    "答复期限 {}",
                    minute_of(clock.due(&judged.calendar).millis())
                ),
                light.code(),
            )
        }
        None => (
            match m.in_time {
                Some(true) => "已按时答复".to_owned(),
                Some(false) => "超期答复".to_owned(),
                None => String::new(),
            },
            "",
        ),
    };
    let issuer = Issuer::Staff(acting.clone());
    let offers = message::available(m, &issuer)
        .into_iter()
        .map(|kind| Offer {
            command: code_of(kind),
            label: kind.label_zh(),
        })
        .collect::<Vec<_>>();
    let units = if offers.iter().any(|o| o.command == "route") {
        platform::units::list(db)
            .await?
            .into_iter()
            .filter(|unit| unit.active)
            .map(|unit| (unit.id, unit.name))
            .collect()
    } else {
        Vec::new()
    };
    let masked = &m.filing.writer;
    Ok(MessagePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: m.id.0,
        version: stored.version,
        number: stored.number.clone(),
        channel: m.filing.channel.label_zh(),
        site: unit_name(state, m.site_unit).await,
        title: m.filing.title.clone(),
        content: m.filing.content.clone(),
        page: m.filing.page.clone(),
        writer: writer.unwrap_or_else(|| format!("{} {}", masked.name, masked.phone)),
        publish_allowed: m.filing.allow_publication,
        status: m.status.label_zh(),
        received: minute_of(m.received_at.millis()),
        clock,
        light,
        unit: match m.unit {
            Some(unit) => unit_name(state, unit).await,
            None => String::new(),
        },
        history: history_of(state, m).await,
        reply: m.reply.as_ref().map(|r| r.text.clone()).unwrap_or_default(),
        offers,
        units,
        reasons: WithholdReason::ALL
            .into_iter()
            .map(|r| (r.code(), r.label_zh()))
            .collect(),
        may_reveal: acting.is_petition_staff()
            || acting.has_in(platform::roles::Role::SiteEditor, m.site_unit),
        faq: m.faq.as_ref().map(|link| link.entry),
        may_promote: message::promotable(m, acting).is_ok(),
        message,
    })
}

/// `GET /office/participation/messages/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(MessageNo(id)): Id<MessageNo>,
) -> Result<MessagePage, PageError> {
    let acting = acting(&state, &staff).await?;
    let stored = in_scope(&state, &acting, MessageId(id)).await?;
    build(
        &state,
        &csrf,
        &staff,
        (&stored, &acting),
        (None, String::new()),
    )
    .await
}

/// A command on the message: which one, the page's version, and its fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandForm {
    #[serde(default)]
    command: String,
    #[serde(default)]
    version: i64,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    reason: String,
}

fn command_of(form: &CommandForm) -> platform::Result<Option<Command>> {
    let note = form.note.clone();
    Ok(Some(match form.command.trim() {
        "route" => Command::Route {
            unit: UnitId(
                form.unit
                    .trim()
                    .parse::<i64>()
                    .map_err(|_| platform::Error::invalid("请选择承办单位"))?,
            ),
            note,
        },
        "transfer" => return Ok(None),
        "invalid" => Command::MarkInvalid { reason: note },
        "return" => Command::Return { reason: note },
        "complex" => Command::MarkComplex { reason: note },
        "extend" => Command::Extend {
            amount: form
                .days
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|days| (1..=366).contains(days))
                .map(|days| Limit::new(days, LimitUnit::WorkingDays))
                .ok_or_else(|| platform::Error::invalid("请填写延期的工作日数"))?,
            reason: note,
        },
        "reply" => Command::Reply { text: note },
        "approve" => Command::Approve { note },
        "send_back" => Command::SendBack { note },
        "publish" => Command::Publish,
        "withhold" => Command::Withhold {
            reason: WithholdReason::from_code(form.reason.trim())
                .ok_or_else(|| platform::Error::invalid("请选择不予公开的原因"))?,
            note,
        },
        _ => return Err(platform::Error::invalid("请选择要办理的事项")),
    }))
}

pub(super) fn shown_on_page(error: &platform::Error) -> bool {
    matches!(
        error,
        platform::Error::Invalid(_)
            | platform::Error::InvalidTransition { .. }
            | platform::Error::Conflict(_)
            | platform::Error::Refused(_)
    )
}

/// `POST /office/participation/messages/{id}/command`: the viewer's command through the
/// kernel's one path; a refusal is shown on the page, nothing changed.
pub async fn command(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(MessageNo(id)): Id<MessageNo>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let id = MessageId(id);
    let acting = acting(&state, &staff).await?;
    in_scope(&state, &acting, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    let version = Some(form.version);
    let outcome = match command_of(&form) {
        Ok(Some(command)) => usecase::execute(db, &context, &acting, id, command, version)
            .await
            .map(|_| ()),
        Ok(None) => usecase::transfer_to_hotline(db, &context, &acting, id, &form.note, version)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => {
            Ok(Redirect::to(&format!("/office/participation/messages/{}", id.0)).into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let stored = in_scope(&state, &acting, id).await?;
            let page = build(
                &state,
                &csrf,
                &staff,
                (&stored, &acting),
                (None, error.to_string()),
            )
            .await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevealForm {
    #[serde(default)]
    reason: String,
}

/// `POST /office/participation/messages/{id}/writer`: the writer in clear for the desk, with
/// the reason, audited (the competent unit is refused).
pub async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(MessageNo(id)): Id<MessageNo>,
    Form(form): Form<RevealForm>,
) -> Result<Response, PageError> {
    let id = MessageId(id);
    let acting = acting(&state, &staff).await?;
    let stored = in_scope(&state, &acting, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = if form.reason.trim().is_empty() || form.reason.chars().count() > 200 {
        Err(platform::Error::invalid(
            "请填写查看留言人信息的理由（200 字以内）",
        ))
    } else {
        usecase::unmask_writer(&state.platform.db, &context, &acting, id, &form.reason).await
    };
    match outcome {
        Ok(writer) => {
            let clear = format!("{} {} {}", writer.name, writer.phone, writer.email);
            let page = build(
                &state,
                &csrf,
                &staff,
                (&stored, &acting),
                (Some(clear), String::new()),
            )
            .await?;
            Ok(page.into_response())
        }
        Err(error) if shown_on_page(&error) => {
            let page = build(
                &state,
                &csrf,
                &staff,
                (&stored, &acting),
                (None, error.to_string()),
            )
            .await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

pub struct GapLine {
    site: String,
    count: usize,
    numbers: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/statistics.html")]
pub struct StatisticsPage {
    chrome: Chrome,
    year: String,
    lines: Vec<super::statistics::StatLine>,
    gaps: Vec<GapLine>,
}

/// `GET /office/participation/statistics`: this year's statistics per unit (MSG-PUBLISH) and
/// 互动回应差 per site.
pub async fn statistics(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<StatisticsPage, PageError> {
    let db = &state.platform.db;
    let now = Instant::from_millis(now_ms());
    let (year, lines) = super::statistics::of_year(db, now).await?;
    let gaps = usecase::response_gaps(db, now)
        .await?
        .into_iter()
        .map(|g| GapLine {
            site: g.site_name,
            count: g.numbers.len(),
            numbers: g.numbers.join("、"),
        })
        .collect();
    Ok(StatisticsPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        year,
        lines,
        gaps,
    })
}
