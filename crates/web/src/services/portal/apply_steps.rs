//! The steps of a POST of the online application form (issue 14 items 3 and 4; SVC-ACCEPT,
//! SVC-NO-RESUBMIT): sending the code of the reuse check, checking it and offering what can be
//! reused (the enterprise's, for a legal person's item), and the application itself — every
//! required material uploaded now, held or reused, then the submission through the queue,
//! which takes the held files in its transaction. Each step that does not end in the
//! submission's page says what the form shows again (`super::apply`).

use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use platform::Error;
use platform::audit::AuditActor;
use platform::held::Held;
use platform::personal::PhoneNumber;
use services::case::SubmittedMaterial;
use services::usecase::online::HeldMaterials;
use services::usecase::{Applicant, PublishedItem, phone_check};
use services::{ApplicantId, AttachmentId};

use super::apply::{ApplyForm, ReuseStep, item_name};
use super::apply_check::{ENTERPRISE_FIELDS, FILE_PREFIX, FieldError, Read, missing_materials};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;

#[derive(Template, WebTemplate)]
#[template(path = "portal/services_submitted.html")]
pub struct SubmittedPage {
    chrome: Chrome,
    item_name: String,
    number: String,
    query_code: String,
    reused: Vec<String>,
}

/// What a POST comes to: the submission's page, or the form again.
pub(super) enum Outcome {
    Done(Response),
    Again {
        status: StatusCode,
        errors: Vec<FieldError>,
        step: ReuseStep,
    },
}

impl Outcome {
    /// The form again: 400 with problems, else 200.
    fn again(errors: Vec<FieldError>, step: ReuseStep) -> Self {
        let status = if errors.is_empty() {
            StatusCode::OK
        } else {
            StatusCode::BAD_REQUEST
        };
        Self::Again {
            status,
            errors,
            step,
        }
    }
}

/// The request's parts every step reads.
pub(super) struct Request<'a> {
    pub(super) state: &'a AppState,
    pub(super) published: &'a PublishedItem,
    pub(super) form: &'a ApplyForm,
    pub(super) read: &'a Read,
    pub(super) held: Option<&'a Held>,
    pub(super) actor: AuditActor,
    /// Issue 23 item 3: the logged-in account the application is filed under.
    pub(super) filed_by: Option<platform::filed_by::FiledBy>,
    /// Issue 23 item 3: the materials ticked from the account's space, and the problems of
    /// those that are not the account's.
    pub(super) chosen: (Vec<SubmittedMaterial>, Vec<FieldError>),
    pub(super) now: Instant,
}

/// The phone masked for the code's notice, or a word when it is not known.
fn masked_phone(read: &Read) -> String {
    read.phone
        .as_ref()
        .map_or_else(|| "您的手机".to_owned(), PhoneNumber::masked)
}

/// `action=check` (issue 12 finding 13): a code to the phone for this ID number; only the ID
/// number, the phone and the files are judged now.
pub(super) async fn send_code(request: &Request<'_>) -> Result<Outcome, PageError> {
    let Request { state, read, .. } = request;
    let mut errors = read.errors_of(&["id_no", "phone"]);
    let (Some(id_no), Some(phone)) = (&read.id_no, &read.phone) else {
        return Ok(Outcome::again(errors, ReuseStep::None));
    };
    let (db, key) = (&state.platform.db, &state.platform.key);
    match phone_check::send_code(db, key, &request.actor, id_no, phone, request.now).await {
        Ok(check) => {
            let step = ReuseStep::CodeSent {
                to: phone.masked(),
                check,
            };
            Ok(Outcome::again(errors, step))
        }
        Err(Error::Invalid(message)) => {
            errors.push(FieldError::new("phone", message));
            Ok(Outcome::again(errors, ReuseStep::None))
        }
        Err(error) => Err(error.into()),
    }
}

