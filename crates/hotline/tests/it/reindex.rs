//! Issue 12 finding 14 on a database from before: the appellant's phone index made as a
//! keyed SM3 digest under the data key is computed again, once, as HMAC-SM3 under the lookup
//! key, so repeated appeals by the same phone are found again (HL-MERGE); query codes given
//! before are still recognised. Both backends.

use hotline::usecase::{self, Appellant, BLIND_INDEXES};
use platform::personal::{PhoneNumber, reindex};

use crate::store::{backend, new_appeal, register, seeded};

const PHONE: &str = "13912345678";

#[tokio::test]
async fn hl_merge_phone_indexes_from_before_are_rebuilt_once_and_old_codes_still_open() {
    for platform in seeded().await {
        let appellant = Appellant::parse("李四", PHONE, "", "").unwrap();
        let first = register(&platform, new_appeal("小区路灯不亮", appellant)).await;
        let legacy = platform.key.legacy_lookup_hash(PHONE);
        let old_code = platform
            .key
            .legacy_lookup_hash(&format!("hotline-query-code:{}:{}", first.number, "731052"));
        // The appeal as a database from before issue 12 holds it.
        sqlx::query(
            "UPDATE hotline_appeals SET phone_lookup = $1, query_code = $2 WHERE number = $3",
        )
        .bind(&legacy)
        .bind(&old_code)
        .bind(&first.number)
        .execute(&platform.db.pool)
        .await
        .unwrap();
        let same_phone = || async {
            let phone = PhoneNumber::parse(PHONE).unwrap();
            usecase::similar_open(
                &platform.db,
                &platform.key,
                Some(&phone),
                "别处",
                "另一件事",
            )
            .await
            .unwrap()
            .iter()
            .filter(|s| s.same_phone)
            .count()
        };
        assert_eq!(
            same_phone().await,
            0,
            "{}: the old index is not found",
            backend(&platform)
        );
        let replaced = reindex::rebuild(&platform.db, &platform.key, BLIND_INDEXES)
            .await
            .unwrap();
        assert_eq!(replaced, 1);
        assert_eq!(same_phone().await, 1, "found again after the rebuild");
        assert_eq!(
            reindex::rebuild(&platform.db, &platform.key, BLIND_INDEXES)
                .await
                .unwrap(),
            0,
            "once per database"
        );
        let view = usecase::find_by_number(&platform.db, &platform.key, &first.number, "731052")
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", backend(&platform)));
        assert_eq!(view.number, first.number);
    }
}

/// Issue 12 finding 14: an Open311 key given out before is stored under its old index and
/// still works; a wrong key does not.
#[tokio::test]
async fn open311_a_key_given_before_still_opens() {
    for platform in seeded().await {
        let key = "legacy-client-key-0123456789";
        sqlx::query("INSERT INTO open311_keys (name, key_hash, created_at) VALUES ($1, $2, 0)")
            .bind("旧客户端")
            .bind(
                platform
                    .key
                    .legacy_lookup_hash(&format!("open311-key:{key}")),
            )
            .execute(&platform.db.pool)
            .await
            .unwrap();
        let verify = |given: &'static str| {
            let platform = &platform;
            async move {
                hotline::open311::verify(&platform.db, &platform.key, given)
                    .await
                    .unwrap()
            }
        };
        assert!(verify(key).await.is_some(), "{}", backend(&platform));
        assert!(verify("legacy-client-key-0123456780").await.is_none());
    }
}

/// Issue 12 finding 14: the appellant's phone is sealed bound to its appeal, so a copy put
/// into another appeal's row (by someone who can write to the database but has no key) is
/// not opened there for that appeal's viewers.
#[tokio::test]
async fn hl_privacy_a_sealed_phone_copied_into_another_appeal_does_not_open_there() {
    for platform in seeded().await {
        let victim = register(
            &platform,
            new_appeal(
                "小区路灯不亮",
                Appellant::parse("李四", PHONE, "", "").unwrap(),
            ),
        )
        .await;
        let other = register(
            &platform,
            new_appeal(
                "噪音扰民",
                Appellant::parse("王五", "13700001111", "", "").unwrap(),
            ),
        )
        .await;
        let column = "appellant_phone_sealed";
        let sealed: Vec<u8> = sqlx::query_scalar(
            "SELECT appellant_phone_sealed FROM hotline_appeals WHERE number = $1",
        )
        .bind(&victim.number)
        .fetch_one(&platform.db.pool)
        .await
        .unwrap();
        let key = &platform.key;
        let here = hotline::usecase::place(column, &victim.number);
        assert_eq!(key.open_for(&sealed, &here).unwrap(), PHONE);
        let there = hotline::usecase::place(column, &other.number);
        assert!(
            key.open_for(&sealed, &there).is_err(),
            "{}",
            backend(&platform)
        );
        let other_column = hotline::usecase::place("appellant_address_sealed", &victim.number);
        assert!(key.open_for(&sealed, &other_column).is_err());
        // Through the use case: the copy makes the other appeal's page fail, not reveal.
        sqlx::query("UPDATE hotline_appeals SET appellant_phone_sealed = $1 WHERE number = $2")
            .bind(&sealed)
            .bind(&other.number)
            .execute(&platform.db.pool)
            .await
            .unwrap();
        let found = usecase::find_by_number(
            &platform.db,
            &platform.key,
            &other.number,
            &other.query_code,
        )
        .await;
        assert!(found.is_ok(), "the citizen's own view shows no phone");
    }
}
