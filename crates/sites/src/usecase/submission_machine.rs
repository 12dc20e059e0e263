//! The submission on the kernel's command path (`platform::workflow::Machine`, WEB-SUBMIT): a
//! submission is loaded with its site and proposed column (the place `submission::apply`
//! judges who may act by), an edit's new mobile is sealed to its row on the way in, and the new
//! state is stored; the kernel files the editors' clock (under the site's operator unit), the
//! history and the audit row, and the notifications go to the unit's leaders, the column's
//! A/B editors or the writer.

use calendar::Instant;
use platform::Result;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::personal::{DataKey, PhoneNumber};
use platform::roles::Role;
use platform::users;
use platform::workflow::{Context, Machine, Subject, SubjectKind};

use super::effects;
use crate::column::Column;
use crate::registry::{Rules, Site};
use crate::store::submissions::{self as store, StoredSubmission};
use crate::store::{columns, sites};
use crate::submission::{self, Command, Event, Place, Recipient, Submission};
use crate::{Acting, SubmissionId};

/// A stored submission with its site and proposed column, and the mobile of an edit sealed.
pub(crate) struct LoadedSubmission {
    pub stored: StoredSubmission,
    pub site: Site,
    pub column: Column,
    pub new_mobile: Option<Vec<u8>>,
}

impl LoadedSubmission {
    pub fn place(&self) -> Place<'_> {
        Place {
            site: &self.site,
            column: &self.column,
        }
    }
}

/// The submission as the kernel runs it, for one acting staff user.
pub(crate) struct Submissions<'a> {
    pub acting: &'a Acting,
    pub key: &'a DataKey,
}

/// Loads a submission with its place, in `tx`.
pub(crate) async fn load_in(tx: &mut Tx, id: SubmissionId) -> Result<LoadedSubmission> {
    let stored = store::get_in(tx, id).await?;
    let site = sites::get_in(tx, stored.submission.site).await?.site;
    let column = columns::get_in(tx, stored.submission.column).await?.column;
    Ok(LoadedSubmission {
        stored,
        site,
        column,
        new_mobile: None,
    })
}

impl Machine for Submissions<'_> {
    type Id = SubmissionId;
    type Loaded = LoadedSubmission;
    type State = Submission;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &crate::SUBMISSION_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: SubmissionId,
        command: Command,
    ) -> Result<(LoadedSubmission, i64, Command)> {
        let mut loaded = load_in(tx, id).await?;
        if let Command::Edit { input } = &command
            && let Ok(mobile) = PhoneNumber::parse(&input.mobile)
        {
            // The pure step refuses a malformed one; a good one is sealed to its row now.
            loaded.new_mobile = Some(store::seal_mobile(self.key, id, &mobile)?);
        }
        let version = loaded.stored.version;
        Ok((loaded, version, command))
    }

    fn decide(
        &self,
        loaded: &LoadedSubmission,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Submission, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        let before = &loaded.stored.submission;
        let place = loaded.place();
        Ok(submission::apply(
            before,
            command,
            self.acting,
            place,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        id: SubmissionId,
        loaded: &LoadedSubmission,
        submission: &Submission,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        let version = store::update(tx, submission, version, now.millis()).await?;
        if let Some(sealed) = &loaded.new_mobile {
            store::set_mobile(tx, id, sealed).await?;
        }
        Ok(version)
    }

    fn statuses(
        &self,
        loaded: Option<&LoadedSubmission>,
        submission: &Submission,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.stored.submission.status.code()),
            submission.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        // The editors' clock is the site's operator unit's (WEB-SUBMIT).
        match subject.loaded {
            Some(loaded) => Ok(loaded.site.registration().operator_unit.0),
            None => Ok(subject.state.unit.0),
        }
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        match event {
            Event::Notify { to, text, .. } => notify(tx, context, subject.state, *to, text).await,
            _ => Ok(()),
        }
    }

    fn audit(
        &self,
        id: SubmissionId,
        loaded: &LoadedSubmission,
        submission: &Submission,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("sites.submission.{code}"), "site_submission", id).detail(format!(
            "报送信息 {}“{}”（{}）：{}，{} → {}",
            loaded.stored.number,
            submission.title,
            submission.unit_name,
            command.kind().label_zh(),
            loaded.stored.submission.status.label_zh(),
            submission.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        "已被他人更新，请刷新后重试"
    }
}

/// WEB-SUBMIT: a submission's notification to whoever acts next (never the author's mobile).
pub(crate) async fn notify(
    tx: &mut Tx,
    context: &Context<'_>,
    submission: &Submission,
    to: Recipient,
    text: &str,
) -> Result<()> {
    let users = match to {
        Recipient::Leaders(unit) => users::with_role(tx, Some(unit.0), Role::UnitLeader).await?,
        Recipient::ColumnEditors(column) => effects::column_editors(tx, column).await?,
        Recipient::User(user) => vec![user.0],
    };
    let subject = format!("报送信息“{}”", submission.title);
    let link = crate::SUBMISSION_SUBJECT.link(&submission.id.to_string());
    effects::send(tx, context, &users, (&subject, text, &link)).await
}

/// WEB-SUBMIT: tells the leaders of `unit` (an accountability event of the weekly quota).
pub(crate) async fn notify_leaders(
    tx: &mut Tx,
    context: &Context<'_>,
    unit: crate::UnitId,
    text: &str,
) -> Result<()> {
    let users = users::with_role(tx, Some(unit.0), Role::UnitLeader).await?;
    let link = "/office/sites/submissions/weeks";
    effects::send(tx, context, &users, ("信息报送问责", text, link)).await
}