/// `action=verify`: the code typed; when right, what the applicant (or the enterprise, for a
/// legal person's item) can reuse.
pub(super) async fn verify_code(request: &Request<'_>) -> Result<Outcome, PageError> {
    let Request {
        state,
        published,
        form,
        read,
        now,
        ..
    } = request;
    let mut errors = read.errors_of(&ENTERPRISE_FIELDS);
    let code_sent = || ReuseStep::CodeSent {
        to: masked_phone(read),
        check: form.check.clone(),
    };
    // The enterprise's materials are offered only for a readable credit code.
    if errors
        .iter()
        .any(|e| ENTERPRISE_FIELDS.contains(&e.field.as_str()))
    {
        return Ok(Outcome::again(errors, code_sent()));
    }
    let (db, key) = (&state.platform.db, &state.platform.key);
    match phone_check::verify(db, key, &form.check, &form.code, *now).await {
        Ok(verified) => {
            let code = read.enterprise.as_ref().map(|e| &e.credit_code);
            let list = services::usecase::online::reuse_offer_verified(
                db,
                key,
                &published.code,
                &verified.proof,
                code,
                *now,
            )
            .await?;
            let step = ReuseStep::Offered {
                list,
                grant: verified.grant,
            };
            Ok(Outcome::again(errors, step))
        }
        Err(Error::Invalid(message)) => {
            errors.push(FieldError::new("code", message));
            Ok(Outcome::again(errors, code_sent()))
        }
        Err(error) => Err(error.into()),
    }
}

/// The application itself: every field judged, every required material uploaded now, held
/// or reused; then the submission, which takes the held files in its transaction.
pub(super) async fn apply(request: &Request<'_>, csrf: &CsrfToken) -> Result<Outcome, PageError> {
    let Request {
        state,
        published,
        form,
        read,
        held,
        now,
        ..
    } = request;
    let (db, key) = (&state.platform.db, &state.platform.key);
    let mut errors = read.errors.clone();
    let (chosen, chosen_errors) = &request.chosen;
    errors.extend(chosen_errors.iter().cloned());
    let proof = match (&read.id_no, &read.phone) {
        (Some(id_no), Some(phone)) => {
            phone_check::redeem(db, key, id_no, phone, &form.grant, *now).await?
        }
        _ => None,
    };
    let offer = match &proof {
        Some(proof) => {
            let code = read.enterprise.as_ref().map(|e| &e.credit_code);
            services::usecase::online::reuse_offer_verified(
                db,
                key,
                &published.code,
                proof,
                code,
                *now,
            )
            .await?
        }
        None => Vec::new(),
    };
    let reusable: Vec<String> = offer
        .iter()
        .map(|r| r.code.clone())
        .chain(chosen.iter().map(|c| c.code.clone()))
        .collect();
    errors.extend(missing_materials(published, read, *held, &reusable));
    let step = if proof.is_some() {
        ReuseStep::Offered {
            list: offer,
            grant: form.grant.clone(),
        }
    } else if !form.check.trim().is_empty() {
        ReuseStep::CodeSent {
            to: masked_phone(read),
            check: form.check.clone(),
        }
    } else {
        ReuseStep::None
    };
    let (Some(name), Some(id_no), Some(phone), true) =
        (&read.name, &read.id_no, &read.phone, errors.is_empty())
    else {
        return Ok(Outcome::again(errors, step));
    };
    let applicant = Applicant {
        account: ApplicantId(0),
        name: name.clone(),
        id_no: id_no.clone(),
        phone: Some(phone.clone()),
        email: read.email.clone(),
        phone_proof: proof,
        enterprise: read.enterprise.clone(),
    };
    let kept = HeldMaterials {
        form: held.map(|held| held.id),
        files: held
            .map(|held| held.files.as_slice())
            .unwrap_or_default()
            .iter()
            .filter_map(|file| {
                let code = file.slot.strip_prefix(FILE_PREFIX)?;
                Some((code.to_owned(), AttachmentId(file.attachment)))
            })
            .collect(),
        chosen: chosen.clone(),
    };
    let submitted = state
        .applications
        .submit_for(
            &request.actor,
            ((*published).clone(), applicant),
            (read.files.clone(), kept),
            request.filed_by,
            *now,
        )
        .await;
    match submitted {
        Ok(submission) => {
            let list = published.item.materials.list();
            let reused = submission
                .reused
                .iter()
                .filter_map(|r| list.iter().find(|m| m.code == r.code))
                .map(|m| m.name.clone())
                .collect();
            let done = SubmittedPage {
                chrome: Chrome::public(state, csrf).await?,
                item_name: item_name(published),
                number: submission.number,
                query_code: submission.query_code,
                reused,
            };
            Ok(Outcome::Done(done.into_response()))
        }
        Err(Error::Invalid(message)) => {
            errors.push(FieldError::new("", message));
            Ok(Outcome::again(errors, step))
        }
        Err(error) => Err(error.into()),
    }
}
