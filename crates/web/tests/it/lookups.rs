//! Lookups by number and query code through the router (SVC-STATUS, HL-REGISTER, issue 12
//! finding 3): wrong codes lock a number whichever clients send them, and every lookup page
//! of both portals draws on one rate-limit bucket per client, an IPv6 client by its /64.

use std::net::{IpAddr, SocketAddr};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode};
use hotline::appeal::{Category, Channel, Origin};
use hotline::usecase::{self, Appellant, NewAppeal};
use platform::audit::AuditActor;
use platform::db::now_ms;

use crate::common::{Answer, TestApp, app};

/// `web::ratelimit::LOOKUPS_PER_MINUTE`: lookups by number and code one client may make per
/// minute over every page.
const LOOKUPS_PER_MINUTE: u32 = 20;

/// A GET from the client at `ip`, as the server sees its peer.
async fn get_from(app: &TestApp, ip: &str, path: &str) -> Answer {
    let peer = SocketAddr::new(ip.parse::<IpAddr>().unwrap(), 40000);
    let request = Request::builder()
        .uri(path)
        .extension(ConnectInfo(peer))
        .body(Body::empty())
        .unwrap();
    app.send_request(request).await
}

async fn appeal(app: &TestApp) -> (String, String) {
    let new = NewAppeal {
        channel: Channel::Web,
        category: Category::Suggestion,
        origin: Origin::Local,
        content: "建议在南关小区门口增设路灯".into(),
        location: "甘州区南关小区".into(),
        is_private: false,
        publish_consent: false,
        confidential: false,
        province_due: None,
        appellant: Appellant::default(),
        ip: None,
    };
    let registration = usecase::register_appeal(
        &app.platform.db,
        &app.platform.key,
        &AuditActor::anonymous("10.9.9.9"),
        new,
        calendar::Instant::from_millis(now_ms()),
    )
    .await
    .unwrap();
    (registration.number, registration.query_code)
}

/// Issue 12 finding 3: five wrong codes from five clients lock the number; a sixth client
/// with the right code is told to wait, and the page says for how long.
#[tokio::test]
async fn wrong_codes_from_different_clients_lock_the_number_for_everyone() {
    let app = app().await;
    let (number, code) = appeal(&app).await;
    let wrong = if code.starts_with('2') {
        "3333-3333"
    } else {
        "2222-2222"
    };
    let mut statuses = Vec::new();
    for client in 1..=5 {
        let answer = get_from(
            &app,
            &format!("10.0.0.{client}"),
            &format!("/hotline/query?number={number}&code={wrong}"),
        )
        .await;
        statuses.push(answer.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
            StatusCode::NOT_FOUND,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let right = get_from(
        &app,
        "10.0.0.6",
        &format!("/hotline/query?number={number}&code={code}"),
    )
    .await;
    assert_eq!(
        right.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        right.body
    );
    assert!(
        right
            .body
            .contains("该编号查询失败次数过多，请 15 分钟后再试"),
        "{}",
        right.body
    );
}

/// Issue 12 finding 3: the hotline's query page and the services' status page share one
/// bucket per client — a guesser does not get twice the tries by switching portals.
#[tokio::test]
async fn one_bucket_per_client_for_lookups_on_both_portals() {
    let app = app().await;
    for n in 0..LOOKUPS_PER_MINUTE {
        let answer = get_from(
            &app,
            "10.0.1.1",
            &format!("/hotline/query?number=GZ20250303{n:06}&code=2222-2222"),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "lookup {n}: {}",
            answer.body
        );
    }
    let services = "/services/cases/query?number=SV20250303000001&code=2222-2222";
    let limited = get_from(&app, "10.0.1.1", services).await;
    assert_eq!(
        limited.status,
        StatusCode::TOO_MANY_REQUESTS,
        "{}",
        limited.body
    );
    let other = get_from(&app, "10.0.1.2", services).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND, "{}", other.body);
}

/// Issue 12 finding 3: an IPv6 client that takes a new address of its /64 for every lookup
/// still draws on one bucket; the next /64 is another client.
#[tokio::test]
async fn an_ipv6_client_is_limited_by_its_64_prefix() {
    let app = app().await;
    for n in 0..LOOKUPS_PER_MINUTE {
        let answer = get_from(
            &app,
            &format!("2001:db8:7:1::{:x}", n + 1),
            &format!("/services/cases/query?number=SV20250303{n:06}&code=2222-2222"),
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::NOT_FOUND,
            "lookup {n}: {}",
            answer.body
        );
    }
    let path = "/hotline/query?number=GZ20250303999999&code=2222-2222";
    let same_network = get_from(&app, "2001:db8:7:1:ffff:ffff:ffff:fff0", path).await;
    assert_eq!(same_network.status, StatusCode::TOO_MANY_REQUESTS);
    let next_network = get_from(&app, "2001:db8:7:2::1", path).await;
    assert_eq!(next_network.status, StatusCode::NOT_FOUND);
}
