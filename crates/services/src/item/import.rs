//! Reading the catalogue's workbook (issue 22; SVC-ITEM-LIFE, SVC-ITEM-FIELDS): the sheets
//! `GET /office/services/catalogue/export.xlsx` writes — 事项 with one row per item, then one
//! sheet per material list named by the item's code — checked cell by cell into imported rows.
//! Pure: the web shell reads the XLSX into [`ImportSheet`]s, the use case
//! `usecase::catalogue_import` applies the rows as edits of the working versions. Every
//! problem names the sheet, the row and the column, in Chinese; one problem refuses the whole
//! workbook.

use std::collections::{BTreeMap, HashSet};

use calendar::{Limit, LimitUnit};

use crate::item::model::{CaseType, ItemType};

pub use super::import_merge::{merged, new_item};

/// The sheet of items.
pub const ITEM_SHEET: &str = "事项";
/// The columns of the item sheet, as the export writes them.
pub const ITEM_HEADERS: &[&str] = &[
    "事项编码",
    "主项名称",
    "子项名称",
    "事项类型",
    "办件类型",
    "实施主体",
    "法定办结时限",
    "承诺办结时限",
    "是否收费",
    "收费标准",
    "设定依据",
    "进驻政务大厅",
    "结果公示",
    "状态",
    "工作版本",
    "公开版本",
    "材料数",
];
/// Columns of the item sheet a workbook exported before they existed may lack: the working
/// guide's value is kept then (SVC-ONE-DOOR 进驻政务大厅, SVC-STATUS 结果公示).
pub const OPTIONAL_HEADERS: &[&str] = &["进驻政务大厅", "结果公示"];
/// The columns of a material sheet, as the export writes them.
pub const MATERIAL_HEADERS: &[&str] = &[
    "材料编码",
    "材料名称",
    "是否必要",
    "份数",
    "受理标准",
    "材料要求",
    "纸质规格",
    "填报须知",
    "需要电子材料",
    "设定依据",
    "出具单位",
];
/// The most item rows one workbook may carry.
pub const MAX_ITEM_ROWS: usize = 1_000;
/// The most material rows of one item.
pub const MAX_MATERIAL_ROWS: usize = 100;
/// The longest cell, in characters.
pub const MAX_CELL_CHARS: usize = 4_000;
/// How many problems a refusal lists before it says "等".
pub const PROBLEMS_NAMED: usize = 50;

/// One sheet as read: its name and its cells as text, row 0 being the sheet's row 1.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportSheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
}

/// One problem of the workbook: the sheet, the 1-based row (0 for the whole sheet), the
/// column (letter and header) when one cell is at fault, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub sheet: String,
    pub row: usize,
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "工作表“{}”", self.sheet)?;
        if self.row > 0 {
            write!(f, "第{}行", self.row)?;
        }
        if let Some(column) = &self.column {
            write!(f, "{column}列")?;
        }
        write!(f, "：{}", self.message)
    }
}

/// One material row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedMaterial {
    pub code: String,
    pub name: String,
    pub required: bool,
    pub copies: u32,
    pub criteria: String,
    pub requirements: String,
    pub specification: String,
    pub filling_notes: String,
    pub electronic_copy: bool,
    pub legal_basis: String,
    pub issuing_department: String,
}

/// One item row with its material sheet (None when the workbook has no sheet for it: the
/// materials stay as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedItem {
    /// The row on the item sheet.
    pub row: usize,
    pub code: String,
    pub main_name: String,
    pub sub_name: String,
    pub item_type: ItemType,
    pub case_type: CaseType,
    /// 实施主体 as written (empty: the importing unit).
    pub department: String,
    pub legal_limit: Limit,
    pub promised_limit: Limit,
    /// 收费标准 when charged.
    pub fee: Option<String>,
    pub legal_basis: String,
    /// 进驻政务大厅 (SVC-ONE-DOOR); `None`: the column is absent, the guide's value kept.
    pub in_hall: Option<bool>,
    /// 结果公示 (SVC-STATUS); `None`: the column is absent, the guide's value kept.
    pub publish_results: Option<bool>,
    /// 工作版本 the workbook was exported from (None for a new item).
    pub working: Option<u32>,
    pub materials: Option<Vec<ImportedMaterial>>,
    /// Where each header stands on the item sheet (0-based), to name a cell in a problem.
    pub columns: BTreeMap<&'static str, usize>,
}

