//! Query codes of appeals (HL-REGISTER, issue 12 finding 3) on both backends: eight
//! characters without look-alikes, read in any case with or without the dash, the six-digit
//! codes of older appeals still good, and failed lookups counted per number with a lock.

use hotline::usecase::{self, Appellant};
use platform::Error;
use platform::query_code::{ALPHABET, normalise};
use sqlx::Row as _;

use crate::store::{backend, new_appeal, register, seeded};

fn is_locked(error: &Error) -> bool {
    matches!(error, Error::TooManyAttempts(message)
        if message.starts_with("该编号查询失败次数过多，请 ") && message.ends_with(" 分钟后再试"))
}

/// A code of the right shape that is not `code`.
fn wrong_code(code: &str) -> String {
    if normalise(code) == "22222222" {
        "3333-3333".into()
    } else {
        "2222-2222".into()
    }
}

#[tokio::test]
async fn hl_register_a_query_code_is_eight_characters_without_look_alikes_in_two_groups() {
    for platform in seeded().await {
        let registration = register(&platform, new_appeal("路灯不亮", Appellant::default())).await;
        let code = &registration.query_code;
        assert_eq!(code.len(), 9, "{code} on {}", backend(&platform));
        assert_eq!(code.find('-'), Some(4), "{code}");
        assert!(
            normalise(code).bytes().all(|b| ALPHABET.contains(&b)),
            "{code}"
        );
    }
}

#[tokio::test]
async fn hl_register_the_code_is_read_in_any_case_with_or_without_dash_or_spaces() {
    for platform in seeded().await {
        let registration = register(&platform, new_appeal("路灯不亮", Appellant::default())).await;
        let plain = normalise(&registration.query_code);
        let (first, second) = plain.split_at(4);
        for typed in [
            registration.query_code.clone(),
            plain.clone(),
            plain.to_lowercase(),
            format!(" {first} {second} "),
            format!("{}-{}", first.to_lowercase(), second),
        ] {
            let view = usecase::find_by_number(
                &platform.db,
                &platform.key,
                &registration.number.to_lowercase(),
                &typed,
            )
            .await
            .unwrap_or_else(|e| panic!("{typed} on {}: {e}", backend(&platform)));
            assert_eq!(view.appeal_id, registration.appeal_id);
        }
    }
}

#[tokio::test]
async fn hl_register_an_appeal_with_a_six_digit_code_from_before_keeps_its_code() {
    for platform in seeded().await {
        let registration = register(&platform, new_appeal("路灯不亮", Appellant::default())).await;
        // The hash an appeal registered before issue 12 stored: over the trimmed six digits.
        let old_hash = platform.key.lookup_hash(&format!(
            "hotline-query-code:{}:{}",
            registration.number, "042917"
        ));
        sqlx::query("UPDATE hotline_appeals SET query_code = $1 WHERE id = $2")
            .bind(&old_hash)
            .bind(registration.appeal_id.0)
            .execute(&platform.db.pool)
            .await
            .unwrap();
        for typed in ["042917", " 042917 ", "042 917"] {
            let view =
                usecase::find_by_number(&platform.db, &platform.key, &registration.number, typed)
                    .await
                    .unwrap_or_else(|e| panic!("{typed} on {}: {e}", backend(&platform)));
            assert_eq!(view.appeal_id, registration.appeal_id);
        }
    }
}

/// Issue 12 finding 3: five wrong codes lock the number; then even the right code waits, and
/// once the lock is over the right code opens the appeal and clears the count.
#[tokio::test]
async fn failed_lookups_lock_the_number_and_the_right_code_waits_for_the_lock() {
    for platform in seeded().await {
        let db = &platform.db;
        let registration = register(&platform, new_appeal("路灯不亮", Appellant::default())).await;
        let number = &registration.number;
        let wrong = wrong_code(&registration.query_code);
        for attempt in 1..=4 {
            let error = usecase::find_by_number(db, &platform.key, number, &wrong)
                .await
                .unwrap_err();
            assert!(
                matches!(error, Error::NotFound(_)),
                "attempt {attempt} on {}: {error}",
                backend(&platform)
            );
        }
        let fifth = usecase::find_by_number(db, &platform.key, number, &wrong)
            .await
            .unwrap_err();
        assert!(is_locked(&fifth), "{fifth}");
        assert_eq!(
            fifth.to_string(),
            "该编号查询失败次数过多，请 15 分钟后再试"
        );
        let right = usecase::find_by_number(db, &platform.key, number, &registration.query_code)
            .await
            .unwrap_err();
        assert!(is_locked(&right), "the right code waits too: {right}");

        // The lock is over: the right code opens the appeal and the count is gone.
        sqlx::query("UPDATE query_code_failures SET locked_until = 0")
            .execute(&db.pool)
            .await
            .unwrap();
        usecase::find_by_number(db, &platform.key, number, &registration.query_code)
            .await
            .unwrap();
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM query_code_failures")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(left, 0, "{}", backend(&platform));
    }
}

/// Issue 12 finding 3: after a lock, the next five failures lock it twice as long.
#[tokio::test]
async fn each_further_lock_of_a_number_lasts_twice_as_long() {
    for platform in seeded().await {
        let db = &platform.db;
        let registration = register(&platform, new_appeal("路灯不亮", Appellant::default())).await;
        let wrong = wrong_code(&registration.query_code);
        let mut last = None;
        for _ in 0..2 {
            for _ in 0..5 {
                last = usecase::find_by_number(db, &platform.key, &registration.number, &wrong)
                    .await
                    .err();
            }
            sqlx::query("UPDATE query_code_failures SET locked_until = 0")
                .execute(&db.pool)
                .await
                .unwrap();
        }
        let message = last.map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(
            message,
            "该编号查询失败次数过多，请 30 分钟后再试",
            "{}",
            backend(&platform)
        );
    }
}

/// Issue 12 finding 3: an unknown number locks exactly like a real one, so the lock tells
/// nothing of which numbers exist.
#[tokio::test]
async fn an_unknown_number_locks_like_a_real_one() {
    for platform in seeded().await {
        let mut answers = Vec::new();
        for _ in 0..5 {
            let error = usecase::find_by_number(
                &platform.db,
                &platform.key,
                "GZ20250303999999",
                "2222-2222",
            )
            .await
            .unwrap_err();
            answers.push(error);
        }
        assert!(
            answers[..4].iter().all(|e| matches!(e, Error::NotFound(_))),
            "{answers:?}"
        );
        assert!(
            is_locked(&answers[4]),
            "{} on {}",
            answers[4],
            backend(&platform)
        );
    }
}

/// Issue 12 finding 3 (SEC-MLPS): the number of failures and the first lock come from the
/// jurisdiction's rule profile.
#[tokio::test]
async fn the_lock_follows_the_rule_profile() {
    for platform in seeded().await {
        sqlx::query(
            "UPDATE jurisdictions SET profile_overrides = $1",
        )
        .bind(r#"{"security": {"query_code_lock_after_failures": 2, "query_code_lock_minutes": 45}}"#)
        .execute(&platform.db.pool)
        .await
        .unwrap();
        let registration = register(&platform, new_appeal("路灯不亮", Appellant::default())).await;
        let wrong = wrong_code(&registration.query_code);
        let find =
            || usecase::find_by_number(&platform.db, &platform.key, &registration.number, &wrong);
        assert!(matches!(find().await, Err(Error::NotFound(_))));
        let second = find().await.unwrap_err();
        assert_eq!(
            second.to_string(),
            "该编号查询失败次数过多，请 45 分钟后再试",
            "{}",
            backend(&platform)
        );
    }
}
