//! The demo's data sharing (DATA-CLASS, DATA-CATALOG, DATA-GRANT, DATA-CALL): three
//! providers' six entries (five published, the not-shared one filed with its basis), the
//! hosted tables with a few thousand rows, the business bureau's active grant whose fixed
//! demo code the gateway accepts at once. For every field of the demo dictionary outside
//! the grant, asking for it or filtering on it is refused naming it, and no answer ever holds
//! it; every call is in the call log, which verifies. A second seed makes nothing.

use calendar::Instant;
use serde_json::Value;
use sharing::call::Gateway;
use sharing::{EntryId, ResourceId, resource_key};

use crate::scalar;

fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
    query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

#[tokio::test]
async fn data_call_the_demo_grant_answers_its_fields_only() {
    for platform in crate::seeded().await {
        let db = &platform.db;
        platform::demo::seed_contacts(db, &platform.key)
            .await
            .unwrap();
        demo::sharing::seed(&platform).await.unwrap();
        let entries = "SELECT COUNT(*) AS n FROM sharing_entries";
        assert_eq!(scalar(&platform, entries).await, 6);
        let published = "SELECT COUNT(*) AS n FROM sharing_entries WHERE status = 'published'";
        assert_eq!(scalar(&platform, published).await, 5);
        // DATA-CLASS: the not-shared entry is filed with its basis.
        let filed = sharing::store::entries::list(db, &["filed"], None)
            .await
            .unwrap();
        assert_eq!(filed.len(), 1);
        assert!(matches!(
            &filed[0].entry.draft.class,
            sharing::entry::SharingClass::NotShared { basis, .. } if basis.contains("条例")
        ));
        let rows = "SELECT COUNT(*) AS n FROM sharing_rows";
        assert!(scalar(&platform, rows).await >= 5000);

        // The grant of the README's code, on 企业登记信息.
        let enterprises = sharing::store::entries::list(db, &["published"], None)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.entry.draft.name == "企业登记信息")
            .unwrap();
        let resource = resource_key(enterprises.entry.id, ResourceId(1));
        let gateway = Gateway::new(db.clone());
        let now = Instant::from_millis(platform::db::now_ms());
        let code = Some(demo::sharing::DEMO_CODE);
        let answer = gateway.call(code, resource, &[], now).await;
        assert_eq!(
            answer.status,
            200,
            "{}",
            String::from_utf8_lossy(&answer.body)
        );
        let body: Value = serde_json::from_slice(&answer.body).unwrap();
        let first = body["rows"][0].as_object().unwrap();
        assert_eq!(first.len(), demo::sharing::DEMO_GRANTED.len());
        for key in first.keys() {
            assert!(demo::sharing::DEMO_GRANTED.contains(&key.as_str()), "{key}");
        }
        let mut calls = 1;
        // DATA-CALL: every field of the dictionary outside the grant, asked or filtered.
        for field in &enterprises.entry.draft.fields {
            let code_of = field.code.as_str();
            if demo::sharing::DEMO_GRANTED.contains(&code_of) {
                continue;
            }
            let asked = gateway
                .call(code, resource, &pairs(&[("fields", code_of)]), now)
                .await;
            assert_eq!(asked.status, 403, "{code_of}");
            let text = String::from_utf8_lossy(&asked.body).to_string();
            assert!(text.contains(code_of), "{text}");
            let filtered = gateway
                .call(code, resource, &pairs(&[(code_of, "x")]), now)
                .await;
            assert_eq!(filtered.status, 403, "{code_of}");
            let csv = gateway
                .call(code, resource, &pairs(&[("format", "csv")]), now)
                .await;
            assert_eq!(csv.status, 200);
            let header = String::from_utf8_lossy(&csv.body)
                .lines()
                .next()
                .unwrap()
                .to_owned();
            assert!(!header.split(',').any(|h| h.trim() == code_of), "{header}");
            calls += 3;
        }
        // Another entry's resource is refused with the same code.
        let other = resource_key(EntryId(enterprises.entry.id.0 + 1), ResourceId(1));
        assert_eq!(gateway.call(code, other, &[], now).await.status, 403);
        calls += 1;
        assert_eq!(sharing::calllog::count(db).await.unwrap(), calls);
        assert_eq!(
            sharing::calllog::verify(db).await.unwrap().first_break,
            None
        );

        // A request waits at the administrator; a second seed makes nothing.
        let waiting =
            "SELECT COUNT(*) AS n FROM sharing_requests WHERE status = 'at_administrator'";
        assert_eq!(scalar(&platform, waiting).await, 1);
        demo::sharing::seed(&platform).await.unwrap();
        assert_eq!(scalar(&platform, entries).await, 6);
    }
}
