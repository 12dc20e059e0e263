//! The records of the document register from a document's page (PUB-ATTR, PUB-CONFID,
//! PUB-COORD, SEC-SECRET): each form becomes one `openness::register::DocumentCommand` and goes
//! through `openness::usecase::documents::execute` — the kernel's one path — with the page's
//! version; who may record what is the register's, a refusal is shown on the page with its
//! Chinese message and nothing changed.

use openness::DocumentId;
use openness::register::{ConsentBasis, DocumentCommand, Redaction, ReviewOpinion};
use openness::usecase::documents as usecase;
use platform::access;
use serde::Deserialize;

use super::DocumentNo;
use super::office::acting;
use super::register::{DocumentPage, build, in_scope};
use super::subject::{CommandForm, limited, versioned};
use super::subject_commands::{Register, command_rows, handler};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::guard::{Guard, OfficeRoute};
use crate::staff::{Judged, Staff};

/// The document register as its records run.
pub(super) struct Documents;

impl Register for Documents {
    type No = DocumentNo;
    type Id = DocumentId;
    type Command = DocumentCommand;
    type Page = DocumentPage;

    fn id(no: DocumentNo) -> DocumentId {
        DocumentId(no.0)
    }

    fn page_path(id: DocumentId) -> String {
        format!("/office/openness/documents/{}", id.0)
    }

    async fn in_scope(state: &AppState, staff: &Staff, id: DocumentId) -> Result<(), PageError> {
        in_scope(state, staff, id).await?;
        Ok(())
    }

    async fn execute(
        state: &AppState,
        judged: &Judged,
        staff: &Staff,
        (id, version): (DocumentId, i64),
        command: DocumentCommand,
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
        id: DocumentId,
        error: String,
    ) -> Result<DocumentPage, PageError> {
        let stored = in_scope(state, staff, id).await?;
        build(state, csrf, staff, stored, (Some(error), false)).await
    }
}

/// The rows of the records on a document.
pub(super) fn rows() -> Vec<OfficeRoute> {
    command_rows::<Documents, 7>(
        Guard::Staff(access::openness_register),
        [
            (
                "/office/openness/documents/{id}/confirm",
                handler::<Documents, ConfirmForm>(),
            ),
            (
                "/office/openness/documents/{id}/review",
                handler::<Documents, ReviewForm>(),
            ),
            (
                "/office/openness/documents/{id}/determine",
                handler::<Documents, DetermineForm>(),
            ),
            (
                "/office/openness/documents/{id}/declassify",
                handler::<Documents, DeclassifyForm>(),
            ),
            (
                "/office/openness/documents/{id}/consent",
                handler::<Documents, ConsentForm>(),
            ),
            (
                "/office/openness/documents/{id}/coordinate",
                handler::<Documents, CoordinateForm>(),
            ),
            (
                "/office/openness/documents/{id}/reply",
                handler::<Documents, ReplyForm>(),
            ),
        ],
    )
}

pub(super) fn opinion_code(opinion: ReviewOpinion) -> &'static str {
    match opinion {
        ReviewOpinion::Disclose => "disclose",
        ReviewOpinion::Exempt => "exempt",
        ReviewOpinion::Refer => "refer",
    }
}

/// A redaction typed as what was removed and why; none when both are empty.
fn redaction(removed: String, reason: String) -> platform::Result<Option<Redaction>> {
    if removed.trim().is_empty() && reason.trim().is_empty() {
        return Ok(None);
    }
    Ok(Some(Redaction {
        removed: limited(removed, "删减内容", 2000)?,
        reason: limited(reason, "删减理由", 2000)?,
    }))
}

/// PUB-ATTR: the signer confirms the attribute.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmForm {
    version: i64,
}

impl CommandForm<DocumentCommand> for ConfirmForm {
    versioned!();
    fn command(self) -> platform::Result<DocumentCommand> {
        Ok(DocumentCommand::Confirm)
    }
}

