//! The annual work report on both backends (WEB-ANNUAL, WEB-STATS; `reports.md` §2): the
//! counts equal what the fixture published in the year — per line of 信息发布, special columns,
//! interpretations, visits — with the site's identity from its registration; the portal's
//! services block counted; the host unit's inputs and signatures kept, refused whole when one
//! is wrong; published after the year with its signatures, frozen, and marked late after
//! 31 January.

use sites::ColumnId;
use sites::annual::Value;
use sites::article::Command;
use sites::column::ColumnKind;
use sites::usecase::public::{self, Visitor};
use sites::usecase::{self, ColumnInput};

use crate::world::{Staff, World, news_content, policy, t0, worlds};
use crate::{PROFILE, at, date};

const VISITOR: Visitor<'static> = Visitor {
    address: "203.0.113.9",
    user_agent: "Mozilla/5.0",
};

async fn column(w: &World, name: &str, kind: ColumnKind) -> ColumnId {
    let input = ColumnInput {
        parent: None,
        name: name.into(),
        kind,
        responsible_unit: w.edu,
        editor_a: Some(w.editor_a.acting.user),
        editor_b: Some(w.editor_b.acting.user),
        special_opened_by: (kind == ColumnKind::Special).then_some(w.edu),
        position: 0,
    };
    let by = &w.publisher;
    usecase::create_column(
        &w.platform.db,
        &w.context(by, t0()),
        &by.acting,
        w.dept,
        input,
    )
    .await
    .unwrap()
}

/// The fixture's year of the education site: two news items (one withdrawn), a policy
/// document and its interpretation (linked), an overview page and a page of an approved
/// special column, and three views by two visitors; one more view in 2026.
async fn publish_a_year(w: &World) {
    let db = &w.platform.db;
    let overview = column(w, "教育概况", ColumnKind::Overview).await;
    let special = column(w, "双减专题", ColumnKind::Special).await;
    let by = &w.office_leader;
    usecase::approve_special_column(db, &w.context(by, t0()), &by.acting, special, 1)
        .await
        .unwrap();
    w.published(w.news, news_content("开学安全教育")).await;
    let gone = w.published(w.news, news_content("错误的通知")).await;
    let withdraw = Command::Withdraw {
        reason: "内容有误".into(),
    };
    w.run(gone, withdraw, &w.publisher, t0()).await.unwrap();
    let document = w.published(w.policy, policy()).await;
    let reading = w
        .published(w.interpretations, news_content("一图读懂招生入学办法"))
        .await;
    usecase::link_interpretation(
        db,
        &w.context(&w.publisher, t0()),
        &w.publisher.acting,
        document,
        reading,
        None,
    )
    .await
    .unwrap();
    w.published(overview, news_content("甘州教育基本情况"))
        .await;
    w.published(special, news_content("双减工作推进会")).await;
    for (when, agent, salt) in [
        ("2025-03-03T10:00", "Mozilla/5.0", 1u8),
        ("2025-03-03T11:00", "Mozilla/5.0", 2),
        ("2025-03-03T12:00", "Safari", 3),
        ("2026-01-02T12:00", "Safari", 4),
    ] {
        let visitor = Visitor {
            user_agent: agent,
            ..VISITOR
        };
        public::record_view(db, w.dept, visitor, at(when), [salt; 32])
            .await
            .unwrap();
    }
}

fn count(view: &usecase::AnnualView, key: &str) -> Option<i64> {
    view.report.get(key).and_then(Value::count)
}

fn texts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(key, text)| ((*key).to_owned(), (*text).to_owned()))
        .collect()
}

/// WEB-ANNUAL, WEB-STATS: the computed counts are what the fixture published in 2025 (the
/// withdrawn page not counted), the identity is the registration's, the services block is
/// left to the department site's inputs and counted for the portal.
#[tokio::test]
async fn web_annual_the_computed_counts_equal_what_was_published() {
    for w in worlds().await {
        let db = &w.platform.db;
        publish_a_year(&w).await;
        let view = usecase::annual_report(db, &PROFILE, w.dept, 2025)
            .await
            .unwrap();
        let backend = w.backend();
        assert_eq!(
            view.report.get("site_name"),
            Some(&Value::Text("甘州区教育局".into()))
        );
        assert_eq!(
            view.report.get("site_code"),
            Some(&Value::Text("6207020003".into()))
        );
        assert_eq!(
            [
                "info_total",
                "info_overview",
                "info_news",
                "info_catalogue",
                "special_maintained",
                "special_opened",
                "interpret_total",
                "unique_visitors",
                "page_views",
            ]
            .map(|key| count(&view, key)),
            [5, 1, 1, 2, 1, 1, 1, 2, 3].map(Some),
            "{backend}"
        );
        assert_eq!(
            view.report.get("security_drill"),
            Some(&Value::YesNo(false))
        );
        assert_eq!(
            view.report.get("security_responsible"),
            Some(&Value::YesNo(true))
        );
        assert_eq!(view.report.get("service_items"), None);
        assert_eq!(view.report.due, date("2026-01-31"));
        assert_eq!((view.version, view.publication.clone()), (0, None));
        let portal = usecase::annual_report(db, &PROFILE, w.portal, 2025)
            .await
            .unwrap();
        assert_eq!(count(&portal, "service_items"), Some(0), "{backend}");
        assert_eq!(
            portal.report.get("service_catalogue"),
            Some(&Value::YesNo(false))
        );
        assert_eq!(count(&portal, "info_total"), Some(0));
    }
}

