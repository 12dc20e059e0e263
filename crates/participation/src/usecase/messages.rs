//! The messages' use cases (MSG-KINDS, MSG-ROUTE, MSG-QUERY): submission on a site's channel,
//! the staff's commands through the kernel's one path, the transfer to 12345, the writer's
//! lookup by number and query code and their rating, and the audited reveal of the writer.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::filed_by::{self, FiledBy};
use platform::personal::{self, DataKey, UnmaskTarget, aad};
use platform::roles::Role;
use platform::workflow::{self, Context, Subject};
use platform::{Error, Result, query_code};

use super::LOOKUP_SCOPE;
use super::machine::{Messages, load_in};
use crate::message::{self, Acting, Channel, Command, Filing, Issuer, Message, Writer};
use crate::store::messages::{self as store, StoredMessage, WRITER_COLUMN, masked};
use crate::{MessageId, Rules, UnitId};

/// A submitted message: its id, public number, query code (in clear, shown once) and
/// version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    pub id: MessageId,
    pub number: String,
    pub query_code: String,
    pub version: i64,
}

fn shown(mut message: Message) -> Message {
    message.filing.writer = masked(&message.filing.writer);
    message
}

/// MSG-KINDS: a message on `filing.channel` of the site of `site_unit`, received at
/// `context.now`; every problem at once. The writer sealed, the reply clock started, history
/// and audit row in one transaction, committed before the number is returned (an
/// acknowledged message is never lost).
pub async fn submit(
    db: &Db,
    context: &Context<'_>,
    site_unit: UnitId,
    filing: &Filing,
) -> Result<Submitted> {
    submit_for(db, context, site_unit, filing, None).await
}

/// [`submit`] for the citizen's account `filed_by` (issue 23 item 3): the message is linked
/// to it in the submission's transaction.
pub async fn submit_for(
    db: &Db,
    context: &Context<'_>,
    site_unit: UnitId,
    filing: &Filing,
    filed_by: Option<FiledBy>,
) -> Result<Submitted> {
    platform::units::get(db, site_unit.0)
        .await
        .map_err(|_| Error::invalid("请选择网站"))?;
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let (mut message, events) =
        message::submit(MessageId(0), site_unit, filing, context.now, rules)?;
    let mut tx = db.begin().await?;
    let (stored, code) =
        store::insert(&mut tx, context.key, &mut message, context.now.millis()).await?;
    let issuer = Issuer::Writer;
    let machine = Messages {
        issuer: &issuer,
        key: context.key,
    };
    let subject = Subject {
        id: message.id,
        loaded: None,
        state: &message,
    };
    workflow::record(&mut tx, &machine, context, subject, "submit", &events).await?;
    let event = AuditEvent::new(
        "participation.message.submit",
        "participation_message",
        message.id,
    )
    .detail(format!(
        "网站留言 {}：{}",
        stored.number,
        message.filing.channel.label_zh()
    ));
    let link = (message.id.0, stored.number.as_str());
    filed_by::link_in(
        &mut tx,
        filed_by,
        filed_by::MESSAGE,
        link,
        context.now.millis(),
    )
    .await?;
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(Submitted {
        id: message.id,
        number: stored.number,
        query_code: code,
        version: stored.version,
    })
}

/// MSG-ROUTE, MSG-LIMITS, MSG-REVIEW, MSG-PUBLISH: runs `command` on message `id` for the
/// staff user `acting` through the kernel's one path. A refusal changes nothing. Returns the
/// message (writer masked) and its version.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: MessageId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Message, i64)> {
    if command == Command::Publish {
        content_check(db, context.key, id).await?;
    }
    let issuer = Issuer::Staff(acting.clone());
    let machine = Messages {
        issuer: &issuer,
        key: context.key,
    };
    let (message, version) =
        workflow::execute(db, &machine, context, id, command, expected_version).await?;
    Ok((shown(message), version))
}

/// MSG-PUBLISH, WEB-INSPECT (issue 17 item 5): before publication the title, the message and
/// the reply pass the content-safety check (the word lists in force) and the personal-data
/// detector; a hit refuses the publication with what was found, nothing changed — the
/// editors correct it or withhold the message with its reason. The writer's own name and
/// phone, which the writer's form promises are never published, are looked for too (a reply
/// that opens with 李明同志 names them).
async fn content_check(db: &Db, key: &DataKey, id: MessageId) -> Result<()> {
    let stored = store::get(db, id).await?;
    let writer = stored.opened(key)?.filing.writer;
    let message = &stored.message;
    let reply = message
        .reply
        .as_ref()
        .map_or("", |reply| reply.text.as_str());
    let text = format!(
        "{}\n{}\n{}",
        message.filing.title, message.filing.content, reply
    );
    let checker = sites::usecase::inspect::checker(db).await?;
    let mut found: Vec<String> = checker
        .check(&text)
        .into_iter()
        .map(|finding| finding.found)
        .collect();
    found.extend(
        platform::privacy::find(&text)
            .into_iter()
            .map(|hit| hit.kind.label_zh().to_owned()),
    );
    let named = |part: &str, min: usize| {
        let part = part.trim();
        part.chars().count() >= min && text.contains(part)
    };
    if named(&writer.name, 2) {
        found.push("留言人姓名".to_owned());
    }
    if named(&writer.phone, 7) {
        found.push("留言人电话".to_owned());
    }
    if found.is_empty() {
        Ok(())
    } else {
        found.dedup();
        Err(Error::invalid(format!(
            "留言或答复含有需核实的内容（{}），不能公开；请核实处理，或选择“不予公开”并记录原因（MSG-PUBLISH）",
            found.join("、")
        )))
    }
}

