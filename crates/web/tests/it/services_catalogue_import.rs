//! The catalogue's XLSX import through HTTP, on both backends (issue 22, SVC-ITEM-LIFE): the
//! round trip — export, edit the workbook, import — makes edits and claims that wait in
//! 编辑中 for the review chain while the public guide stays the published one; an unchanged
//! workbook changes nothing; a bad cell names its sheet, row and column and refuses the whole
//! workbook (nothing changes); another unit's item, a stale workbook, a file that is no
//! XLSX and a zip bomb are refused.

use std::io::{Cursor, Write as _};

use axum::http::StatusCode;
use calamine::{Data, Reader, Xlsx};
use platform::audit::AuditActor;
use platform::roles::Role;
use rust_xlsxwriter::Workbook;
use sqlx::Row as _;

use crate::common::{Client, TestApp, app_on};
use crate::services_office::staff_in;

const IMPORT: &str = "/office/services/catalogue/import";
const EXPORT: &str = "/office/services/catalogue/export.xlsx";
/// 社会保障卡申领, published, of gz-hrss.
const CARD: &str = "GZ-RS-0001";
const NEW: &str = "T22-IMP-0001";

type Sheets = Vec<(String, Vec<Vec<String>>)>;

fn read_book(bytes: &[u8]) -> Sheets {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut out = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let (top, _) = range.start().unwrap_or((0, 0));
        let mut rows = vec![Vec::new(); top as usize];
        for row in range.rows() {
            rows.push(
                row.iter()
                    .map(|cell| match cell {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect(),
            );
        }
        out.push((name, rows));
    }
    out
}

fn write_book(sheets: &Sheets) -> Vec<u8> {
    let mut book = Workbook::new();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn sheet<'a>(sheets: &'a mut Sheets, name: &str) -> &'a mut Vec<Vec<String>> {
    &mut sheets.iter_mut().find(|(n, _)| n == name).unwrap().1
}

/// The row index (0-based) of `code` on 事项.
fn row_of(sheets: &mut Sheets, code: &str) -> usize {
    sheet(sheets, "事项")
        .iter()
        .position(|row| row.first().is_some_and(|c| c == code))
        .unwrap()
}

async fn status_and_versions(app: &TestApp, code: &str) -> (String, i64, Option<i64>) {
    let row = sqlx::query(
        "SELECT status, current_version, published_version FROM svc_items WHERE code = $1",
    )
    .bind(code)
    .fetch_one(&app.platform.db.pool)
    .await
    .unwrap();
    (
        row.try_get("status").unwrap(),
        row.try_get("current_version").unwrap(),
        row.try_get("published_version").unwrap(),
    )
}

async fn import(app: &TestApp, who: &Client, bytes: &[u8]) -> (StatusCode, String) {
    let answer = app
        .post_multipart(IMPORT, Some(who), &[], &[("file", "catalogue.xlsx", bytes)])
        .await;
    (answer.status, answer.body)
}

async fn setup(platform: platform::Platform) -> (TestApp, Client, Sheets) {
    let app = app_on(platform).await;
    demo::catalogue::seed(&app.platform.db, &AuditActor::system("test"))
        .await
        .unwrap();
    let hrss = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
    let form = app.get(IMPORT, Some(&hrss)).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("enctype=\"multipart/form-data\""));
    let file = app.get(EXPORT, Some(&hrss)).await;
    assert_eq!(file.status, StatusCode::OK);
    // The test client reads the body as text; fetch the bytes through the router again.
    let bytes = export_bytes(&app, &hrss).await;
    (app, hrss, read_book(&bytes))
}

async fn export_bytes(app: &TestApp, who: &Client) -> Vec<u8> {
    use axum::body::{Body, to_bytes};
    use tower::ServiceExt as _;
    let request = axum::http::Request::builder()
        .uri(EXPORT)
        .header("cookie", who.cookie.clone())
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .unwrap()
        .to_vec()
}

