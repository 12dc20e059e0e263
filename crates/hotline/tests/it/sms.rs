//! Texts to the appellant (issue 14 item 2): the number and the query code at registration,
//! and the conclusion at the reply (the pure part is in `flow.rs`). Both backends.

use hotline::usecase::Appellant;
use sqlx::Row as _;

use crate::store::{backend, new_appeal, register, seeded};

const PHONE: &str = "13912345678";

/// HL-REGISTER (issue 14 item 2): an appellant who left a phone is texted the number and the
/// query code when the appeal is registered, in the same transaction; one who did not is not.
#[tokio::test]
async fn hl_register_the_appellant_is_texted_the_number_and_the_query_code() {
    for platform in seeded().await {
        let with_phone = register(
            &platform,
            new_appeal(
                "小区路灯不亮",
                Appellant::parse("李四", PHONE, "", "").unwrap(),
            ),
        )
        .await;
        let rows = sqlx::query("SELECT address, body FROM outbox WHERE channel = 'sms'")
            .fetch_all(&platform.db.pool)
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "{}", backend(&platform));
        let body: String = rows[0].try_get("body").unwrap();
        assert!(body.contains(&with_phone.number), "{body}");
        assert!(body.contains(&with_phone.query_code), "{body}");
        let address: Vec<u8> = rows[0].try_get("address").unwrap();
        assert_eq!(platform.key.open(&address).unwrap(), PHONE);
        register(&platform, new_appeal("噪音扰民", Appellant::default())).await;
        let texts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE channel = 'sms'")
            .fetch_one(&platform.db.pool)
            .await
            .unwrap();
        assert_eq!(texts, 1, "no phone, no text");
    }
}
