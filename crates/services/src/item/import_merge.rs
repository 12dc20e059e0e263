//! Writing an imported row over an item's guide (issue 22, SVC-ITEM-LIFE): the guide of an
//! item first seen in a workbook, and the working guide with the row's elements — what the
//! workbook does not carry is kept, a material matched by its code.

use crate::UnitId;
use crate::item::import::{ImportedItem, ImportedMaterial};
use crate::item::model::{Fee, Item};
use crate::item::process::{Material, MaterialKind, MaterialMore, Materials, SourceChannel};

/// The guide of an item first seen in a workbook: the department's unit, the rest left for
/// the editor (checked at submission, SVC-ITEM-FIELDS). The same blank guide the claim form
/// starts from ([`Item::blank`]).
pub fn new_item(department: UnitId) -> Item {
    Item::blank(department)
}

/// The working guide `base` with the row's elements written over it: the elements the
/// workbook does not carry (a material's type, source, e-licence, sample and blank form, the
/// fee's basis …) are kept, matched by material code.
pub fn merged(base: &Item, row: &ImportedItem) -> Item {
    let mut item = base.clone();
    let basic = &mut item.basic;
    basic.main_name.clone_from(&row.main_name);
    basic.sub_name.clone_from(&row.sub_name);
    basic.item_type = row.item_type;
    basic.case_type = row.case_type;
    basic.legal_limit = row.legal_limit;
    basic.promised_limit = row.promised_limit;
    basic.legal_basis.clone_from(&row.legal_basis);
    if let Some(in_hall) = row.in_hall {
        basic.more.in_hall = in_hall;
    }
    if let Some(publish) = row.publish_results {
        basic.more.publish_results = publish;
    }
    basic.fee = match (&row.fee, &base.basic.fee) {
        (None, _) => Fee::Free,
        (Some(standard), Fee::Charged { basis, .. }) => Fee::Charged {
            standard: standard.clone(),
            basis: basis.clone(),
        },
        (Some(standard), Fee::Free) => Fee::Charged {
            standard: standard.clone(),
            basis: String::new(),
        },
    };
    let Some(rows) = &row.materials else {
        return item;
    };
    if rows.is_empty() && matches!(base.materials, Materials::NoneNeeded { .. }) {
        return item;
    }
    let list = rows
        .iter()
        .map(|imported| {
            let earlier = base
                .materials
                .list()
                .iter()
                .find(|m| m.code == imported.code);
            material_of(imported, earlier)
        })
        .collect();
    item.materials = Materials::List(list);
    item
}

fn material_of(row: &ImportedMaterial, earlier: Option<&Material>) -> Material {
    let mut material = earlier.cloned().unwrap_or_else(|| Material {
        code: row.code.clone(),
        name: String::new(),
        kind: MaterialKind::Original,
        source: SourceChannel::Applicant,
        criteria: String::new(),
        requirements: String::new(),
        copies: 1,
        required: true,
        licence_type: None,
        sample: None,
        blank_form: None,
        more: MaterialMore::default(),
    });
    material.name.clone_from(&row.name);
    material.required = row.required;
    material.copies = row.copies;
    material.criteria.clone_from(&row.criteria);
    material.requirements.clone_from(&row.requirements);
    material.more.specification.clone_from(&row.specification);
    material.more.filling_notes.clone_from(&row.filling_notes);
    material.more.electronic_copy = row.electronic_copy;
    material.more.legal_basis.clone_from(&row.legal_basis);
    material
        .more
        .issuing_department
        .clone_from(&row.issuing_department);
    material
}
