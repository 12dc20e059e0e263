//! The pure transition of a message (MSG-*): `submit` (the first step) and `apply(message,
//! command, issuer, now, rules) -> (message, events)`. A refused command changes nothing.
//! Order of the checks: the transition table, then who may act, then the rules. Every limit
//! is the profile's (`messages.*`), counted on the jurisdiction's calendar.

use calendar::{Calendar, Instant, Limit};
use platform::roles::Role;
use platform::workflow::machine as clocks;

use crate::error::ParticipationError;
use crate::message::table::{self, TRANSITIONS};
use crate::message::{
    Channel, ClockKind, Command, CommandKind, Event, Extension, Filing, Issuer, MAX_CONTENT_CHARS,
    Message, Publication, Rating, Reply, Review, Routing, Status, Transfer, WithholdReason,
};
use crate::{MessageId, Rules, UnitId};

/// The longest note or reason, in characters.
pub const MAX_NOTE_CHARS: usize = 500;
const CAUSE: &str = "MSG-LIMITS";

fn refuse(message: &str) -> Result<(), ParticipationError> {
    Err(ParticipationError::not_permitted(message))
}

/// Whether `issuer` may run `kind` on `message` (SEC-ROLES, MSG-ROUTE, MSG-REVIEW): the site's
/// editors or the petition bureau route; the competent unit replies; a reply is reviewed by
/// the petition bureau (领导信箱), the site's editors (网站纠错) or the unit's leader (the other
/// channels); the site's editors decide publication; the writer rates.
pub fn permits(
    message: &Message,
    issuer: &Issuer,
    kind: CommandKind,
) -> Result<(), ParticipationError> {
    let acting = match issuer {
        Issuer::Writer if kind == CommandKind::Rate => return Ok(()),
        Issuer::Writer => {
            return refuse(&format!("“{}”由工作人员办理", kind.label_zh()));
        }
        Issuer::Staff(_) if kind == CommandKind::Rate => {
            return refuse("答复由留言人本人评价");
        }
        Issuer::Staff(acting) => acting,
    };
    let site = message.site_unit;
    let unit = message.unit;
    let in_unit = |role: Role| unit.is_some_and(|unit| acting.has_in(role, unit));
    match kind {
        CommandKind::Route | CommandKind::TransferToHotline | CommandKind::MarkInvalid => {
            if acting.has_in(Role::SiteEditor, site) || acting.is_petition_staff() {
                Ok(())
            } else {
                refuse("留言由网站编辑或信访部门分办（MSG-ROUTE）")
            }
        }
        CommandKind::Return | CommandKind::Reply => {
            if in_unit(Role::UnitHandler) || in_unit(Role::UnitLeader) {
                Ok(())
            } else {
                refuse("只能办理分办给本单位的留言（MSG-ROUTE）")
            }
        }
        CommandKind::MarkComplex | CommandKind::Extend => {
            if in_unit(Role::UnitLeader) {
                Ok(())
            } else {
                refuse("复杂留言认定和延期答复须经承办单位负责人同意（MSG-LIMITS）")
            }
        }
        CommandKind::Approve | CommandKind::SendBack => permits_review(message, acting),
        CommandKind::Publish | CommandKind::Withhold => {
            if acting.has_in(Role::SiteEditor, site) || acting.has_in(Role::Publisher, site) {
                Ok(())
            } else {
                refuse("是否公开由网站编辑决定（MSG-PUBLISH）")
            }
        }
        CommandKind::Rate => refuse("答复由留言人本人评价"),
    }
}

/// MSG-REVIEW: who reviews a reply before publication.
fn permits_review(
    message: &Message,
    acting: &crate::message::Acting,
) -> Result<(), ParticipationError> {
    let replying = message.reply.as_ref().map(|reply| reply.unit);
    let allowed = match message.filing.channel {
        Channel::LeaderMailbox => acting.is_petition_staff(),
        Channel::SiteError => acting.has_in(Role::SiteEditor, message.site_unit),
        _ => replying.is_some_and(|unit| acting.has_in(Role::UnitLeader, unit)),
    };
    if allowed {
        Ok(())
    } else {
        refuse(match message.filing.channel {
            Channel::LeaderMailbox => "领导信箱的答复由信访部门审核（MSG-REVIEW）",
            Channel::SiteError => "网站纠错的答复由网站编辑审核（MSG-REVIEW）",
            _ => "答复由承办单位负责人审核后方可发布（MSG-REVIEW）",
        })
    }
}

