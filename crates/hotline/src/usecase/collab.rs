//! Use cases that change more than an order's snapshot in one transaction: merging an appeal
//! into an open one (HL-MERGE), the head-signed review form stored with the command that
//! records it (HL-CALLBACK) and the lead's result with the files it attaches (HL-RESULT,
//! issue 14 item 11), or those a refused result form kept (`submit_held_result`). All go
//! through `execute_in`, the body of the one command path.

use platform::attachments::{self, Meta, Owner, Policy, Upload};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};

use super::{
    APPEAL_ATTACHMENT, ARCHIVE_ATTACHMENT, HeldFiles, RESULT_ATTACHMENT, REVIEW_FORM_ATTACHMENT,
    execute_in,
};
use crate::order::{ArchiveItem, Command, HandlingResult, Order, ReviewForm, Seal, Status};
use crate::{AppealId, UnitId};

/// HL-MERGE: `source` (a new appeal) joins the open appeal `target`, which records it. Both
/// orders change in one transaction, or neither does.
pub async fn merge(
    db: &Db,
    context: &Context<'_>,
    source: AppealId,
    source_version: Option<i64>,
    target: AppealId,
) -> Result<(Order, i64)> {
    if source == target {
        return Err(Error::invalid("不能与诉求本身并案"));
    }
    let mut tx = db.begin().await?;
    let merge = Command::MergeInto {
        target,
        // Filled in from storage by `Orders::load`.
        target_status: Status::Registered,
    };
    let merged = execute_in(&mut tx, context, source, merge, source_version).await?;
    let accept = Command::AcceptMerged { source };
    execute_in(&mut tx, context, target, accept, None).await?;
    tx.commit().await?;
    Ok(merged)
}

/// HL-CALLBACK: the lead unit uploads the 群众不满意诉求审核反馈表 signed by its head. The scan
/// is checked ([`Policy::MATERIAL`]) and stored sealed in the same transaction as the command,
/// which refers to it by id.
/// The 群众不满意诉求审核反馈表 as the lead unit uploads it (HL-CALLBACK).
#[derive(Debug, Clone)]
pub struct ReviewFormUpload<'a> {
    pub unit: UnitId,
    pub signed_by: &'a str,
    pub seal: Seal,
    pub explanation: &'a str,
    pub scan: &'a Upload,
}

