//! 好差评 statistics and the rater's contact (EVAL-ALL): ratings by unit, item and staff add
//! up and state the formula; the rater's contact is stored sealed and fed back on acceptance.
//! The helpers are the rating tests' (`evaluation.rs`).

use platform::evaluation::{
    self, Channel, GroupBy, GroupStatistics, Level, RectificationCommand, satisfaction_formula,
};
use platform::personal::PhoneNumber;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::testing::each_backend;
use sqlx::Row as _;

use crate::evaluation::{apply, at, desk, monday, other_unit, rate_with, rating, report};
use crate::{backend, count, new_account};

#[tokio::test]
async fn eval_all_statistics_by_unit_item_and_staff_add_up_and_state_the_formula() {
    for platform in each_backend().await {
        let desk = desk(&platform).await;
        let unit_a = desk.unit;
        let unit_b = other_unit(&platform, unit_a, "test-tax", "测试区税务局").await;
        let (clerk_a, _) = new_account(&platform, unit_a, "clerk_a", Role::WindowClerk).await;
        let (clerk_b, _) = new_account(&platform, unit_b, "clerk_b", Role::WindowClerk).await;
        let profile = RuleProfile::default();
        let rows = [
            (
                "S-1",
                unit_a,
                Some(clerk_a),
                Some("ITEM-1"),
                Level::VerySatisfied,
            ),
            (
                "S-2",
                unit_a,
                Some(clerk_a),
                Some("ITEM-1"),
                Level::Satisfied,
            ),
            (
                "S-3",
                unit_a,
                Some(clerk_a),
                Some("ITEM-1"),
                Level::Unsatisfied,
            ),
            (
                "S-4",
                unit_a,
                None,
                Some("ITEM-2"),
                Level::BasicallySatisfied,
            ),
            ("S-5", unit_b, Some(clerk_b), None, Level::VeryUnsatisfied),
            ("S-6", unit_b, Some(clerk_b), None, Level::VerySatisfied),
        ];
        let mut accepted_once = false;
        for (subject, unit, clerk, item, level) in rows {
            let mut new = rating(subject, unit, Channel::Hall, level);
            new.staff_user_id = clerk;
            new.item_code = item.map(str::to_owned);
            let rated = rate_with(&platform, new, &profile, monday()).await.unwrap();
            // Unit A's bad rating is rectified and accepted; unit B's stays open.
            if unit == unit_a
                && let Some(id) = rated.rectification_id
            {
                let now = at("2025-03-05T10:00:00+08:00");
                apply(&platform, &desk, id, RectificationCommand::Submit, now)
                    .await
                    .unwrap();
                apply(&platform, &desk, id, RectificationCommand::Accept, now)
                    .await
                    .unwrap();
                accepted_once = true;
            }
        }
        assert!(accepted_once);
        // Outside the period: not counted.
        rate_with(
            &platform,
            rating("S-old", unit_a, Channel::Web, Level::VeryUnsatisfied),
            &profile,
            at("2025-02-03T09:00:00+08:00"),
        )
        .await
        .unwrap();

        let (from, until) = (
            at("2025-03-01T00:00:00+08:00"),
            at("2025-04-01T00:00:00+08:00"),
        );
        let by_unit = evaluation::statistics(&platform.db, &profile, GroupBy::Unit, from, until)
            .await
            .unwrap();
        assert_eq!(by_unit.formula, satisfaction_formula(&profile));
        assert!(by_unit.formula.contains("满意率"));
        assert_eq!(by_unit.overall.total, 6, "{}", backend(&platform));
        assert_eq!(by_unit.overall.per_level, [2, 1, 1, 1, 1]);
        assert_eq!((by_unit.overall.bad, by_unit.overall.rectified), (2, 1));
        assert_eq!(by_unit.overall.satisfaction_rate_text(), "66.67%");
        let a = by_unit
            .groups
            .iter()
            .find(|g| g.key == unit_a.to_string())
            .unwrap();
        assert_eq!(a.label, "测试区市场监督管理局");
        assert_eq!((a.per_level, a.total, a.satisfied), ([1, 1, 1, 1, 0], 4, 3));
        assert_eq!((a.bad, a.rectified), (1, 1));
        assert_eq!(a.satisfaction_rate_text(), "75.00%");
        assert_eq!(a.count_of(Level::Unsatisfied), 1);
        let b = by_unit
            .groups
            .iter()
            .find(|g| g.key == unit_b.to_string())
            .unwrap();
        assert_eq!((b.total, b.bad, b.rectified), (2, 1, 0));
        assert_eq!(b.satisfaction_rate_text(), "50.00%");
        let figures_of: [fn(&GroupStatistics) -> i64; 4] =
            [|g| g.total, |g| g.bad, |g| g.rectified, |g| g.satisfied];
        for figures in figures_of {
            assert_eq!(
                by_unit.groups.iter().map(figures).sum::<i64>(),
                figures(&by_unit.overall)
            );
        }

        let by_item = evaluation::statistics(&platform.db, &profile, GroupBy::Item, from, until)
            .await
            .unwrap();
        let items: Vec<_> = by_item
            .groups
            .iter()
            .map(|g| (g.key.as_str(), g.total, g.bad, g.rectified))
            .collect();
        assert_eq!(items, vec![("ITEM-1", 3, 1, 1), ("ITEM-2", 1, 0, 0)]);
        assert_eq!(by_item.overall.total, 6);

        let by_staff = evaluation::statistics(&platform.db, &profile, GroupBy::Staff, from, until)
            .await
            .unwrap();
        let clerks: Vec<_> = by_staff
            .groups
            .iter()
            .map(|g| (g.key.clone(), g.total, g.satisfied))
            .collect();
        assert_eq!(clerks.len(), 2);
        assert!(clerks.contains(&(clerk_a.to_string(), 3, 2)));
        assert!(clerks.contains(&(clerk_b.to_string(), 2, 1)));
        assert_eq!(by_staff.groups.iter().map(|g| g.total).sum::<i64>(), 5);

        let error = evaluation::statistics(&platform.db, &profile, GroupBy::Unit, until, from)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("统计截止时间"), "{error}");
    }
}

