//! Reading an uploaded workbook for the catalogue's import (issue 22) into the sheets the
//! domain checks (`services::item::import`). What is not an `.xlsx` is refused before it is
//! opened: too large a file, no zip archive, an archive without the parts of a workbook, or
//! one whose parts unpack to more than [`MAX_UNPACKED_BYTES`] — counted while actually
//! inflating every part, so a zip bomb lying about its sizes stops at the limit too.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use services::item::import::{ImportSheet, MAX_ITEM_ROWS, MAX_MATERIAL_ROWS};

/// The largest workbook taken, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most bytes the parts of a workbook may unpack to.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most parts in the archive.
const MAX_PARTS: usize = 4_000;
/// The most columns read of a row.
const MAX_COLUMNS: usize = 40;

/// Why a file is not read, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkbookError {
    #[error("文件超过{}MB，请拆分后再导入", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("不是 Excel 工作簿（.xlsx）：{0}")]
    NotXlsx(String),
    #[error("工作簿解压后超过{}MB，未导入", MAX_UNPACKED_BYTES / 1024 / 1024)]
    Unpacked,
    #[error(
        "工作簿的工作表或行数超过上限（事项最多{MAX_ITEM_ROWS}行，每份材料清单最多{MAX_MATERIAL_ROWS}行）"
    )]
    TooManyRows,
}

/// Inflates every part with a running total: refused past [`MAX_UNPACKED_BYTES`].
fn check_parts(bytes: &[u8]) -> Result<(), WorkbookError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|_| WorkbookError::NotXlsx("文件不是 zip 格式的工作簿".to_owned()))?;
    if archive.len() > MAX_PARTS {
        return Err(WorkbookError::NotXlsx("压缩包中的文件过多".to_owned()));
    }
    if archive.index_for_name("xl/workbook.xml").is_none() {
        return Err(WorkbookError::NotXlsx("缺少 xl/workbook.xml".to_owned()));
    }
    let mut total: u64 = 0;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..archive.len() {
        let mut part = archive
            .by_index(index)
            .map_err(|error| WorkbookError::NotXlsx(error.to_string()))?;
        total = total.saturating_add(part.size());
        if total > MAX_UNPACKED_BYTES {
            return Err(WorkbookError::Unpacked);
        }
        let mut read: u64 = 0;
        loop {
            let n = part
                .read(&mut buffer)
                .map_err(|error| WorkbookError::NotXlsx(error.to_string()))?;
            if n == 0 {
                break;
            }
            read = read.saturating_add(n as u64);
            if total.saturating_sub(part.size()).saturating_add(read) > MAX_UNPACKED_BYTES {
                return Err(WorkbookError::Unpacked);
            }
        }
        total = total.saturating_sub(part.size()).saturating_add(read);
    }
    Ok(())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The sheets of an uploaded workbook, each row as text from the sheet's row 1 and column A.
pub fn read(bytes: &[u8]) -> Result<Vec<ImportSheet>, WorkbookError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(WorkbookError::TooLarge);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return Err(WorkbookError::NotXlsx(
            "请上传由“导出 XLSX”得到并编辑后的 .xlsx 文件".to_owned(),
        ));
    }
    check_parts(bytes)?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|error| WorkbookError::NotXlsx(error.to_string()))?;
    let names = workbook.sheet_names();
    if names.len() > MAX_ITEM_ROWS + 1 {
        return Err(WorkbookError::TooManyRows);
    }
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|error| WorkbookError::NotXlsx(error.to_string()))?;
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let (first_row, first_column) = (first_row as usize, first_column as usize);
        // The title, a blank row, the header and the data rows, then a blank row and notes.
        if range.height() + first_row > MAX_ITEM_ROWS.max(MAX_MATERIAL_ROWS) + 20 {
            return Err(WorkbookError::TooManyRows);
        }
        let mut rows = vec![Vec::new(); first_row];
        for cells in range.rows() {
            let mut row = vec![String::new(); first_column];
            row.extend(
                cells
                    .iter()
                    .take(MAX_COLUMNS.saturating_sub(first_column))
                    .map(cell_text),
            );
            rows.push(row);
        }
        sheets.push(ImportSheet { name, rows });
    }
    Ok(sheets)
}
