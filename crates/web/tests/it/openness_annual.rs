//! PUB-ANNUAL by HTTP, on both backends: the government office's openness officer opens the
//! annual report — tables 二, 三 and 四 with every printed label —, enters the figures the
//! platform does not hold (a bad amount shown again in Chinese, nothing stored), registers a
//! review and records its result; the office head sees the report but enters nothing; the
//! county's report, the print view, the workbook and the Word document; a year before 2019 is
//! refused.

use axum::http::StatusCode;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use platform::roles::Role;
use sqlx::Row as _;

use crate::common::app_on;
use crate::sites_submissions::staff_in;

fn encoded(text: &str) -> String {
    utf8_percent_encode(text, NON_ALPHANUMERIC).to_string()
}

/// Every label of tables 二, 三 and 四 the pages must print (reports.md §1).
const LABELS: &[&str] = &[
    "二、主动公开政府信息情况",
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "行政规范性文件",
    "第二十条第（五）项",
    "本年处理决定数量",
    "行政许可",
    "第二十条第（六）项",
    "行政处罚",
    "行政强制",
    "第二十条第（八）项",
    "本年收费金额（单位：万元）",
    "行政事业性收费",
    "三、收到和处理政府信息公开申请情况",
    "申请人情况",
    "法人或其他组织",
    "第一项加第二项之和，等于第三项加第四项之和",
    "一、本年新收政府信息公开申请数量",
    "三、本年度办理结果",
    "（七）总计",
    "四、结转下年度继续办理",
    "四、政府信息公开行政复议、行政诉讼情况",
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
];

#[tokio::test]
async fn pub_annual_the_report_page_its_entries_and_its_outputs() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let head = staff_in(&app, "gz-office", Role::UnitLeader, "t.annual.head").await;

        let page = app
            .get("/office/openness/annual?year=2025", Some(&officer))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        for label in LABELS {
            assert!(page.body.contains(label), "{label}");
        }
        assert!(page.body.contains("各列相符"));

        // A bad amount: shown again in Chinese, nothing stored.
        let bad = app
            .post(
                "/office/openness/annual/figures",
                Some(&officer),
                "year=2025&licences=35&penalties=4&compulsory=0&fees=1.23456",
            )
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("万元"), "{}", bad.body);
        let stored = "SELECT COUNT(*) AS n FROM openness_annual_figures";
        let n: i64 = sqlx::query(stored)
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(n, 0);
        let saved = app
            .post(
                "/office/openness/annual/figures",
                Some(&officer),
                "year=2025&licences=35&penalties=4&compulsory=0&fees=1.2",
            )
            .await;
        assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
        let page = app
            .get("/office/openness/annual?year=2025", Some(&officer))
            .await;
        assert!(page.body.contains("<td class=\"num\">1.2000</td>"));
        assert!(page.body.contains("<td class=\"num\">35</td>"));

        // Table 四: a review registered and concluded.
        let case = format!(
            "year=2025&kind=review&subject={}&filed_on=2025-03-01",
            encoded("申请人不服不予公开答复")
        );
        let made = app
            .post("/office/openness/annual/cases", Some(&officer), &case)
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let id: i64 = sqlx::query("SELECT id FROM openness_cases")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap();
        let concluded = app
            .post(
                &format!("/office/openness/annual/cases/{id}/conclude"),
                Some(&officer),
                "year=2025&result=upheld&concluded_on=2025-05-10",
            )
            .await;
        assert_eq!(
            concluded.status,
            StatusCode::SEE_OTHER,
            "{}",
            concluded.body
        );
        let again = app
            .post(
                &format!("/office/openness/annual/cases/{id}/conclude"),
                Some(&officer),
                "year=2025&result=corrected&concluded_on=2025-05-11",
            )
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT);
        let page = app
            .get("/office/openness/annual?year=2025", Some(&officer))
            .await;
        assert!(page.body.contains("结果维持（2025-05-10）"));

        // The head sees the report and enters nothing.
        let seen = app
            .get("/office/openness/annual?year=2025", Some(&head))
            .await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(!seen.body.contains("/office/openness/annual/figures"));
        let refused = app
            .post(
                "/office/openness/annual/figures",
                Some(&head),
                "year=2025&licences=1",
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // The county, the print view, the workbook and the Word document.
        let county = app
            .get(
                "/office/openness/annual?year=2025&scope=county",
                Some(&officer),
            )
            .await;
        assert!(county.body.contains("全县2025年政府信息公开工作年度报告"));
        let print = app
            .get("/office/openness/annual/print?year=2025", Some(&officer))
            .await;
        assert_eq!(print.status, StatusCode::OK);
        for label in LABELS {
            assert!(print.body.contains(label), "{label}");
        }
        let xlsx = app
            .get(
                "/office/openness/annual/report.xlsx?year=2025",
                Some(&officer),
            )
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        let kind = xlsx.headers.get("content-type").unwrap().to_str().unwrap();
        assert!(kind.contains("spreadsheetml"), "{kind}");
        assert!(xlsx.body.starts_with("PK") && xlsx.body.contains("xl/worksheets/sheet3.xml"));
        let docx = app
            .get(
                "/office/openness/annual/report.docx?year=2025",
                Some(&officer),
            )
            .await;
        assert_eq!(docx.status, StatusCode::OK);
        let kind = docx.headers.get("content-type").unwrap().to_str().unwrap();
        assert!(kind.contains("wordprocessingml"), "{kind}");
        assert!(docx.body.starts_with("PK") && docx.body.contains("word/document.xml"));
        for label in LABELS {
            assert!(docx.body.contains(label), "docx: {label}");
        }
        assert!(docx.body.contains("<w:vMerge w:val=\"restart\"/>"));
        assert!(
            docx.body
                .contains("<w:t xml:space=\"preserve\">1.2000</w:t>")
        );

        let early = app
            .get("/office/openness/annual?year=1990", Some(&officer))
            .await;
        assert_eq!(early.status, StatusCode::BAD_REQUEST);
    }
}