/// SVC-ITEM-LIFE: export, edit, import — the edits wait for review, the public keeps the
/// published version; an unchanged workbook changes nothing.
#[tokio::test]
async fn svc_item_life_import_round_trip_edits_wait_for_review() {
    for platform in platform::testing::each_backend().await {
        let (app, hrss, mut sheets) = setup(platform).await;
        let before = status_and_versions(&app, CARD).await;
        assert_eq!(before.0, "published");

        // Unchanged: accepted, nothing edited.
        let (status, body) = import(&app, &hrss, &write_book(&sheets)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("修改 0 项"), "{body}");
        assert_eq!(status_and_versions(&app, CARD).await, before);

        // Edit the name and a material's copies; add a new item with its material sheet.
        let row = row_of(&mut sheets, CARD);
        sheet(&mut sheets, "事项")[row][1] = "社会保障卡申领（导入修改）".into();
        sheet(&mut sheets, CARD)[3][3] = "2".into();
        let mut new_row = sheet(&mut sheets, "事项")[row].clone();
        new_row[0] = NEW.into();
        new_row[1] = "导入的新事项".into();
        new_row[working_column()] = String::new();
        let items = sheet(&mut sheets, "事项");
        // Before the blank row that ends the table (after the title, blank and header rows).
        let at = items
            .iter()
            .skip(3)
            .position(|r| r.iter().all(String::is_empty))
            .map_or(items.len(), |blank| blank + 3);
        items.insert(at, new_row);
        let materials = sheet(&mut sheets, CARD).clone();
        sheets.push((NEW.into(), materials));
        let (status, body) = import(&app, &hrss, &write_book(&sheets)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("新认领 1 项，修改 1 项"), "{body}");

        // Never published directly: a new working version in 编辑中, the public one unchanged.
        let after = status_and_versions(&app, CARD).await;
        assert_eq!(after.0, "drafting");
        assert_eq!(after.1, before.1 + 1);
        assert_eq!(after.2, before.2);
        let guide = app.get(&format!("/services/items/{CARD}"), None).await;
        assert!(!guide.body.contains("导入修改"));
        let claimed = status_and_versions(&app, NEW).await;
        assert_eq!(
            (claimed.0.as_str(), claimed.1, claimed.2),
            ("claimed", 1, None)
        );
        let audited: i64 = sqlx::query(
            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'services.catalogue.import'",
        )
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
        assert_eq!(audited, 2);

        // The re-exported workbook reads back unchanged: a round trip.
        let again = read_book(&export_bytes(&app, &hrss).await);
        let (status, body) = import(&app, &hrss, &write_book(&again)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("修改 0 项"), "{body}");
    }
}

/// The column of 工作版本 on the item sheet, as the export writes it.
fn working_column() -> usize {
    services::item::import::ITEM_HEADERS
        .iter()
        .position(|header| *header == "工作版本")
        .unwrap()
}

/// A bad cell names the sheet, row and column; the whole workbook is refused, nothing changes.
#[tokio::test]
async fn svc_item_life_import_bad_row_changes_nothing() {
    for platform in platform::testing::each_backend().await {
        let (app, hrss, mut sheets) = setup(platform).await;
        let before = status_and_versions(&app, CARD).await;
        let row = row_of(&mut sheets, CARD);
        sheet(&mut sheets, "事项")[row][1] = "本应不被保存的名称".into();
        let other = row_of(&mut sheets, "GZ-RS-0002");
        sheet(&mut sheets, "事项")[other][3] = "行政许可证".into();
        sheet(&mut sheets, CARD)[3][2] = "也许".into();
        let seq = app.audit_seq().await;
        let (status, body) = import(&app, &hrss, &write_book(&sheets)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let line = format!("工作表“事项”第{}行D（事项类型）列", other + 1);
        assert!(body.contains(&line), "{line} in {body}");
        assert!(
            body.contains("工作表“GZ-RS-0001”第4行C（是否必要）列"),
            "{body}"
        );
        assert!(body.contains("未导入任何内容"), "{body}");
        assert_eq!(status_and_versions(&app, CARD).await, before);
        assert_eq!(app.audit_seq().await, seq);

        // A stale workbook: the item changed since the export.
        let mut stale = read_book(&export_bytes(&app, &hrss).await);
        let row = row_of(&mut stale, CARD);
        sheet(&mut stale, "事项")[row][working_column()] = "0".into();
        let (status, body) = import(&app, &hrss, &write_book(&stale)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("请重新导出"), "{body}");

        // Another unit's item in the workbook: refused by name.
        let market = staff_in(&app, Role::UnitHandler, "gz-market").await;
        let (status, body) = import(&app, &market, &write_book(&sheets_fixed(sheets))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("只能导入本单位的事项"), "{body}");
        assert_eq!(status_and_versions(&app, CARD).await, before);
    }
}

/// The bad cells of the test above put right.
fn sheets_fixed(mut sheets: Sheets) -> Sheets {
    let other = row_of(&mut sheets, "GZ-RS-0002");
    sheet(&mut sheets, "事项")[other][3] = "公共服务".into();
    sheet(&mut sheets, CARD)[3][2] = "是".into();
    sheets
}

/// What is not an XLSX — text, a zip without a workbook, a zip bomb — is refused unopened.
#[tokio::test]
async fn svc_item_life_import_refuses_non_xlsx_and_zip_bomb() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let hrss = staff_in(&app, Role::UnitHandler, "gz-hrss").await;
        let (status, body) = import(&app, &hrss, b"code,name\nA,B\n").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("不是 Excel 工作簿"), "{body}");

        let mut bomb = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        bomb.start_file("xl/workbook.xml", options).unwrap();
        bomb.write_all(b"<workbook/>").unwrap();
        bomb.start_file("xl/worksheets/sheet1.xml", options)
            .unwrap();
        let zeros = vec![0u8; 1024 * 1024];
        for _ in 0..70 {
            bomb.write_all(&zeros).unwrap();
        }
        let bytes = bomb.finish().unwrap().into_inner();
        assert!(bytes.len() < 1024 * 1024, "the bomb is small packed");
        let (status, body) = import(&app, &hrss, &bytes).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body.contains("解压后超过"), "{body}");
    }
}
