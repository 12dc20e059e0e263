//! Issue 12 finding 14 on a database from before: applicants' blind indexes made as keyed
//! SM3 digests under the data key are computed again, once, as HMAC-SM3 under the lookup
//! key, in every table that keeps them, so materials on file are found again; query codes
//! given before are still recognised. Both backends.

use platform::personal::reindex;
use services::usecase::{self, BLIND_INDEXES, applicant_lookup};
use sqlx::Row as _;

use crate::store::{ID_NO, applicant, market_item, publish, seeded, submit};
use crate::{CAL, at};

#[tokio::test]
async fn svc_no_resubmit_blind_indexes_from_before_are_rebuilt_once_and_old_codes_still_open() {
    for p in seeded().await {
        publish(&p, "SP-FOOD-001", market_item(&p).await).await;
        let submission = submit(
            &p,
            "SP-FOOD-001",
            &["id_card", "form"],
            at("2025-03-03T09:00"),
        )
        .await;
        let legacy = p.key.legacy_lookup_hash(&format!("svc-applicant:{ID_NO}"));
        // The case and a material on file as a database from before issue 12 holds them.
        sqlx::query("UPDATE svc_cases SET applicant_lookup = $1 WHERE id = $2")
            .bind(&legacy)
            .bind(submission.case_id.0)
            .execute(&p.db.pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO svc_materials_on_file (applicant_lookup, material_code, attachment_id, \
             case_id, accepted_at, valid_until) VALUES ($1, 'id_card', 1, $2, 0, NULL)",
        )
        .bind(&legacy)
        .bind(submission.case_id.0)
        .execute(&p.db.pool)
        .await
        .unwrap();
        let on_file = || async {
            usecase::reuse_offer(
                &p.db,
                &p.key,
                "SP-FOOD-001",
                &applicant().id_no,
                at("2025-03-04T09:00"),
            )
            .await
            .unwrap()
            .reuse
            .len()
        };
        assert_eq!(
            on_file().await,
            0,
            "the old index is not found by the new one"
        );
        let replaced = reindex::rebuild(&p.db, &p.key, BLIND_INDEXES)
            .await
            .unwrap();
        assert_eq!(replaced, 2, "the case and the material on file");
        assert_eq!(on_file().await, 1, "found again after the rebuild");
        let stored: String = sqlx::query("SELECT applicant_lookup FROM svc_cases WHERE id = $1")
            .bind(submission.case_id.0)
            .fetch_one(&p.db.pool)
            .await
            .unwrap()
            .try_get("applicant_lookup")
            .unwrap();
        assert_eq!(stored, applicant_lookup(&p.key, &applicant().id_no));
        // Once per database: a second start changes nothing, even if an old value reappeared.
        sqlx::query("UPDATE svc_cases SET applicant_lookup = $1 WHERE id = $2")
            .bind(&legacy)
            .bind(submission.case_id.0)
            .execute(&p.db.pool)
            .await
            .unwrap();
        assert_eq!(
            reindex::rebuild(&p.db, &p.key, BLIND_INDEXES)
                .await
                .unwrap(),
            0
        );
        // A query code given before issue 12 is stored under the old index and still opens.
        let old_code = p.key.legacy_lookup_hash(&format!(
            "svc-query-code:{}:{}",
            submission.number, "731052"
        ));
        sqlx::query("UPDATE svc_cases SET query_code_hash = $1 WHERE id = $2")
            .bind(&old_code)
            .bind(submission.case_id.0)
            .execute(&p.db.pool)
            .await
            .unwrap();
        let view = usecase::case_status(
            &p.db,
            &p.key,
            &submission.number,
            "731052",
            &CAL,
            at("2025-03-04T09:00"),
        )
        .await
        .unwrap();
        assert_eq!(view.number, submission.number);
    }
}
