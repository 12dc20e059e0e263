//! Importing word lists and whitelists from TXT (one word a line, `错误=>正确` for a
//! correction, an optional `# 名称：… | 来源：… | 版本：…` header line) and XLSX (column A the
//! word, column B the correction), with a Chinese message naming every bad row (WEB-INSPECT).
//! A file with any bad row is refused whole: nothing of it is taken.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Reader, Xlsx};

use crate::list::{Entry, ListMeta, Whitelist, WordList};
use crate::normalize::normalize_word;

/// The largest file taken (TXT or XLSX), in bytes.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;
/// The largest uncompressed size of the parts of an XLSX (a zip bomb stops here).
pub const MAX_XLSX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The most entries in one list.
pub const MAX_ENTRIES: usize = 200_000;
/// The longest word or phrase, in characters.
pub const MAX_WORD_CHARS: usize = 50;
/// How many bad rows a message names before it says "等".
const ROWS_NAMED: usize = 20;

/// One bad row of an imported file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1-based line (TXT) or row (XLSX).
    pub row: usize,
    pub message: String,
}

/// Why a file was refused, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error("文件超过{}MB，请拆分后再导入", MAX_FILE_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("文件中没有词语")]
    Empty,
    #[error("词语超过{MAX_ENTRIES}条，请拆分后再导入")]
    TooManyEntries,
    #[error("缺少词库{0}：请在表单中填写，或在文件第一行写“# 名称：… | 来源：… | 版本：…”")]
    MissingMeta(&'static str),
    #[error("不是有效的 Excel（.xlsx）文件：{0}")]
    NotXlsx(String),
    #[error("{}", rows_message(.0))]
    Rows(Vec<RowProblem>),
}

fn rows_message(problems: &[RowProblem]) -> String {
    let named: Vec<String> = problems
        .iter()
        .take(ROWS_NAMED)
        .map(|problem| format!("第{}行：{}", problem.row, problem.message))
        .collect();
    let mut message = format!(
        "文件有{}处错误，未导入：{}",
        problems.len(),
        named.join("；")
    );
    if problems.len() > ROWS_NAMED {
        message.push_str("；等");
    }
    message
}

/// A row as read: its number, the word and the correction cell if any.
struct RawRow {
    row: usize,
    word: String,
    correction: Option<String>,
}

/// Decodes a TXT file: UTF-8 (with or without BOM), else GB18030 (GBK files are common).
fn decode_text(bytes: &[u8]) -> Result<String, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                return Err(ImportError::Rows(vec![RowProblem {
                    row: 1,
                    message: "文件既不是 UTF-8 也不是 GBK 编码的文本，请另存为 UTF-8 文本后再导入"
                        .to_owned(),
                }]));
            }
            Ok(text.into_owned())
        }
    }
}

/// Reads a header line `# 名称：… | 来源：… | 版本：…` into `meta`'s blank fields.
fn take_header(line: &str, meta: &mut ListMeta) {
    let Some(body) = line.trim().strip_prefix('#') else {
        return;
    };
    for part in body.split(['|', '｜']) {
        let Some((key, value)) = part.split_once(['：', ':']) else {
            continue;
        };
        let value = value.trim();
        let field = match key.trim() {
            "名称" => &mut meta.name,
            "来源" => &mut meta.source,
            "版本" => &mut meta.version,
            _ => continue,
        };
        if field.trim().is_empty() {
            *field = value.to_owned();
        }
    }
}

fn check_meta(meta: &ListMeta) -> Result<(), ImportError> {
    for (value, label) in [
        (&meta.name, "名称"),
        (&meta.source, "来源"),
        (&meta.version, "版本"),
    ] {
        if value.trim().is_empty() {
            return Err(ImportError::MissingMeta(label));
        }
    }
    Ok(())
}