pub async fn upload_review_form(
    db: &Db,
    context: &Context<'_>,
    order_id: AppealId,
    version: Option<i64>,
    upload: ReviewFormUpload<'_>,
) -> Result<(Order, i64)> {
    let ReviewFormUpload {
        unit,
        signed_by,
        seal,
        explanation,
        scan,
    } = upload;
    Policy::MATERIAL.check(scan)?;
    let mut form = ReviewForm::parse(signed_by, seal, "待存", explanation).map_err(Error::from)?;
    let mut tx = db.begin().await?;
    let owner = Owner {
        kind: REVIEW_FORM_ATTACHMENT,
        id: order_id.0,
    };
    let labelled = Upload {
        label: "审核反馈表".into(),
        ..scan.clone()
    };
    let (key, at) = (context.key, context.now.millis());
    let document =
        attachments::store(&mut tx, key, owner, &Policy::MATERIAL, &labelled, at).await?;
    form.document = document.to_string();
    let command = Command::UploadReviewForm { unit, form };
    let outcome = execute_in(&mut tx, context, order_id, command, version).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The most files a result may carry (issue 14 item 11).
pub const RESULT_MAX_FILES: usize = 5;

/// HL-RESULT (issue 14 item 11): the lead unit submits its result with the files it attaches
/// — photos or PDFs of the rectification, each checked by its content against
/// [`Policy::APPEAL`] (JPG, PNG, PDF, 10 MB) with a refusal naming the file — stored sealed
/// and labelled 办理结果附件1 … in the command's transaction, the result referring to them
/// by id. A refused file or command stores nothing.
pub async fn submit_result(
    db: &Db,
    context: &Context<'_>,
    order_id: AppealId,
    version: Option<i64>,
    (unit, result, files): (UnitId, HandlingResult, &[Upload]),
) -> Result<(Order, i64)> {
    if files.len() > RESULT_MAX_FILES {
        return Err(Error::invalid(format!(
            "办理结果最多附 {RESULT_MAX_FILES} 个文件"
        )));
    }
    let labelled: Vec<Upload> = files
        .iter()
        .enumerate()
        .map(|(index, file)| {
            let name = file.file_name.trim();
            // The refusal names the file as the handler chose it.
            let named = Upload {
                label: if name.is_empty() {
                    format!("第 {} 个文件", index + 1)
                } else {
                    name.to_owned()
                },
                ..file.clone()
            };
            Policy::APPEAL.check(&named)?;
            Ok(Upload {
                label: format!("办理结果附件{}", index + 1),
                ..file.clone()
            })
        })
        .collect::<Result<_>>()?;
    let mut tx = db.begin().await?;
    let owner = Owner {
        kind: RESULT_ATTACHMENT,
        id: order_id.0,
    };
    let (key, at) = (context.key, context.now.millis());
    let mut stored = Vec::with_capacity(labelled.len());
    for upload in &labelled {
        stored.push(attachments::store(&mut tx, key, owner, &Policy::APPEAL, upload, at).await?);
    }
    let result = HandlingResult {
        files: stored,
        ..result
    };
    let command = Command::SubmitResult { unit, result };
    let outcome = execute_in(&mut tx, context, order_id, command, version).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// HL-RESULT (issue 14 items 3 and 11): [`submit_result`] with the files a refused result
/// form kept (`platform::held`, checked and sealed then, labelled 办理结果附件n by their
/// slot). The files are given to the order in the command's transaction
/// (`platform::held::claim_in`), the result naming them; a refused command keeps them held,
/// and a held form gone meanwhile refuses the result (choose the files again).
pub async fn submit_held_result(
    db: &Db,
    context: &Context<'_>,
    order_id: AppealId,
    version: Option<i64>,
    (unit, result, held): (UnitId, HandlingResult, &HeldFiles),
) -> Result<(Order, i64)> {
    if held.attachments.len() > RESULT_MAX_FILES {
        return Err(Error::invalid(format!(
            "办理结果最多附 {RESULT_MAX_FILES} 个文件"
        )));
    }
    let mut tx = db.begin().await?;
    let owner = Owner {
        kind: RESULT_ATTACHMENT,
        id: order_id.0,
    };
    platform::held::claim_in(&mut tx, held.form, &held.attachments, owner).await?;
    let result = HandlingResult {
        files: held.attachments.clone(),
        ..result
    };
    let command = Command::SubmitResult { unit, result };
    let outcome = execute_in(&mut tx, context, order_id, command, version).await?;
    tx.commit().await?;
    Ok(outcome)
}

/// The appellant's attachments (labels, kinds and sizes; never the file names).
pub async fn attachments_of(db: &Db, order_id: AppealId) -> Result<Vec<Meta>> {
    attachments::list(
        db,
        Owner {
            kind: APPEAL_ATTACHMENT,
            id: order_id.0,
        },
    )
    .await
}

/// What the hotline files with a concluded order besides what the order holds (HL-ARCHIVE).
#[derive(Debug, Clone, Default)]
pub struct ArchiveFiles {
    /// 电话录音 (required for a phone appeal: the state machine refuses without it).
    pub recording: Option<Upload>,
    /// 领导批示, when a leader gave one.
    pub instruction: Option<Upload>,
}

/// HL-ARCHIVE: the order is archived with its original material, the recording, the
/// leader's instruction, the feedback and the satisfaction record. The files are checked
/// first and stored sealed in the same transaction as the command.
pub async fn archive(
    db: &Db,
    context: &Context<'_>,
    order_id: AppealId,
    version: Option<i64>,
    files: ArchiveFiles,
) -> Result<(Order, i64)> {
    let labelled: Vec<(ArchiveItem, Upload, &Policy)> = [
        (
            ArchiveItem::Recording,
            files.recording,
            "电话录音",
            &Policy::ARCHIVE,
        ),
        (
            ArchiveItem::LeaderInstruction,
            files.instruction,
            "领导批示",
            &Policy::MATERIAL,
        ),
    ]
    .into_iter()
    .filter_map(|(item, upload, label, policy)| {
        upload.map(|upload| {
            let upload = Upload {
                label: label.to_owned(),
                ..upload
            };
            (item, upload, policy)
        })
    })
    .collect();
    for (_, upload, policy) in &labelled {
        policy.check(upload)?;
    }
    let mut items = vec![ArchiveItem::OriginalMaterial];
    items.extend(labelled.iter().map(|(item, ..)| *item));
    let mut tx = db.begin().await?;
    let owner = Owner {
        kind: ARCHIVE_ATTACHMENT,
        id: order_id.0,
    };
    for (_, upload, policy) in &labelled {
        let (key, at) = (context.key, context.now.millis());
        attachments::store(&mut tx, key, owner, policy, upload, at).await?;
    }
    let command = Command::Archive { items };
    let outcome = execute_in(&mut tx, context, order_id, command, version).await?;
    tx.commit().await?;
    Ok(outcome)
}
