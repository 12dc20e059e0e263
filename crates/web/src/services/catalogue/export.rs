//! `GET /office/services/catalogue/export.xlsx`: the catalogue as XLSX (issue 22), the way the
//! province exchanges catalogues — the sheet 事项 with one row per item (the working version
//! of each, SVC-ITEM-FIELDS' basic elements, its status and public version), then one sheet
//! per item's material list named by the item's code. The items are those the list shows the
//! actor: the own unit's for a department, every item for reviewers and publishers. The
//! headers and sheet names are the import's (`services::item::import`): the workbook comes
//! back edited through `/office/services/catalogue/import`.

use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::access;
use platform::db::now_ms;
use services::UnitId;
use services::item::import::{ITEM_HEADERS, ITEM_SHEET, MATERIAL_HEADERS, sheet_name};
use services::item::{Fee, Item};
use services::usecase::item_office;

use super::unit_name;
use crate::AppState;
use crate::chrome::minute_of;
use crate::error::PageError;
use crate::staff::Staff;
use crate::xlsx::{self, Cell, Sheet};

fn text(value: impl Into<String>) -> Cell {
    Cell::Text(value.into())
}

fn yes(value: bool) -> Cell {
    text(if value { "是" } else { "否" })
}

fn material_rows(item: &Item) -> Vec<Vec<Cell>> {
    item.materials
        .list()
        .iter()
        .map(|m| {
            vec![
                text(m.code.clone()),
                text(m.name.clone()),
                yes(m.required),
                Cell::Number(f64::from(m.copies)),
                text(m.criteria.clone()),
                text(m.requirements.clone()),
                text(m.more.specification.clone()),
                text(m.more.filling_notes.clone()),
                yes(m.more.electronic_copy),
                text(m.more.legal_basis.clone()),
                text(m.more.issuing_department.clone()),
            ]
        })
        .collect()
}

/// The XLSX of the catalogue the actor sees.
pub async fn export(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let actor = &staff.actor;
    let db = &state.platform.db;
    let every =
        access::services_catalogue_review(actor) || access::services_catalogue_publish(actor);
    let department = (!every).then_some(UnitId(actor.unit_id));
    let items = item_office::office_items(db, department).await?;
    let mut rows = Vec::new();
    let mut sheets = Vec::new();
    for listed in &items {
        let stored = item_office::office_item(db, listed.id).await?;
        let Some(working) = stored.record.versions.last() else {
            continue;
        };
        let item = &working.item;
        let basic = &item.basic;
        let (charged, standard) = match &basic.fee {
            Fee::Free => (false, String::new()),
            Fee::Charged { standard, .. } => (true, standard.clone()),
        };
        rows.push(vec![
            text(stored.code.clone()),
            text(basic.main_name.clone()),
            text(basic.sub_name.clone()),
            text(basic.item_type.label_zh()),
            text(basic.case_type.label_zh()),
            text(unit_name(&state, basic.department).await),
            text(basic.legal_limit.label_zh()),
            text(basic.promised_limit.label_zh()),
            yes(charged),
            text(standard),
            text(basic.legal_basis.clone()),
            yes(basic.more.in_hall),
            yes(basic.more.publish_results),
            text(stored.record.status.label_zh()),
            Cell::Number(f64::from(working.number)),
            text(
                stored
                    .record
                    .public_version
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            ),
            Cell::Number(item.materials.list().len() as f64),
        ]);
        sheets.push(Sheet {
            name: sheet_name(&stored.code),
            title: format!("{} 申请材料（第 {} 版）", stored.code, working.number),
            headers: MATERIAL_HEADERS,
            rows: material_rows(item),
            notes: Vec::new(),
        });
    }
    let exported = format!("导出时间：{}", minute_of(now_ms()));
    let mut book = vec![Sheet {
        name: ITEM_SHEET.to_owned(),
        title: format!("政务服务事项目录（{}，工作版本）", actor.unit_name),
        headers: ITEM_HEADERS,
        rows,
        notes: vec![
            "每个事项的申请材料见以其事项编码命名的工作表。".to_owned(),
            exported,
        ],
    }];
    book.extend(sheets);
    let bytes =
        xlsx::book(&book).map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"catalogue.xlsx\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
