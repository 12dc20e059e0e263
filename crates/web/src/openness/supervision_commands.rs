//! The commands on a supervisor's finding from its page (PUB-SUPERVISOR): each form becomes
//! one `openness::supervisor::Command` and goes through
//! `openness::usecase::supervisors::execute` — the kernel's one path — with the page's
//! version. Who may run what is the machine's; a refusal answers with the page and its
//! Chinese message and changes nothing (`subject_commands`).

use openness::supervisor::{Command, FindingId};
use openness::usecase::supervisors as usecase;
use platform::access;
use serde::Deserialize;

use super::FindingNo;
use super::office::acting;
use super::subject::{CommandForm, limited, versioned};
use super::subject_commands::{Register, command_rows, handler};
use super::supervision::{FindingPage, build};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::guard::{Guard, OfficeRoute};
use crate::staff::{Judged, Staff};

/// A finding as its commands run.
pub(super) struct Findings;

impl Register for Findings {
    type No = FindingNo;
    type Id = FindingId;
    type Command = Command;
    type Page = FindingPage;

    fn id(no: FindingNo) -> FindingId {
        FindingId(no.0)
    }

    fn page_path(id: FindingId) -> String {
        format!("/office/openness/supervision/findings/{}", id.0)
    }

    // Outside the office and the unit the finding concerns, not found.
    async fn in_scope(state: &AppState, staff: &Staff, id: FindingId) -> Result<(), PageError> {
        usecase::office_finding(&state.platform.db, id, &acting(staff)).await?;
        Ok(())
    }

    async fn execute(
        state: &AppState,
        judged: &Judged,
        staff: &Staff,
        (id, version): (FindingId, i64),
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
        id: FindingId,
        error: String,
    ) -> Result<FindingPage, PageError> {
        build(state, csrf, staff, id, (Some(error), false)).await
    }
}

/// The rows of the commands on a finding.
pub(super) fn rows() -> Vec<OfficeRoute> {
    command_rows::<Findings, 4>(
        Guard::Staff(access::openness_complaints),
        [
            (
                "/office/openness/supervision/findings/{id}/send",
                handler::<Findings, SendForm>(),
            ),
            (
                "/office/openness/supervision/findings/{id}/reply",
                handler::<Findings, TextForm>(),
            ),
            (
                "/office/openness/supervision/findings/{id}/return",
                handler::<Findings, ReturnForm>(),
            ),
            (
                "/office/openness/supervision/findings/{id}/accept",
                handler::<Findings, AcceptForm>(),
            ),
        ],
    )
}

/// 交办单位.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendForm {
    version: i64,
}

impl CommandForm<Command> for SendForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Send)
    }
}

/// The unit's reply.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextForm {
    version: i64,
    #[serde(default)]
    text: String,
}

impl CommandForm<Command> for TextForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Reply {
            text: limited(self.text, "回复", 4000)?,
        })
    }
}

/// 退回重办.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

impl CommandForm<Command> for ReturnForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Return {
            reason: limited(self.reason, "退回理由", 2000)?,
        })
    }
}

/// 验收办结.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptForm {
    version: i64,
    #[serde(default)]
    note: String,
}

impl CommandForm<Command> for AcceptForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Accept {
            note: limited(self.note, "验收意见", 2000)?,
        })
    }
}