fn category(channel: Channel) -> hotline::appeal::Category {
    use hotline::appeal::Category;
    match channel {
        Channel::Consultation => Category::ConsultationHelp,
        Channel::Suggestion | Channel::SiteError => Category::Suggestion,
        Channel::Complaint => Category::ComplaintReport,
        Channel::LeaderMailbox => Category::Other,
    }
}

/// MSG-ROUTE: transfers message `id` to the 12345 hotline — the order is registered with the
/// message's content and writer (its content names the message's number) and the message
/// records the order; the message's clock stops and the order's run (one clock, not two).
/// The command is judged first, so a refused transfer registers no order.
pub async fn transfer_to_hotline(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: MessageId,
    note: &str,
    expected_version: Option<i64>,
) -> Result<(Message, i64)> {
    let issuer = Issuer::Staff(acting.clone());
    let stored = store::get(db, id).await?;
    let opened = stored.opened(context.key)?;
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let trial = Command::TransferToHotline {
        note: note.to_owned(),
        order: None,
    };
    message::apply(&opened, &trial, &issuer, context.now, rules)?;
    if expected_version.is_some_and(|version| version != stored.version) {
        return Err(Error::conflict("该留言已被他人更新，请刷新后重试"));
    }
    let writer = &opened.filing.writer;
    let content = format!(
        "【网站留言转办 {}】{}：{}",
        stored.number, opened.filing.title, opened.filing.content
    );
    let new = hotline::usecase::NewAppeal {
        channel: hotline::appeal::Channel::Web,
        category: category(opened.filing.channel),
        origin: hotline::appeal::Origin::Local,
        content: content.chars().take(hotline::CONTENT_MAX_CHARS).collect(),
        location: if opened.filing.page.is_empty() {
            "网站留言未注明地点".to_owned()
        } else {
            opened
                .filing
                .page
                .chars()
                .take(hotline::SHORT_MAX_CHARS)
                .collect()
        },
        is_private: !opened.filing.allow_publication,
        publish_consent: false,
        confidential: false,
        province_due: None,
        appellant: hotline::usecase::Appellant::parse(&writer.name, &writer.phone, "", "")?,
        ip: None,
    };
    let registration =
        hotline::usecase::register_appeal(db, context.key, context.actor, new, context.now).await?;
    let command = Command::TransferToHotline {
        note: note.to_owned(),
        order: Some((registration.appeal_id.0, registration.number)),
    };
    execute(db, context, acting, id, command, Some(stored.version)).await
}

/// The message of `number` when `code` is its query code (a wrong code counts against the
/// number, [`platform::query_code::verify`]); the writer masked.
pub async fn lookup(db: &Db, key: &DataKey, number: &str, code: &str) -> Result<StoredMessage> {
    let number = query_code::normalise_number(number);
    let found = store::by_number(db, &number).await?;
    query_code::verify(
        db,
        LOOKUP_SCOPE,
        &number,
        found,
        |stored| stored.query_code_hash == store::query_code_hash(key, &number, code),
        || Error::not_found("该留言编号或查询码对应的留言"),
    )
    .await
}

/// MSG-QUERY: the writer rates the reply's timeliness and quality with the number and code;
/// a bad rating opens the 好差评 rectification of the replying unit.
pub async fn rate(
    db: &Db,
    context: &Context<'_>,
    (number, code): (&str, &str),
    (timeliness, quality): (u8, u8),
    comment: &str,
) -> Result<(Message, i64)> {
    let stored = lookup(db, context.key, number, code).await?;
    let issuer = Issuer::Writer;
    let machine = Messages {
        issuer: &issuer,
        key: context.key,
    };
    let command = Command::Rate {
        timeliness,
        quality,
        comment: comment.to_owned(),
    };
    let id = stored.message.id;
    let (message, version) =
        workflow::execute(db, &machine, context, id, command, Some(stored.version)).await?;
    Ok((shown(message), version))
}

/// The message transferred to 12345 order `order_id` (the order's link back).
pub async fn message_of_order(db: &Db, order_id: i64) -> Result<Option<StoredMessage>> {
    store::of_order(db, order_id).await
}

/// The writer in clear, with the reason and an `unmask` audit row in the same transaction —
/// only for the routing desk (the site's editors, the petition bureau): the competent unit,
/// which a complaint may be about, never sees the writer (HL-PRIVACY, MSG-ROUTE).
pub async fn unmask_writer(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: MessageId,
    reason: &str,
) -> Result<Writer> {
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, context.key, id).await?;
    if !(acting.has_in(Role::SiteEditor, loaded.message.site_unit) || acting.is_petition_staff()) {
        return Err(Error::Refused(
            "留言人信息只有网站编辑或信访部门可以查看".to_owned(),
        ));
    }
    let object_id = id.to_string();
    let place = aad(WRITER_COLUMN, id);
    let target = UnmaskTarget {
        object_type: "participation_message",
        object_id: &object_id,
        field: "writer",
        reason: reason.trim(),
        place: &place,
    };
    let clear = personal::unmask(
        &mut tx,
        context.key,
        context.actor,
        &loaded.stored.writer_sealed,
        &target,
        context.now.millis(),
    )
    .await?;
    tx.commit().await?;
    serde_json::from_str(&clear).map_err(|error| crate::store::unreadable("writer", error))
}
