//! Importing a hosted table from CSV or XLSX (DATA-RESOURCE 库表; issue 20 "bad input"): a CSV
//! is read as UTF-8 (with or without BOM) or, failing that, as GBK — common in files exported
//! by Chinese office software — and anything else is refused; an XLSX (a zip archive) is read
//! from its first sheet, refused when it is broken or unpacks to more than
//! [`MAX_XLSX_UNPACKED_BYTES`]. Either way the header names the dictionary's fields by code or
//! Chinese label and every row must have the header's columns, with the same messages. Every
//! problem refuses the whole file, so nothing is half-imported; [`import_table`] replaces the
//! rows and writes the audit row in one transaction.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader, Xlsx};
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};

use crate::entry::{Field, ResourceKind};
use crate::store::{entries, rows};
use crate::{Acting, EntryId, ResourceId, resource_key};

/// The most rows one upload holds.
pub const MAX_ROWS: usize = 200_000;

/// The largest uncompressed size of an XLSX's parts (a zip bomb stops here).
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Whether `bytes` are a zip archive (an XLSX) rather than text.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn unpacked_size<R: Read + Seek>(reader: R) -> std::result::Result<u64, String> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|e| e.to_string())?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive.by_index_raw(index).map_err(|e| e.to_string())?;
        total = total.saturating_add(part.size());
    }
    Ok(total)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        other => other.to_string(),
    }
}

/// The records of an XLSX's first sheet (header first; blank rows dropped), or the problem.
pub fn xlsx_records(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    let broken =
        |why: String| format!("不是有效的 XLSX 文件（{why}），请用 Excel 另存为 .xlsx 后重新导入");
    let unpacked = unpacked_size(Cursor::new(bytes)).map_err(broken)?;
    if unpacked > MAX_XLSX_UNPACKED_BYTES {
        return Err(format!(
            "XLSX 文件解压后超过 {} MB，请分批导入",
            MAX_XLSX_UNPACKED_BYTES / 1024 / 1024
        ));
    }
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| broken("没有工作表".to_owned()))?
        .map_err(|e| broken(e.to_string()))?;
    let mut records: Vec<Vec<String>> = range
        .rows()
        .map(|cells| cells.iter().map(cell_text).collect::<Vec<_>>())
        .filter(|cells| cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    // The used range is as wide as its widest row: cells past the header's last named column
    // that are empty in every row are no columns of the table.
    let width = records.first().map_or(0, |h| {
        h.iter()
            .rposition(|c| !c.trim().is_empty())
            .map_or(0, |i| i + 1)
    });
    for record in &mut records {
        while record.len() > width && record.last().is_some_and(|c| c.trim().is_empty()) {
            record.pop();
        }
    }
    Ok(records)
}

/// The records of an uploaded CSV or XLSX file (header first), or the problem.
pub fn records_of(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    if is_xlsx(bytes) {
        return xlsx_records(bytes);
    }
    parse_csv(&decode(bytes)?)
}

/// The text of an uploaded file: UTF-8 (a BOM dropped) or GBK, else refused.
pub fn decode(bytes: &[u8]) -> std::result::Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_owned());
    }
    encoding_rs::GBK
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| "文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV 文件".to_owned())
}

/// RFC 4180 records: commas, quoted cells with doubled quotes, CRLF or LF line ends.
pub fn parse_csv(text: &str) -> std::result::Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut line = 1;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut cell));
                records.push(std::mem::take(&mut record));
                line += 1;
            }
            (false, c) => cell.push(c),
        }
    }
    if quoted {
        return Err(format!("第 {line} 行的引号没有闭合"));
    }
    if !cell.is_empty() || !record.is_empty() {
        record.push(cell);
        records.push(record);
    }
    records.retain(|r| !(r.len() == 1 && r.first().is_some_and(|c| c.trim().is_empty())));
    Ok(records)
}

/// The rows of `records` (header first) in dictionary order; every problem at once.
pub fn rows_for(
    dictionary: &[Field],
    records: &[Vec<String>],
) -> std::result::Result<Vec<Vec<String>>, String> {
    let Some((header, body)) = records.split_first() else {
        return Err("文件为空".to_owned());
    };
    let mut problems = Vec::new();
    let mut positions = Vec::new();
    for name in header {
        let name = name.trim();
        match dictionary
            .iter()
            .position(|f| f.code == name || f.label == name)
        {
            Some(index) if !positions.contains(&index) => positions.push(index),
            Some(_) => problems.push(format!("表头“{name}”重复")),
            None => problems.push(format!("表头“{name}”不是数据字典中的字段")),
        }
    }
    if body.len() > MAX_ROWS {
        problems.push(format!("一次至多导入 {MAX_ROWS} 行"));
    }
    let mut rows = Vec::with_capacity(body.len());
    for (n, record) in body.iter().enumerate() {
        if record.len() != header.len() {
            problems.push(format!(
                "第 {} 行有 {} 列，表头有 {} 列",
                n + 2,
                record.len(),
                header.len()
            ));
            if problems.len() > 20 {
                break;
            }
            continue;
        }
        let mut row = vec![String::new(); dictionary.len()];
        for (cell, index) in record.iter().zip(&positions) {
            if let Some(slot) = row.get_mut(*index) {
                *slot = cell.trim().to_owned();
            }
        }
        rows.push(row);
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems.join("；"))
    }
}

/// DATA-RESOURCE: the provider's staff replaces the rows of its table resource from a CSV or
/// XLSX file; a refusal changes nothing.
pub async fn import_table(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    entry: EntryId,
    resource: ResourceId,
    bytes: &[u8],
) -> Result<u64> {
    let stored = entries::get(db, entry).await?;
    if !acting.acts_for(stored.entry.provider) {
        return Err(Error::Refused(
            "库表数据由数据提供部门的工作人员导入".into(),
        ));
    }
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    crate::usecase::accounts::ensure_usable(db, acting).await?;
    let Some(target) = stored.entry.resource(resource) else {
        return Err(Error::not_found("该资源"));
    };
    if !matches!(target.kind, ResourceKind::Table { .. }) {
        return Err(Error::invalid("只有库表资源可以导入数据"));
    }
    let records = records_of(bytes).map_err(Error::invalid)?;
    let table = rows_for(&stored.entry.draft.fields, &records).map_err(Error::invalid)?;
    let key = resource_key(entry, resource);
    let mut tx = db.begin().await?;
    let count = rows::replace(&mut tx, key, &table).await?;
    let event = AuditEvent::new("sharing.table.import", "sharing_entry", entry).detail(format!(
        "数据目录 {} 的库表“{}”导入 {count} 行",
        stored.number, target.name
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(count)
}
