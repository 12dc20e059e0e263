//! HL-PRIVACY: marker strings planted in the appellant's identity never reach what the
//! handling unit can read (order view, queue, history, messages, audit), the personal
//! columns hold no clear text, and the hotline's unmasking is audited.

use hotline::order::Command;
use hotline::usecase::{self, Appellant, ContactField};
use platform::personal::{Address, PersonName, PhoneNumber};
use platform::users;
use sqlx::Row as _;

use crate::store::{at, backend, seeded};
use crate::usecase::{dispatched, run};

const NAME: &str = "名MKNAMEQX";
const PHONE: &str = "13957319264";
const ADDRESS: &str = "甘州区东街街道MKADDRQX号";
const EMPLOYER: &str = "MKEMPLOYERQX公司";
const MARKERS: [&str; 4] = ["MKNAMEQX", "13957319264", "MKADDRQX", "MKEMPLOYERQX"];

fn assert_clean(what: &str, text: &str) {
    for marker in MARKERS {
        assert!(!text.contains(marker), "{what} contains {marker}: {text}");
    }
}

async fn all_text(db: &platform::db::Db, sql: &str) -> String {
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(&db.pool)
        .await
        .unwrap();
    rows.iter()
        .map(|row| row.try_get::<String, _>("t").unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn hl_privacy_planted_identity_never_reaches_the_unit_and_unmasking_is_audited() {
    for platform in seeded().await {
        let db = &platform.db;
        let appellant = Appellant {
            name: Some(PersonName::parse(NAME).unwrap()),
            phone: Some(PhoneNumber::parse(PHONE).unwrap()),
            address: Some(Address::parse(ADDRESS).unwrap()),
            employer: Some(EMPLOYER.into()),
        };
        let (id, lead, _) = dispatched(&platform, appellant).await;
        run(
            &platform,
            id,
            Command::Sign { unit: lead },
            at("2025-03-03T09:30:00+08:00"),
        )
        .await
        .unwrap();
        let handler_id = users::id_by_username(db, "handler").await.unwrap().unwrap();
        let handler = users::load_actor(db, handler_id).await.unwrap().unwrap();
        let operator_id = users::id_by_username(db, "operator")
            .await
            .unwrap()
            .unwrap();
        let operator = users::load_actor(db, operator_id).await.unwrap().unwrap();

        // The unit's view of a complaint: nothing identifying at all.
        let view = usecase::order_view(db, &platform.key, id, &handler)
            .await
            .unwrap();
        assert_eq!(
            view.appellant,
            usecase::AppellantView::default(),
            "{}",
            backend(&platform)
        );
        assert_clean("unit order view", &format!("{view:?}"));
        let queue = usecase::unit_queue(
            db,
            lead,
            &crate::CAL,
            &crate::PROFILE,
            at("2025-03-03T10:00:00+08:00"),
        )
        .await
        .unwrap();
        assert_eq!(queue.len(), 1);
        assert_clean("unit queue", &format!("{queue:?}"));
        let history = usecase::history(db, id).await.unwrap();
        assert_clean("history", &format!("{history:?}"));
        assert_clean(
            "outbox",
            &all_text(
                db,
                "SELECT subject || ' ' || body || ' ' || link AS t FROM outbox",
            )
            .await,
        );
        assert_clean(
            "audit",
            &all_text(
                db,
                "SELECT action || ' ' || object_id || ' ' || detail AS t FROM audit_log",
            )
            .await,
        );
        assert_clean(
            "orders",
            &all_text(db, "SELECT state AS t FROM hotline_orders").await,
        );

        // The personal columns hold no clear text.
        let row = sqlx::query(
            "SELECT appellant_name_sealed, appellant_phone_sealed, appellant_address_sealed, \
             appellant_employer_sealed, phone_lookup FROM hotline_appeals WHERE id = $1",
        )
        .bind(id.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        for column in [
            "appellant_name_sealed",
            "appellant_phone_sealed",
            "appellant_address_sealed",
            "appellant_employer_sealed",
        ] {
            let bytes: Vec<u8> = row.try_get(column).unwrap();
            for marker in MARKERS {
                assert!(
                    !bytes.windows(marker.len()).any(|w| w == marker.as_bytes()),
                    "{column}"
                );
            }
        }
        let lookup: String = row.try_get("phone_lookup").unwrap();
        assert_clean("phone_lookup", &lookup);

        // The operator sees masked values; revealing writes an `unmask` audit row.
        let view = usecase::order_view(db, &platform.key, id, &operator)
            .await
            .unwrap();
        assert_eq!(view.appellant.phone.as_deref(), Some("139****9264"));
        assert_eq!(view.appellant.name.as_deref(), Some("名********"));
        assert_clean("operator order view", &format!("{:?}", view.appellant));
        let clear = usecase::reveal_contact(
            db,
            &platform.key,
            &operator,
            "127.0.0.1",
            id,
            (ContactField::Phone, ""),
            at("2025-03-03T10:00:00+08:00"),
        )
        .await
        .unwrap();
        assert_eq!(clear, PHONE);
        let n: i64 = sqlx::query("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unmask' AND object_type = 'hotline_appeal' AND detail LIKE '%phone%'")
            .fetch_one(&db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap();
        assert_eq!(n, 1);
        assert_clean(
            "audit after unmask",
            &all_text(db, "SELECT detail AS t FROM audit_log").await,
        );

        // A unit may not unmask.
        let error = usecase::reveal_contact(
            db,
            &platform.key,
            &handler,
            "127.0.0.1",
            id,
            (ContactField::Name, "联系诉求人"),
            at("2025-03-03T10:00:00+08:00"),
        )
        .await
        .unwrap_err();
        assert!(matches!(error, platform::Error::Forbidden), "{error}");
    }
}
