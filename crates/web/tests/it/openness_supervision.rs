//! Openness supervisors and the required categories by HTTP, on both backends
//! (PUB-SUPERVISOR, PUB-CATEGORIES): the government office's openness officer appoints a
//! supervisor (a term ending before it starts is refused, 400, nothing stored), registers a
//! finding about the market bureau (a day outside the term is refused, 400, nothing stored),
//! sends it with the reply clock; the office's reply (403) and a stale page (409) change
//! nothing; the bureau's handler replies, the officer returns it once and accepts the second
//! reply. The supervisor's name appears on no page the bureau's staff can GET. The categories
//! page lists what the demo's catalogue and sites lack.

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::common::{TestApp, app_on};

const CANARY: &str = "金丝雀监督员子丑";

async fn number(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn pub_supervisor_finding_sent_replied_returned_accepted_and_the_unit_never_sees_who() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let handler = app.demo_session("handler").await;
        let leader = app.demo_session("leader").await;
        let market = platform::units::find_by_code(&app.platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id;
        let list = app
            .get("/office/openness/supervision", Some(&officer))
            .await;
        assert_eq!(list.status, StatusCode::OK);
        assert!(list.body.contains("聘请监督员"), "{}", list.body);

        // A term ending before it starts: 400, what was typed kept, nothing stored.
        let person = format!(
            "name={}&contact=13711112222&origin={}",
            encoded(CANARY),
            encoded("县政协委员")
        );
        let refused = app
            .post(
                "/office/openness/supervision/supervisors",
                Some(&officer),
                &format!("{person}&term_from=2026-01-01&term_until=2025-01-01"),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("聘期结束日期不能早于开始日期"));
        let supervisors = "SELECT COUNT(*) AS n FROM openness_supervisors";
        assert_eq!(number(&app, supervisors).await, 0);
        let appointed = app
            .post(
                "/office/openness/supervision/supervisors",
                Some(&officer),
                &format!("{person}&term_from=2025-01-01&term_until=2030-12-31"),
            )
            .await;
        assert_eq!(
            appointed.status,
            StatusCode::SEE_OTHER,
            "{}",
            appointed.body
        );
        let supervisor = number(&app, "SELECT MAX(id) AS n FROM openness_supervisors").await;
        let list = app
            .get("/office/openness/supervision", Some(&officer))
            .await;
        assert!(!list.body.contains(CANARY), "masked in the register");

        // PUB-SUPERVISOR: a day outside the term is refused, nothing stored.
        let finding = format!(
            "supervisor={supervisor}&unit={market}&link=result&matter={}",
            encoded("市场监管局未公开双随机抽查结果")
        );
        let outside = app
            .post(
                "/office/openness/supervision/findings",
                Some(&officer),
                &format!("{finding}&found_on=2024-06-01"),
            )
            .await;
        assert_eq!(outside.status, StatusCode::BAD_REQUEST);
        assert!(outside.body.contains("聘期"), "{}", outside.body);
        assert_eq!(
            number(&app, "SELECT COUNT(*) AS n FROM openness_findings").await,
            0
        );
        let today = chrono::Local::now().date_naive();
        let made = app
            .post(
                "/office/openness/supervision/findings",
                Some(&officer),
                &format!("{finding}&found_on={today}"),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page = made.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let version = || async {
            number(
                &app,
                &format!("SELECT version AS n FROM openness_findings WHERE id = {id}"),
            )
            .await
        };
        let sent = app
            .post(
                &format!("{page}/send"),
                Some(&officer),
                &format!("version={}", version().await),
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let office_page = app.get(&page, Some(&officer)).await;
        assert!(
            office_page.body.contains("回复期限"),
            "{}",
            office_page.body
        );

        // Refusals: the office may not reply (403), a stale page (409); nothing changed.
        let before = version().await;
        let reply = format!("version={before}&text={}", encoded("已公开抽查结果"));
        let by_office = app
            .post(&format!("{page}/reply"), Some(&officer), &reply)
            .await;
        assert_eq!(by_office.status, StatusCode::FORBIDDEN);
        assert!(by_office.body.contains("只有被监督单位的工作人员可以回复"));
        let stale = format!("version={}&text=x", before - 1);
        let stale = app
            .post(&format!("{page}/reply"), Some(&handler), &stale)
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert_eq!(version().await, before);

        let replied = app
            .post(&format!("{page}/reply"), Some(&handler), &reply)
            .await;
        assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);
        let returned = app
            .post(
                &format!("{page}/return"),
                Some(&officer),
                &format!(
                    "version={}&reason={}",
                    version().await,
                    encoded("缺少网页链接")
                ),
            )
            .await;
        assert_eq!(returned.status, StatusCode::SEE_OTHER, "{}", returned.body);
        let again = format!("version={}&text={}", version().await, encoded("链接已补充"));
        let replied = app
            .post(&format!("{page}/reply"), Some(&handler), &again)
            .await;
        assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);

        // The bureau's staff never see who found it, on any page they can GET.
        for route in web::guard::table() {
            if route.method != axum::http::Method::GET {
                continue;
            }
            let path = route
                .path
                .replace("{id}", &id.to_string())
                .replace("{file}", "1");
            for client in [&handler, &leader] {
                let answer = app.get(&path, Some(client)).await;
                assert!(
                    !answer.body.contains(CANARY) && !answer.body.contains("县政协委员"),
                    "the supervisor leaks on {path}"
                );
            }
        }
        let accepted = app
            .post(
                &format!("{page}/accept"),
                Some(&officer),
                &format!("version={}&note={}", version().await, encoded("核实已整改")),
            )
            .await;
        assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
        let closed = app.get(&page, Some(&officer)).await;
        assert!(closed.body.contains("已验收办结"), "{}", closed.body);
        let unit_list = app
            .get("/office/openness/supervision", Some(&handler))
            .await;
        assert!(unit_list.body.contains("市场监管局未公开双随机抽查结果"));
        assert!(!unit_list.body.contains("聘请监督员"));
    }
}

