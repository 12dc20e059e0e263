//! The commands on a public concern from its page (PUB-RESPOND): each form becomes one
//! `openness::concern::Command` and goes through `openness::usecase::concerns::execute` — the
//! kernel's one path — with the page's version. A release records when it took place (the
//! clock stops then, not at the click); the consent to clarify false information records when
//! it was given (PUB-CLARIFY). Who may run what is the machine's; a refusal (a
//! response by the office, a conference for an ordinary concern, a stale page) answers with
//! its status, the page and its Chinese message, and changes nothing
//! (`subject_commands`).

use calendar::Instant;
use openness::concern::{Command, ConcernId, Consent, Said};
use openness::usecase::concerns as usecase;
use platform::access;
use platform::db::now_ms;
use serde::Deserialize;

use super::ConcernNo;
use super::concerns::{ConcernPage, build};
use super::office::acting;
use super::subject::{CommandForm, limited, local_minute, versioned};
use super::subject_commands::{Register, command_rows, handler};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::guard::{Guard, OfficeRoute};
use crate::staff::{Judged, Staff};

/// A public concern as its commands run.
pub(super) struct Concerns;

impl Register for Concerns {
    type No = ConcernNo;
    type Id = ConcernId;
    type Command = Command;
    type Page = ConcernPage;

    fn id(no: ConcernNo) -> ConcernId {
        ConcernId(no.0)
    }

    fn page_path(id: ConcernId) -> String {
        format!("/office/openness/concerns/{}", id.0)
    }

    // Outside the office and the responding unit, not found.
    async fn in_scope(state: &AppState, staff: &Staff, id: ConcernId) -> Result<(), PageError> {
        usecase::office_concern(&state.platform.db, id, &acting(staff)).await?;
        Ok(())
    }

    async fn execute(
        state: &AppState,
        judged: &Judged,
        staff: &Staff,
        (id, version): (ConcernId, i64),
        command: Command,
    ) -> platform::Result<()> {
        let context = judged.context(state);
        let db = &state.platform.db;
        usecase::execute(db, &context, &acting(staff), id, command, Some(version)).await?;
        Ok(())
    }

    async fn page(
        state: &AppState,
        csrf: &CsrfToken,
        staff: &Staff,
        id: ConcernId,
        error: String,
    ) -> Result<ConcernPage, PageError> {
        build(state, csrf, staff, id, (Some(error), false)).await
    }
}

/// The rows of the commands on a concern.
pub(super) fn rows() -> Vec<OfficeRoute> {
    command_rows::<Concerns, 6>(
        Guard::Staff(access::openness_concerns),
        [
            (
                "/office/openness/concerns/{id}/information",
                handler::<Concerns, ReleaseForm<0>>(),
            ),
            (
                "/office/openness/concerns/{id}/press-conference",
                handler::<Concerns, ReleaseForm<1>>(),
            ),
            (
                "/office/openness/concerns/{id}/respond",
                handler::<Concerns, ReleaseForm<2>>(),
            ),
            (
                "/office/openness/concerns/{id}/approval",
                handler::<Concerns, ApprovalForm>(),
            ),
            (
                "/office/openness/concerns/{id}/escalate",
                handler::<Concerns, EscalateForm>(),
            ),
            (
                "/office/openness/concerns/{id}/close",
                handler::<Concerns, CloseForm>(),
            ),
        ],
    )
}

/// PUB-CLARIFY: the consent to clarify false information.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalForm {
    version: i64,
    #[serde(default)]
    by: String,
    #[serde(default)]
    reference: String,
    #[serde(default)]
    at: String,
}

impl CommandForm<Command> for ApprovalForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        let approved_at = local_minute(&self.at, Instant::from_millis(now_ms()))
            .ok_or_else(|| platform::Error::invalid("同意时间格式不正确"))?;
        Ok(Command::RecordApproval(Consent {
            by: limited(self.by, "同意的机关", 200)?,
            reference: limited(self.reference, "批复文号或同意记录", 200)?,
            approved_at,
        }))
    }
}

/// A release: 0 authoritative information, 1 a press conference, 2 a response.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseForm<const KIND: u8> {
    version: i64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    place: String,
    #[serde(default)]
    at: String,
}

impl<const KIND: u8> CommandForm<Command> for ReleaseForm<KIND> {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        let took_place_at = local_minute(&self.at, Instant::from_millis(now_ms()))
            .ok_or_else(|| platform::Error::invalid("发布时间格式不正确"))?;
        let said = Said {
            text: limited(self.text, "内容", 4000)?,
            place: limited(self.place, "渠道或地点", 200)?,
            took_place_at,
        };
        Ok(match KIND {
            0 => Command::ReleaseInformation(said),
            1 => Command::HoldPressConference(said),
            _ => Command::Respond(said),
        })
    }
}

/// 升级为重大舆情.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalateForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

impl CommandForm<Command> for EscalateForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Escalate {
            reason: limited(self.reason, "理由", 2000)?,
        })
    }
}

/// 办结 with the outcome.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    version: i64,
    #[serde(default)]
    outcome: String,
}

impl CommandForm<Command> for CloseForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Close {
            outcome: limited(self.outcome, "处置结果", 2000)?,
        })
    }
}
