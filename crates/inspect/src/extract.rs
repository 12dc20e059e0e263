//! Text of attachments for the privacy and word checkers (WEB-INSPECT): the lists of subsidy
//! recipients real sites publish as DOCX (the paragraphs of `word/document.xml`), XLSX and XLS
//! (every cell of every sheet, through calamine; an XLSX whose parts unpack past the limit —
//! a zip bomb — is refused before it is opened), PDF (the text layer, through `pdf-extract`,
//! whose failures and panics become "unreadable") and legacy DOC (the runs of readable
//! UTF-16 and ASCII text in the file, as `strings` would). Every reader is bounded: the input
//! size first, then what it unpacks. Pure: bytes in, text or a Chinese reason out.

use std::io::{Cursor, Read};

use calamine::{Data, Reader};

use crate::import::unpacked_size_within;

/// The kinds of attachment read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttachmentKind {
    Pdf,
    Docx,
    Xlsx,
    Doc,
    Xls,
}

impl AttachmentKind {
    /// The kind named by a file name's or URL path's extension (case-insensitive).
    pub fn from_name(name: &str) -> Option<Self> {
        let extension = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match extension.as_str() {
            "pdf" => Some(Self::Pdf),
            "docx" => Some(Self::Docx),
            "xlsx" => Some(Self::Xlsx),
            "doc" => Some(Self::Doc),
            "xls" => Some(Self::Xls),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Docx => "DOCX",
            Self::Xlsx => "XLSX",
            Self::Doc => "DOC",
            Self::Xls => "XLS",
        }
    }
}

/// The bounds of one extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest attachment read, in bytes.
    pub max_input_bytes: usize,
    /// The most an archive's parts may unpack to (DOCX, XLSX), as declared and as read.
    pub max_unpacked_bytes: u64,
    /// The most text kept, in bytes (the rest is cut).
    pub max_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_input_bytes: 20 * 1024 * 1024,
            max_unpacked_bytes: crate::import::MAX_XLSX_UNPACKED_BYTES,
            max_text_bytes: 16 * 1024 * 1024,
        }
    }
}

/// Why an attachment could not be read, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("附件超过{0}MB，未读取")]
    TooLarge(usize),
    #[error("附件解压后超过{0}MB（疑似压缩炸弹），未读取")]
    Unpacked(u64),
    #[error("不是有效的{kind}文件：{reason}")]
    Invalid { kind: &'static str, reason: String },
}

fn invalid(kind: AttachmentKind, reason: impl ToString) -> ExtractError {
    ExtractError::Invalid {
        kind: kind.label(),
        reason: reason.to_string(),
    }
}

/// The text of an attachment of `kind`.
pub fn text_of(
    kind: AttachmentKind,
    bytes: &[u8],
    limits: &Limits,
) -> Result<String, ExtractError> {
    if bytes.len() > limits.max_input_bytes {
        return Err(ExtractError::TooLarge(limits.max_input_bytes / 1024 / 1024));
    }
    let mut text = match kind {
        AttachmentKind::Docx => docx_text(bytes, limits)?,
        AttachmentKind::Xlsx | AttachmentKind::Xls => sheets_text(kind, bytes, limits)?,
        AttachmentKind::Pdf => pdf_text(bytes)?,
        AttachmentKind::Doc => doc_strings(bytes),
    };
    if text.len() > limits.max_text_bytes {
        let mut end = limits.max_text_bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    Ok(text)
}

/// Refuses an archive whose parts declare more than the limit unpacked.
fn guard_archive(kind: AttachmentKind, bytes: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    match unpacked_size_within(Cursor::new(bytes), limits.max_unpacked_bytes) {
        Ok(true) => Ok(()),
        Ok(false) => Err(ExtractError::Unpacked(
            limits.max_unpacked_bytes / 1024 / 1024,
        )),
        Err(reason) => Err(invalid(kind, reason)),
    }
}

/// The paragraphs of a DOCX: the text of its `<w:t>` runs, a line per `<w:p>`.
fn docx_text(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let kind = AttachmentKind::Docx;
    guard_archive(kind, bytes, limits)?;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| invalid(kind, e))?;
    let part = archive
        .by_name("word/document.xml")
        .map_err(|_| invalid(kind, "缺少 word/document.xml"))?;
    let mut xml = Vec::new();
    // Read no more than the limit, whatever the part declares.
    part.take(limits.max_unpacked_bytes)
        .read_to_end(&mut xml)
        .map_err(|e| invalid(kind, e))?;
    Ok(document_xml_text(&String::from_utf8_lossy(&xml)))
}