#[tokio::test]
async fn eval_all_the_raters_contact_is_stored_sealed_and_fed_back_on_acceptance() {
    const PHONE: &str = "13812345678";
    for platform in each_backend().await {
        let db = &platform.db;
        let desk = desk(&platform).await;
        let mut new = rating("P-1", desk.unit, Channel::Mobile, Level::Unsatisfied);
        new.rater_contact = Some(PhoneNumber::parse(PHONE).unwrap());
        let rated = rate_with(&platform, new, &RuleProfile::default(), monday())
            .await
            .unwrap();

        // No column of the row holds the clear phone.
        let row = sqlx::query(
            "SELECT subject_type, subject_id, channel, comment, rater_contact_sealed FROM evaluations WHERE id = $1",
        )
        .bind(rated.evaluation_id)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        let sealed: Vec<u8> = row.try_get("rater_contact_sealed").unwrap();
        assert!(
            !sealed.windows(PHONE.len()).any(|w| w == PHONE.as_bytes()),
            "{}",
            backend(&platform)
        );
        for column in ["subject_type", "subject_id", "channel", "comment"] {
            assert!(!row.try_get::<String, _>(column).unwrap().contains(PHONE));
        }
        assert_eq!(platform.key.open(&sealed).unwrap(), PHONE);
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE detail LIKE $1",
                &["%13812345678%"]
            )
            .await,
            0
        );

        // Unmasking is audited.
        let mut tx = db.begin().await.unwrap();
        let clear = evaluation::unmask_rater_contact(
            &mut tx,
            &platform.key,
            &desk.handler,
            rated.evaluation_id,
            monday(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(clear.as_deref(), Some(PHONE));
        assert_eq!(
            count(
                db,
                "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask'",
                &[]
            )
            .await,
            1
        );

        // 反馈: the accepted feedback goes to the rater by SMS, the address sealed again.
        let id = rated.rectification_id.unwrap();
        let now = at("2025-03-05T10:00:00+08:00");
        apply(&platform, &desk, id, RectificationCommand::Submit, now)
            .await
            .unwrap();
        apply(&platform, &desk, id, RectificationCommand::Accept, now)
            .await
            .unwrap();
        let sms = sqlx::query("SELECT address, body FROM outbox WHERE channel = 'sms'")
            .fetch_all(&db.pool)
            .await
            .unwrap();
        assert_eq!(sms.len(), 1);
        let address: Vec<u8> = sms[0].try_get("address").unwrap();
        assert!(!address.windows(PHONE.len()).any(|w| w == PHONE.as_bytes()));
        assert_eq!(platform.key.open(&address).unwrap(), PHONE);
        assert_eq!(
            sms[0].try_get::<String, _>("body").unwrap(),
            report().feedback_to_rater
        );
    }
}
