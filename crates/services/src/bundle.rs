//! SVC-BUNDLE (000 §中心-7(一)3, 003 §23): one application — one form, one set of materials —
//! for several items, spawning parallel sub-cases; the bundle is concluded when all are.

use std::collections::HashSet;

use crate::case::{Application, Channel, Status, SubmittedMaterial};
use crate::item::Item;
use crate::{ApplicantId, CaseId, ItemId, ServiceError, required};

/// A bundle (一件事) of items, applied for together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bundle {
    /// 一件事名称, e.g. 开办餐饮店.
    pub name: String,
    /// The items with their published versions, in guide order.
    pub items: Vec<(ItemId, u32)>,
}

impl Bundle {
    /// A bundle of at least two distinct items.
    pub fn parse(name: &str, items: Vec<(ItemId, u32)>) -> Result<Bundle, ServiceError> {
        let name = required(name, "一件事名称")?;
        let distinct: HashSet<ItemId> = items.iter().map(|(id, _)| *id).collect();
        if items.len() < 2 || distinct.len() != items.len() {
            return Err(ServiceError::invalid("一件事须包含两个以上不同的事项"));
        }
        Ok(Bundle { name, items })
    }
}

/// One bundle application: one set of materials for every item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleApplication {
    /// The applicant.
    pub applicant: ApplicantId,
    /// Online or window.
    pub channel: Channel,
    /// One set of materials (each code once).
    pub materials: Vec<SubmittedMaterial>,
}

/// SVC-BUNDLE: one sub-case application per item, each given the materials its guide lists
/// out of the single set; `items` are the guides in the bundle's order and `ids` the case
/// numbers to give. Refused, with every missing material named once, when the set lacks a
/// required material of any item.
pub fn split(
    bundle: &Bundle,
    items: &[&Item],
    ids: &[CaseId],
    application: &BundleApplication,
) -> Result<Vec<Application>, ServiceError> {
    if items.len() != bundle.items.len() || ids.len() != bundle.items.len() {
        return Err(ServiceError::invalid("一件事的事项与办件编号数量不一致"));
    }
    let mut missing: Vec<String> = Vec::new();
    let mut applications = Vec::with_capacity(items.len());
    for ((item, &(item_id, version)), &id) in items.iter().zip(&bundle.items).zip(ids) {
        let wanted: Vec<SubmittedMaterial> = application
            .materials
            .iter()
            .filter(|given| item.materials.list().iter().any(|m| m.code == given.code))
            .cloned()
            .collect();
        for name in crate::case::missing_materials(item, &wanted) {
            if !missing.contains(&name) {
                missing.push(name);
            }
        }
        applications.push(Application {
            id,
            item: item_id,
            item_version: version,
            applicant: application.applicant,
            channel: application.channel,
            materials: wanted,
        });
    }
    if !missing.is_empty() {
        return Err(ServiceError::invalid(format!(
            "缺少必要材料：{}",
            missing.join("、")
        )));
    }
    Ok(applications)
}

/// SVC-BUNDLE: the bundle is concluded when every sub-case is final (办结, 不予受理 or 撤回);
/// until then it is open.
pub fn is_concluded(sub_cases: &[Status]) -> bool {
    !sub_cases.is_empty() && sub_cases.iter().all(|status| status.is_final())
}
