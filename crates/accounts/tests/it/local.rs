//! Issue 23 item 2, 4, 5 on both backends: local registration with an SMS code (a code
//! answers once), a wrong GB 11643 check refused, the login delay as for staff
//! (SEC-ACCOUNTS), enterprises and their agents (an unauthorised agent refused), a claim with
//! a wrong code refused, the deletion's answer, and 注册用户数. Every refusal audited with
//! nothing changed.

use accounts::account::{self, Registration};
use accounts::{enterprise, model, rights, space};
use calendar::Instant;
use platform::Platform;
use platform::auth::backoff::ClientBackoff;
use platform::profile::RuleProfile;
use sqlx::Row as _;

const IP: &str = "192.0.2.7";

async fn count(platform: &Platform, sql: &str) -> i64 {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn denied(platform: &Platform, action: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = $1 AND outcome = 'denied'")
        .bind(action)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap()
}

async fn register(platform: &Platform, phone: &str, id_number: &str) -> accounts::Account {
    let now = Instant::from_millis(platform::db::now_ms());
    let code = account::send_code(&platform.db, &platform.key, phone, IP, now)
        .await
        .unwrap();
    let form = Registration {
        phone: phone.into(),
        code,
        password: "mima2026ok".into(),
        name: "张三".into(),
        id_number: id_number.into(),
    };
    account::register(&platform.db, &platform.key, &form, IP, now)
        .await
        .unwrap()
}

#[tokio::test]
async fn registration_login_and_bad_input() {
    for platform in platform::testing::each_backend().await {
        let now = Instant::from_millis(platform::db::now_ms());
        // A wrong check character: refused, nothing written, audited.
        let code = account::send_code(&platform.db, &platform.key, "13800138001", IP, now)
            .await
            .unwrap();
        let mut form = Registration {
            phone: "13800138001".into(),
            code: code.clone(),
            password: "mima2026ok".into(),
            name: "张三".into(),
            id_number: "110105194912310021".into(),
        };
        let error = account::register(&platform.db, &platform.key, &form, IP, now)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("校验码"), "{error}");
        assert_eq!(
            count(&platform, "SELECT COUNT(*) AS n FROM accounts").await,
            0
        );
        assert_eq!(denied(&platform, "account.register").await, 1);

        // The right ID number: registered, sealed (no clear value in the row).
        form.id_number = "11010519491231002X".into();
        let registered = account::register(&platform.db, &platform.key, &form, IP, now)
            .await
            .unwrap();
        assert_eq!(registered.id_number.as_deref(), Some("11010519491231002X"));
        let row = sqlx::query("SELECT id_number_sealed FROM accounts WHERE id = $1")
            .bind(registered.id)
            .fetch_one(&platform.db.pool)
            .await
            .unwrap();
        let sealed: Vec<u8> = row.try_get("id_number_sealed").unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("110105"));

        // The same code a second time (another phone's account would need its own code).
        let again = account::register(&platform.db, &platform.key, &form, IP, now)
            .await
            .unwrap_err();
        assert!(again.to_string().contains("已注册"), "{again}");
        form.phone = "13800138002".into();
        let reused = account::register(&platform.db, &platform.key, &form, IP, now)
            .await
            .unwrap_err();
        assert!(reused.to_string().contains("验证码"), "{reused}");
        assert_eq!(
            count(&platform, "SELECT COUNT(*) AS n FROM accounts").await,
            1
        );

        // Login: right password; wrong ones earn the staff's delay (SEC-ACCOUNTS).
        let profile = RuleProfile::default();
        let clients = ClientBackoff::default();
        let t = platform::db::now_ms();
        let id = account::login(
            &platform.db,
            &platform.key,
            &profile,
            &clients,
            ("13800138001", "mima2026ok", IP),
            t,
        )
        .await
        .unwrap();
        assert_eq!(id, registered.id);
        let after = profile.security.login_delay_after_failures;
        for i in 0..=after {
            let ip = format!("198.51.100.{i}");
            let refused = account::login(
                &platform.db,
                &platform.key,
                &profile,
                &clients,
                ("13800138001", "wrong-pass1", &ip),
                t,
            )
            .await
            .unwrap_err();
            assert_eq!(refused.to_string(), account::LOGIN_REFUSED);
        }
        // Within the delay even the right password is refused, with the same answer.
        let delayed = account::login(
            &platform.db,
            &platform.key,
            &profile,
            &clients,
            ("13800138001", "mima2026ok", "203.0.113.9"),
            t,
        )
        .await
        .unwrap_err();
        assert_eq!(delayed.to_string(), account::LOGIN_REFUSED);
        assert!(denied(&platform, "account.login").await > i64::from(after));
    }
}

