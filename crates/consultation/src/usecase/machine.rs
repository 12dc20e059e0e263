//! The consultation topic on the kernel's command path (`platform::workflow::Machine`,
//! MSG-CONSULT, PUB-PRECONSULT): loaded with the ids of the comments shown (the report must
//! answer each), judged by the pure machine for a staff member of its unit, stored over its
//! version; the kernel files the two clocks under the unit, the history and the audit row.

use calendar::Instant;
use platform::Result;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::workflow::{Context, Machine, Subject, SubjectKind};

use crate::store::topics::{self as store, StoredTopic};
use crate::topic::{self, Command, Event, Topic};
use crate::{Rules, TopicId, UnitId};

/// The topic as the kernel runs it, for a staff member of `unit`.
pub struct Topics {
    pub unit: UnitId,
}

impl Machine for Topics {
    type Id = TopicId;
    type Loaded = StoredTopic;
    type State = Topic;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &super::TOPIC_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: TopicId,
        command: Command,
    ) -> Result<(StoredTopic, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        let command = match command {
            Command::Report {
                summary, entries, ..
            } => Command::Report {
                summary,
                entries,
                shown: store::shown_ids(tx, id).await?,
            },
            other => other,
        };
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredTopic,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Topic, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        topic::apply(&loaded.topic, command, self.unit, context.now, rules)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: TopicId,
        _loaded: &StoredTopic,
        topic: &Topic,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, topic, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredTopic>,
        topic: &Topic,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.topic.status.code()),
            topic.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        // PUB-PRECONSULT: both clocks are the consulting unit's.
        Ok(subject.state.unit.0)
    }

    async fn effect(
        &self,
        _tx: &mut Tx,
        _context: &Context<'_>,
        _subject: &Subject<'_, Self>,
        _event: &Event,
    ) -> Result<()> {
        Ok(())
    }

    fn audit(
        &self,
        id: TopicId,
        loaded: &StoredTopic,
        topic: &Topic,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(
            &format!("consultation.topic.{code}"),
            "consultation_topic",
            id,
        )
        .detail(format!(
            "意见征集 {}《{}》：{}，{} → {}",
            topic.number,
            topic.title,
            command.kind().label_zh(),
            loaded.topic.status.code(),
            topic.status.code()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        "该征集已被他人更新，请刷新后重试"
    }
}
