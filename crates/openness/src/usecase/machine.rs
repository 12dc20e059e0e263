//! The disclosure application on the kernel's command path (`platform::workflow::Machine`,
//! PUB-APPLY, PUB-ANSWER): an application is loaded with its applicant opened from its row
//! (the notices address them), judged by the pure machine for the issuer — the applicant with
//! the query code, or a staff user of the handling unit —, and stored with the applicant
//! masked; the kernel files the clocks under the handling unit, the history and the audit
//! row, and the notices issued are kept with the application.

use calendar::Instant;
use platform::Result;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::personal::DataKey;
use platform::workflow::{Context, Machine, Subject, SubjectKind};

use crate::application::{
    self, AnswerNotice, Application, Command, Event, extension_notice, supplement_notice,
};
use crate::store::applications::{self as store, StoredApplication, masked};
use crate::store::notices::{self, NoticeKind};
use crate::{ApplicationId, Issuer, Rules};

impl From<ApplicationId> for i64 {
    fn from(id: ApplicationId) -> i64 {
        id.0
    }
}

/// A stored application with its applicant in clear, for the pure machine.
pub struct LoadedApplication {
    pub stored: StoredApplication,
    pub application: Application,
}

/// The application as the kernel runs it, for one issuer.
pub struct Applications<'a> {
    pub issuer: &'a Issuer,
    pub key: &'a DataKey,
}

pub(crate) async fn load_in(
    tx: &mut Tx,
    key: &DataKey,
    id: ApplicationId,
) -> Result<LoadedApplication> {
    let stored = store::get_in(tx, id).await?;
    let application = stored.opened(key)?;
    Ok(LoadedApplication {
        stored,
        application,
    })
}

impl Machine for Applications<'_> {
    type Id = ApplicationId;
    type Loaded = LoadedApplication;
    type State = Application;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &super::APPLICATION_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: ApplicationId,
        command: Command,
    ) -> Result<(LoadedApplication, i64, Command)> {
        let loaded = load_in(tx, self.key, id).await?;
        let version = loaded.stored.version;
        Ok((loaded, version, command))
    }

    fn decide(
        &self,
        loaded: &LoadedApplication,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Application, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(application::apply(
            &loaded.application,
            command,
            self.issuer,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: ApplicationId,
        _loaded: &LoadedApplication,
        application: &Application,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, application, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&LoadedApplication>,
        application: &Application,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.application.status.code()),
            application.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        // PUB-APPLY: every clock of an application is the handling unit's.
        Ok(subject.state.unit.0)
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        let state = subject.state;
        let by = match self.issuer {
            Issuer::Staff(acting) => Some(acting.user),
            Issuer::Applicant => None,
        };
        let (kind, outcome, notice) = match event {
            // PUB-APPLY: the one supplement notice and the extension notice are told to the
            // applicant and kept as issued.
            Event::SupplementRequested { .. } => (
                NoticeKind::Supplement,
                None,
                supplement_notice(state, context.calendar),
            ),
            Event::Extended { .. } => (NoticeKind::Extension, None, extension_notice(state)),
            // PUB-ANSWER: the answer notice, kept with the application.
            Event::Answered { outcome } => (
                NoticeKind::Answer,
                Some(*outcome),
                state.answer.as_ref().map(|answer| answer.notice.clone()),
            ),
            _ => return Ok(()),
        };
        let Some(notice) = notice else {
            return Ok(());
        };
        let kept = AnswerNotice {
            addressee: masked(&state.filing.applicant).name,
            ..notice
        };
        notices::insert(tx, state.id, kind, outcome, &kept, by, context.now).await
    }

    fn audit(
        &self,
        id: ApplicationId,
        loaded: &LoadedApplication,
        application: &Application,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(
            &format!("openness.application.{code}"),
            "openness_application",
            id,
        )
        .detail(format!(
            "政府信息公开申请 {}：{}，{} → {}",
            loaded.stored.number,
            command.kind().label_zh(),
            loaded.application.status.label_zh(),
            application.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        "该申请已被他人更新，请刷新后重试"
    }
}