/// Splits a TXT line into the word and its correction: `错误=>正确`, also `错误=正确`.
fn split_line(line: &str) -> (String, Option<String>) {
    let split = line
        .split_once("=>")
        .or_else(|| line.split_once('＝'))
        .or_else(|| line.split_once('='));
    match split {
        Some((word, correction)) => (word.trim().to_owned(), Some(correction.trim().to_owned())),
        None => (line.trim().to_owned(), None),
    }
}

/// The TXT lines that are not blank, comments or the header, with the header read into
/// `meta`.
fn txt_rows(text: &str, meta: &mut ListMeta) -> Vec<RawRow> {
    let mut rows = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            take_header(trimmed, meta);
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        let (word, correction) = split_line(trimmed);
        rows.push(RawRow {
            row: index + 1,
            word,
            correction,
        });
    }
    rows
}

/// Checks one word or phrase: not empty, not only noise, not too long.
fn word_problem(word: &str, what: &str) -> Option<String> {
    if word.is_empty() {
        return Some(format!("{what}为空"));
    }
    if word.chars().count() > MAX_WORD_CHARS {
        return Some(format!("{what}“{word}”超过{MAX_WORD_CHARS}个字"));
    }
    if normalize_word(word).is_empty() {
        return Some(format!("{what}“{word}”只有空白或标点，无法匹配"));
    }
    None
}

/// Turns read rows into entries, naming every bad row.
fn entries_of(rows: Vec<RawRow>) -> Result<Vec<Entry>, ImportError> {
    let mut problems = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    // normalised word → (row, index in entries)
    let mut seen = std::collections::HashMap::new();
    for raw in rows {
        let what = if raw.correction.is_some() {
            "错误表述"
        } else {
            "词语"
        };
        if let Some(message) = word_problem(&raw.word, what) {
            problems.push(RowProblem {
                row: raw.row,
                message,
            });
            continue;
        }
        let key = normalize_word(&raw.word);
        if let Some(correction) = &raw.correction {
            let message = if correction.is_empty() {
                Some(format!("“{}”后缺少正确表述", raw.word))
            } else if normalize_word(correction).contains(&key) {
                Some(format!(
                    "正确表述“{correction}”本身含有错误表述“{}”，改正后仍会被查出",
                    raw.word
                ))
            } else {
                None
            };
            if let Some(message) = message {
                problems.push(RowProblem {
                    row: raw.row,
                    message,
                });
                continue;
            }
        }
        if let Some(&(first_row, index)) = seen.get(&key) {
            let earlier: &Entry = &entries[index];
            if earlier.correction != raw.correction {
                problems.push(RowProblem {
                    row: raw.row,
                    message: format!("“{}”与第{first_row}行重复，但正确表述不同", raw.word),
                });
            }
            continue;
        }
        seen.insert(key, (raw.row, entries.len()));
        entries.push(Entry {
            word: raw.word,
            correction: raw.correction,
        });
    }
    if !problems.is_empty() {
        return Err(ImportError::Rows(problems));
    }
    if entries.is_empty() {
        return Err(ImportError::Empty);
    }
    if entries.len() > MAX_ENTRIES {
        return Err(ImportError::TooManyEntries);
    }
    Ok(entries)
}

/// A word list from a TXT file: one word a line, `错误=>正确` for a wrong expression, `#`
/// comments; the header line fills the name, source and version left blank in `meta`.
pub fn words_from_txt(bytes: &[u8], meta: &ListMeta) -> Result<WordList, ImportError> {
    let text = decode_text(bytes)?;
    let mut meta = meta.clone();
    let rows = txt_rows(&text, &mut meta);
    check_meta(&meta)?;
    Ok(WordList {
        meta,
        entries: entries_of(rows)?,
    })
}

/// A whitelist from a TXT file: one phrase a line, `#` comments and header.
pub fn whitelist_from_txt(bytes: &[u8], meta: &ListMeta) -> Result<Whitelist, ImportError> {
    let text = decode_text(bytes)?;
    let mut meta = meta.clone();
    let rows = txt_rows(&text, &mut meta);
    check_meta(&meta)?;
    phrases_of(rows).map(|phrases| Whitelist { meta, phrases })
}

