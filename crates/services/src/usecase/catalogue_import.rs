//! Importing the catalogue's workbook (issue 22; SVC-ITEM-LIFE): a department sends back the
//! workbook the export wrote, edited. In one transaction each row becomes what the editor
//! would have made of it — a new code is claimed (认领) as version 1, a changed item gets an
//! `Edit` through the pure machine (a published item opens a new version; the public keeps
//! the published one), an unchanged row changes nothing. Nothing is submitted or published:
//! the imported versions go through the profile's review chain like any other. One refused
//! row refuses the whole workbook (the transaction is dropped); every change is audited, and
//! the import itself with its counts.

use calendar::Instant;
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;

use super::items::command_in;
use crate::item::import::{ITEM_SHEET, ImportProblem, ImportedItem, merged, new_item};
use crate::item::{ItemCommand, ItemRecord, ItemStatus};
use crate::store::items as store;
use crate::{ItemId, UnitId};

/// What an accepted workbook did, by item code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Codes claimed as new items (version 1).
    pub claimed: Vec<String>,
    /// Codes edited, with the working version number after the import.
    pub changed: Vec<(String, u32)>,
    /// Codes whose row equals the working version.
    pub unchanged: Vec<String>,
}

/// The importing department: its unit and name (a row's 实施主体 must be it or empty).
#[derive(Debug, Clone, Copy)]
pub struct Importer<'a> {
    pub actor: &'a AuditActor,
    pub unit: UnitId,
    pub unit_name: &'a str,
}

fn problem(row: &ImportedItem, column: Option<&str>, message: String) -> ImportProblem {
    ImportProblem {
        sheet: ITEM_SHEET.to_owned(),
        row: row.row,
        column: column.and_then(|header| row.column(header)),
        message,
    }
}

/// SVC-ITEM-LIFE: applies the rows as claims and edits of `importer`'s items, all or
/// nothing. `Ok(Err(problems))` when a row is refused (nothing changed).
pub async fn import_catalogue(
    db: &Db,
    importer: Importer<'_>,
    rows: &[ImportedItem],
    now: Instant,
) -> Result<std::result::Result<ImportReport, Vec<ImportProblem>>> {
    let mut problems = Vec::new();
    let mut report = ImportReport::default();
    let mut tx = db.begin().await?;
    for row in rows {
        let department = row.department.trim();
        if !department.is_empty() && department != importer.unit_name {
            problems.push(problem(
                row,
                Some("实施主体"),
                format!(
                    "实施主体“{department}”不是本单位（{}），只能导入本单位的事项",
                    importer.unit_name
                ),
            ));
            continue;
        }
        let Some(stored) = store::by_code_in(&mut tx, &row.code).await? else {
            if row.working.is_some() {
                problems.push(problem(
                    row,
                    Some("工作版本"),
                    format!("事项“{}”不存在，新认领的事项工作版本应留空", row.code),
                ));
                continue;
            }
            let mut item = merged(&new_item(importer.unit), row);
            item.basic.department = importer.unit;
            let record = ItemRecord::claim(ItemId(0), importer.unit, item);
            let id = store::insert(&mut tx, &row.code, &record, now).await?;
            audit::record(
                &mut tx,
                importer.actor,
                AuditEvent::new("services.item.claim", "svc_item", id)
                    .detail(format!("导入认领事项 {}（第 1 版）", row.code)),
                now.millis(),
            )
            .await?;
            report.claimed.push(row.code.clone());
            continue;
        };
        if stored.record.claimed_by != importer.unit {
            problems.push(problem(
                row,
                Some("事项编码"),
                format!("事项“{}”由其他单位认领，不能导入", row.code),
            ));
            continue;
        }
        let Some(working) = stored.record.working() else {
            continue;
        };
        if row.working.is_some_and(|number| number != working.number) {
            problems.push(problem(
                row,
                Some("工作版本"),
                format!(
                    "工作簿导出后事项“{}”已有第{}版，请重新导出后再修改",
                    row.code, working.number
                ),
            ));
            continue;
        }
        let item = merged(&working.item, row);
        if item == working.item {
            report.unchanged.push(row.code.clone());
            continue;
        }
        if !matches!(
            stored.record.status,
            ItemStatus::Claimed | ItemStatus::Drafting | ItemStatus::Published
        ) {
            problems.push(problem(
                row,
                None,
                format!(
                    "事项“{}”当前为“{}”，不能导入修改",
                    row.code,
                    stored.record.status.label_zh()
                ),
            ));
            continue;
        }
        let edit = ItemCommand::Edit {
            item: Box::new(item),
        };
        match command_in(&mut tx, importer.actor, &stored, &edit, now).await {
            Ok(next) => {
                let number = next.record.working().map_or(0, |version| version.number);
                report.changed.push((row.code.clone(), number));
            }
            Err(
                error @ (platform::Error::Invalid(_) | platform::Error::InvalidTransition { .. }),
            ) => {
                problems.push(problem(row, None, error.to_string()));
            }
            Err(error) => return Err(error),
        }
    }
    if !problems.is_empty() {
        // Dropping the transaction rolls back every row already applied.
        drop(tx);
        return Ok(Err(problems));
    }
    audit::record(
        &mut tx,
        importer.actor,
        AuditEvent::new("services.catalogue.import", "unit", importer.unit.0).detail(format!(
            "导入事项目录：新认领 {} 项，修改 {} 项，未变 {} 项",
            report.claimed.len(),
            report.changed.len(),
            report.unchanged.len()
        )),
        now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(Ok(report))
}
