//! The message on the kernel's command path (`platform::workflow::Machine`, MSG-*): a message
//! is loaded with its writer opened from its row, judged by the pure machine for the issuer,
//! and stored with the writer masked; the kernel files the reply clock under the unit it is
//! with, the history and the audit row. The effects: the competent unit's contacts are texted
//! on arrival (MSG-ROUTE), and the writer's rating is recorded in 好差评, a bad one opening
//! the unit's rectification (MSG-QUERY, EVAL-BAD).

use calendar::Instant;
use platform::Result;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::evaluation::{self, EvaluationStage, Level, NewEvaluation, SubjectType};
use platform::personal::{DataKey, PhoneNumber};
use platform::workflow::{Context, Machine, Subject, SubjectKind};

use crate::message::{self, Command, Event, Issuer, Message};
use crate::store::messages::{self as store, StoredMessage};
use crate::{MessageId, Rules};

/// A stored message with its writer in clear, for the pure machine.
pub struct LoadedMessage {
    pub stored: StoredMessage,
    pub message: Message,
}

/// The message as the kernel runs it, for one issuer.
pub struct Messages<'a> {
    pub issuer: &'a Issuer,
    pub key: &'a DataKey,
}

pub(crate) async fn load_in(tx: &mut Tx, key: &DataKey, id: MessageId) -> Result<LoadedMessage> {
    let stored = store::get_in(tx, id).await?;
    let message = stored.opened(key)?;
    Ok(LoadedMessage { stored, message })
}

impl Machine for Messages<'_> {
    type Id = MessageId;
    type Loaded = LoadedMessage;
    type State = Message;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &super::MESSAGE_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: MessageId,
        command: Command,
    ) -> Result<(LoadedMessage, i64, Command)> {
        let loaded = load_in(tx, self.key, id).await?;
        let version = loaded.stored.version;
        Ok((loaded, version, command))
    }

    fn decide(
        &self,
        loaded: &LoadedMessage,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Message, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(message::apply(
            &loaded.message,
            command,
            self.issuer,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        id: MessageId,
        _loaded: &LoadedMessage,
        message: &Message,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        let version = store::update(tx, message, version, now.millis()).await?;
        if let Some(order) = message.transfer.as_ref().and_then(|t| t.order_id) {
            store::link_order(tx, id, order).await?;
        }
        Ok(version)
    }

    fn statuses(
        &self,
        loaded: Option<&LoadedMessage>,
        message: &Message,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.message.status.code()),
            message.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        // MSG-LIMITS: the clock is the unit's the message is with (the site's before routing).
        Ok(subject.state.answerable_unit().0)
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        let number = subject
            .loaded
            .map(|loaded| loaded.stored.number.clone())
            .unwrap_or_default();
        match event {
            // MSG-ROUTE: the unit's responsible staff are told, in the inbox and by SMS.
            Event::Routed { unit } => {
                let Some(registration) = platform::unit_contacts::get_in(tx, unit.0).await? else {
                    return Ok(());
                };
                let mut people = registration.current_staff();
                if registration.leader.current {
                    people.push(registration.leader.user_id);
                }
                let link = super::MESSAGE_SUBJECT.link(&subject.id.to_string());
                let subject_line = format!("新的网站留言 {number} 待答复");
                let body = format!(
                    "网站留言 {number}（{}）已分办给本单位，请在答复时限内答复。",
                    subject.state.filing.channel.label_zh()
                );
                for user in people {
                    platform::notify::to_staff(
                        tx,
                        context.key,
                        user,
                        (&subject_line, &body, &link),
                        true,
                        context.now.millis(),
                    )
                    .await?;
                }
                Ok(())
            }
            // MSG-QUERY, EVAL-BAD: the rating goes into 好差评; a bad one opens the
            // rectification of the replying unit.
            Event::Rated { level } => {
                let state = subject.state;
                let (Some(reply), Some(rating)) = (&state.reply, &state.rating) else {
                    return Ok(());
                };
                let new = NewEvaluation {
                    subject_type: SubjectType::Reply,
                    subject_id: number,
                    round: 1,
                    unit_id: reply.unit.0,
                    staff_user_id: Some(reply.by.0),
                    item_code: None,
                    channel: evaluation::Channel::Web,
                    // Our 5 is 非常满意, 好差评's level 1.
                    level: Level::from_level(6 - i64::from(*level))?,
                    comment: rating.comment.clone(),
                    rater_contact: PhoneNumber::parse(&state.filing.writer.phone).ok(),
                    entered_by_user_id: None,
                };
                evaluation::rate_stage(tx, context, new, EvaluationStage::Whole).await?;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn audit(
        &self,
        id: MessageId,
        loaded: &LoadedMessage,
        message: &Message,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(
            &format!("participation.message.{code}"),
            "participation_message",
            id,
        )
        .detail(format!(
            "网站留言 {}：{}，{} → {}",
            loaded.stored.number,
            command.kind().label_zh(),
            loaded.message.status.label_zh(),
            message.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        "该留言已被他人更新，请刷新后重试"
    }
}