/// WEB-ANNUAL: only the site's administrators fill the report; a form with a counted field
/// and a malformed value is refused whole and keeps nothing; the inputs are kept and read back
/// by their kind; a stale page is a conflict; the report is published only after the year and
/// with its signatures, is frozen as published, and takes no more inputs. Published by
/// 31 January it is on time; the portal's, published on 2 February, is marked late.
#[tokio::test]
async fn web_annual_inputs_kept_and_a_publication_after_31_january_marked_late() {
    for w in worlds().await {
        let db = &w.platform.db;
        publish_a_year(&w).await;
        let year = (w.dept, 2025);
        let january = at("2026-01-10T09:00");
        let by = &w.publisher;
        let save = async |texts: Vec<(String, String)>, version: Option<i64>, who: &Staff| {
            let context = w.context(who, january);
            usecase::save_annual_inputs(db, &context, &who.acting, year, &texts, version).await
        };
        let denied = save(texts(&[("media", "是")]), None, &w.editor_a)
            .await
            .unwrap_err();
        assert!(denied.to_string().contains("WEB-ANNUAL"), "{denied}");
        let bad = texts(&[("info_total", "99"), ("surveys", "六"), ("media", "是")]);
        let error = save(bad, None, by).await.unwrap_err().to_string();
        assert!(
            error.contains("info_total") && error.contains("征集调查期数"),
            "{error}"
        );
        let view = usecase::annual_report(db, &PROFILE, w.dept, 2025)
            .await
            .unwrap();
        assert_eq!(view.version, 0, "nothing kept");
        let inputs = texts(&[
            ("interpret_materials", "2"),
            ("messages_days", "1.5"),
            ("media", "是"),
            ("weibo_name", "甘州教育发布"),
            ("signed_head", "王明"),
            ("signed_reviewer", "李强"),
            ("signed_filler", "张晓明"),
            ("signed_phone", "0936-8212345"),
        ]);
        assert_eq!(save(inputs, Some(0), by).await.unwrap(), 1);
        let view = usecase::annual_report(db, &PROFILE, w.dept, 2025)
            .await
            .unwrap();
        assert_eq!(view.version, 1, "{}", w.backend());
        assert_eq!(count(&view, "interpret_materials"), Some(2));
        assert_eq!(view.report.get("messages_days"), Some(&Value::Decimal(150)));
        assert_eq!(view.report.get("media"), Some(&Value::YesNo(true)));
        assert_eq!(
            view.report.get("signed_phone"),
            Some(&Value::Text("09368212345".into()))
        );
        assert_eq!(count(&view, "info_total"), Some(5), "counted, not typed");
        let publish = async |who: &Staff, site, when| {
            let context = w.context(who, at(when));
            usecase::publish_annual_report(db, &context, &who.acting, (site, 2025), None).await
        };
        let unsigned = publish(by, w.dept, "2026-01-12T09:00").await.unwrap_err();
        assert!(unsigned.to_string().contains("填报日期"), "{unsigned}");
        let stale = save(texts(&[("signed_on", "2026-01-20")]), Some(0), by).await;
        assert!(stale.is_err(), "a stale page is a conflict");
        save(texts(&[("signed_on", "2026-01-20")]), Some(1), by)
            .await
            .unwrap();
        let early = usecase::publish_annual_report(
            db,
            &w.context(by, at("2025-12-31T09:00")),
            &by.acting,
            year,
            None,
        )
        .await
        .unwrap_err();
        assert!(early.to_string().contains("结束后发布"), "{early}");
        let on_time = publish(by, w.dept, "2026-01-31T17:00").await.unwrap();
        assert!(!on_time.late);
        assert_eq!(on_time.due, date("2026-01-31"));
        // Frozen: a page published later in 2025's records does not change the published report.
        let (id, _) = w.draft(w.news, news_content("补录的年底信息")).await;
        w.run(id, Command::Submit, &w.editor_a, t0()).await.unwrap();
        let review = Command::Review {
            opinion: "同意".into(),
        };
        w.run(id, review, &w.reviewer, t0()).await.unwrap();
        let late_in_year = at("2025-12-30T09:00");
        w.run(
            id,
            Command::Publish { at: None },
            &w.publisher,
            late_in_year,
        )
        .await
        .unwrap();
        let view = usecase::annual_report(db, &PROFILE, w.dept, 2025)
            .await
            .unwrap();
        assert_eq!(count(&view, "info_total"), Some(5), "as published");
        assert_eq!(view.publication.as_ref().map(|p| p.late), Some(false));
        assert!(save(texts(&[("media", "否")]), None, by).await.is_err());
        // The portal's report, published on 2 February: late.
        let signatures = texts(&[
            ("signed_head", "赵刚"),
            ("signed_reviewer", "钱敏"),
            ("signed_filler", "孙丽"),
            ("signed_phone", "13912340000"),
            ("signed_on", "2026-02-02"),
        ]);
        usecase::save_annual_inputs(
            db,
            &w.context(by, january),
            &by.acting,
            (w.portal, 2025),
            &signatures,
            None,
        )
        .await
        .unwrap();
        let late = publish(by, w.portal, "2026-02-02T09:00").await.unwrap();
        assert!(late.late, "{}", w.backend());
        let overview = usecase::annual_overview(db, &PROFILE, 2025, at("2026-02-03T09:00"))
            .await
            .unwrap();
        let marks: Vec<(bool, bool, bool)> = overview
            .iter()
            .map(|line| (line.published_at.is_some(), line.late, line.overdue))
            .collect();
        assert_eq!(marks, [(true, true, false), (true, false, false)]);
        let late_audit = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.annual.publish' \
                          AND detail LIKE '%逾期%'";
        assert_eq!(w.scalar(late_audit).await, 1);
        let saved = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'sites.annual.save'";
        assert_eq!(w.scalar(saved).await, 3);
    }
}
