//! The commands on a complaint about disclosure from its page (PUB-COMPLAINT): each form
//! becomes one `openness::complaint::Command` and goes through
//! `openness::usecase::complaints::execute` — the kernel's one path — with the page's
//! version. Who may run what is the machine's; a refusal (a reply by the office, feedback
//! before the reply, a stale page) answers with its status, the page and its Chinese message,
//! and changes nothing (`subject_commands`).

use calendar::Instant;
use chrono::NaiveDate;
use openness::complaint::{Command, ComplaintId, FeedbackMeans, Satisfaction};
use openness::usecase::complaints as usecase;
use platform::access;
use serde::Deserialize;

use super::ComplaintNo;
use super::complaints::{ComplaintPage, build};
use super::office::acting;
use super::subject::{CommandForm, limited, versioned};
use super::subject_commands::{Register, command_rows, handler};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::guard::{Guard, OfficeRoute};
use crate::staff::{Judged, Staff};

/// A complaint about disclosure as its commands run.
pub(super) struct Complaints;

impl Register for Complaints {
    type No = ComplaintNo;
    type Id = ComplaintId;
    type Command = Command;
    type Page = ComplaintPage;

    fn id(no: ComplaintNo) -> ComplaintId {
        ComplaintId(no.0)
    }

    fn page_path(id: ComplaintId) -> String {
        format!("/office/openness/complaints/{}", id.0)
    }

    // Outside the office and the unit complained about, not found.
    async fn in_scope(state: &AppState, staff: &Staff, id: ComplaintId) -> Result<(), PageError> {
        usecase::office_complaint(&state.platform.db, id, &acting(staff)).await?;
        Ok(())
    }

    async fn execute(
        state: &AppState,
        judged: &Judged,
        staff: &Staff,
        (id, version): (ComplaintId, i64),
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
        id: ComplaintId,
        error: String,
    ) -> Result<ComplaintPage, PageError> {
        build(state, csrf, staff, id, (Some(error), false)).await
    }
}

/// The rows of the commands on a complaint.
pub(super) fn rows() -> Vec<OfficeRoute> {
    command_rows::<Complaints, 6>(
        Guard::Staff(access::openness_complaints),
        [
            (
                "/office/openness/complaints/{id}/forward",
                handler::<Complaints, VersionForm>(),
            ),
            (
                "/office/openness/complaints/{id}/complex",
                handler::<Complaints, ComplexForm>(),
            ),
            (
                "/office/openness/complaints/{id}/new-date",
                handler::<Complaints, NewDateForm>(),
            ),
            (
                "/office/openness/complaints/{id}/reply",
                handler::<Complaints, ReplyForm>(),
            ),
            (
                "/office/openness/complaints/{id}/feedback",
                handler::<Complaints, FeedbackForm>(),
            ),
            (
                "/office/openness/complaints/{id}/close",
                handler::<Complaints, CloseForm>(),
            ),
        ],
    )
}

/// 转办.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

impl CommandForm<Command> for VersionForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Forward)
    }
}

/// 办结归档.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseForm {
    version: i64,
}

impl CommandForm<Command> for CloseForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Close)
    }
}

/// 认定为复杂投诉.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComplexForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

impl CommandForm<Command> for ComplexForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::MarkComplex {
            reason: limited(self.reason, "理由", 2000)?,
        })
    }
}

/// §5(三): 告知办理期限.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDateForm {
    version: i64,
    #[serde(default)]
    due: String,
    #[serde(default)]
    means: String,
    #[serde(default)]
    reason: String,
}

impl CommandForm<Command> for NewDateForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        let date = NaiveDate::parse_from_str(self.due.trim(), "%Y-%m-%d")
            .map_err(|_| platform::Error::invalid("请填写新的办理期限（日期）"))?;
        Ok(Command::TellNewDate {
            // The end of the working day of that date.
            due: Instant::from_local(date, 17 * 60 + 30),
            means: limited(self.means, "告知方式", 100)?,
            reason: limited(self.reason, "原因", 2000)?,
        })
    }
}

/// The unit's 回复意见.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyForm {
    version: i64,
    #[serde(default)]
    text: String,
}

impl CommandForm<Command> for ReplyForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        Ok(Command::Reply {
            text: limited(self.text, "回复意见", 4000)?,
        })
    }
}

/// 反馈投诉人 with the satisfaction.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackForm {
    version: i64,
    #[serde(default)]
    means: String,
    #[serde(default)]
    satisfaction: String,
    #[serde(default)]
    note: String,
}

impl CommandForm<Command> for FeedbackForm {
    versioned!();
    fn command(self) -> platform::Result<Command> {
        let means = FeedbackMeans::from_code(&self.means);
        let satisfaction = Satisfaction::from_code(&self.satisfaction);
        match (means, satisfaction) {
            (Some(means), Some(satisfaction)) => Ok(Command::FeedBack {
                means,
                satisfaction,
                note: limited(self.note, "记录", 2000)?,
            }),
            (None, _) => Err(platform::Error::invalid("请选择反馈方式")),
            (_, None) => Err(platform::Error::invalid("请选择投诉人的满意度")),
        }
    }
}
