//! The openness annual report printed and exported (PUB-ANNUAL): the A4 print view of tables
//! 二, 三 and 四, the Excel workbook (`crate::xlsx`, one sheet per table, every label and
//! figure) and the Word document (`annual_docx`), for the unit's staff or the county.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use openness::usecase::annual as usecase;
use platform::db::now_ms;

use super::annual::{Chosen, Which, chosen};
use super::annual_docx;
use super::annual_view::{Tables, tables};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;
use crate::xlsx::{self, Cell, Sheet};

async fn laid_out(state: &AppState, chosen: &Chosen) -> Result<Tables, PageError> {
    let report = usecase::report(&state.platform.db, chosen.unit, chosen.year).await?;
    Ok(tables(&report.two, &report.three, &report.four))
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/annual_print.html")]
pub struct PrintPage {
    chrome: Chrome,
    year: i32,
    whose: String,
    query: String,
    t: Tables,
    printed: String,
}

/// `GET /office/openness/annual/print`: the tables on A4.
pub async fn print(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(which): Query<Which>,
) -> Result<PrintPage, PageError> {
    let chosen = chosen(&staff, &which)?;
    Ok(PrintPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        t: laid_out(&state, &chosen).await?,
        year: chosen.year,
        query: chosen.query(),
        whose: chosen.whose,
        printed: minute_of(now_ms()),
    })
}

/// RFC 6266 / 5987: an ASCII fallback name and the UTF-8 name percent-encoded.
fn disposition(name: &str, fallback: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

fn file(bytes: Vec<u8>, kind: &str, name: &str, fallback: &str) -> Response {
    (
        [
            (CONTENT_TYPE, kind.to_owned()),
            (CONTENT_DISPOSITION, disposition(name, fallback)),
        ],
        bytes,
    )
        .into_response()
}

fn number(n: u64) -> Cell {
    Cell::Number(n as f64)
}

/// The three tables as sheets: table 二 by block, table 三 by line, table 四 by group.
fn sheets<'a>(t: &Tables, title: &str, headers: &'a [&'a [&'a str]; 3]) -> Vec<Sheet<'a>> {
    let mut two = Vec::new();
    for block in &t.two {
        for (label, cells) in &block.rows {
            for (header, value) in block.header.iter().skip(1).zip(cells) {
                two.push(vec![
                    Cell::Text(block.article.to_owned()),
                    Cell::Text((*label).to_owned()),
                    Cell::Text((*header).to_owned()),
                    match value.parse::<u64>() {
                        Ok(n) => number(n),
                        Err(_) => Cell::Text(value.clone()),
                    },
                ]);
            }
        }
    }
    let three = t
        .three
        .iter()
        .map(|line| {
            let mut row = vec![Cell::Text(line.label.clone())];
            row.extend(line.cells.iter().map(|n| number(*n)));
            row
        })
        .collect();
    let groups = [t.review, t.direct_suit, t.suit_after_review];
    let four = groups
        .iter()
        .zip(t.four.chunks(5))
        .map(|(group, cells)| {
            let mut row = vec![Cell::Text((*group).to_owned())];
            row.extend(cells.iter().map(|n| number(*n)));
            row
        })
        .collect();
    let mut check = vec![format!("（本列数据的勾稽关系为：{}）", t.check_statement)];
    check.extend(t.check_failures.iter().cloned());
    vec![
        Sheet {
            name: "表二".to_owned(),
            title: format!("{title} {}", t.two_title),
            headers: headers[0],
            rows: two,
            notes: vec!["第二十条第（五）、（六）、（八）项为本单位填报数".to_owned()],
        },
        Sheet {
            name: "表三".to_owned(),
            title: format!("{title} {}", t.three_title),
            headers: headers[1],
            rows: three,
            notes: check,
        },
        Sheet {
            name: "表四".to_owned(),
            title: format!("{title} {}", t.four_title),
            headers: headers[2],
            rows: four,
            notes: vec![format!(
                "“{}”“{}”属于{}",
                t.direct_suit, t.suit_after_review, t.litigation
            )],
        },
    ]
}

/// `GET /office/openness/annual/report.xlsx`: the tables as an Excel workbook.
pub async fn xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Query(which): Query<Which>,
) -> Result<Response, PageError> {
    let chosen = chosen(&staff, &which)?;
    let t = laid_out(&state, &chosen).await?;
    let title = format!("{}{}年政府信息公开工作年度报告", chosen.whose, chosen.year);
    let mut three_headers = vec!["项目"];
    three_headers.extend(t.columns);
    let mut four_headers = vec!["类别"];
    four_headers.extend(t.four_columns);
    let two_headers: &[&str] = &["条款", "信息内容", "统计项", "数值"];
    let headers: [&[&str]; 3] = [two_headers, &three_headers, &four_headers];
    let bytes = xlsx::book(&sheets(&t, &title, &headers))
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let name = format!("{title}.xlsx");
    let fallback = format!("openness-annual-{}.xlsx", chosen.year);
    Ok(file(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &name,
        &fallback,
    ))
}

/// `GET /office/openness/annual/report.docx`: the tables as a Word document.
pub async fn docx(
    State(state): State<AppState>,
    staff: Staff,
    Query(which): Query<Which>,
) -> Result<Response, PageError> {
    let chosen = chosen(&staff, &which)?;
    let t = laid_out(&state, &chosen).await?;
    let title = format!("{}{}年政府信息公开工作年度报告", chosen.whose, chosen.year);
    let bytes = annual_docx::document(&title, &t)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("docx: {e}")))?;
    let name = format!("{title}.docx");
    let fallback = format!("openness-annual-{}.docx", chosen.year);
    Ok(file(
        bytes,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        &name,
        &fallback,
    ))
}
