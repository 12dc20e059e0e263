//! The case on the kernel's command path (`platform::workflow::Machine`): a case is loaded
//! with the item version it was applied under, decided by `case::apply`, stored, described
//! in its audit row, and its events other than clock changes do what [`super::effects`] says.

use calendar::Instant;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::workflow::{Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use super::effects;
use crate::CaseId;
use crate::case::{Case, Command, Event, apply};
use crate::item::Item;
use crate::store::cases::{self, StoredCase};
use crate::store::items as item_store;

/// A stored case with the item version it was applied under.
pub(crate) struct LoadedCase {
    pub stored: StoredCase,
    pub item: Item,
}

/// What a new case's first step is told instead of a loaded case: its number, item and the
/// holder's lookup hash (the enterprise's for an enterprise's case, issue 14 item 4).
#[derive(Clone, Copy)]
pub(crate) struct NewCaseFacts<'a> {
    pub number: &'a str,
    pub item: &'a Item,
    pub holder_lookup: &'a str,
}

/// The service case as the kernel runs it; `new` for the submission's first step.
pub(crate) struct Cases<'a> {
    pub new: Option<NewCaseFacts<'a>>,
}

impl Cases<'_> {
    fn facts<'s>(&'s self, subject: &'s Subject<'_, Self>) -> Result<NewCaseFacts<'s>> {
        match (subject.loaded, self.new) {
            (Some(loaded), _) => Ok(NewCaseFacts {
                number: &loaded.stored.number,
                item: &loaded.item,
                holder_lookup: loaded.stored.holder_lookup(),
            }),
            (None, Some(new)) => Ok(new),
            (None, None) => Err(Error::Unexpected(anyhow::anyhow!(
                "a new case's step without its facts"
            ))),
        }
    }
}

impl Machine for Cases<'_> {
    type Id = CaseId;
    type Loaded = LoadedCase;
    type State = Case;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &crate::SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: CaseId,
        command: Command,
    ) -> Result<(LoadedCase, i64, Command)> {
        let stored = cases::get_in(tx, id).await?;
        let item = item_store::version_in(tx, stored.case.item, stored.case.item_version).await?;
        let version = stored.version;
        Ok((LoadedCase { stored, item }, version, command))
    }

    fn decide(
        &self,
        loaded: &LoadedCase,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Case, Vec<Event>)> {
        let (calendar, profile) = (context.calendar, context.profile);
        apply(
            &loaded.stored.case,
            &loaded.item,
            command,
            context.now,
            profile,
            calendar,
        )
        .map_err(Error::from)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: CaseId,
        _loaded: &LoadedCase,
        case: &Case,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        cases::update(tx, case, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&LoadedCase>,
        case: &Case,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.stored.case.status.code()),
            case.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    /// Only for a clock naming no unit: every case clock names its own — the pre-review and
    /// acceptance clocks the accepting unit (`case::accepting_unit`, issue 14 item 10), the
    /// others their department.
    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        Ok(self.facts(subject)?.item.basic.department.0)
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        let facts = self.facts(subject)?;
        let context = effects::Context {
            key: context.key,
            case_id: subject.id,
            number: facts.number,
            case: subject.state,
            holder_lookup: facts.holder_lookup,
            now: context.now,
        };
        effects::apply_event(tx, &context, event).await
    }

    fn audit(&self, id: CaseId, loaded: &LoadedCase, case: &Case, command: &Command) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("services.{code}"), "svc_case", id).detail(format!(
            "办件 {}：{}，{} → {}",
            loaded.stored.number,
            command.kind().label_zh(),
            loaded.stored.case.status.label_zh(),
            case.status.label_zh()
        ))
    }
}
