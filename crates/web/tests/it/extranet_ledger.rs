//! NET-LEDGER by HTTP (000 外网 §14–§16), on both backends: the market bureau's handler keeps
//! its ledger from the page — a declaration without its confirmation and an access point with
//! a too long location are refused (400, nothing stored), then the declaration, an access
//! point and the leader and staff are saved; the office sees the unit on its list, sends a
//! finding (without its detail: 400, nothing stored), is refused the cut-off before the
//! deadline; a finding whose deadline ran out cuts the unit off from its page (the ledger
//! says 已断开), the unit reports its fix and the office restores it; another unit's staff do
//! not find the finding; the annual report and its Excel file count the cut-off.

use axum::http::StatusCode;
use calendar::Instant;
use extranet::UnitId;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::common::{Client, TestApp, app_on};

async fn number(app: &TestApp, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&app.platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

pub(crate) fn encoded(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn user(app: &TestApp, name: &str) -> i64 {
    platform::users::id_by_username(&app.platform.db, name)
        .await
        .unwrap()
        .unwrap()
}

pub(crate) async fn unit(app: &TestApp, code: &str) -> i64 {
    platform::units::find_by_code(&app.platform.db, code)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn step(app: &TestApp, who: &Client, id: i64, command: &str, text: &str) -> StatusCode {
    let v = number(
        app,
        &format!("SELECT version AS n FROM extranet_findings WHERE id = {id}"),
    )
    .await;
    let answer = app
        .post(
            &format!("/office/extranet/findings/{id}/step"),
            Some(who),
            &format!("version={v}&command={command}&text={}", encoded(text)),
        )
        .await;
    answer.status
}

/// A finding sent to the market bureau 30 days ago (its fix clock long run out).
pub(crate) async fn old_finding(app: &TestApp) -> i64 {
    let db = &app.platform.db;
    let id = user(app, "netadmin").await;
    let actor = platform::users::load_actor(db, id).await.unwrap().unwrap();
    let audit = AuditActor::staff(&actor, "127.0.0.1");
    let profile = platform::jurisdiction::current(db)
        .await
        .unwrap()
        .unwrap()
        .profile;
    let calendar = platform::workcal::load_current(db).await.unwrap();
    let then = Instant::from_millis(platform::db::now_ms() - 30 * 86_400_000);
    let context = Context::new(&app.platform.key, &audit, &calendar, &profile, then);
    extranet::usecase::findings::send(
        db,
        &context,
        &extranet::Acting::from(&actor),
        UnitId(unit(app, "gz-it").await),
        UnitId(unit(app, "gz-market").await),
        "未按要求更换默认口令",
        "接入交换机仍使用默认口令，限期更换",
    )
    .await
    .unwrap()
    .finding
    .id
    .0
}

#[tokio::test]
async fn net_ledger_ledgers_findings_and_cut_off_through_the_pages() {
    for platform in platform::testing::each_backend().await {
        let app = app_on(platform).await;
        let handler = app.demo_session("handler").await;
        let office = app.demo_session("netadmin").await;

        // The unit's ledger and its forms.
        let page = app.get("/office/extranet/ledger", Some(&handler)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("分管领导")
                && page.body.contains("/office/extranet/ledger/declaration")
        );
        let declarations = "SELECT COUNT(*) AS n FROM extranet_wireless_declarations";
        let unconfirmed = app
            .post(
                "/office/extranet/ledger/declaration",
                Some(&handler),
                "confirm=&note=",
            )
            .await;
        assert_eq!(unconfirmed.status, StatusCode::BAD_REQUEST);
        assert!(
            unconfirmed.body.contains("NET-LEDGER"),
            "{}",
            unconfirmed.body
        );
        assert_eq!(number(&app, declarations).await, 0);
        let declared = app
            .post(
                "/office/extranet/ledger/declaration",
                Some(&handler),
                &format!("confirm=yes&note={}", encoded("已排查机关各楼层")),
            )
            .await;
        assert_eq!(declared.status, StatusCode::SEE_OTHER, "{}", declared.body);
        assert_eq!(number(&app, declarations).await, 1);
        let long = "楼".repeat(201);
        let too_long = app
            .post(
                "/office/extranet/ledger/points",
                Some(&handler),
                &format!(
                    "location={}&mode=dedicated_line&allocation=&note=",
                    encoded(&long)
                ),
            )
            .await;
        assert_eq!(too_long.status, StatusCode::BAD_REQUEST);
        assert!(
            too_long.body.contains("不能超过200个字"),
            "{}",
            too_long.body
        );
        let points = "SELECT COUNT(*) AS n FROM extranet_access_points";
        assert_eq!(number(&app, points).await, 0);
        let point = app
            .post(
                "/office/extranet/ledger/points",
                Some(&handler),
                &format!(
                    "location={}&mode=aggregated&allocation=&note=",
                    encoded("机关三楼机房")
                ),
            )
            .await;
        assert_eq!(point.status, StatusCode::SEE_OTHER, "{}", point.body);
        let (leader, me) = (user(&app, "leader").await, user(&app, "handler").await);
        let people = app
            .post(
                "/office/extranet/ledger/people",
                Some(&handler),
                &format!("leader={leader}&staff={me}"),
            )
            .await;
        assert_eq!(people.status, StatusCode::SEE_OTHER, "{}", people.body);
        let ledger = app.get("/office/extranet/ledger", Some(&handler)).await;
        assert!(ledger.body.contains("机关三楼机房") && ledger.body.contains("黄局长"));
        assert!(ledger.body.contains("正常接入"));

        // The office's list and the finding form.
        let list = app.get("/office/extranet/ledger", Some(&office)).await;
        assert!(list.body.contains("区市场监督管理局"), "{}", list.body);
        let market = unit(&app, "gz-market").await;
        let stored = "SELECT COUNT(*) AS n FROM extranet_findings";
        let empty = app
            .post(
                "/office/extranet/findings",
                Some(&office),
                &format!("unit={market}&title={}&detail=", encoded("私接无线路由器")),
            )
            .await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.body.contains("整改要求"), "{}", empty.body);
        assert_eq!(number(&app, stored).await, 0);
        let sent = app
            .post(
                "/office/extranet/findings",
                Some(&office),
                &format!(
                    "unit={market}&title={}&detail={}",
                    encoded("私接无线路由器"),
                    encoded("三楼会议室私接无线路由器，限期拆除")
                ),
            )
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let fresh: i64 = sent.location().rsplit('/').next().unwrap().parse().unwrap();
        let shown = app.get(sent.location(), Some(&handler)).await;
        assert!(shown.body.contains("整改期限") && shown.body.contains("report_fix"));
        // NET-LEDGER: no cut-off before the deadline; nothing changes.
        let audit = app.audit_seq().await;
        assert_eq!(
            step(&app, &office, fresh, "cut_off", "逾期").await,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(app.audit_seq().await, audit);

        // A finding ignored past its deadline: cut off, then restored.
        let old = old_finding(&app).await;
        assert_eq!(
            step(&app, &handler, old, "cut_off", "x").await,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            step(&app, &office, old, "cut_off", "逾期未整改").await,
            StatusCode::SEE_OTHER
        );
        let cut = app.get("/office/extranet/ledger", Some(&handler)).await;
        assert!(cut.body.contains("已断开"), "{}", cut.body);
        let other = app.login_as(platform::roles::Role::UnitHandler).await;
        let hidden = app
            .get(&format!("/office/extranet/findings/{old}"), Some(&other))
            .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        assert_eq!(
            step(&app, &handler, old, "report_fix", "已更换口令").await,
            StatusCode::SEE_OTHER
        );
        assert_eq!(
            step(&app, &office, old, "restore", "现场核实").await,
            StatusCode::SEE_OTHER
        );
        let restored = app.get("/office/extranet/ledger", Some(&handler)).await;
        assert!(!restored.body.contains("已断开"), "{}", restored.body);

        // The annual report and its Excel file.
        let report = app.get("/office/extranet/report", Some(&office)).await;
        assert_eq!(report.status, StatusCode::OK);
        assert!(report.body.contains("本年阻断接入"), "{}", report.body);
        let bad_year = app
            .get("/office/extranet/report?year=abc", Some(&office))
            .await;
        assert_eq!(bad_year.status, StatusCode::BAD_REQUEST);
        let xlsx = app
            .get("/office/extranet/report/export", Some(&office))
            .await;
        assert_eq!(xlsx.status, StatusCode::OK);
        assert!(
            xlsx.headers["content-type"]
                .to_str()
                .unwrap()
                .contains("spreadsheetml")
        );
        assert_eq!(
            app.get("/office/extranet/report", Some(&handler))
                .await
                .status,
            StatusCode::FORBIDDEN
        );
    }
}
