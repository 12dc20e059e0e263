//! Frequent questions become FAQ entries of the knowledge base (MSG-PUBLISH, issue 17 item
//! 2): from a published message the site's editors or the replying unit draft a
//! knowledge-base entry with the message's title, question and reply, owned by the replying
//! unit (KB-LIFE: 谁提供、谁维护), which edits and submits it for the hotline's review as any
//! draft — never published directly. The draft, the message's link, its history row and the
//! audit row are one transaction; a refusal changes nothing.

use hotline::kb_store::{self, KbDraft};
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::{self, Context, Subject};
use platform::{Error, Result};

use super::machine::{Messages, load_in};
use crate::MessageId;
use crate::message::{self, Acting, Event, FAQ_COMMAND, FaqLink, Issuer};
use crate::store::messages as store;

/// The knowledge base's category of the entries drafted from messages.
pub const FAQ_CATEGORY: &str = "政民互动";

fn clipped(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// MSG-PUBLISH: drafts the FAQ entry of published message `id` for `acting`; returns the
/// entry's id and the message's new version. Refused (nothing changed) when the message is
/// not published, was promoted already, the version moved, or the actor may not.
pub async fn promote_to_faq(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: MessageId,
    expected_version: Option<i64>,
) -> Result<(i64, i64)> {
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, context.key, id).await?;
    if expected_version.is_some_and(|version| version != loaded.stored.version) {
        return Err(Error::conflict("该留言已被他人更新，请刷新后重试"));
    }
    let current = &loaded.message;
    message::promotable(current, acting)?;
    let Some(reply) = current.reply.as_ref() else {
        return Err(Error::invalid("该留言没有答复，不能转为知识库问答"));
    };
    let draft = KbDraft {
        title: clipped(&current.filing.title, kb_store::MAX_TITLE),
        question: clipped(&current.filing.content, kb_store::MAX_TEXT),
        answer: clipped(&reply.text, kb_store::MAX_TEXT),
        keywords: String::new(),
        category: FAQ_CATEGORY.to_owned(),
    };
    let entry = kb_store::draft(&mut tx, context.actor, reply.unit, draft, context.now).await?;
    let mut next = current.clone();
    next.faq = Some(FaqLink {
        entry: entry.0,
        owner: reply.unit,
        by: acting.user,
        at: context.now,
    });
    let version =
        store::update(&mut tx, &next, loaded.stored.version, context.now.millis()).await?;
    let issuer = Issuer::Staff(acting.clone());
    let machine = Messages {
        issuer: &issuer,
        key: context.key,
    };
    let subject = Subject {
        id,
        loaded: Some(&loaded),
        state: &next,
    };
    let events = [Event::PromotedToFaq { entry: entry.0 }];
    workflow::record(&mut tx, &machine, context, subject, FAQ_COMMAND, &events).await?;
    let event = AuditEvent::new(
        "participation.message.promote_to_faq",
        "participation_message",
        id,
    )
    .detail(format!(
        "网站留言 {}：转为知识库问答（知识条目 {}，待答复单位提交审核）",
        loaded.stored.number, entry.0
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok((entry.0, version))
}
