//! Query codes of cases (SVC-STATUS, issue 12 finding 3) on both backends: eight characters
//! without look-alikes, read in any case with or without the dash, older six-digit codes still
//! good, and failed lookups counted per number over every page that takes a code.

use platform::Error;
use platform::evaluation::Level;
use platform::query_code::{ALPHABET, normalise};
use services::usecase::{self, online, rating::Rater, supplement};
use sqlx::Row as _;

use crate::store::{admin, market_item, publish, seeded, submit};
use crate::{CAL, PROFILE, at};

async fn rate_web(p: &platform::Platform, number: &str, code: &str) -> platform::Result<()> {
    let admin = admin();
    let context =
        platform::workflow::Context::new(&p.key, &admin, &CAL, &PROFILE, at("2025-03-03T10:00"));
    let rater = Rater::Web {
        query_code: code.to_owned(),
    };
    online::rate_case(&p.db, &context, number, rater, Level::Satisfied, "")
        .await
        .map(|_| ())
}

fn backend(p: &platform::Platform) -> &'static str {
    p.db.backend.name()
}

#[tokio::test]
async fn svc_status_a_query_code_is_eight_characters_read_in_any_case_with_or_without_dash() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let code = &submission.query_code;
        assert_eq!((code.len(), code.find('-')), (9, Some(4)), "{code}");
        let plain = normalise(code);
        assert!(plain.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
        for typed in [
            code.clone(),
            plain.clone(),
            plain.to_lowercase(),
            format!("{} {}", &plain[..4], &plain[4..]),
        ] {
            let view = usecase::case_status(
                &p.db,
                &p.key,
                &submission.number.to_lowercase(),
                &typed,
                &CAL,
                at("2025-03-03T10:00"),
            )
            .await
            .unwrap_or_else(|e| panic!("{typed} on {}: {e}", backend(&p)));
            assert_eq!(view.number, submission.number);
        }
    }
}

#[tokio::test]
async fn svc_status_a_case_with_a_six_digit_code_from_before_keeps_its_code() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        // The hash a case submitted before issue 12 stored: over the trimmed six digits.
        let old_hash = p.key.lookup_hash(&format!(
            "svc-query-code:{}:{}",
            submission.number, "731052"
        ));
        sqlx::query("UPDATE svc_cases SET query_code_hash = $1 WHERE id = $2")
            .bind(&old_hash)
            .bind(submission.case_id.0)
            .execute(&p.db.pool)
            .await
            .unwrap();
        let view = usecase::case_status(
            &p.db,
            &p.key,
            &submission.number,
            " 731052 ",
            &CAL,
            at("2025-03-03T10:00"),
        )
        .await
        .unwrap_or_else(|e| panic!("{}: {e}", backend(&p)));
        assert_eq!(view.number, submission.number);
    }
}

/// Issue 12 finding 3: wrong codes on the status page, the rating page and the supplement
/// page count together against the number; the fifth locks it, and the right code waits.
#[tokio::test]
async fn svc_status_wrong_codes_on_every_page_count_together_and_lock_the_number() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let number = &submission.number;
        let wrong = if normalise(&submission.query_code) == "22222222" {
            "3333-3333"
        } else {
            "2222-2222"
        };
        let now = at("2025-03-03T10:00");
        let status = || usecase::case_status(&p.db, &p.key, number, wrong, &CAL, now);
        let supplement = || supplement::requested_materials(&p.db, &p.key, number, wrong);
        let mut answers = vec![status().await.unwrap_err(), status().await.unwrap_err()];
        answers.push(rate_web(&p, number, wrong).await.unwrap_err());
        answers.push(supplement().await.unwrap_err());
        assert!(
            answers.iter().all(|e| matches!(e, Error::NotFound(_))),
            "{answers:?} on {}",
            backend(&p)
        );
        let fifth = rate_web(&p, number, wrong).await.unwrap_err();
        assert_eq!(
            fifth.to_string(),
            "该编号查询失败次数过多，请 15 分钟后再试"
        );
        let right = usecase::case_status(&p.db, &p.key, number, &submission.query_code, &CAL, now)
            .await
            .unwrap_err();
        assert!(matches!(right, Error::TooManyAttempts(_)), "{right}");

        // Once the lock is over, the right code opens the case and clears the count.
        sqlx::query("UPDATE query_code_failures SET locked_until = 0")
            .execute(&p.db.pool)
            .await
            .unwrap();
        usecase::case_status(&p.db, &p.key, number, &submission.query_code, &CAL, now)
            .await
            .unwrap();
        let left: i64 = sqlx::query("SELECT COUNT(*) AS n FROM query_code_failures")
            .fetch_one(&p.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(left, 0);
    }
}