fn phrases_of(rows: Vec<RawRow>) -> Result<Vec<String>, ImportError> {
    let mut problems = Vec::new();
    let mut phrases = Vec::new();
    for raw in rows {
        if raw.correction.is_some() {
            problems.push(RowProblem {
                row: raw.row,
                message: format!("白名单只列短语，不写“=>”（“{}”）", raw.word),
            });
        } else if let Some(message) = word_problem(&raw.word, "短语") {
            problems.push(RowProblem {
                row: raw.row,
                message,
            });
        } else {
            phrases.push(raw.word);
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Rows(problems));
    }
    if phrases.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(phrases)
}

/// Header cells naming the columns (a first row holding one of them is skipped).
const HEADER_CELLS: &[&str] = &["词语", "词", "敏感词", "错误表述", "错误", "word", "短语"];

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) => text.trim().to_owned(),
        other => other.to_string().trim().to_owned(),
    }
}

/// Whether the parts of a zip archive declare at most `limit` bytes unpacked (a zip bomb
/// declares more); `Err` when it is no zip archive. Shared with `extract` (attachments).
pub(crate) fn unpacked_size_within<R: Read + Seek>(reader: R, limit: u64) -> Result<bool, String> {
    let mut archive = zip::ZipArchive::new(reader).map_err(|error| error.to_string())?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|error| error.to_string())?;
        total = total.saturating_add(part.size());
    }
    Ok(total <= limit)
}

/// Refuses an archive whose parts unpack to more than [`MAX_XLSX_UNPACKED_BYTES`] (as
/// declared; reading stops there too).
fn check_unpacked_size<R: Read + Seek>(reader: R) -> Result<(), ImportError> {
    if !unpacked_size_within(reader, MAX_XLSX_UNPACKED_BYTES).map_err(ImportError::NotXlsx)? {
        return Err(ImportError::NotXlsx(format!(
            "解压后超过{}MB",
            MAX_XLSX_UNPACKED_BYTES / 1024 / 1024
        )));
    }
    Ok(())
}

/// The rows of the first sheet of an XLSX: column A the word, column B the correction.
fn xlsx_rows(bytes: &[u8]) -> Result<Vec<RawRow>, ImportError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge);
    }
    check_unpacked_size(Cursor::new(bytes))?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|error| ImportError::NotXlsx(error.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| ImportError::NotXlsx("没有工作表".to_owned()))?
        .map_err(|error| ImportError::NotXlsx(error.to_string()))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let row = first_row as usize + offset + 1;
        // Column A and B of the sheet, wherever the used range starts.
        let column = |letter: u32| {
            letter
                .checked_sub(first_column)
                .and_then(|index| cells.get(index as usize))
                .map(cell_text)
                .unwrap_or_default()
        };
        let word = column(0);
        let correction = column(1);
        if offset == 0 && HEADER_CELLS.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        if word.is_empty() && correction.is_empty() {
            continue;
        }
        rows.push(RawRow {
            row,
            word,
            correction: (!correction.is_empty()).then_some(correction),
        });
    }
    Ok(rows)
}

/// A word list from an XLSX file: the first sheet, column A the word, column B the
/// correction (blank for a sensitive word); a first row of column names is skipped.
pub fn words_from_xlsx(bytes: &[u8], meta: &ListMeta) -> Result<WordList, ImportError> {
    check_meta(meta)?;
    let rows = xlsx_rows(bytes)?;
    Ok(WordList {
        meta: meta.clone(),
        entries: entries_of(rows)?,
    })
}

/// A whitelist from an XLSX file: the first sheet, one phrase a row in column A.
pub fn whitelist_from_xlsx(bytes: &[u8], meta: &ListMeta) -> Result<Whitelist, ImportError> {
    check_meta(meta)?;
    let rows = xlsx_rows(bytes)?;
    phrases_of(rows).map(|phrases| Whitelist {
        meta: meta.clone(),
        phrases,
    })
}
