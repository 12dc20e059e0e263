//! The catalogue, a request through approval, the grant and the gateway stored and run on
//! both backends (DATA-CATALOG, DATA-REQUEST, DATA-GRANT, DATA-CALL): the market bureau
//! registers and the administrator publishes an entry with a hosted table; the human
//! resources bureau asks for three of its six fields, the administrator approves (the grant
//! from the recorded approval time), the consumer issues its code once. Then, for every field
//! of the dictionary, no field outside the grant is ever returned — asked for, filtered on,
//! by default, as JSON or CSV; missing, unknown, foreign and revoked codes are refused;
//! every call, allowed or refused, is in the call log, which verifies, and a tampered row is
//! named.

use serde_json::Value;
use sharing::call::Gateway;
use sharing::entry::{self, EntryDraft, FieldType, Resource, ResourceKind, SharingClass};
use sharing::request::{self, Filing};
use sharing::usecase::{entries, grants, requests};
use sharing::{GrantId, ResourceId, calllog, resource_key};

use crate::world::{context, holding, seeded, staff};
use crate::{field, t0};

/// The dictionary: three fields granted, three never.
const GRANTED: [&str; 3] = ["uscc", "name", "status"];
const WITHHELD: [&str; 3] = ["legal_person", "legal_id_no", "phone"];

fn dictionary_draft() -> EntryDraft {
    let mut fields = vec![
        field("uscc", "统一社会信用代码", false),
        field("name", "企业名称", false),
        field("legal_person", "法定代表人", true),
        field("legal_id_no", "法定代表人身份证号", true),
        field("phone", "联系电话", true),
        field("status", "登记状态", false),
    ];
    fields[5].kind = FieldType::Text;
    EntryDraft {
        name: "企业登记信息".into(),
        class: SharingClass::Unconditional,
        fields,
        frequency: "每日".into(),
        resources: vec![Resource {
            id: ResourceId(1),
            name: "企业登记库表".into(),
            kind: ResourceKind::Table {
                frequency: "每日".into(),
            },
            online: true,
        }],
    }
}

/// A withheld value is a canary no granted value contains.
fn row(n: usize) -> Vec<String> {
    vec![
        format!("91620702MA{n:08}"),
        format!("甘州示例企业{n}"),
        format!("CANARY-LEGAL-{n}"),
        format!("CANARY-ID-{n}"),
        format!("CANARY-PHONE-{n}"),
        if n.is_multiple_of(2) {
            "存续"
        } else {
            "注销"
        }
        .to_owned(),
    ]
}

fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
    query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

fn assert_nothing_withheld(body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    assert!(!text.contains("CANARY"), "a withheld value leaked: {text}");
    if let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(body)
        && let Some(Value::Array(rows)) = object.get("rows")
    {
        for row in rows {
            for key in row.as_object().unwrap().keys() {
                assert!(GRANTED.contains(&key.as_str()), "field {key} answered");
            }
        }
    }
}

