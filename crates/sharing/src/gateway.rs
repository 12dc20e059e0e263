//! What one gateway call may read (DATA-CALL, minimum-necessary; 000 共享 §5(一), §12), pure:
//! [`parse_query`] reads the query string (`fields`, `page`, `page_size`, `format`; every
//! other key is an equality filter on a field), [`plan`] checks it against the grant — a
//! field asked for or filtered on outside the grant is refused with a message naming it, a
//! page is at most [`MAX_PAGE_SIZE`] rows — and gives the dictionary columns to read.
//! [`crate::call`] runs the call and logs it.

use crate::entry::Field;

/// The largest page a call may ask for.
pub const MAX_PAGE_SIZE: u32 = 100;
/// The page size when none is asked for.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// The longest filter value.
const MAX_FILTER_LENGTH: usize = 100;

/// The answer's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
}

/// A call refused: its HTTP status, stable code and Chinese message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl Refusal {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> Refusal {
        Refusal {
            status,
            code,
            message: message.into(),
        }
    }
}

/// The query of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The fields asked for; `None`: every granted field.
    pub fields: Option<Vec<String>>,
    /// Equality filters `(field code, value)`.
    pub filters: Vec<(String, String)>,
    pub page: u32,
    pub page_size: u32,
    pub format: Format,
}

fn number(key: &str, value: &str, least: u32) -> Result<u32, Refusal> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n >= least)
        .ok_or_else(|| {
            Refusal::new(
                400,
                "invalid_query",
                format!("参数 {key} 须为不小于 {least} 的整数"),
            )
        })
}

/// Reads the query string's pairs; every problem is a 400 with its message.
pub fn parse_query(pairs: &[(String, String)]) -> Result<Query, Refusal> {
    let mut query = Query {
        fields: None,
        filters: Vec::new(),
        page: 1,
        page_size: DEFAULT_PAGE_SIZE,
        format: Format::Json,
    };
    for (key, value) in pairs {
        match key.as_str() {
            "fields" => {
                let fields: Vec<String> = value
                    .split(',')
                    .map(|f| f.trim().to_owned())
                    .filter(|f| !f.is_empty())
                    .collect();
                query.fields = Some(fields);
            }
            "page" => query.page = number(key, value, 1)?,
            "page_size" => {
                let size = number(key, value, 1)?;
                if size > MAX_PAGE_SIZE {
                    return Err(Refusal::new(
                        400,
                        "page_too_large",
                        format!("每页最多 {MAX_PAGE_SIZE} 条，请分页读取"),
                    ));
                }
                query.page_size = size;
            }
            "format" => {
                query.format = match value.as_str() {
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    _ => {
                        return Err(Refusal::new(
                            400,
                            "invalid_query",
                            "format 只能为 json 或 csv",
                        ));
                    }
                }
            }
            _ => {
                if value.chars().count() > MAX_FILTER_LENGTH {
                    return Err(Refusal::new(
                        400,
                        "invalid_query",
                        format!("筛选值过长（至多 {MAX_FILTER_LENGTH} 个字符）"),
                    ));
                }
                query.filters.push((key.clone(), value.clone()));
            }
        }
    }
    Ok(query)
}

/// What a call reads: the dictionary indexes and codes of the columns answered, the filters
/// by column index, and the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub select: Vec<(usize, String)>,
    pub filters: Vec<(usize, String)>,
    pub limit: i64,
    pub offset: i64,
    pub format: Format,
}

/// DATA-CALL: the plan of `query` under a grant of `granted` fields over `dictionary`; a field
/// outside the grant is refused (403) with its name, never read.
pub fn plan(granted: &[String], dictionary: &[Field], query: &Query) -> Result<Plan, Refusal> {
    let index_of = |code: &str| -> Result<usize, Refusal> {
        let granted_here = granted.iter().any(|g| g == code);
        match dictionary.iter().position(|f| f.code == code) {
            Some(index) if granted_here => Ok(index),
            _ => Err(Refusal::new(
                403,
                "field_not_granted",
                format!("字段“{code}”不在本授权范围内，不能读取或筛选（DATA-CALL）"),
            )),
        }
    };
    let asked: Vec<String> = match &query.fields {
        Some(fields) if !fields.is_empty() => fields.clone(),
        Some(_) => {
            return Err(Refusal::new(400, "invalid_query", "fields 不能为空"));
        }
        None => granted.to_vec(),
    };
    let mut select = Vec::new();
    for code in &asked {
        let index = index_of(code)?;
        if !select.iter().any(|(i, _)| *i == index) {
            select.push((index, code.clone()));
        }
    }
    let mut filters = Vec::new();
    for (code, value) in &query.filters {
        filters.push((index_of(code)?, value.clone()));
    }
    let limit = i64::from(query.page_size);
    Ok(Plan {
        select,
        filters,
        limit,
        offset: i64::from(query.page - 1).saturating_mul(limit),
        format: query.format,
    })
}

/// A CSV cell: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-` or
/// `@` is prefixed with `'` so a spreadsheet never runs it as a formula.
pub fn csv_cell(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}
