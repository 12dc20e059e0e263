//! Table 二 of the openness annual report (PUB-ANNUAL; format of 国办公开办函〔2021〕30号):
//! 主动公开政府信息情况, four blocks each with its own header row, labels as printed.
//!
//! Block 第二十条第（一）项 is computed from the document register: a 主动公开 document of
//! kind 规章 or 行政规范性文件 counts as 制发 in the year its signer confirmed it, as 废止 in
//! the year its site article was marked 废止 or 失效 (PUB-ABOLISH), and as 现行有效 when
//! issued by the year's end and not abolished by then. The platform holds no licences,
//! penalties, compulsory measures or fees: those figures are entered per unit and year
//! ([`Entered`]) and summed over the units for the county.

use chrono::{Datelike, NaiveDate};

/// The title of table 二.
pub const TITLE: &str = "二、主动公开政府信息情况";

/// The class of a document counted in block 第二十条第（一）项.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentClass {
    /// 规章.
    Regulation,
    /// 行政规范性文件.
    Normative,
}

impl DocumentClass {
    pub const ALL: [DocumentClass; 2] = [DocumentClass::Regulation, DocumentClass::Normative];

    pub const fn label_zh(self) -> &'static str {
        match self {
            DocumentClass::Regulation => "规章",
            DocumentClass::Normative => "行政规范性文件",
        }
    }
}

/// One document as table 二 sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentRecord {
    pub class: DocumentClass,
    /// The day its signer confirmed it (成文).
    pub issued_on: NaiveDate,
    /// The day it was marked 废止 or 失效, if it was.
    pub abolished_on: Option<NaiveDate>,
}

/// A figure the office enters for a unit and year (the platform does not hold it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entered {
    /// 行政许可 — 本年处理决定数量.
    Licences,
    /// 行政处罚 — 本年处理决定数量.
    Penalties,
    /// 行政强制 — 本年处理决定数量.
    Compulsory,
    /// 行政事业性收费 — 本年收费金额, kept in 元 and printed in 万元.
    Fees,
}

impl Entered {
    pub const ALL: [Entered; 4] = [
        Entered::Licences,
        Entered::Penalties,
        Entered::Compulsory,
        Entered::Fees,
    ];

    /// The row label as printed.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Entered::Licences => "行政许可",
            Entered::Penalties => "行政处罚",
            Entered::Compulsory => "行政强制",
            Entered::Fees => "行政事业性收费",
        }
    }

    /// The stored key (and form field).
    pub const fn key(self) -> &'static str {
        match self {
            Entered::Licences => "licences",
            Entered::Penalties => "penalties",
            Entered::Compulsory => "compulsory",
            Entered::Fees => "fees",
        }
    }

    pub fn of_key(key: &str) -> Option<Entered> {
        Entered::ALL.into_iter().find(|e| e.key() == key)
    }

    /// PUB-ANNUAL: the figure as typed — a count of decisions, or for 行政事业性收费 an amount
    /// in 万元 with at most four decimals — as stored (a count, or 元); a Chinese message
    /// otherwise.
    pub fn parse(self, text: &str) -> Result<i64, String> {
        let text = text.trim();
        let label = self.label_zh();
        if self != Entered::Fees {
            return match text.parse::<i64>() {
                Ok(n) if n >= 0 => Ok(n),
                _ => Err(format!("“{label}”须填写不小于0的整数")),
            };
        }
        let bad = || format!("“{label}”须填写以万元为单位、最多四位小数的金额");
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) || fraction.len() > 4 {
            return Err(bad());
        }
        let whole: i64 = whole.parse().map_err(|_| bad())?;
        let fraction: i64 = format!("{fraction:0<4}").parse().map_err(|_| bad())?;
        whole
            .checked_mul(10_000)
            .and_then(|n| n.checked_add(fraction))
            .ok_or_else(bad)
    }

    /// The stored figure as printed (万元 with four decimals for fees).
    pub fn show(self, value: i64) -> String {
        match self {
            Entered::Fees => format!("{}.{:04}", value / 10_000, value % 10_000),
            _ => value.to_string(),
        }
    }
}

/// A block of table 二: its header row and its rows (label, cells as printed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// 第二十条第（一）项 …
    pub article: &'static str,
    /// The header row after the block's label: 信息内容 and the figure columns.
    pub header: Vec<&'static str>,
    pub rows: Vec<(&'static str, Vec<String>)>,
}

/// The figures of block 第二十条第（一）项 for one class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct DocumentLine {
    /// 本年制发件数.
    pub issued: u64,
    /// 本年废止件数.
    pub abolished: u64,
    /// 现行有效件数.
    pub in_force: u64,
}

/// Table 二 of one year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableTwo {
    pub year: i32,
    pub regulations: DocumentLine,
    pub normative: DocumentLine,
    /// The entered figures in the order of [`Entered::ALL`] (fees in 元).
    pub entered: [i64; 4],
}

impl TableTwo {
    /// PUB-ANNUAL: table 二 of `year` from the register's documents (any years: each is placed
    /// by its dates) and the entered figures.
    pub fn compute(year: i32, documents: &[DocumentRecord], entered: [i64; 4]) -> TableTwo {
        let mut table = TableTwo {
            year,
            regulations: DocumentLine::default(),
            normative: DocumentLine::default(),
            entered,
        };
        for document in documents {
            let line = match document.class {
                DocumentClass::Regulation => &mut table.regulations,
                DocumentClass::Normative => &mut table.normative,
            };
            if document.issued_on.year() == year {
                line.issued += 1;
            }
            if document.abolished_on.is_some_and(|on| on.year() == year) {
                line.abolished += 1;
            }
            if document.issued_on.year() <= year
                && document.abolished_on.is_none_or(|on| on.year() > year)
            {
                line.in_force += 1;
            }
        }
        table
    }

    /// The figure entered for `what`.
    pub fn entered(&self, what: Entered) -> i64 {
        let place = Entered::ALL.iter().position(|e| *e == what).unwrap_or(0);
        self.entered[place]
    }

    /// The four blocks with their header rows and printed cells, in order.
    pub fn blocks(&self) -> Vec<Block> {
        let line = |class: DocumentClass, l: DocumentLine| {
            (
                class.label_zh(),
                vec![
                    l.issued.to_string(),
                    l.abolished.to_string(),
                    l.in_force.to_string(),
                ],
            )
        };
        let entered = |what: Entered| (what.label_zh(), vec![what.show(self.entered(what))]);
        vec![
            Block {
                article: "第二十条第（一）项",
                header: vec!["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                rows: vec![
                    line(DocumentClass::Regulation, self.regulations),
                    line(DocumentClass::Normative, self.normative),
                ],
            },
            Block {
                article: "第二十条第（五）项",
                header: vec!["信息内容", "本年处理决定数量"],
                rows: vec![entered(Entered::Licences)],
            },
            Block {
                article: "第二十条第（六）项",
                header: vec!["信息内容", "本年处理决定数量"],
                rows: vec![entered(Entered::Penalties), entered(Entered::Compulsory)],
            },
            Block {
                article: "第二十条第（八）项",
                header: vec!["信息内容", "本年收费金额（单位：万元）"],
                rows: vec![entered(Entered::Fees)],
            },
        ]
    }
}
