//! The annual work report printed and exported (WEB-ANNUAL; `reports.md` §2): the A4 print
//! view of the form, every field in its block with its value, the signatures at the foot, and
//! the Excel workbook of the same rows (`crate::xlsx`: block, sub-heading, label, value, unit,
//! origin), for the staff involved in the site.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::db::now_ms;
use sites::usecase;

use super::SiteNo;
use super::annual::{Standing, YearNo, report_in_scope};
use super::annual_view::{Block, blocks};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Ids;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_annual_print.html")]
pub struct PrintPage {
    chrome: Chrome,
    site_id: i64,
    site_name: String,
    host_unit: String,
    year: i32,
    blocks: Vec<Block>,
    standing: Standing,
    printed: String,
}

/// `GET /office/sites/{id}/annual/{year}/print`: the report on A4.
pub async fn print(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Ids(SiteNo(site), YearNo(year)): Ids<SiteNo, YearNo>,
) -> Result<PrintPage, PageError> {
    let (office, year) = report_in_scope(&state, &staff, (site, year)).await?;
    let profile = state.profile().await?;
    let db = &state.platform.db;
    let view = usecase::annual_report(db, &profile, office.site.id, year).await?;
    Ok(PrintPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        site_id: office.site.id.0,
        site_name: office.site.registration().name.clone(),
        host_unit: office.site.registration().host_unit_name.clone(),
        year,
        blocks: blocks(&view.report, &[], &[], false),
        standing: Standing::of(&state, &view).await,
        printed: minute_of(now_ms()),
    })
}

/// RFC 6266 / 5987: an ASCII fallback name and the UTF-8 name percent-encoded.
fn disposition(name: &str, fallback: &str) -> String {
    let encoded = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

/// `GET /office/sites/{id}/annual/{year}/report.xlsx`: the report as an Excel sheet.
pub async fn xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Ids(SiteNo(site), YearNo(year)): Ids<SiteNo, YearNo>,
) -> Result<Response, PageError> {
    let (office, year) = report_in_scope(&state, &staff, (site, year)).await?;
    let profile = state.profile().await?;
    let db = &state.platform.db;
    let view = usecase::annual_report(db, &profile, office.site.id, year).await?;
    let standing = Standing::of(&state, &view).await;
    let mut rows = Vec::new();
    for block in blocks(&view.report, &[], &[], false) {
        for row in &block.rows {
            rows.push(vec![
                Cell::Text(block.title.to_owned()),
                Cell::Text(row.group.to_owned()),
                Cell::Text(row.label.to_owned()),
                match view.report.get(row.key).and_then(|value| value.count()) {
                    Some(n) => Cell::Number(n as f64),
                    None => Cell::Text(row.value.clone()),
                },
                Cell::Text(row.unit.to_owned()),
                Cell::Text(row.origin.to_owned()),
            ]);
        }
    }
    let name = office.site.registration().name.clone();
    let title = format!("{name} {year}年度政府网站工作年度报表");
    let mut notes = vec![format!("应于 {} 前在网站首页发布", standing.due)];
    match &standing.published {
        Some(published) => notes.push(format!(
            "已于 {published}{}",
            if standing.late {
                "（逾期发布）"
            } else {
                ""
            }
        )),
        None => notes.push("尚未发布（内容随记录更新）".to_owned()),
    }
    notes.push(format!("导出时间：{}", minute_of(now_ms())));
    let headers = ["栏目", "分项", "指标", "数值", "单位", "数据来源"];
    let bytes = xlsx::table("年度报表", &title, &headers, &rows, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let file = format!("{name}{year}年度报表.xlsx");
    let fallback = format!("annual-report-{}-{year}.xlsx", office.site.id.0);
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (CONTENT_DISPOSITION, disposition(&file, &fallback)),
        ],
        bytes,
    )
        .into_response())
}
