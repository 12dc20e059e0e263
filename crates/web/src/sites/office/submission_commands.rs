//! The commands on a submission from its page (WEB-SUBMIT; 004 §26–27): each form becomes one
//! `sites::submission::Command` for the viewer and goes through
//! `sites::usecase::execute_submission` — the kernel's one path; an adoption through
//! `adopt_submission`, the draft article made in the same transaction — with the page's
//! version; who may act is the domain's (`submission::available`), a refusal shown on the page
//! with its Chinese message and nothing changed. The author's mobile is revealed here too,
//! audited (HL-PRIVACY).

use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use platform::access::{self, SubmissionOp};
use serde::Deserialize;
use sites::submission::Command;
use sites::usecase;
use sites::{ColumnId, SubmissionId};

use super::acting;
use super::submission_page::{build, in_scope, page};
use super::submissions::SubmissionNo;
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// The rows of the commands on a submission.
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    let write = || S(|a| access::site_submissions(a, SubmissionOp::Write));
    let approve = || S(|a| access::site_submissions(a, SubmissionOp::Approve));
    let adopt = || S(|a| access::site_submissions(a, SubmissionOp::Adopt));
    vec![
        route(
            Method::POST,
            "/office/sites/submissions/{id}/submit",
            write(),
            post(submit),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/withdraw",
            write(),
            post(withdraw),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/approve",
            approve(),
            post(approve_submission),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/send-back",
            approve(),
            post(send_back),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/adopt",
            adopt(),
            post(adopt_submission),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/return",
            adopt(),
            post(return_submission),
        ),
        route(
            Method::POST,
            "/office/sites/submissions/{id}/mobile",
            S(|a| access::site_submissions(a, SubmissionOp::View)),
            post(reveal),
        ),
    ]
}

/// Runs `command` on the submission `id` the viewer may read; answers with its page.
async fn run(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, version): (SubmissionId, i64),
    command: platform::Result<Command>,
) -> Result<Response, PageError> {
    in_scope(state, staff, id).await?;
    let outcome = match command {
        Ok(command) => {
            let judged = Judged::load(state, staff).await?;
            let context = judged.context(state);
            let db = &state.platform.db;
            usecase::execute_submission(db, &context, &acting(staff), id, command, Some(version))
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => {
            let to = format!("/office/sites/submissions/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if super::shown_on_page(&error) => {
            let office = in_scope(state, staff, id).await?;
            let page = page(state, csrf, staff, office, Some(error.to_string())).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpinionForm {
    version: i64,
    #[serde(default)]
    opinion: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonForm {
    version: i64,
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdoptForm {
    version: i64,
    #[serde(default)]
    column: String,
}

/// The most characters of an opinion or a reason.
const TEXT_MAX_CHARS: usize = 1_000;

fn text(label: &str, text: &str, required: bool) -> platform::Result<String> {
    let text = text.trim();
    if required && text.is_empty() {
        return Err(platform::Error::invalid(format!("请填写{label}")));
    }
    if text.chars().count() > TEXT_MAX_CHARS {
        return Err(platform::Error::invalid(format!(
            "{label}不能超过 {TEXT_MAX_CHARS} 个字"
        )));
    }
    Ok(text.to_owned())
}

/// `POST …/submit`: the writer submits it to the unit's leader.
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let key = (SubmissionId(id), form.version);
    run(&state, &csrf, &staff, key, Ok(Command::Submit)).await
}

/// `POST …/withdraw`: the writer takes it back before it reaches the editors.
pub async fn withdraw(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let key = (SubmissionId(id), form.version);
    run(&state, &csrf, &staff, key, Ok(Command::Withdraw)).await
}

/// `POST …/approve`: WEB-SUBMIT (004 §26), a leader of the unit sends it to the editors (a
/// major item as the unit's principal); their clock starts.
pub async fn approve_submission(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<OpinionForm>,
) -> Result<Response, PageError> {
    let command =
        text("审核意见", &form.opinion, false).map(|opinion| Command::Approve { opinion });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/send-back`: the leader sends it back to its writer, with the reason.
pub async fn send_back(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let command = text("退回理由", &form.reason, true).map(|reason| Command::SendBack { reason });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/return`: WEB-SUBMIT (004 §27), an editor of the column returns it, with the reason.
pub async fn return_submission(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    let command = text("退回理由", &form.reason, true).map(|reason| Command::Return { reason });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/adopt`: WEB-SUBMIT (004 §27), an editor of the column adopts it — a draft article
/// of the proposed column (or of another column of the site the editor writes for) made in
/// the same transaction.
pub async fn adopt_submission(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Form(form): Form<AdoptForm>,
) -> Result<Response, PageError> {
    let column = match form.column.trim() {
        "" => Ok(None),
        text => text
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(|id| Some(ColumnId(id)))
            .ok_or_else(|| platform::Error::invalid("请选择采用到的栏目")),
    };
    let command = column.map(|column| Command::Adopt {
        column,
        article: None,
    });
    run(
        &state,
        &csrf,
        &staff,
        (SubmissionId(id), form.version),
        command,
    )
    .await
}

/// `POST …/mobile`: WEB-SUBMIT, HL-PRIVACY — the author's mobile in clear for the writer, a
/// leader of the unit or an editor of the column, with its `unmask` audit row; the page shows
/// it once (never in an address).
pub async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
) -> Result<Response, PageError> {
    let id = SubmissionId(id);
    let office = in_scope(&state, &staff, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    match usecase::reveal_mobile(db, &context, &acting(&staff), id).await {
        Ok(mobile) => {
            let page = build(&state, &csrf, &staff, office, (None, false, Some(mobile))).await?;
            Ok(page.into_response())
        }
        Err(error) if super::shown_on_page(&error) => {
            let status = status_of(&error);
            let page = page(&state, &csrf, &staff, office, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