/// The commands `issuer` may run now: the table's rows from the status, kept to those the
/// same permission check `apply` uses lets through.
pub fn available(message: &Message, issuer: &Issuer) -> Vec<CommandKind> {
    let mut kinds: Vec<CommandKind> = Vec::new();
    for &(from, kind, _) in TRANSITIONS {
        if from == message.status
            && !kinds.contains(&kind)
            && permits(message, issuer, kind).is_ok()
        {
            kinds.push(kind);
        }
    }
    kinds
}

/// MSG-KINDS, MSG-LIMITS: a new message on `filing.channel` of the site of `site_unit`,
/// received at `now`; every problem at once. The reply clock starts at receipt with the
/// channel's limit, filed under the site's unit until the message is routed.
pub fn submit(
    id: MessageId,
    site_unit: UnitId,
    filing: &Filing,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Message, Vec<Event>), ParticipationError> {
    let filing = filing.checked()?;
    let limit = filing.channel.reply_limit(rules.profile);
    let mut message = Message {
        id,
        site_unit,
        filing,
        status: Status::Received,
        received_at: now,
        unit: None,
        routings: Vec::new(),
        transfer: None,
        complex: None,
        extension: None,
        reply: None,
        reviews: Vec::new(),
        in_time: None,
        answered_at: None,
        publication: None,
        rating: None,
        invalid: None,
        clocks: Vec::new(),
        faq: None,
    };
    let started = clocks::start(
        &mut message.clocks,
        ClockKind::Reply,
        Some(site_unit),
        limit,
        now,
        rules.calendar,
    );
    let events = vec![
        Event::Submitted {
            channel: message.filing.channel,
        },
        Event::Clock(started),
    ];
    Ok((message, events))
}

fn note(text: &str, what: &str, required: bool) -> Result<String, ParticipationError> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(ParticipationError::invalid(format!("请填写{what}")));
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(ParticipationError::invalid(format!(
            "{what}不能超过 {MAX_NOTE_CHARS} 个字"
        )));
    }
    Ok(text.to_owned())
}

/// MSG-LIMITS: the reply clock moves to `unit` — the running one stops and one with the same
/// start (receipt), limit and extensions starts for `unit`, so the due instant stays.
fn refile(
    message: &mut Message,
    events: &mut Vec<Event>,
    unit: UnitId,
    now: Instant,
    calendar: &Calendar,
) -> Result<(), ParticipationError> {
    let Some(running) = message.reply_clock() else {
        return Ok(());
    };
    let limit = running.clock.limit();
    let stopped = clocks::stop(&mut message.clocks, now, calendar, |_| true);
    events.extend(stopped.into_iter().map(Event::Clock));
    let started = clocks::start(
        &mut message.clocks,
        ClockKind::Reply,
        Some(unit),
        limit,
        message.received_at,
        calendar,
    );
    events.push(Event::Clock(started));
    let extra: Vec<Extension> = message
        .complex
        .iter()
        .chain(message.extension.iter())
        .cloned()
        .collect();
    for extension in extra {
        extend_clock(
            message,
            events,
            extension.amount,
            &extension.reason,
            calendar,
        )?;
    }
    Ok(())
}

fn extend_clock(
    message: &mut Message,
    events: &mut Vec<Event>,
    amount: Limit,
    reason: &str,
    calendar: &Calendar,
) -> Result<(), ParticipationError> {
    if let Some(clock) = message.reply_clock_mut() {
        let extended = clocks::extend(clock, amount, reason, CAUSE, calendar)
            .map_err(|error| ParticipationError::invalid(error.to_string()))?;
        events.push(Event::Clock(extended));
    }
    Ok(())
}

fn staff_user(issuer: &Issuer) -> Result<crate::UserId, ParticipationError> {
    match issuer {
        Issuer::Staff(acting) => Ok(acting.user),
        Issuer::Writer => Err(ParticipationError::not_permitted("须由工作人员办理")),
    }
}