#[tokio::test]
async fn enterprises_agents_claims_deletion_and_counts() {
    for platform in platform::testing::each_backend().await {
        let t = platform::db::now_ms();
        let representative = register(&platform, "13800138011", "11010519491231002X").await;
        let agent = register(&platform, "13800138012", "110105194912310038").await;
        let stranger = register(&platform, "13800138013", "360702198001011238").await;
        // A wrong 统一社会信用代码.
        let wrong = enterprise::register_enterprise(
            &platform.db,
            &representative,
            ("91360702MA35G0XK09", "赣州示例科技有限公司"),
            IP,
            t,
        )
        .await
        .unwrap_err();
        assert!(wrong.to_string().contains("统一社会信用代码"), "{wrong}");
        let firm = enterprise::register_enterprise(
            &platform.db,
            &representative,
            ("91360702MA35G0XK08", "赣州示例科技有限公司"),
            IP,
            t,
        )
        .await
        .unwrap();
        // An agent the representative did not authorise: refused, audited.
        let before = denied(&platform, "account.act_for").await;
        let refused = enterprise::act_for(&platform.db, agent.id, firm, IP, t)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("授权"), "{refused}");
        assert_eq!(denied(&platform, "account.act_for").await, before + 1);
        // Only the representative authorises.
        let not_theirs = enterprise::authorise_agent(
            &platform.db,
            &platform.key,
            (stranger.id, firm),
            "13800138012",
            IP,
            t,
        )
        .await
        .unwrap_err();
        assert!(
            not_theirs.to_string().contains("法定代表人"),
            "{not_theirs}"
        );
        enterprise::authorise_agent(
            &platform.db,
            &platform.key,
            (representative.id, firm),
            "13800138012",
            IP,
            t,
        )
        .await
        .unwrap();
        enterprise::act_for(&platform.db, agent.id, firm, IP, t)
            .await
            .unwrap();
        enterprise::act_for(&platform.db, representative.id, firm, IP, t)
            .await
            .unwrap();
        enterprise::revoke_agent(&platform.db, (representative.id, firm), agent.id, IP, t)
            .await
            .unwrap();
        assert!(
            enterprise::act_for(&platform.db, agent.id, firm, IP, t)
                .await
                .is_err()
        );

        // A claim with a number and code that match nothing: refused, nothing linked.
        let claim = space::claim(
            &platform.db,
            &platform.key,
            agent.id,
            (model::ItemKind::Appeal, "GZ20260000001", "WRONG-CODE"),
            IP,
            t,
        )
        .await
        .unwrap_err();
        assert!(!claim.to_string().is_empty());
        assert!(
            space::items(&platform.db, agent.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(denied(&platform, "account.claim").await, 1);
        // Another account's item is the same NotFound as an unknown one.
        let mut tx = platform.db.begin().await.unwrap();
        space::link_filed_in(
            &mut tx,
            stranger.id,
            model::ItemKind::Appeal,
            (999, "X1"),
            t,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let item_id = space::items(&platform.db, stranger.id).await.unwrap()[0].id;
        assert!(matches!(
            space::item(&platform.db, agent.id, item_id).await,
            Err(platform::Error::NotFound(_))
        ));

        // 注册用户数: three persons and an enterprise.
        let later = platform::db::now_ms() + 1;
        assert_eq!(
            rights::registered_count(&platform.db, later).await.unwrap(),
            4
        );
        // The download holds the account and its audit.
        let export = rights::export(&platform.db, &platform.key, agent.id, IP, later)
            .await
            .unwrap();
        assert_eq!(export.account.phone.as_deref(), Some("13800138012"));
        assert!(!export.audit.is_empty());
        // Deletion: the answer says what was erased and kept; the personal fields are gone.
        let deletion = rights::delete(&platform.db, stranger.id, IP, later)
            .await
            .unwrap();
        assert!(deletion.kept.iter().any(|k| k.contains("审计日志")));
        let gone = account::get(&platform.db, &platform.key, stranger.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(gone.status, "deleted");
        assert_eq!(gone.name, None);
        assert!(
            space::items(&platform.db, stranger.id)
                .await
                .unwrap()
                .is_empty()
        );
        let after = later + 1;
        assert_eq!(
            rights::registered_count(&platform.db, after).await.unwrap(),
            3
        );
    }
}
