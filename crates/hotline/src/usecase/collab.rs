//! Use cases that change more than an order's snapshot in one transaction: merging an appeal
//! into an open one (HL-MERGE) and the head-signed review form stored with the command that
//! records it (HL-CALLBACK). Both go through `execute_in`, the body of the one command path.

use calendar::Instant;
use platform::attachments::{self, Meta, Owner, Policy, Upload};
use platform::audit::AuditActor;
use platform::db::Db;
use platform::personal::DataKey;
use platform::{Error, Result};

use super::{APPEAL_ATTACHMENT, ARCHIVE_ATTACHMENT, REVIEW_FORM_ATTACHMENT, Rules, execute_in};
use crate::order::{ArchiveItem, Command, Order, ReviewForm, Seal, Status};
use crate::{AppealId, UnitId};

/// HL-MERGE: `source` (a new appeal) joins the open appeal `target`, which records it. Both
/// orders change in one transaction, or neither does.
#[allow(clippy::too_many_arguments)]
pub async fn merge(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    source: AppealId,
    source_version: Option<i64>,
    target: AppealId,
    rules: Rules<'_>,
    now: Instant,
) -> Result<(Order, i64)> {
    if source == target {
        return Err(Error::invalid("不能与诉求本身并案"));
    }
    let mut tx = db.begin().await?;
    let merged = execute_in(
        &mut tx,
        key,
        actor,
        source,
        Command::MergeInto {
            target,
            // Filled in from storage by `with_facts`.
            target_status: Status::Registered,
        },
        source_version,
        rules,
        now,
    )
    .await?;
    execute_in(
        &mut tx,
        key,
        actor,
        target,
        Command::AcceptMerged { source },
        None,
        rules,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(merged)
}

/// HL-CALLBACK: the lead unit uploads the 群众不满意诉求审核反馈表 signed by its head. The scan
/// is checked ([`Policy::MATERIAL`]) and stored sealed in the same transaction as the command,
/// which refers to it by id.
#[allow(clippy::too_many_arguments)]
pub async fn upload_review_form(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    order_id: AppealId,
    version: Option<i64>,
    unit: UnitId,
    signed_by: &str,
    seal: Seal,
    explanation: &str,
    scan: &Upload,
    rules: Rules<'_>,
    now: Instant,
) -> Result<(Order, i64)> {
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
    let document = attachments::store(
        &mut tx,
        key,
        owner,
        &Policy::MATERIAL,
        &labelled,
        now.millis(),
    )
    .await?;
    form.document = document.to_string();
    let command = Command::UploadReviewForm { unit, form };
    let outcome = execute_in(&mut tx, key, actor, order_id, command, version, rules, now).await?;
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
#[allow(clippy::too_many_arguments)]
pub async fn archive(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    order_id: AppealId,
    version: Option<i64>,
    files: ArchiveFiles,
    rules: Rules<'_>,
    now: Instant,
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
        attachments::store(&mut tx, key, owner, policy, upload, now.millis()).await?;
    }
    let command = Command::Archive { items };
    let outcome = execute_in(&mut tx, key, actor, order_id, command, version, rules, now).await?;
    tx.commit().await?;
    Ok(outcome)
}
