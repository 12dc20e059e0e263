//! Complaints about disclosure by HTTP (PUB-COMPLAINT; 002 投诉举报 §5–§7), on both backends:
//! the government office's openness officer registers a complaint about the market bureau
//! (without the matter it is refused, 400, what was typed kept, nothing stored) and forwards
//! it; the office's reply (403), feedback before the reply and a stale page (409) are
//! refused with a Chinese message and nothing changed; the bureau's handler replies; the officer feeds back
//! with the satisfaction and closes. Privacy canary (§7): the complainant's unique name and
//! contact appear in no page the bureau's staff can GET — every GET route of the back office
//! tried with the complaint's id.

use axum::http::StatusCode;
use sqlx::Row as _;

use crate::common::{TestApp, app_on};

const CANARY: &str = "金丝雀投诉人壬癸";
const CONTACT: &str = "13699990000";

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
async fn pub_complaint_registered_answered_fed_back_and_the_unit_never_sees_the_complainant() {
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
        let stored = "SELECT COUNT(*) AS n FROM openness_complaints";

        // The form, and a refusal: no matter — 400, the name kept, nothing stored.
        let form = app
            .get("/office/openness/complaints/new", Some(&officer))
            .await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(
            form.body.contains("不依法履行政务公开义务"),
            "{}",
            form.body
        );
        let base = format!(
            "name={}&contact={CONTACT}&channel=phone&received_at=&unit={market}&ground=not_compiled_or_updated",
            encoded(CANARY)
        );
        let refused = app
            .post("/office/openness/complaints", Some(&officer), &base)
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(refused.body.contains("主要事项") && refused.body.contains(CANARY));
        assert_eq!(number(&app, stored).await, 0);

        let made = app
            .post(
                "/office/openness/complaints",
                Some(&officer),
                &format!(
                    "{base}&matter={}",
                    encoded("市场监管局网站未公开双随机抽查结果")
                ),
            )
            .await;
        assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
        let page = made.location().to_owned();
        let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
        let version = || async {
            number(
                &app,
                &format!("SELECT version AS n FROM openness_complaints WHERE id = {id}"),
            )
            .await
        };
        let office_page = app.get(&page, Some(&officer)).await;
        assert!(
            office_page.body.contains("转办期限"),
            "{}",
            office_page.body
        );
        assert!(
            !office_page.body.contains(CANARY),
            "the office sees it masked"
        );

        let forward = format!("version={}", version().await);
        let forwarded = app
            .post(&format!("{page}/forward"), Some(&officer), &forward)
            .await;
        assert_eq!(
            forwarded.status,
            StatusCode::SEE_OTHER,
            "{}",
            forwarded.body
        );

        // Refusals: 403 not theirs, 409 not yet or stale; a Chinese message, nothing changed.
        let before = version().await;
        let reply = format!("version={before}&text={}", encoded("已在网站公开抽查结果"));
        let by_office = app
            .post(&format!("{page}/reply"), Some(&officer), &reply)
            .await;
        assert_eq!(by_office.status, StatusCode::FORBIDDEN);
        assert!(by_office.body.contains("只有被投诉单位的工作人员可以回复"));
        let early = format!("version={before}&means=in_person&satisfaction=satisfied&note=");
        let early = app
            .post(&format!("{page}/feedback"), Some(&officer), &early)
            .await;
        assert_eq!(early.status, StatusCode::CONFLICT);
        assert!(early.body.contains("反馈投诉人"), "{}", early.body);
        let stale = format!("version={}&text=x", before - 1);
        let stale = app
            .post(&format!("{page}/reply"), Some(&handler), &stale)
            .await;
        assert_eq!(stale.status, StatusCode::CONFLICT);
        assert!(stale.body.contains("刷新"), "{}", stale.body);
        assert_eq!(version().await, before);

        // The bureau's handler replies from its page.
        let unit_page = app.get(&page, Some(&handler)).await;
        assert!(
            unit_page.body.contains("id=\"reply\""),
            "{}",
            unit_page.body
        );
        let replied = app
            .post(&format!("{page}/reply"), Some(&handler), &reply)
            .await;
        assert_eq!(replied.status, StatusCode::SEE_OTHER, "{}", replied.body);

        // PUB-COMPLAINT (§7): no page the bureau's staff can GET carries the complainant.
        let mut tried = 0;
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
                    !answer.body.contains(CANARY) && !answer.body.contains(CONTACT),
                    "the complainant leaks on {path}"
                );
                tried += 1;
            }
        }
        assert!(tried > 20);

        let feedback = format!(
            "version={}&means=phone&satisfaction=basically&note={}",
            version().await,
            encoded("电话告知办理结果，投诉人基本满意")
        );
        let fed_back = app
            .post(&format!("{page}/feedback"), Some(&officer), &feedback)
            .await;
        assert_eq!(fed_back.status, StatusCode::SEE_OTHER, "{}", fed_back.body);
        let close = format!("version={}", version().await);
        let closed = app
            .post(&format!("{page}/close"), Some(&officer), &close)
            .await;
        assert_eq!(closed.status, StatusCode::SEE_OTHER, "{}", closed.body);
        let list = app.get("/office/openness/complaints", Some(&officer)).await;
        assert!(list.body.contains("已办结归档"), "{}", list.body);
        let unit_list = app.get("/office/openness/complaints", Some(&handler)).await;
        assert!(
            unit_list
                .body
                .contains("市场监管局网站未公开双随机抽查结果")
        );
    }
}