impl ImportedItem {
    /// The column of `header` as a problem names it: `F（实施主体）`.
    pub fn column(&self, header: &str) -> Option<String> {
        self.columns
            .get(header)
            .map(|index| format!("{}（{header}）", column_letter(*index)))
    }
}

/// The column letter of a 0-based index (A … Z, AA …).
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A sheet's name for an item's material list: the code without the characters Excel refuses,
/// 31 at most (the export names its sheets so).
pub fn sheet_name(code: &str) -> String {
    code.chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect()
}

/// A time limit as the export writes it (`20个工作日`), or the codes `20wd`, `3 d`; a bare
/// number is working days.
pub fn parse_limit(text: &str) -> Result<Limit, String> {
    let text = text.trim();
    for unit in [
        LimitUnit::WorkingHours,
        LimitUnit::WorkingDays,
        LimitUnit::Hours,
        LimitUnit::Days,
    ] {
        if let Some(amount) = text.strip_suffix(unit.label_zh()) {
            return amount
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= 3_650)
                .map(|amount| Limit::new(amount, unit))
                .ok_or_else(|| format!("时限“{text}”的天数不是0到3650的整数"));
        }
    }
    if let Ok(amount) = text.parse::<u32>() {
        if amount > 3_650 {
            return Err(format!("时限“{text}”过长"));
        }
        return Ok(Limit::new(amount, LimitUnit::WorkingDays));
    }
    text.parse::<Limit>()
        .map_err(|_| format!("时限“{text}”无法识别，应写作“20个工作日”"))
}

/// A sheet's rows with the header located: (1-based row of the first data row, column index
/// by header name, data rows up to the first blank row).
struct Table<'a> {
    sheet: &'a str,
    first_row: usize,
    columns: BTreeMap<&'static str, usize>,
    rows: &'a [Vec<String>],
}

impl<'a> Table<'a> {
    fn locate(
        sheet: &'a ImportSheet,
        headers: &'static [&'static str],
        problems: &mut Vec<ImportProblem>,
    ) -> Option<Table<'a>> {
        let header_at = sheet
            .rows
            .iter()
            .take(10)
            .position(|row| row.first().map(|cell| cell.trim()) == headers.first().copied());
        let Some(header_at) = header_at else {
            problems.push(ImportProblem {
                sheet: sheet.name.clone(),
                row: 0,
                column: None,
                message: format!(
                    "找不到表头（前10行中没有以“{}”开头的行），请使用导出的工作簿",
                    headers.first().copied().unwrap_or_default()
                ),
            });
            return None;
        };
        let header_row = &sheet.rows[header_at];
        let mut columns = BTreeMap::new();
        for &header in headers {
            match header_row.iter().position(|cell| cell.trim() == header) {
                Some(index) => {
                    columns.insert(header, index);
                }
                None if OPTIONAL_HEADERS.contains(&header) => {}
                None => problems.push(ImportProblem {
                    sheet: sheet.name.clone(),
                    row: header_at + 1,
                    column: None,
                    message: format!("表头缺少“{header}”列"),
                }),
            }
        }
        let body = &sheet.rows[header_at + 1..];
        let end = body
            .iter()
            .position(|row| row.iter().all(|cell| cell.trim().is_empty()))
            .unwrap_or(body.len());
        Some(Table {
            sheet: &sheet.name,
            first_row: header_at + 2,
            columns,
            rows: &body[..end],
        })
    }
}

/// The cells of one data row, each read by header and checked, problems collected.
struct Cells<'a> {
    table: &'a Table<'a>,
    index: usize,
    problems: &'a mut Vec<ImportProblem>,
}

