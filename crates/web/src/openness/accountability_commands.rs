//! The commands on an accountability case from its page (PUB-ACCOUNT): each form becomes one
//! `openness::account::Command` and goes through `openness::usecase::account::execute` — the
//! kernel's one path — with the page's version. Who may run what is the machine's; a refusal
//! answers with the page and its Chinese message and changes nothing (`subject_commands`).

use openness::account::{CaseId, Command};
use openness::usecase::account as usecase;
use platform::access;
use serde::Deserialize;

use super::CaseNo;
use super::accountability::{CasePage, build};
use super::office::acting;
use super::subject::{CommandForm, limited, versioned};
use super::subject_commands::{Register, command_rows, handler};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::guard::{Guard, OfficeRoute};
use crate::staff::{Judged, Staff};

/// A case as its commands run.
pub(super) struct Cases;

impl Register for Cases {
    type No = CaseNo;
    type Id = CaseId;
    type Command = Command;
    type Page = CasePage;

    fn id(no: CaseNo) -> CaseId {
        CaseId(no.0)
    }

    fn page_path(id: CaseId) -> String {
        format!("/office/openness/accountability/{}", id.0)
    }

    // Outside the office and the unit held to account, not found.
    async fn in_scope(state: &AppState, staff: &Staff, id: CaseId) -> Result<(), PageError> {
        usecase::office_case(&state.platform.db, id, &acting(staff)).await?;
        Ok(())
    }

    async fn execute(
        state: &AppState,
        judged: &Judged,
        staff: &Staff,
        (id, version): (CaseId, i64),
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
        id: CaseId,
        error: String,
    ) -> Result<CasePage, PageError> {
        build(state, csrf, staff, id, (Some(error), false)).await
    }
}

/// The rows of the commands on a case.
pub(super) fn rows() -> Vec<OfficeRoute> {
    command_rows::<Cases, 3>(
        Guard::Staff(access::openness_complaints),
        [
            (
                "/office/openness/accountability/{id}/report",
                handler::<Cases, ReportForm>(),
            ),
            (
                "/office/openness/accountability/{id}/return",
                handler::<Cases, ReturnForm>(),
            ),
            (
                "/office/openness/accountability/{id}/close",
                handler::<Cases, CloseForm>(),
            ),
        ],
    )
}

/// The unit's written rectification report (§9).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportForm {
    version: i64,
    #[serde(default)]
    text: String,
}

impl CommandForm<Command> for ReportForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Report {
            text: limited(self.text, "整改报告", 8000)?,
        })
    }
}

/// 退回整改报告.
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

/// 结案.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    version: i64,
    #[serde(default)]
    note: String,
}

impl CommandForm<Command> for CloseForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Close {
            note: limited(self.note, "结案意见", 2000)?,
        })
    }
}