#[tokio::test]
async fn pub_categories_page_lists_what_the_catalogue_and_the_sites_lack() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let page = app.get("/office/openness/categories", Some(&officer)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("本单位公开目录"), "{}", page.body);
        // The demo catalogue has no 行政事业性收费 entry and no such column.
        assert!(
            page.body.contains("行政事业性收费的项目、依据、标准"),
            "{}",
            page.body
        );
        let handler = app.demo_session("handler").await;
        let denied = app.get("/office/openness/categories", Some(&handler)).await;
        assert_eq!(denied.status, StatusCode::FORBIDDEN);
    }
}

#[tokio::test]
async fn pub_account_case_opened_reported_and_closed_by_http() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let officer = app.demo_session("openness").await;
        let handler = app.demo_session("handler").await;
        let market = platform::units::find_by_code(&app.platform.db, "gz-market")
            .await
            .unwrap()
            .unwrap()
            .id;
        let base = format!(
            "unit={market}&failure=not_disclosed&facts={}&responsibility=leader&responsible={}&sanction=notice",
            encoded("双随机抽查结果应公开而未公开"),
            encoded("王某（分管副局长）")
        );
        // PUB-ACCOUNT: a link to a record that does not exist — 400, nothing stored.
        let refused = app
            .post(
                "/office/openness/accountability",
                Some(&officer),
                &format!("{base}&source=complaint&source_id=987654"),
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("不存在"), "{}", refused.body);
        let cases = "SELECT COUNT(*) AS n FROM openness_account_cases";
        assert_eq!(number(&app, cases).await, 0);
        let made = app
            .post(
                "/office/openness/accountability",
                Some(&officer),
                &format!("{base}&source=&source_id="),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page = made.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let version = || async {
            number(
                &app,
                &format!("SELECT version AS n FROM openness_account_cases WHERE id = {id}"),
            )
            .await
        };
        let shown = app.get(&page, Some(&handler)).await;
        assert!(shown.body.contains("领导直接责任") && shown.body.contains("整改报告期限"));
        // The office may not write the unit's report (403); the bureau does.
        let report = format!(
            "version={}&text={}",
            version().await,
            encoded("已公开，作书面检查")
        );
        let by_office = app
            .post(&format!("{page}/report"), Some(&officer), &report)
            .await;
        assert_eq!(by_office.status, StatusCode::FORBIDDEN);
        let reported = app
            .post(&format!("{page}/report"), Some(&handler), &report)
            .await;
        assert_eq!(reported.status, StatusCode::SEE_OTHER, "{}", reported.body);
        let closed = app
            .post(
                &format!("{page}/close"),
                Some(&officer),
                &format!("version={}&note=", version().await),
            )
            .await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
        let list = app
            .get("/office/openness/accountability", Some(&handler))
            .await;
        assert!(list.body.contains("已结案"), "{}", list.body);
    }
}
