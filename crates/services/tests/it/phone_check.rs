//! Issue 12 finding 13 (SVC-NO-RESUBMIT): the code sent to the phone before anything on file
//! is offered or reused — its life, its tries, how often a phone gets one, and a grant that
//! counts only for the ID number and phone it was made for. On both backends.

use platform::audit::AuditActor;
use platform::personal::{CitizenIdNo, PhoneNumber};
use services::usecase::phone_check::{self, CODES_PER_DAY, MAX_ATTEMPTS};

use crate::at;
use crate::store::{ID_NO, PHONE, last_sms_code};

fn id_no() -> CitizenIdNo {
    CitizenIdNo::parse(ID_NO).unwrap()
}

fn phone(text: &str) -> PhoneNumber {
    PhoneNumber::parse(text).unwrap()
}

fn actor() -> AuditActor {
    AuditActor::anonymous("203.0.113.9")
}

#[tokio::test]
async fn svc_no_resubmit_a_code_is_spent_by_wrong_tries_and_lives_ten_minutes() {
    for p in platform::testing::each_backend().await {
        let now = at("2025-03-04T09:00");
        let (db, key) = (&p.db, &p.key);
        // Sent whether or not anything is on file: this applicant has no case at all.
        let check = phone_check::send_code(db, key, &actor(), &id_no(), &phone(PHONE), now)
            .await
            .unwrap();
        let code = last_sms_code(&p).await;
        assert_eq!(code.len(), 6);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..MAX_ATTEMPTS {
            let error = phone_check::verify(db, key, &check, wrong, now)
                .await
                .unwrap_err();
            assert!(error.to_string().contains("验证码不正确"), "{error}");
        }
        let spent = phone_check::verify(db, key, &check, &code, now)
            .await
            .unwrap_err();
        assert!(spent.to_string().contains("错误次数过多"), "{spent}");
        // A new code, typed too late.
        let later = at("2025-03-04T09:05");
        let check = phone_check::send_code(db, key, &actor(), &id_no(), &phone(PHONE), later)
            .await
            .unwrap();
        let code = last_sms_code(&p).await;
        let late = phone_check::verify(db, key, &check, &code, at("2025-03-04T09:16"))
            .await
            .unwrap_err();
        assert!(late.to_string().contains("已失效"), "{late}");
        // Another page's check token does not take this code.
        let error = phone_check::verify(db, key, "not-a-check", &code, later)
            .await
            .unwrap_err();
        assert!(error.to_string().contains("已失效"), "{error}");
    }
}

#[tokio::test]
async fn svc_no_resubmit_a_phone_gets_one_code_a_minute_and_a_few_a_day() {
    for p in platform::testing::each_backend().await {
        let (db, key) = (&p.db, &p.key);
        let send = |minute: u32| {
            let now = at(&format!(
                "2025-03-04T{:02}:{:02}",
                9 + minute / 60,
                minute % 60
            ));
            async move { phone_check::send_code(db, key, &actor(), &id_no(), &phone(PHONE), now).await }
        };
        send(0).await.unwrap();
        let again = send(0).await.unwrap_err();
        assert!(again.to_string().contains("一分钟后"), "{again}");
        for n in 1..CODES_PER_DAY {
            send(u32::try_from(n).unwrap() * 2).await.unwrap();
        }
        let flood = send(30).await.unwrap_err();
        assert!(flood.to_string().contains("已达上限"), "{flood}");
        // Another phone is not held back by this one.
        let other = at("2025-03-04T09:31");
        phone_check::send_code(db, key, &actor(), &id_no(), &phone("13900001111"), other)
            .await
            .unwrap();
        let sms: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE channel = 'sms'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
        assert_eq!(
            sms,
            CODES_PER_DAY + 1,
            "one SMS per code sent, none for a refusal"
        );
    }
}

#[tokio::test]
async fn svc_no_resubmit_a_grant_counts_only_for_its_id_number_and_phone_and_its_half_hour() {
    for p in platform::testing::each_backend().await {
        let now = at("2025-03-04T09:00");
        let (db, key) = (&p.db, &p.key);
        let check = phone_check::send_code(db, key, &actor(), &id_no(), &phone(PHONE), now)
            .await
            .unwrap();
        let code = last_sms_code(&p).await;
        let verified = phone_check::verify(db, key, &check, &code, now)
            .await
            .unwrap();
        let redeem = |id: &'static str, ph: &'static str, grant: String, minute: u32| {
            let when = at(&format!("2025-03-04T09:{minute:02}"));
            async move {
                phone_check::redeem(
                    db,
                    key,
                    &CitizenIdNo::parse(id).unwrap(),
                    &phone(ph),
                    &grant,
                    when,
                )
                .await
                .unwrap()
            }
        };
        let grant = verified.grant.clone();
        assert_eq!(
            redeem(ID_NO, PHONE, grant.clone(), 10).await,
            Some(verified.proof)
        );
        assert_eq!(redeem(ID_NO, "13900001111", grant.clone(), 10).await, None);
        assert_eq!(
            redeem("110105198001010016", PHONE, grant.clone(), 10).await,
            None
        );
        assert_eq!(redeem(ID_NO, PHONE, "f".repeat(64), 10).await, None);
        assert_eq!(redeem(ID_NO, PHONE, String::new(), 10).await, None);
        assert_eq!(
            redeem(ID_NO, PHONE, grant, 31).await,
            None,
            "a grant lives 30 minutes"
        );
        // A spent code is not taken twice.
        let twice = phone_check::verify(db, key, &check, &code, now)
            .await
            .unwrap_err();
        assert!(twice.to_string().contains("已失效"), "{twice}");
    }
}