impl Cells<'_> {
    fn row(&self) -> usize {
        self.table.first_row + self.index
    }

    fn problem(&mut self, header: &str, message: String) {
        let column = self
            .table
            .columns
            .get(header)
            .map(|index| format!("{}（{header}）", column_letter(*index)));
        self.problems.push(ImportProblem {
            sheet: self.table.sheet.to_owned(),
            row: self.table.first_row + self.index,
            column,
            message,
        });
    }

    fn text(&mut self, header: &'static str) -> String {
        let Some(&column) = self.table.columns.get(header) else {
            return String::new();
        };
        let value = self.table.rows[self.index]
            .get(column)
            .map(|cell| cell.trim().to_owned())
            .unwrap_or_default();
        if value.chars().count() > MAX_CELL_CHARS {
            self.problem(header, format!("内容超过{MAX_CELL_CHARS}个字"));
            return String::new();
        }
        value
    }

    fn required(&mut self, header: &'static str, max: usize) -> String {
        let value = self.text(header);
        if value.is_empty() {
            self.problem(header, format!("{header}不能为空"));
        } else if value.chars().count() > max {
            self.problem(header, format!("{header}超过{max}个字"));
        }
        value
    }

    fn yes_no(&mut self, header: &'static str) -> bool {
        match self.text(header).as_str() {
            "是" => true,
            "否" | "" => false,
            other => {
                self.problem(header, format!("应填“是”或“否”，而不是“{other}”"));
                false
            }
        }
    }

    /// A 是/否 column the sheet may lack (`OPTIONAL_HEADERS`): `None` when it does.
    fn optional_yes_no(&mut self, header: &'static str) -> Option<bool> {
        self.table
            .columns
            .contains_key(header)
            .then(|| self.yes_no(header))
    }

    fn number(&mut self, header: &'static str, max: u32) -> Option<u32> {
        let text = self.text(header);
        if text.is_empty() {
            return None;
        }
        let parsed = text.strip_suffix(".0").unwrap_or(&text).parse::<u32>();
        match parsed {
            Ok(n) if n <= max => Some(n),
            _ => {
                self.problem(header, format!("应为0到{max}的整数，而不是“{text}”"));
                None
            }
        }
    }

    fn limit(&mut self, header: &'static str) -> Limit {
        let text = self.text(header);
        match parse_limit(&text) {
            Ok(limit) => limit,
            Err(message) => {
                self.problem(header, message);
                Limit::new(0, LimitUnit::WorkingDays)
            }
        }
    }
}

fn item_row(table: &Table<'_>, index: usize, problems: &mut Vec<ImportProblem>) -> ImportedItem {
    let mut cells = Cells {
        table,
        index,
        problems,
    };
    let code = cells.required("事项编码", 40);
    let main_name = cells.required("主项名称", 200);
    let sub_name = cells.text("子项名称");
    let type_text = cells.text("事项类型");
    let item_type = ItemType::ALL
        .into_iter()
        .find(|kind| kind.label_zh() == type_text);
    if item_type.is_none() {
        let known: Vec<&str> = ItemType::ALL.iter().map(|kind| kind.label_zh()).collect();
        cells.problem(
            "事项类型",
            format!("“{type_text}”不是事项类型，应为：{}", known.join("、")),
        );
    }
    let case_text = cells.text("办件类型");
    let case_type = [CaseType::Instant, CaseType::Promised]
        .into_iter()
        .find(|kind| kind.label_zh() == case_text);
    if case_type.is_none() {
        cells.problem(
            "办件类型",
            format!("“{case_text}”不是办件类型，应为“即办件”或“承诺件”"),
        );
    }
    let department = cells.text("实施主体");
    let legal_limit = cells.limit("法定办结时限");
    let promised_limit = cells.limit("承诺办结时限");
    let charged = cells.yes_no("是否收费");
    let standard = cells.text("收费标准");
    if charged && standard.is_empty() {
        cells.problem("收费标准", "收费的事项须写明收费标准".to_owned());
    }
    let legal_basis = cells.required("设定依据", MAX_CELL_CHARS);
    let in_hall = cells.optional_yes_no("进驻政务大厅");
    let publish_results = cells.optional_yes_no("结果公示");
    let working = cells.number("工作版本", 100_000);
    let row = cells.row();
    ImportedItem {
        row,
        code,
        main_name,
        sub_name,
        item_type: item_type.unwrap_or(ItemType::PublicService),
        case_type: case_type.unwrap_or(CaseType::Promised),
        department,
        legal_limit,
        promised_limit,
        fee: charged.then_some(standard),
        legal_basis,
        in_hall,
        publish_results,
        working,
        materials: None,
        columns: table.columns.clone(),
    }
}