/// What `command` by `issuer` does to `message` at `now`.
pub fn apply(
    message: &Message,
    command: &Command,
    issuer: &Issuer,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Message, Vec<Event>), ParticipationError> {
    let kind = command.kind();
    if !table::allows(message.status, kind) {
        return Err(ParticipationError::InvalidTransition {
            from: message.status.label_zh(),
            command: kind.label_zh(),
        });
    }
    permits(message, issuer, kind)?;
    let mut next = message.clone();
    let mut events = Vec::new();
    let calendar = rules.calendar;
    let to = match command {
        Command::Route { unit, note: text } => {
            let text = note(text, "分办意见", false)?;
            let by = staff_user(issuer)?;
            next.unit = Some(*unit);
            next.routings.push(Routing {
                unit: *unit,
                note: text,
                by,
                at: now,
                returned: None,
            });
            refile(&mut next, &mut events, *unit, now, calendar)?;
            events.push(Event::Routed { unit: *unit });
            Status::Routed
        }
        Command::TransferToHotline { note: text, order } => {
            let text = note(text, "转办说明", false)?;
            let by = staff_user(issuer)?;
            // MSG-ROUTE: one clock, not two — the order's clocks run from here.
            let stopped = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            events.extend(stopped.into_iter().map(Event::Clock));
            next.transfer = Some(Transfer {
                note: text,
                by,
                at: now,
                order_id: order.as_ref().map(|(id, _)| *id),
                order_number: order.as_ref().map(|(_, number)| number.clone()),
            });
            events.push(Event::Transferred);
            Status::Transferred
        }
        Command::MarkInvalid { reason } => {
            next.invalid = Some(note(reason, "认定无效的理由", true)?);
            let stopped = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            events.extend(stopped.into_iter().map(Event::Clock));
            events.push(Event::Invalidated);
            Status::Invalid
        }
        Command::Return { reason } => {
            let reason = note(reason, "退回理由", true)?;
            let unit = next.answerable_unit();
            if let Some(routing) = next.routings.last_mut() {
                routing.returned = Some(reason);
            }
            next.unit = None;
            let site = next.site_unit;
            refile(&mut next, &mut events, site, now, calendar)?;
            events.push(Event::Returned { unit });
            Status::Received
        }
        Command::MarkComplex { reason } => {
            let reason = note(reason, "认定复杂留言的理由", true)?;
            if next.complex.is_some() {
                return Err(ParticipationError::limit("该留言已认定为复杂留言"));
            }
            let base = next.filing.channel.reply_limit(rules.profile);
            let complex = rules.profile.messages.complex.limit();
            if complex.unit != base.unit || complex.amount <= base.amount {
                return Err(ParticipationError::limit(
                    "本地规定未设复杂留言的答复时限，不能认定复杂留言（MSG-LIMITS）",
                ));
            }
            let amount = Limit {
                amount: complex.amount - base.amount,
                unit: base.unit,
            };
            extend_clock(&mut next, &mut events, amount, &reason, calendar)?;
            next.complex = Some(Extension {
                amount,
                reason,
                by: staff_user(issuer)?,
                at: now,
            });
            Status::Routed
        }
        Command::Extend { amount, reason } => {
            let reason = note(reason, "延期理由", true)?;
            let max = rules.profile.messages.extension_max.limit();
            if max.amount == 0 {
                return Err(ParticipationError::limit(
                    "本地规定不允许延期答复（MSG-LIMITS）",
                ));
            }
            if next.extension.is_some() {
                return Err(ParticipationError::limit("延期答复只能一次（MSG-LIMITS）"));
            }
            if amount.amount == 0 || amount.unit != max.unit || amount.amount > max.amount {
                return Err(ParticipationError::limit(format!(
                    "延期最长 {}（MSG-LIMITS）",
                    max.label_zh()
                )));
            }
            extend_clock(&mut next, &mut events, *amount, &reason, calendar)?;
            next.extension = Some(Extension {
                amount: *amount,
                reason,
                by: staff_user(issuer)?,
                at: now,
            });
            Status::Routed
        }
        Command::Reply { text } => {
            let text = text.trim();
            if text.is_empty() {
                return Err(ParticipationError::invalid("请填写答复内容"));
            }
            if text.chars().count() > MAX_CONTENT_CHARS {
                return Err(ParticipationError::invalid(format!(
                    "答复内容不能超过 {MAX_CONTENT_CHARS} 个字"
                )));
            }
            next.reply = Some(Reply {
                unit: next.answerable_unit(),
                text: text.to_owned(),
                by: staff_user(issuer)?,
                at: now,
            });
            events.push(Event::Replied);
            Status::Replied
        }
        Command::Approve { note: text } => {
            let text = note(text, "审核意见", false)?;
            next.reviews.push(Review {
                approved: true,
                note: text,
                by: staff_user(issuer)?,
                at: now,
            });
            // MSG-LIMITS: the reply counts as given when it passed review (MSG-REVIEW).
            let met = next
                .reply_clock()
                .is_none_or(|clock| clock.clock.is_met(calendar, now));
            let stopped = clocks::stop(&mut next.clocks, now, calendar, |_| true);
            events.extend(stopped.into_iter().map(Event::Clock));
            next.in_time = Some(met);
            next.answered_at = Some(now);
            events.push(Event::Reviewed { approved: true });
            Status::Approved
        }
        Command::SendBack { note: text } => {
            let text = note(text, "退回意见", true)?;
            next.reviews.push(Review {
                approved: false,
                note: text,
                by: staff_user(issuer)?,
                at: now,
            });
            events.push(Event::Reviewed { approved: false });
            Status::Routed
        }
        Command::Publish => {
            if !next.filing.allow_publication {
                return Err(ParticipationError::limit(
                    "留言人选择不公开，不能公开该留言；请选择“不予公开”并记录原因（MSG-PUBLISH）",
                ));
            }
            next.publication = Some(Publication {
                withheld: None,
                note: String::new(),
                by: staff_user(issuer)?,
                at: now,
            });
            events.push(Event::Published);
            Status::Published
        }
        Command::Withhold { reason, note: text } => {
            let text = note(text, "不予公开的说明", *reason == WithholdReason::Other)?;
            next.publication = Some(Publication {
                withheld: Some(*reason),
                note: text,
                by: staff_user(issuer)?,
                at: now,
            });
            events.push(Event::Withheld { reason: *reason });
            Status::NotPublished
        }
        Command::Rate {
            timeliness,
            quality,
            comment,
        } => {
            if next.rating.is_some() {
                return Err(ParticipationError::limit("该答复已评价过，不能重复评价"));
            }
            let mut problems = Vec::new();
            if !(1..=5).contains(timeliness) {
                problems.push("请评价答复是否及时（1 到 5 星）".to_owned());
            }
            if !(1..=5).contains(quality) {
                problems.push("请评价答复质量（1 到 5 星）".to_owned());
            }
            ParticipationError::check_all(problems)?;
            let comment = note(comment, "评价意见", false)?;
            let rating = Rating {
                timeliness: *timeliness,
                quality: *quality,
                comment,
                at: now,
            };
            events.push(Event::Rated {
                level: rating.level(),
            });
            next.rating = Some(rating);
            next.status
        }
    };
    next.status = to;
    events.insert(
        0,
        Event::Transitioned {
            from: message.status,
            to,
            command: kind,
        },
    );
    Ok((next, events))
}

/// Whether a staff user may see `message` in the back office (SEC-ROLES, by place): the
/// site's editors and publishers, the petition bureau, and the unit it is with or that
/// replied. Everyone else is told it does not exist.
pub fn visible(message: &Message, acting: &crate::message::Acting) -> bool {
    let site = message.site_unit;
    let units = [message.unit, message.reply.as_ref().map(|reply| reply.unit)];
    acting.has_in(Role::SiteEditor, site)
        || acting.has_in(Role::Publisher, site)
        || acting.is_petition_staff()
        || units.into_iter().flatten().any(|unit| {
            acting.has_in(Role::UnitHandler, unit) || acting.has_in(Role::UnitLeader, unit)
        })
}
