//! The rule profile of the jurisdiction: saved changes are stored as overrides of the
//! preset, reload through `current`, are audited key by key, and invalid edits change nothing.

use platform::db::now_ms;
use platform::jurisdiction;
use platform::testing::each_backend;
use platform::{Error, Platform};
use sqlx::Row as _;

use crate::{backend, count, new_unit, system};

fn edits(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

async fn stored_overrides(platform: &Platform) -> serde_json::Value {
    let row = sqlx::query("SELECT profile_overrides FROM jurisdictions")
        .fetch_one(&platform.db.pool)
        .await
        .unwrap();
    serde_json::from_str(&row.get::<String, _>("profile_overrides")).unwrap()
}

const PROFILE_EDITS: &str = "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'profile.edit'";

#[tokio::test]
async fn a_saved_profile_is_stored_as_overrides_reloaded_and_audited_with_before_and_after() {
    for platform in each_backend().await {
        let db = &platform.db;
        new_unit(&platform).await;
        let before = jurisdiction::require_current(db).await.unwrap();
        let edited = before
            .profile
            .with_edits(&edits(&[
                ("hotline.sign", "2wh"),
                ("security.login_delay_after_failures", "3"),
            ]))
            .unwrap();

        let n_changes = jurisdiction::save_profile(db, &system(), &before, &edited, now_ms())
            .await
            .unwrap();

        assert_eq!(n_changes, 2, "{}", backend(&platform));
        let after = jurisdiction::require_current(db).await.unwrap();
        assert_eq!(after.profile, edited);
        assert_eq!(after.profile.security.login_delay_after_failures, 3);
        assert_eq!(
            stored_overrides(&platform).await,
            serde_json::json!({"hotline": {"sign": "2wh"}, "security": {"login_delay_after_failures": 3}})
        );
        assert_eq!(
            count(db, PROFILE_EDITS, &[]).await,
            1,
            "one audit row for one save"
        );
        let detail: String =
            sqlx::query("SELECT detail FROM audit_log WHERE action = 'profile.edit'")
                .fetch_one(&db.pool)
                .await
                .unwrap()
                .get("detail");
        for expected in [
            r#"hotline.sign: "1wh" → "2wh""#,
            "security.login_delay_after_failures: 5 → 3",
        ] {
            assert!(
                detail.contains(expected),
                "{}: {detail}",
                backend(&platform)
            );
        }
    }
}

#[tokio::test]
async fn reverting_a_value_to_its_preset_removes_the_override_and_saving_no_change_writes_nothing()
{
    for platform in each_backend().await {
        let db = &platform.db;
        new_unit(&platform).await;
        let original = jurisdiction::require_current(db).await.unwrap();
        let edited = original
            .profile
            .with_edits(&edits(&[("hotline.sign", "2wh")]))
            .unwrap();
        jurisdiction::save_profile(db, &system(), &original, &edited, now_ms())
            .await
            .unwrap();

        let current = jurisdiction::require_current(db).await.unwrap();
        assert_eq!(
            jurisdiction::save_profile(db, &system(), &current, &current.profile, now_ms())
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            count(db, PROFILE_EDITS, &[]).await,
            1,
            "{}: no row for no change",
            backend(&platform)
        );

        let reverted = current
            .profile
            .with_edits(&edits(&[("hotline.sign", "1wh")]))
            .unwrap();
        jurisdiction::save_profile(db, &system(), &current, &reverted, now_ms())
            .await
            .unwrap();
        assert_eq!(stored_overrides(&platform).await, serde_json::json!({}));
        assert_eq!(
            jurisdiction::require_current(db).await.unwrap().profile,
            original.profile
        );
    }
}

#[tokio::test]
async fn sec_audit_a_retention_of_three_months_is_refused_and_changes_nothing() {
    for platform in each_backend().await {
        let db = &platform.db;
        new_unit(&platform).await;
        let current = jurisdiction::require_current(db).await.unwrap();
        let n_audit_rows = count(db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await;

        let through_the_form = current
            .profile
            .with_edits(&edits(&[("security.audit_retention_months", "3")]));
        assert!(
            matches!(through_the_form, Err(Error::Invalid(_))),
            "{through_the_form:?}"
        );
        let mut built_directly = current.profile.clone();
        built_directly.security.audit_retention_months = 3;
        let saved =
            jurisdiction::save_profile(db, &system(), &current, &built_directly, now_ms()).await;
        let Err(Error::Invalid(message)) = saved else {
            panic!("{}: 3 months must be refused", backend(&platform))
        };
        assert!(message.contains("6 个月"), "{message}");

        assert_eq!(
            jurisdiction::require_current(db).await.unwrap(),
            current,
            "{}",
            backend(&platform)
        );
        assert_eq!(stored_overrides(&platform).await, serde_json::json!({}));
        assert_eq!(
            count(db, "SELECT COUNT(*) AS n FROM audit_log", &[]).await,
            n_audit_rows
        );
    }
}

#[test]
fn unknown_keys_and_unparsable_values_are_refused_with_the_fields_label() {
    let profile = platform::profile::RuleProfile::default();
    let Err(Error::Invalid(unknown)) = profile.with_edits(&edits(&[("hotline.nonsense", "1")]))
    else {
        panic!("unknown key")
    };
    assert!(unknown.contains("hotline.nonsense"), "{unknown}");
    let Err(Error::Invalid(garbled)) = profile.with_edits(&edits(&[("hotline.sign", "soon")]))
    else {
        panic!("bad limit")
    };
    assert!(garbled.contains("工单签收时限"), "{garbled}");
}
