//! The records of the document register from a document's page (PUB-ATTR, PUB-CONFID,
//! PUB-COORD, SEC-SECRET): each form becomes one `openness::register::DocumentCommand` and goes
//! through `openness::usecase::documents::execute` — the kernel's one path — with the page's
//! version; who may record what is the register's, a refusal is shown on the page with its
//! Chinese message and nothing changed.

use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{MethodRouter, post};
use openness::DocumentId;
use openness::register::{ConsentBasis, DocumentCommand, Redaction, ReviewOpinion};
use openness::usecase::documents as usecase;
use platform::access;
use serde::Deserialize;

use super::DocumentNo;
use super::office::acting;
use super::register::{build, in_scope};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// The rows of the records on a document.
pub(super) fn rows() -> Vec<OfficeRoute> {
    let handled: [(&'static str, MethodRouter<AppState>); 7] = [
        (
            "/office/openness/documents/{id}/confirm",
            handler::<ConfirmForm>(),
        ),
        (
            "/office/openness/documents/{id}/review",
            handler::<ReviewForm>(),
        ),
        (
            "/office/openness/documents/{id}/determine",
            handler::<DetermineForm>(),
        ),
        (
            "/office/openness/documents/{id}/declassify",
            handler::<DeclassifyForm>(),
        ),
        (
            "/office/openness/documents/{id}/consent",
            handler::<ConsentForm>(),
        ),
        (
            "/office/openness/documents/{id}/coordinate",
            handler::<CoordinateForm>(),
        ),
        (
            "/office/openness/documents/{id}/reply",
            handler::<ReplyForm>(),
        ),
    ];
    handled
        .into_iter()
        .map(|(path, handler)| {
            route(
                Method::POST,
                path,
                Guard::Staff(access::openness_register),
                handler,
            )
        })
        .collect()
}

pub(super) fn opinion_code(opinion: ReviewOpinion) -> &'static str {
    match opinion {
        ReviewOpinion::Disclose => "disclose",
        ReviewOpinion::Exempt => "exempt",
        ReviewOpinion::Refer => "refer",
    }
}

/// A form of a record: the page's version and the command it asks for (or the problem of
/// what was typed).
trait RecordForm: serde::de::DeserializeOwned + Send + 'static {
    fn version(&self) -> i64;
    fn command(self) -> platform::Result<DocumentCommand>;
}

/// The handler of the record form `F` on document `{id}`.
fn handler<F: RecordForm>() -> MethodRouter<AppState> {
    post(
        |State(state): State<AppState>,
         Extension(csrf): Extension<CsrfToken>,
         staff: Staff,
         Id(DocumentNo(id)): Id<DocumentNo>,
         Form(form): Form<F>| async move {
            let version = form.version();
            run(
                &state,
                &csrf,
                &staff,
                (DocumentId(id), version),
                form.command(),
            )
            .await
        },
    )
}

async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, version): (DocumentId, i64),
    command: platform::Result<DocumentCommand>,
) -> Result<Response, PageError> {
    in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            let db = &state.platform.db;
            usecase::execute(db, &context, &acting(staff), id, command, Some(version))
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => {
            let to = format!("/office/openness/documents/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::Conflict(_)
            | platform::Error::Refused(_)),
        ) => {
            let stored = in_scope(state, staff, id).await?;
            let page = build(state, csrf, staff, stored, (Some(error.to_string()), false)).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// `text` when at most `max` characters, else what to shorten.
fn limited(text: String, what: &str, max: usize) -> platform::Result<String> {
    if text.chars().count() > max {
        return Err(platform::Error::invalid(format!("{what}不能超过{max}个字")));
    }
    Ok(text)
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

macro_rules! versioned {
    () => {
        fn version(&self) -> i64 {
            self.version
        }
    };
}

/// PUB-ATTR: the signer confirms the attribute.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfirmForm {
    version: i64,
}

impl RecordForm for ConfirmForm {
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

impl RecordForm for ReviewForm {
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

impl RecordForm for DetermineForm {
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

impl RecordForm for DeclassifyForm {
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

impl RecordForm for ConsentForm {
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

impl RecordForm for CoordinateForm {
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

impl RecordForm for ReplyForm {
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
