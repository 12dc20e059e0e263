//! Excel exports (OPS-REPORTS): one table with a title, header row, data rows and the notes
//! that every report prints under its table (formulas, period). Column widths are set from
//! the text, counting a Chinese character as two (autofit undercounts them).

use rust_xlsxwriter::{Format, FormatBorder, Workbook};

/// A cell: text or a number.
#[derive(Debug, Clone)]
pub enum Cell {
    Text(String),
    Number(f64),
}

fn display_width(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum::<f64>()
        + 2.0
}

/// Writes one sheet and returns the `.xlsx` bytes.
pub fn table(
    sheet_name: &str,
    title: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
    notes: &[String],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    add_sheet(&mut workbook, sheet_name, title, headers, rows, notes)?;
    workbook.save_to_buffer()
}

/// One sheet of a workbook of several (issue 22: the catalogue's export, one sheet per
/// material list).
pub struct Sheet<'a> {
    pub name: String,
    pub title: String,
    pub headers: &'a [&'a str],
    pub rows: Vec<Vec<Cell>>,
    pub notes: Vec<String>,
}

/// Writes the sheets in order and returns the `.xlsx` bytes.
pub fn book(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    for sheet in sheets {
        add_sheet(
            &mut workbook,
            &sheet.name,
            &sheet.title,
            sheet.headers,
            &sheet.rows,
            &sheet.notes,
        )?;
    }
    workbook.save_to_buffer()
}

fn add_sheet(
    workbook: &mut Workbook,
    sheet_name: &str,
    title: &str,
    headers: &[&str],
    rows: &[Vec<Cell>],
    notes: &[String],
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name)?;
    let title_format = Format::new().set_bold().set_font_size(14);
    let header_format = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color("#EEF1F5");
    let cell_format = Format::new().set_border(FormatBorder::Thin);
    sheet.write_string_with_format(0, 0, title, &title_format)?;
    let mut widths: Vec<f64> = headers.iter().map(|h| display_width(h)).collect();
    for (col, header) in headers.iter().enumerate() {
        sheet.write_string_with_format(
            2,
            u16::try_from(col).unwrap_or(u16::MAX),
            *header,
            &header_format,
        )?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = u32::try_from(i + 3).unwrap_or(u32::MAX);
        for (col, cell) in row.iter().enumerate() {
            let c = u16::try_from(col).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(text) => {
                    sheet.write_string_with_format(r, c, text, &cell_format)?;
                    if let Some(width) = widths.get_mut(col) {
                        *width = width.max(display_width(text));
                    }
                }
                Cell::Number(number) => {
                    sheet.write_number_with_format(r, c, *number, &cell_format)?;
                }
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(u16::try_from(col).unwrap_or(u16::MAX), width.min(60.0))?;
    }
    let first_note_row = u32::try_from(rows.len() + 4).unwrap_or(u32::MAX);
    for (i, note) in notes.iter().enumerate() {
        sheet.write_string(first_note_row + u32::try_from(i).unwrap_or(0), 0, note)?;
    }
    Ok(())
}
