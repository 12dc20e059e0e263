//! A material's sample (样表) and blank form (空白表格) uploaded in the item editor (issue 22;
//! SVC-ITEM-FIELDS: "materials (… sample, blank form)"; 002 网站规范 §21(三)1 表格下载). The
//! file's type is sniffed from its content, never its name, against [`GUIDE_FILE`]; it is
//! sealed and stored like every attachment of the platform (owner `item`, the item's id) and
//! the working version's material points at it through the item machine's `Edit` — so a
//! published item opens a change, every version keeps the files it named, and the public
//! guide offers the published version's files only. Audited.

use calendar::Instant;
use platform::attachments::{self, Kind, Owner, Policy, Upload};
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::DataKey;
use platform::{Error, Result};

use super::items::command_in;
use super::online::ITEM_OWNER;
use crate::item::{Item, ItemCommand, ItemRecord, Materials};
use crate::store::items as store;
use crate::{AttachmentId, ItemId};

/// What a sample or blank form may be: PDF, DOC, DOCX, XLS, XLSX, JPG, PNG, 10 MB at most
/// (the platform's size for application materials, `Policy::MATERIAL`).
pub const GUIDE_FILE: Policy = Policy {
    max_bytes: Policy::MATERIAL.max_bytes,
    kinds: &[
        Kind::Pdf,
        Kind::Doc,
        Kind::Docx,
        Kind::Xls,
        Kind::Xlsx,
        Kind::Jpeg,
        Kind::Png,
    ],
};

/// Which file of a material.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuideFile {
    /// 样表: a filled-in example.
    Sample,
    /// 空白表格: the form to download and fill in.
    BlankForm,
}

impl GuideFile {
    /// From the form's code (`sample`, `blank_form`).
    pub fn from_code(code: &str) -> Option<GuideFile> {
        match code {
            "sample" => Some(GuideFile::Sample),
            "blank_form" => Some(GuideFile::BlankForm),
            _ => None,
        }
    }

    /// The Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            GuideFile::Sample => "样表",
            GuideFile::BlankForm => "空白表格",
        }
    }
}

/// The material `code` of `item` pointed at `file` as its `which`; `None` without such a
/// material.
pub fn with_file(item: &Item, code: &str, which: GuideFile, file: AttachmentId) -> Option<Item> {
    let mut item = item.clone();
    let Materials::List(list) = &mut item.materials else {
        return None;
    };
    let material = list.iter_mut().find(|material| material.code == code)?;
    match which {
        GuideFile::Sample => material.sample = Some(file),
        GuideFile::BlankForm => material.blank_form = Some(file),
    }
    Some(item)
}

/// The upload of one file for one material.
pub struct GuideUpload<'a> {
    pub item: ItemId,
    /// The material's code in the working version's list.
    pub material: &'a str,
    pub which: GuideFile,
    pub upload: Upload,
    /// The item record's optimistic version the editor showed.
    pub expected_version: i64,
}

/// Checks the file by content, stores it sealed and points the working version's material at
/// it, in one transaction; a refusal stores nothing. The caller checked that the actor's unit
/// edits the item (SVC-ITEM-LIFE).
pub async fn attach_guide_file(
    db: &Db,
    key: &DataKey,
    actor: &AuditActor,
    upload: GuideUpload<'_>,
    now: Instant,
) -> Result<(ItemRecord, i64)> {
    let kind = GUIDE_FILE.check(&upload.upload)?;
    let sealed = attachments::seal(key, &GUIDE_FILE, &upload.upload)?;
    let mut tx = db.begin().await?;
    let stored = store::get_in(&mut tx, upload.item).await?;
    if stored.version != upload.expected_version {
        return Err(Error::conflict("事项已被他人更新，请刷新后重试"));
    }
    let working = stored
        .record
        .working()
        .ok_or_else(|| Error::invalid("事项没有可编辑的版本"))?
        .item
        .clone();
    // Checked before storing, so that a refusal leaves no orphan file.
    with_file(&working, upload.material, upload.which, AttachmentId(0))
        .ok_or_else(|| Error::invalid("请先在材料清单中保存该材料，再上传样表或空白表格"))?;
    let owner = Owner {
        kind: ITEM_OWNER,
        id: upload.item.0,
    };
    let file =
        AttachmentId(attachments::insert_sealed(&mut tx, owner, &sealed, now.millis()).await?);
    let edited = with_file(&working, upload.material, upload.which, file)
        .ok_or_else(|| Error::invalid("材料不存在"))?;
    let command = ItemCommand::Edit {
        item: Box::new(edited),
    };
    let next = command_in(&mut tx, actor, &stored, &command, now).await?;
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("services.item.guide_file", "svc_item", upload.item).detail(format!(
            "事项 {} 材料 {} 上传{}（附件 {}，{}）",
            stored.code,
            upload.material,
            upload.which.label_zh(),
            file.0,
            kind.code().to_uppercase()
        )),
        now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok((next.record, next.version))
}

/// Whether `file` is one the published guide `item` offers (a material's sample or blank
/// form, or the result's sample): the public downloads nothing a draft alone names.
pub fn offered_by(item: &Item, file: AttachmentId) -> bool {
    item.basic.result.sample == Some(file)
        || item
            .materials
            .list()
            .iter()
            .any(|material| material.sample == Some(file) || material.blank_form == Some(file))
}