fn material_rows(sheet: &ImportSheet, problems: &mut Vec<ImportProblem>) -> Vec<ImportedMaterial> {
    let Some(table) = Table::locate(sheet, MATERIAL_HEADERS, problems) else {
        return Vec::new();
    };
    if table.rows.len() > MAX_MATERIAL_ROWS {
        problems.push(ImportProblem {
            sheet: sheet.name.clone(),
            row: 0,
            column: None,
            message: format!("材料超过{MAX_MATERIAL_ROWS}行"),
        });
        return Vec::new();
    }
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(table.rows.len());
    for index in 0..table.rows.len() {
        let mut cells = Cells {
            table: &table,
            index,
            problems: &mut *problems,
        };
        let code = cells.required("材料编码", 60);
        if let Some(first) = seen.get(&code) {
            cells.problem("材料编码", format!("材料编码“{code}”与第{first}行重复"));
        } else if !code.is_empty() {
            seen.insert(code.clone(), cells.row());
        }
        let material = ImportedMaterial {
            name: cells.required("材料名称", 200),
            required: cells.yes_no("是否必要"),
            copies: cells.number("份数", 99).unwrap_or(1),
            criteria: cells.text("受理标准"),
            requirements: cells.text("材料要求"),
            specification: cells.text("纸质规格"),
            filling_notes: cells.text("填报须知"),
            electronic_copy: cells.yes_no("需要电子材料"),
            legal_basis: cells.text("设定依据"),
            issuing_department: cells.text("出具单位"),
            code,
        };
        out.push(material);
    }
    out
}

/// Reads the workbook's sheets into item rows with their materials; `Err` lists every problem.
pub fn read_catalogue(sheets: &[ImportSheet]) -> Result<Vec<ImportedItem>, Vec<ImportProblem>> {
    let mut problems = Vec::new();
    let Some(item_sheet) = sheets.iter().find(|sheet| sheet.name == ITEM_SHEET) else {
        return Err(vec![ImportProblem {
            sheet: ITEM_SHEET.to_owned(),
            row: 0,
            column: None,
            message: "工作簿中没有“事项”工作表，请使用导出的工作簿".to_owned(),
        }]);
    };
    let Some(table) = Table::locate(item_sheet, ITEM_HEADERS, &mut problems) else {
        return Err(problems);
    };
    if table.rows.len() > MAX_ITEM_ROWS {
        problems.push(ImportProblem {
            sheet: ITEM_SHEET.to_owned(),
            row: 0,
            column: None,
            message: format!("事项超过{MAX_ITEM_ROWS}行，请拆分后再导入"),
        });
        return Err(problems);
    }
    if table.rows.is_empty() {
        problems.push(ImportProblem {
            sheet: ITEM_SHEET.to_owned(),
            row: table.first_row,
            column: None,
            message: "没有事项".to_owned(),
        });
    }
    let mut items = Vec::with_capacity(table.rows.len());
    let mut codes: BTreeMap<String, usize> = BTreeMap::new();
    for index in 0..table.rows.len() {
        let item = item_row(&table, index, &mut problems);
        if let Some(first) = codes.get(&item.code) {
            let column = table
                .columns
                .get("事项编码")
                .map(|c| format!("{}（事项编码）", column_letter(*c)));
            problems.push(ImportProblem {
                sheet: ITEM_SHEET.to_owned(),
                row: item.row,
                column,
                message: format!("事项编码“{}”与第{first}行重复", item.code),
            });
        } else if !item.code.is_empty() {
            codes.insert(item.code.clone(), item.row);
        }
        items.push(item);
    }
    let mut used = HashSet::new();
    for item in &mut items {
        let name = sheet_name(&item.code);
        if let Some(sheet) = sheets.iter().find(|sheet| sheet.name == name) {
            used.insert(name);
            item.materials = Some(material_rows(sheet, &mut problems));
        }
    }
    for sheet in sheets {
        if sheet.name != ITEM_SHEET && !used.contains(&sheet.name) {
            problems.push(ImportProblem {
                sheet: sheet.name.clone(),
                row: 0,
                column: None,
                message: "“事项”工作表中没有以此为编码的事项，材料清单无法对应".to_owned(),
            });
        }
    }
    if problems.is_empty() {
        Ok(items)
    } else {
        Err(problems)
    }
}