/// PUB-CONFID: the confidentiality review.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewForm {
    version: i64,
    #[serde(default)]
    opinion: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    removed: String,
    #[serde(default)]
    redaction_reason: String,
}

impl CommandForm<DocumentCommand> for ReviewForm {
    versioned!();
    fn command(self) -> platform::Result<DocumentCommand> {
        let opinion = ReviewOpinion::ALL
            .into_iter()
            .find(|o| opinion_code(*o) == self.opinion)
            .ok_or_else(|| platform::Error::invalid("请选择审查意见"))?;
        Ok(DocumentCommand::Review {
            opinion,
            basis: limited(self.basis, "审查依据", 2000)?,
            reason: limited(self.reason, "理由", 2000)?,
            redaction: redaction(self.removed, self.redaction_reason)?,
        })
    }
}

/// PUB-CONFID: the determination of a 需报审 by the secrecy authority.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetermineForm {
    version: i64,
    #[serde(default)]
    disclose: String,
    #[serde(default)]
    authority: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    removed: String,
    #[serde(default)]
    redaction_reason: String,
}

impl CommandForm<DocumentCommand> for DetermineForm {
    versioned!();
    fn command(self) -> platform::Result<DocumentCommand> {
        let disclose = match self.disclose.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(platform::Error::invalid("请选择确定意见")),
        };
        Ok(DocumentCommand::Determine {
            disclose,
            redaction: redaction(self.removed, self.redaction_reason)?,
            authority: limited(self.authority, "确定机关及文号", 200)?,
            basis: limited(self.basis, "确定依据", 2000)?,
        })
    }
}

/// SEC-SECRET: the declassification decision.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclassifyForm {
    version: i64,
    #[serde(default)]
    basis: String,
}

impl CommandForm<DocumentCommand> for DeclassifyForm {
    versioned!();
    fn command(self) -> platform::Result<DocumentCommand> {
        Ok(DocumentCommand::Declassify {
            basis: limited(self.basis, "解密决定", 2000)?,
        })
    }
}

/// PUB-CONFID: a right holder's consent, or the public-interest finding.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsentForm {
    version: i64,
    #[serde(default)]
    holder: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    record: String,
}

impl CommandForm<DocumentCommand> for ConsentForm {
    versioned!();
    fn command(self) -> platform::Result<DocumentCommand> {
        let basis = match self.basis.as_str() {
            "holder_consent" => ConsentBasis::HolderConsent,
            "public_interest" => ConsentBasis::PublicInterest,
            _ => return Err(platform::Error::invalid("请选择同意的依据")),
        };
        Ok(DocumentCommand::Consent {
            holder: limited(self.holder, "权利人", 200)?,
            basis,
            record: limited(self.record, "书面记录", 2000)?,
        })
    }
}

/// PUB-COORD: ask one more unit to confirm.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CoordinateForm {
    version: i64,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    matter: String,
}

impl CommandForm<DocumentCommand> for CoordinateForm {
    versioned!();
    fn command(self) -> platform::Result<DocumentCommand> {
        let unit = self
            .unit
            .trim()
            .parse::<i64>()
            .map_err(|_| platform::Error::invalid("请选择需要会签确认的单位"))?;
        Ok(DocumentCommand::RequestCoordination {
            units: vec![openness::UnitId(unit)],
            matter: limited(self.matter, "确认事项", 2000)?,
        })
    }
}

/// PUB-COORD: the viewer's unit answers.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplyForm {
    version: i64,
    #[serde(default)]
    agreed: String,
    #[serde(default)]
    opinion: String,
}

impl CommandForm<DocumentCommand> for ReplyForm {
    versioned!();
    fn command(self) -> platform::Result<DocumentCommand> {
        let agreed = match self.agreed.as_str() {
            "yes" => true,
            "no" => false,
            _ => return Err(platform::Error::invalid("请选择是否同意")),
        };
        Ok(DocumentCommand::ReplyCoordination {
            agreed,
            opinion: limited(self.opinion, "会签意见", 2000)?,
        })
    }
}
