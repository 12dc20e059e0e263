//! HL-RATES, EVAL-ALL: the 好差评 statistics count 基本满意 as satisfied only when the profile's
//! `evaluation.satisfaction_counts_basically_satisfied` says so (the same switch as the 12345
//! 三率), and print the formula they used; a profile stored with the switch at its old place
//! (`hotline.*`) still loads with it.

use calendar::{Calendar, Instant};
use platform::audit::AuditActor;
use platform::evaluation::{self, Channel, GroupBy, Level, NewEvaluation, SubjectType};
use platform::profile::RuleProfile;
use platform::testing::each_backend;

use crate::{backend, new_unit};

fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(text).unwrap()
}

/// One rating of a case of `unit_id` at Monday 2025-03-03 09:00.
async fn rate(platform: &platform::Platform, subject_id: &str, unit_id: i64, level: Level) {
    let new = NewEvaluation {
        subject_type: SubjectType::Case,
        subject_id: subject_id.into(),
        round: 1,
        unit_id,
        staff_user_id: None,
        item_code: None,
        channel: Channel::Web,
        level,
        comment: String::new(),
        rater_contact: None,
        entered_by_user_id: None,
    };
    let mut tx = platform.db.begin().await.unwrap();
    evaluation::rate(
        &mut tx,
        &platform.key,
        &AuditActor::anonymous("127.0.0.1"),
        new,
        &Calendar::national(),
        &RuleProfile::default(),
        at("2025-03-03T09:00:00+08:00"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn hl_rates_basically_satisfied_switched_off_is_not_satisfied_in_the_evaluation_statistics() {
    for platform in each_backend().await {
        let unit = new_unit(&platform).await;
        rate(&platform, "S-1", unit, Level::Satisfied).await;
        rate(&platform, "S-2", unit, Level::BasicallySatisfied).await;
        rate(&platform, "S-3", unit, Level::Unsatisfied).await;
        rate(&platform, "S-4", unit, Level::VerySatisfied).await;
        let (from, until) = (
            at("2025-03-01T00:00:00+08:00"),
            at("2025-04-01T00:00:00+08:00"),
        );
        let name = backend(&platform);

        let default = RuleProfile::default();
        assert!(default.evaluation.satisfaction_counts_basically_satisfied);
        let counted = evaluation::statistics(&platform.db, &default, GroupBy::Unit, from, until)
            .await
            .unwrap();
        assert_eq!(
            (counted.overall.satisfied, counted.overall.total),
            (3, 4),
            "{name}"
        );
        assert_eq!(counted.overall.satisfaction_rate_text(), "75.00%");
        assert!(counted.formula.contains("非常满意 + 满意 + 基本满意"));

        let mut strict = RuleProfile::default();
        strict.evaluation.satisfaction_counts_basically_satisfied = false;
        let stats = evaluation::statistics(&platform.db, &strict, GroupBy::Unit, from, until)
            .await
            .unwrap();
        assert_eq!(
            (stats.overall.satisfied, stats.overall.total),
            (2, 4),
            "{name}"
        );
        assert_eq!(stats.overall.satisfaction_rate_text(), "50.00%");
        let row = stats.groups.first().unwrap();
        assert_eq!((row.satisfied, row.total), (2, 4), "{name}");
        assert!(
            stats
                .formula
                .contains("（非常满意 + 满意，“基本满意”不计入）")
        );
        assert!(Level::Satisfied.is_satisfied(&strict));
        assert!(!Level::BasicallySatisfied.is_satisfied(&strict));
        assert!(Level::BasicallySatisfied.is_satisfied(&default));
    }
}

#[test]
fn hl_rates_a_profile_stored_with_the_switch_under_hotline_still_loads_it() {
    let old = r#"{"hotline":{"satisfaction_counts_basically_satisfied":false,"sign":"2wh"}}"#;
    let profile = RuleProfile::load("ganzhou", old).unwrap();
    assert!(!profile.evaluation.satisfaction_counts_basically_satisfied);
    assert_eq!(profile.hotline.sign.to_string(), "2wh");
    // Saved again, it is stored at its new place.
    let stored = profile.overrides_against("ganzhou").unwrap();
    assert!(
        stored.contains(r#""evaluation":{"satisfaction_counts_basically_satisfied":false}"#),
        "{stored}"
    );
    // A value at the new place wins over one left at the old place.
    let both = r#"{"hotline":{"satisfaction_counts_basically_satisfied":false},
                   "evaluation":{"satisfaction_counts_basically_satisfied":true}}"#;
    let profile = RuleProfile::load("ganzhou", both).unwrap();
    assert!(profile.evaluation.satisfaction_counts_basically_satisfied);
}
