//! The parts of a 12345 order page that involve more than one party: an assisting unit's
//! contribution (HL-DISPATCH), merging a repeated appeal into an open one (HL-MERGE), the
//! head-signed review form and its check (HL-CALLBACK), and the attachments (HL-REGISTER,
//! HL-PRIVACY: labelled, never named; a complaint's accused unit does not get them).

use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use hotline::order::{Command, CommandKind, FormFinding, Order, Seal, Status};
use hotline::usecase::{self, OrderView};
use hotline::{AppealId, UnitId};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use platform::access;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::now_ms;
use serde::Deserialize;

use super::desk::status_label;
use super::order::{respond, run};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{FileId, Form, Id, Ids};
use crate::staff::{Judged, Staff};
use crate::upload::Multipart;

/// What the order page shows of these parts.
#[derive(Default)]
pub struct Collab {
    pub can_contribute: bool,
    /// (unit, contribution) of each assisting unit that gave one.
    pub contributions: Vec<(String, String)>,
    pub can_merge: bool,
    pub similar: Vec<SimilarLine>,
    pub merged_count: usize,
    pub can_upload_form: bool,
    pub can_conclude_form: bool,
    /// (signed by, explanation) of each review form.
    pub review_forms: Vec<(String, String)>,
    pub files: Vec<FileLine>,
    pub files_withheld: usize,
    pub can_archive: bool,
    /// HL-DISPATCH: suggested lead units, the first preselected.
    pub suggestions: Vec<usecase::DispatchSuggestion>,
    pub suggested_lead: Option<i64>,
    /// A phone appeal is archived with its recording (HL-ARCHIVE).
    pub needs_recording: bool,
}

/// A file of the order the viewer may open.
pub struct FileLine {
    pub id: i64,
    pub name: String,
    pub size: String,
    /// Issue 14 item 11: for the hotline, on a complaint, an appellant's file: whether it is
    /// cleared for the handling unit (`None`: no such choice).
    pub cleared: Option<bool>,
}

pub struct SimilarLine {
    pub id: i64,
    pub number: String,
    pub status: &'static str,
    pub why: String,
}

