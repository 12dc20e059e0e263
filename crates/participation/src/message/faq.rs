//! Frequent questions become FAQ entries of the knowledge base (MSG-PUBLISH, issue 17 item
//! 2): who may draft a knowledge-base entry from a message's question and reply, and when. A
//! step beside the transition table: the message keeps its status, records the link and an
//! event in its history.

use platform::roles::Role;

use crate::error::ParticipationError;
use crate::message::{Acting, Message, Status};

/// The command code of the promotion in the message's history.
pub const FAQ_COMMAND: &str = "promote_to_faq";
/// Its label.
pub const FAQ_LABEL: &str = "转为知识库问答";

/// Whether `acting` may draft an FAQ entry from `message` now (MSG-PUBLISH): only a
/// published message, once; by the site's editors or the replying unit's handlers and
/// leaders (the unit that provides the answer owns the entry, KB-LIFE).
pub fn promotable(message: &Message, acting: &Acting) -> Result<(), ParticipationError> {
    if message.status != Status::Published {
        return Err(ParticipationError::InvalidTransition {
            from: message.status.label_zh(),
            command: FAQ_LABEL,
        });
    }
    if let Some(link) = &message.faq {
        return Err(ParticipationError::LimitReached(format!(
            "该留言已转为知识库问答（知识条目 {}），不能重复转换",
            link.entry
        )));
    }
    let Some(reply) = &message.reply else {
        return Err(ParticipationError::Invalid(
            "该留言没有答复，不能转为知识库问答".into(),
        ));
    };
    let replying = |role: Role| acting.has_in(role, reply.unit);
    if acting.has_in(Role::SiteEditor, message.site_unit)
        || replying(Role::UnitHandler)
        || replying(Role::UnitLeader)
    {
        Ok(())
    } else {
        Err(ParticipationError::NotPermitted(
            "留言转为知识库问答由网站编辑或答复单位办理（MSG-PUBLISH）".into(),
        ))
    }
}