#[tokio::test]
async fn data_call_no_field_outside_the_grant_is_ever_returned_and_every_call_is_logged() {
    for platform in platform::testing::each_backend().await {
        seeded(&platform).await;
        holding(&platform, &["handler", "hrss.a"]).await;
        let provider = staff(&platform, "handler").await;
        let consumer = staff(&platform, "hrss.a").await;
        let admin = staff(&platform, "dataadmin").await;
        let db = &platform.db;

        // DATA-CATALOG: registered, submitted, published.
        let stored = entries::register(
            db,
            &context(&platform, &provider),
            &provider.acting,
            dictionary_draft(),
        )
        .await
        .unwrap();
        let id = stored.entry.id;
        entries::execute(
            db,
            &context(&platform, &provider),
            &provider.acting,
            id,
            entry::Command::Submit,
            None,
        )
        .await
        .unwrap();
        entries::execute(
            db,
            &context(&platform, &admin),
            &admin.acting,
            id,
            entry::Command::Publish,
            None,
        )
        .await
        .unwrap();
        let key = resource_key(id, ResourceId(1));
        // DATA-RESOURCE: the table imported from a GBK CSV; a broken file changes nothing.
        let mut csv = "uscc,企业名称,legal_person,legal_id_no,phone,status\r\n".to_owned();
        for n in 1..=60 {
            csv.push_str(&row(n).join(","));
            csv.push_str("\r\n");
        }
        let (gbk, _, _) = encoding_rs::GBK.encode(&csv);
        let imported = sharing::import::import_table(
            db,
            &context(&platform, &provider),
            &provider.acting,
            id,
            ResourceId(1),
            &gbk,
        )
        .await
        .unwrap();
        assert_eq!(imported, 60);
        let broken = sharing::import::import_table(
            db,
            &context(&platform, &provider),
            &provider.acting,
            id,
            ResourceId(1),
            b"uscc,name\n1\n",
        )
        .await;
        assert!(broken.is_err());
        assert_eq!(
            sharing::store::rows::count(db, key).await.unwrap(),
            60,
            "nothing half-imported"
        );

        // DATA-REQUEST: three named fields, approved by the administrator.
        let filing = Filing {
            entry: id,
            resource: ResourceId(1),
            fields: GRANTED.iter().map(|f| (*f).to_owned()).collect(),
            purpose: "社保登记核验企业".into(),
            flow: "社保业务系统".into(),
            days: 365,
            urgent: false,
            materials: vec![],
            form_attachment: None,
        };
        let submitted =
            requests::submit(db, &context(&platform, &consumer), &consumer.acting, filing)
                .await
                .unwrap();
        assert_eq!(submitted.request.status, request::Status::AtAdministrator);
        let (approved, _) = requests::execute(
            db,
            &context(&platform, &admin),
            &admin.acting,
            submitted.request.id,
            request::Command::Approve,
            Some(1),
        )
        .await
        .unwrap();
        assert_eq!(approved.status, request::Status::Approved);
        let grant = sharing::store::grants::list_for(db, Some(consumer.acting.unit.0))
            .await
            .unwrap()
            .remove(0);
        assert_eq!(
            grant.grant.approved_at,
            t0(),
            "DATA-GRANT: from the recorded approval"
        );
        assert!(!grant.has_code);
        let refused = grants::issue_code(
            db,
            &context(&platform, &provider),
            &provider.acting,
            grant.grant.id,
        )
        .await;
        assert!(
            refused.is_err(),
            "the provider does not issue the consumer's code"
        );
        let code = grants::issue_code(
            db,
            &context(&platform, &consumer),
            &consumer.acting,
            grant.grant.id,
        )
        .await
        .unwrap();
        let stored_hash: String =
            sqlx::query_scalar("SELECT code_hash FROM sharing_grants WHERE id = $1")
                .bind(grant.grant.id.0)
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert_ne!(stored_hash, code, "the code is stored hashed");

        let gateway = Gateway::new(db.clone());
        let mut calls = 0;
        let mut call = async |bearer: Option<&str>, key: i64, query: &[(&str, &str)]| {
            calls += 1;
            gateway.call(bearer, key, &pairs(query), t0()).await
        };

        // Default: exactly the granted fields.
        let answer = call(Some(&code), key, &[]).await;
        assert_eq!(answer.status, 200);
        assert_nothing_withheld(&answer.body);
        let body: Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(body["count"], 20);
        let keys: Vec<&str> = body["rows"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, GRANTED.to_vec());
        // For every field of the dictionary: asked for, filtered on, as JSON and CSV.
        for code_of_field in GRANTED.iter().chain(WITHHELD.iter()) {
            let granted = GRANTED.contains(code_of_field);
            for format in ["json", "csv"] {
                let answer = call(
                    Some(&code),
                    key,
                    &[("fields", code_of_field), ("format", format)],
                )
                .await;
                assert_nothing_withheld(&answer.body);
                if granted {
                    assert_eq!(answer.status, 200, "{code_of_field}");
                } else {
                    assert_eq!(answer.status, 403, "{code_of_field}");
                    let text = String::from_utf8_lossy(&answer.body);
                    assert!(
                        text.contains(code_of_field),
                        "the refusal names {code_of_field}: {text}"
                    );
                }
            }
            let value = if granted { "x" } else { "CANARY-LEGAL-1" };
            let answer = call(Some(&code), key, &[(code_of_field, value)]).await;
            assert_nothing_withheld(&answer.body);
            assert_eq!(
                answer.status,
                if granted { 200 } else { 403 },
                "filter on {code_of_field}"
            );
            let mixed = format!("uscc,{code_of_field}");
            let answer = call(Some(&code), key, &[("fields", &mixed)]).await;
            assert_nothing_withheld(&answer.body);
            assert_eq!(answer.status, if granted { 200 } else { 403 });
        }
        // A filter on a granted field, paging, SQL-looking values, a huge page.
        let answer = call(
            Some(&code),
            key,
            &[("status", "存续"), ("page_size", "5"), ("page", "2")],
        )
        .await;
        let body: Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(body["count"], 5);
        assert_eq!(body["rows"][0]["uscc"], "91620702MA00000012");
        let answer = call(Some(&code), key, &[("name", "' OR 1=1 --")]).await;
        assert_eq!(answer.status, 200);
        assert_eq!(
            serde_json::from_slice::<Value>(&answer.body).unwrap()["count"],
            0
        );
        let answer = call(Some(&code), key, &[("page_size", "100000")]).await;
        assert_eq!(answer.status, 400);
        assert!(String::from_utf8_lossy(&answer.body).contains("每页最多"));
        let csv = call(Some(&code), key, &[("format", "csv"), ("page_size", "2")]).await;
        assert_eq!(
            String::from_utf8_lossy(&csv.body).lines().next().unwrap(),
            "uscc,name,status"
        );

        // Missing, unknown and foreign codes; a revoked grant.
        assert_eq!(call(None, key, &[]).await.status, 401);
        assert_eq!(call(Some("not-a-code"), key, &[]).await.status, 401);
        assert_eq!(call(Some(&code), key + 1, &[]).await.status, 403);
        grants::execute(
            db,
            &context(&platform, &provider),
            &provider.acting,
            grant.grant.id,
            sharing::grant::Command::Revoke {
                reason: "违规转供第三方".into(),
            },
        )
        .await
        .unwrap();
        let revoked = call(Some(&code), key, &[]).await;
        assert_eq!(revoked.status, 403);
        assert!(String::from_utf8_lossy(&revoked.body).contains("已收回"));

        // Every call is logged, the chain verifies; a tampered row is named.
        assert_eq!(calllog::count(db).await.unwrap(), calls);
        let refused_logged: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM sharing_calls WHERE status <> 200")
                .fetch_one(&db.pool)
                .await
                .unwrap();
        assert!(refused_logged >= 10);
        let used = sharing::store::grants::get(db, GrantId(grant.grant.id.0))
            .await
            .unwrap();
        assert_eq!(
            used.grant.last_used_at,
            Some(t0()),
            "DATA-GRANT: the last use is kept"
        );
        let report = calllog::verify(db).await.unwrap();
        assert_eq!(report.first_break, None);
        assert_eq!(report.rows_checked, u64::try_from(calls).unwrap());
        sqlx::query("UPDATE sharing_calls SET rows_returned = 999 WHERE seq = 3")
            .execute(&db.pool)
            .await
            .unwrap();
        let report = calllog::verify(db).await.unwrap();
        assert_eq!(report.first_break.map(|(seq, _)| seq), Some(3));
    }
}