/// The panel for `viewer` of the order in `view`.
pub async fn collab(
    state: &AppState,
    staff: &Staff,
    view: &OrderView,
    names: &(dyn Fn(i64) -> String + Sync),
) -> platform::Result<Collab> {
    let order: &Order = &view.order;
    let actor = &staff.actor;
    let desk = access::hotline_desk(actor);
    let offers = super::order::offered(staff, order);
    let can_merge = offers.contains(&CommandKind::MergeInto);
    let similar = if can_merge {
        usecase::similar_to(&state.platform.db, view.appeal_id)
            .await?
            .into_iter()
            .map(|s| {
                let mut why = Vec::new();
                if s.same_phone {
                    why.push("同一来电号码".to_owned());
                }
                if s.same_location {
                    why.push("同一地点".to_owned());
                }
                if s.text_similarity >= 0.5 {
                    why.push(format!("内容相似 {:.0}%", s.text_similarity * 100.0));
                }
                SimilarLine {
                    id: s.appeal_id.0,
                    number: s.number,
                    status: status_label(&s.status),
                    why: why.join("，"),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let cleared = if desk {
        usecase::cleared_attachments(&state.platform.db, view.appeal_id).await?
    } else {
        Default::default()
    };
    let suggestions = if desk && matches!(order.status, Status::Registered | Status::Returned) {
        usecase::dispatch_suggestions(&state.platform.db, view.appeal_id).await?
    } else {
        Vec::new()
    };
    Ok(Collab {
        suggested_lead: suggestions.first().map(|s| s.unit_id),
        suggestions,
        can_contribute: offers.contains(&CommandKind::Contribute),
        contributions: order
            .assignments
            .iter()
            .filter_map(|a| Some((names(a.unit.0), a.contribution.clone()?)))
            .collect(),
        can_merge,
        similar,
        merged_count: order.merged_sources.len(),
        can_upload_form: offers.contains(&CommandKind::UploadReviewForm),
        can_conclude_form: offers.contains(&CommandKind::ConcludeFormReview),
        review_forms: order
            .review_forms
            .iter()
            .map(|f| (f.signed_by.clone(), f.explanation.clone()))
            .collect(),
        // The result's files are shown with the result (issue 14 item 11).
        files: view
            .attachments
            .iter()
            .filter(|m| m.owner_kind != usecase::RESULT_ATTACHMENT)
            .map(|m| FileLine {
                id: m.id,
                name: m.download_name(),
                size: m.size_text(),
                cleared: (desk
                    && order.intake.category == hotline::appeal::Category::ComplaintReport
                    && m.owner_kind == usecase::APPEAL_ATTACHMENT)
                    .then(|| cleared.contains(&m.id)),
            })
            .collect(),
        files_withheld: view.attachments_withheld,
        can_archive: offers.contains(&CommandKind::Archive),
        needs_recording: order.intake.channel == hotline::appeal::Channel::Phone,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributeForm {
    version: i64,
    text: String,
}

/// HL-DISPATCH: an assisting unit's part of the lead's result.
pub async fn contribute(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ContributeForm>,
) -> Result<Response, PageError> {
    let command = Ok(Command::Contribute {
        unit: UnitId(staff.actor.unit_id),
        text: form.text,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeForm {
    version: i64,
    target: String,
}

/// HL-MERGE: this newly registered appeal joins an open one; both change together.
pub async fn merge(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(source): Id<AppealId>,
    Form(form): Form<MergeForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let target = form
            .target
            .trim()
            .parse::<i64>()
            .map_err(|_| platform::Error::invalid("请选择要并入的诉求"))?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        usecase::merge(db, &context, source, Some(form.version), AppealId(target)).await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, source, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewFormFields {
    version: i64,
    signed_by: String,
    #[serde(default)]
    sealed: Option<String>,
    explanation: String,
}

/// HL-CALLBACK: the lead unit uploads the review form its head signed, with the unit's seal.
pub async fn upload_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    upload: Multipart,
) -> Result<Response, PageError> {
    let outcome = async {
        let fields: ReviewFormFields = upload.form()?;
        let scan = upload
            .files_named("scan")
            .next()
            .ok_or_else(|| platform::Error::invalid("请上传审核反馈表扫描件"))?
            .upload("审核反馈表");
        let seal = if fields.sealed.is_some() {
            Seal::Affixed
        } else {
            Seal::Missing
        };
        let form = usecase::ReviewFormUpload {
            unit: UnitId(staff.actor.unit_id),
            signed_by: &fields.signed_by,
            seal,
            explanation: &fields.explanation,
            scan: &scan,
        };
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let db = &state.platform.db;
        usecase::upload_review_form(db, &context, id, Some(fields.version), form).await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcludeForm {
    version: i64,
    finding: String,
    #[serde(default)]
    note: String,
}

/// HL-CALLBACK: the hotline checks the review form; a non-compliant one sends the order back
/// to the unit to be redone.
pub async fn conclude_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<ConcludeForm>,
) -> Result<Response, PageError> {
    let finding = match form.finding.as_str() {
        "compliant" => Ok(FormFinding::Compliant),
        "not_compliant" => Ok(FormFinding::NotCompliant),
        _ => Err(platform::Error::invalid("请选择核查结论")),
    };
    let command = finding.map(|finding| Command::ConcludeFormReview {
        finding,
        note: form.note,
    });
    run(&state, &csrf, &staff, id, form.version, command).await
}

/// A file of the order, if the viewer may see the order and the file is among what the
/// order view lets them see; every download is audited (HL-PRIVACY).
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Ids(id, FileId(file)): Ids<AppealId, FileId>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let view = usecase::order_view(db, &state.platform.key, id, &staff.actor).await?;
    let meta = view
        .attachments
        .iter()
        .find(|m| m.id == file)
        .ok_or_else(|| platform::Error::not_found("附件"))?;
    let content = platform::attachments::content(db, &state.platform.key, file).await?;
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let event = AuditEvent::new("hotline.attachment", "hotline_order", id.0).detail(format!(
        "下载附件 {}（工单 {}）",
        meta.download_name(),
        view.number
    ));
    audit::record_alone(db, &actor, event, now_ms()).await?;
    let name = utf8_percent_encode(&meta.download_name(), NON_ALPHANUMERIC).to_string();
    Ok((
        [
            (CONTENT_TYPE, meta.kind.content_type().to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"attachment.{}\"; filename*=UTF-8''{name}",
                    meta.kind.code()
                ),
            ),
        ],
        Body::from(content),
    )
        .into_response())
}

/// HL-ARCHIVE: the hotline files the concluded order with the call recording and any
/// leader's instruction.
pub async fn archive(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    upload: Multipart,
) -> Result<Response, PageError> {
    let outcome = async {
        let version: i64 = upload
            .field("version")
            .and_then(|v| v.trim().parse().ok())
            .ok_or_else(|| platform::Error::invalid("表单缺少必填项"))?;
        let file = |name: &str| upload.files_named(name).next().map(|f| f.upload(""));
        let files = usecase::ArchiveFiles {
            recording: file("recording"),
            instruction: file("instruction"),
        };
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        usecase::archive(&state.platform.db, &context, id, Some(version), files).await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClearForm {
    /// `1`: cleared for the handling unit; `0`: withheld again.
    shown: String,
}

/// `POST /office/hotline/orders/{id}/files/{file}/clear` (issue 14 item 11, HL-PRIVACY): the
/// hotline clears an appellant's file that identifies nobody for the handling unit of a
/// complaint, or withholds it again; audited.
pub async fn clear_file(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Ids(id, FileId(file)): Ids<AppealId, FileId>,
    Form(form): Form<ClearForm>,
) -> Result<Response, PageError> {
    let shown = match form.shown.as_str() {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(platform::Error::invalid("请选择是否提供承办单位查看")),
    };
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let outcome = match shown {
        Ok(shown) => {
            usecase::clear_attachment(&state.platform.db, &actor, id, file, shown, now_ms()).await
        }
        Err(error) => Err(error),
    };
    respond(&state, &csrf, &staff, id, outcome).await
}
