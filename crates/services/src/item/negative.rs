//! The negative list (SVC-NEG-LIST): items not handled in the hall, each with its reason and
//! the approving document (000 §中心-16 经区政府批准后统一以正式文件公布).

use crate::item::life::ApprovingDocument;
use crate::{ItemId, ServiceError, required};

/// One entry of the negative list (负面清单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegativeListEntry {
    /// The item not handled in the hall.
    pub item: ItemId,
    /// Why it stays with the department (特殊情形).
    pub reason: String,
    /// The government's approving document.
    pub document: ApprovingDocument,
}

impl NegativeListEntry {
    /// SVC-NEG-LIST: an entry needs a reason and an approving document.
    pub fn parse(
        item: ItemId,
        reason: &str,
        document: ApprovingDocument,
    ) -> Result<NegativeListEntry, ServiceError> {
        Ok(NegativeListEntry {
            item,
            reason: required(reason, "不进驻大厅的原因")?,
            document: ApprovingDocument::parse(&document.number, &document.title)?,
        })
    }
}