/// The text of WordprocessingML: `<w:t>` contents unescaped, `<w:tab/>` a tab, `</w:p>` and
/// `<w:br/>` a line break; everything else dropped.
pub fn document_xml_text(xml: &str) -> String {
    let mut text = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|at| open + at) else {
            break;
        };
        let tag = &rest[open + 1..close];
        let name = tag
            .trim_end_matches('/')
            .split_whitespace()
            .next()
            .unwrap_or("");
        rest = &rest[close + 1..];
        match name {
            "w:t" if !tag.ends_with('/') => {
                let end = rest.find("</w:t>").unwrap_or(rest.len());
                text.push_str(&unescape(&rest[..end]));
                rest = &rest[end..];
            }
            "w:tab" => text.push('\t'),
            "w:br" | "/w:p" => text.push('\n'),
            _ => {}
        }
    }
    text
}

/// XML's five named entities and character references.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&at| at <= 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Every cell of every sheet: a tab between cells, a line per row.
fn sheets_text(
    kind: AttachmentKind,
    bytes: &[u8],
    limits: &Limits,
) -> Result<String, ExtractError> {
    let mut text = String::new();
    let mut add_range = |range: calamine::Range<Data>| {
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(cell_text).collect();
            text.push_str(&cells.join("\t"));
            text.push('\n');
        }
    };
    match kind {
        AttachmentKind::Xlsx => {
            guard_archive(kind, bytes, limits)?;
            let mut workbook: calamine::Xlsx<_> =
                calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| invalid(kind, e))?;
            for name in workbook.sheet_names() {
                add_range(
                    workbook
                        .worksheet_range(&name)
                        .map_err(|e| invalid(kind, e))?,
                );
            }
        }
        _ => {
            let mut workbook: calamine::Xls<_> =
                calamine::Xls::new(Cursor::new(bytes)).map_err(|e| invalid(kind, e))?;
            for name in workbook.sheet_names() {
                add_range(
                    workbook
                        .worksheet_range(&name)
                        .map_err(|e| invalid(kind, e))?,
                );
            }
        }
    }
    Ok(text)
}

/// The text layer of a PDF; a failure or a panic of the reader is "unreadable", never a
/// panic of the caller.
fn pdf_text(bytes: &[u8]) -> Result<String, ExtractError> {
    let kind = AttachmentKind::Pdf;
    if !bytes.starts_with(b"%PDF") {
        return Err(invalid(kind, "缺少 %PDF 文件头"));
    }
    let read = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes));
    match read {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(error)) => Err(invalid(kind, error)),
        Err(_) => Err(invalid(kind, "解析时出错")),
    }
}

/// The shortest run of readable characters kept from a legacy DOC.
const MIN_RUN: usize = 4;

/// Readable runs of a legacy Word file (Word 97–2003 keeps its text as UTF-16LE, or as
/// 8-bit text when it is all Latin): both kinds of run, a line each.
fn doc_strings(bytes: &[u8]) -> String {
    let readable = |c: char| !c.is_control() || c == '\t';
    let mut text = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, text: &mut String| {
        if run.chars().count() >= MIN_RUN {
            text.push_str(run);
            text.push('\n');
        }
        run.clear();
    };
    // UTF-16LE runs, at both alignments.
    for offset in 0..2 {
        let units = bytes
            .get(offset..)
            .unwrap_or_default()
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]));
        for decoded in char::decode_utf16(units) {
            match decoded {
                Ok(c)
                    if readable(c)
                        && (c.is_ascii()
                            || ('\u{3000}'..='\u{9FFF}').contains(&c)
                            || ('\u{FF00}'..='\u{FFEF}').contains(&c)) =>
                {
                    run.push(c)
                }
                _ => flush(&mut run, &mut text),
            }
        }
        flush(&mut run, &mut text);
    }
    // 8-bit ASCII runs.
    for &byte in bytes {
        let c = char::from(byte);
        if byte.is_ascii() && readable(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut text);
        }
    }
    flush(&mut run, &mut text);
    text
}
