//! Open311 GeoReport v2 at `/open311/v2/` through the whole router (HL-REGISTER,
//! HL-PRIVACY): services in JSON and XML, POST with and without an api_key, the new request
//! found by filter and by id, Open311 error arrays, well-formed XML, planted personal data in
//! no GET answer, complaints never published, and GETs limited per client (issue 12).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use hotline::open311::DEMO_KEY;
use serde_json::Value;

use crate::common::{Answer, TestApp, app};

async fn open311_app() -> TestApp {
    let app = app().await;
    hotline::open311::seed_demo_key(&app.platform.db, &app.platform.key, DEMO_KEY)
        .await
        .unwrap();
    app
}

/// A request as an Open311 client sends it: no cookie, no CSRF token.
async fn call(app: &TestApp, method: Method, path: &str, form: Option<&str>) -> Answer {
    let builder = Request::builder().method(method).uri(path);
    let request = match form {
        Some(form) => builder
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form.to_owned())),
        None => builder.body(Body::empty()),
    };
    app.send_request(request.unwrap()).await
}

async fn get(app: &TestApp, path: &str) -> Answer {
    call(app, Method::GET, path, None).await
}

fn enc(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

const NAME_MARK: &str = "Zqxname";
const PHONE_MARK: &str = "13877776666";
const EMAIL_MARK: &str = "zqxmail@example.com";
const HOSTILE: &str = "<script>alert(1)</script>&\"' 路灯不亮";

/// A suggestion whose appellant agreed to publication (HL-PRIVACY, issue 12 finding 12).
fn request_form(key: Option<&str>, description: &str) -> String {
    request_form_of("suggestion", key, description)
}

fn request_form_of(service_code: &str, key: Option<&str>, description: &str) -> String {
    let mut form = format!(
        "service_code={service_code}&lat=38.93&long=100.45&address_string={}&description={}\
         &first_name={NAME_MARK}&last_name=Zhang&phone={PHONE_MARK}&email={}\
         &attribute%5Bpublish%5D=yes",
        enc("甘州区南关小区"),
        enc(description),
        enc(EMAIL_MARK)
    );
    if let Some(key) = key {
        form.push_str(&format!("&api_key={}", enc(key)));
    }
    form
}

/// A minimal well-formedness check: declaration, balanced tags, only the five entities.
fn assert_well_formed(xml: &str) {
    let rest = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .unwrap_or_else(|| panic!("no declaration: {xml}"));
    let mut stack: Vec<&str> = Vec::new();
    let mut text = rest;
    while !text.is_empty() {
        if let Some(after) = text.strip_prefix('<') {
            let end = after.find('>').expect("unclosed tag");
            let tag = &after[..end];
            assert!(
                !tag.contains('<') && !tag.contains('"') && !tag.contains('\''),
                "{tag}"
            );
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched close in {xml}");
            } else {
                stack.push(tag);
            }
            text = &after[end + 1..];
        } else {
            let end = text.find('<').unwrap_or(text.len());
            let content = &text[..end];
            assert!(
                !content.contains('>') && !content.contains('"'),
                "{content}"
            );
            for (i, _) in content.match_indices('&') {
                let entity = &content[i..];
                assert!(
                    ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"]
                        .iter()
                        .any(|e| entity.starts_with(e)),
                    "bad entity in {content}"
                );
            }
            text = &text[end..];
        }
        if stack.is_empty() {
            assert!(text.trim().is_empty(), "content after the root: {text}");
            break;
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
}

fn open311_error_code(answer: &Answer) -> i64 {
    let body: Value = serde_json::from_str(&answer.body).unwrap();
    let first = &body[0];
    assert!(first["description"].as_str().is_some_and(|d| !d.is_empty()));
    first["code"].as_i64().unwrap()
}

#[tokio::test]
async fn open311_services_list_the_four_categories_in_json_and_xml() {
    let app = open311_app().await;
    let json = get(&app, "/open311/v2/services.json").await;
    assert_eq!(json.status, StatusCode::OK);
    assert!(
        json.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let services: Value = serde_json::from_str(&json.body).unwrap();
    let codes: Vec<&str> = services
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["service_code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "consultation_help",
            "suggestion",
            "complaint_report",
            "other"
        ]
    );
    assert_eq!(services[2]["service_name"], "投诉举报");
    assert_eq!(services[2]["type"], "realtime");
    let xml = get(&app, "/open311/v2/services.xml").await;
    assert_eq!(xml.status, StatusCode::OK);
    assert!(
        xml.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/xml")
    );
    assert_well_formed(&xml.body);
    for code in codes {
        assert!(
            xml.body
                .contains(&format!("<service_code>{code}</service_code>"))
        );
    }
    let definition = get(&app, "/open311/v2/services/complaint_report.xml").await;
    assert_eq!(definition.status, StatusCode::OK);
    assert_well_formed(&definition.body);
    assert!(definition.body.contains("<code>private</code>"));
    let definition = get(&app, "/open311/v2/services/other.json").await;
    let body: Value = serde_json::from_str(&definition.body).unwrap();
    assert_eq!(body["service_code"], "other");
    assert_eq!(body["attributes"][0]["values"][1]["key"], "yes");
    let unknown = get(&app, "/open311/v2/services/potholes.json").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(open311_error_code(&unknown), 404);
    let html = get(&app, "/open311/v2/services.html").await;
    assert_eq!(html.status, StatusCode::NOT_FOUND);
    assert_eq!(open311_error_code(&html), 404);
}

#[tokio::test]
async fn hl_privacy_open311_post_needs_a_key_and_get_answers_carry_no_personal_data() {
    let app = open311_app().await;
    let before = app.audit_seq().await;
    for key in [None, Some("wrong-key-wrong-key")] {
        let refused = call(
            &app,
            Method::POST,
            "/open311/v2/requests.json",
            Some(&request_form(key, "路灯不亮")),
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_eq!(open311_error_code(&refused), 403);
    }
    assert_eq!(
        app.audit_seq().await,
        before,
        "a refused POST changes nothing"
    );

    let posted = call(
        &app,
        Method::POST,
        "/open311/v2/requests.json",
        Some(&request_form(Some(DEMO_KEY), HOSTILE)),
    )
    .await;
    assert_eq!(posted.status, StatusCode::OK, "{}", posted.body);
    let body: Value = serde_json::from_str(&posted.body).unwrap();
    let id = body[0]["service_request_id"].as_str().unwrap().to_owned();
    assert!(id.starts_with("GZ"), "{id}");
    assert!(
        body[0]["service_notice"]
            .as_str()
            .unwrap()
            .contains("查询码")
    );

    let list = get(&app, "/open311/v2/requests.json?status=open").await;
    assert_eq!(list.status, StatusCode::OK);
    let requests: Value = serde_json::from_str(&list.body).unwrap();
    let found = requests
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["service_request_id"] == id.as_str())
        .unwrap_or_else(|| panic!("{id} not listed: {}", list.body));
    assert_eq!(found["status"], "open");
    assert_eq!(found["status_notes"], "已登记");
    assert_eq!(found["service_code"], "suggestion");
    assert_eq!(found["description"], HOSTILE);
    assert_eq!(found["address"], "甘州区南关小区");
    assert_eq!(found["lat"], "38.93");

    let one_xml = get(&app, &format!("/open311/v2/requests/{id}.xml")).await;
    assert_eq!(one_xml.status, StatusCode::OK);
    assert_well_formed(&one_xml.body);
    assert!(one_xml.body.contains("<status>open</status>"));
    assert!(one_xml.body.contains(
        "<description>&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos; 路灯不亮</description>"
    ));
    let list_xml = get(
        &app,
        &format!("/open311/v2/requests.xml?service_request_id={id},GZ0"),
    )
    .await;
    assert_well_formed(&list_xml.body);
    assert_eq!(list_xml.body.matches("<request>").count(), 1);

    // A complaint is never published, even when the client says the appellant agreed; the
    // personal data planted in a published description is masked (issue 12 finding 12).
    let complaint = call(
        &app,
        Method::POST,
        "/open311/v2/requests.json",
        Some(&request_form_of(
            "complaint_report",
            Some(DEMO_KEY),
            "投诉夜间施工",
        )),
    )
    .await;
    let complaint: Value = serde_json::from_str(&complaint.body).unwrap();
    let complaint_id = complaint[0]["service_request_id"].as_str().unwrap();
    let planted = format!("我是{NAME_MARK} Zhang，电话{PHONE_MARK}，邮箱{EMAIL_MARK}");
    call(
        &app,
        Method::POST,
        "/open311/v2/requests.json",
        Some(&request_form(Some(DEMO_KEY), &planted)),
    )
    .await;
    let everything = get(&app, "/open311/v2/requests.json").await.body;
    assert!(!everything.contains(complaint_id), "{everything}");
    assert!(
        everything.contains("我是〔姓名〕，电话〔手机号〕，邮箱〔邮箱〕"),
        "{everything}"
    );
    let answers = [
        everything,
        list.body,
        one_xml.body,
        list_xml.body,
        get(&app, &format!("/open311/v2/requests/{id}.json"))
            .await
            .body,
        get(&app, "/open311/v2/requests.xml").await.body,
        get(
            &app,
            "/open311/v2/requests.json?service_code=complaint_report",
        )
        .await
        .body,
    ];
    for answer in &answers {
        for mark in [NAME_MARK, PHONE_MARK, EMAIL_MARK, "zqxmail"] {
            assert!(!answer.contains(mark), "{mark} leaked in {answer}");
        }
    }
}

#[tokio::test]
async fn hl_register_bad_open311_input_gets_400_with_an_error_array() {
    let app = open311_app().await;
    let key = format!("&api_key={DEMO_KEY}");
    let cases = [
        format!("description=x&address_string=y{key}"),
        format!("service_code=complaint_report&address_string=y{key}"),
        format!("service_code=complaint_report&description=x{key}"),
        format!("service_code=potholes&description=x&address_string=y{key}"),
        format!("service_code=other&description=x&address_string=y&phone=12ab{key}"),
        format!("service_code=other&description=x&lat=99&long=1{key}"),
    ];
    for form in &cases {
        let answer = call(&app, Method::POST, "/open311/v2/requests.json", Some(form)).await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{form}: {}",
            answer.body
        );
        assert_eq!(open311_error_code(&answer), 400);
    }
    let xml = call(
        &app,
        Method::POST,
        "/open311/v2/requests.xml",
        Some(&cases[0]),
    )
    .await;
    assert_eq!(xml.status, StatusCode::BAD_REQUEST);
    assert_well_formed(&xml.body);
    assert!(
        xml.body
            .contains("<errors><error><code>400</code><description>")
    );
    let bad_filters = [
        "/open311/v2/requests.json?status=pending",
        "/open311/v2/requests.json?start_date=yesterday",
        "/open311/v2/requests.json?service_code=potholes",
        "/open311/v2/requests.json?page_size=abc",
        "/open311/v2/requests.json?page=0",
    ];
    for path in bad_filters {
        let answer = get(&app, path).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
        assert_eq!(open311_error_code(&answer), 400);
    }
    let missing = get(&app, "/open311/v2/requests/GZ20000101000001.json").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(open311_error_code(&missing), 404);
    let count: i64 = {
        use sqlx::Row as _;
        sqlx::query("SELECT COUNT(*) AS n FROM open311_requests")
            .fetch_one(&app.platform.db.pool)
            .await
            .unwrap()
            .try_get("n")
            .unwrap()
    };
    assert_eq!(count, 0, "bad input stores nothing");
}

/// Issue 12 finding 2: a client makes at most 60 Open311 GETs a minute (an IPv6 client per
/// /64); the 61st is Open311's error array with code 429, and another client is served.
#[tokio::test]
async fn open311_gets_are_rate_limited_per_client() {
    use std::net::{IpAddr, SocketAddr};

    use axum::extract::ConnectInfo;

    let app = open311_app().await;
    let from = |ip: &str, path: &str| {
        let peer = SocketAddr::new(ip.parse::<IpAddr>().unwrap(), 40000);
        Request::builder()
            .uri(path)
            .extension(ConnectInfo(peer))
            .body(Body::empty())
            .unwrap()
    };
    for n in 0..60 {
        let path = match n % 3 {
            0 => "/open311/v2/services.json",
            1 => "/open311/v2/requests.json",
            _ => "/open311/v2/requests/GZ20250303000001.json",
        };
        let answer = app
            .send_request(from(&format!("2001:db8:5:5::{n:x}"), path))
            .await;
        assert_ne!(answer.status, StatusCode::TOO_MANY_REQUESTS, "GET {n}");
    }
    let limited = app
        .send_request(from("2001:db8:5:5::ffff", "/open311/v2/requests.xml"))
        .await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    assert_well_formed(&limited.body);
    assert!(
        limited.body.contains("<code>429</code>"),
        "{}",
        limited.body
    );
    let other = app
        .send_request(from("2001:db8:5:6::1", "/open311/v2/requests.json"))
        .await;
    assert_eq!(other.status, StatusCode::OK);
}
