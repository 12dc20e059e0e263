//! The inspector's scheduled jobs on both backends, each driven once (WEB-INSPECT,
//! WEB-NOADS): the crawl of every registered site over a planted site served in the test —
//! a full crawl first, its findings stored as the units' work, then nothing until a day
//! later, then a daily crawl — and the availability probe: at least the profile's probes a
//! day at varied instants, the share unanswered over the window, red at 5 %.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use calendar::Instant;
use platform::jobs::{Job, JobHandler as _};
use sites::SiteId;
use sites::inspection::jobs::{self, Handler, Kind, Locate};

use crate::world::{World, t0, worlds};
use crate::{CAL, PROFILE};

fn page(body: &'static str) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        format!(
            "<!doctype html><html><head><meta charset=utf-8><title>站</title></head><body>{body}</body></html>"
        ),
    )
}

/// The home page has no date (stale), links a page with a wrong expression, a page with a
/// full ID number, a missing page and a gambling domain.
async fn planted() -> SocketAddr {
    let app = Router::new()
        .route(
            "/",
            get(|| async {
                page(r#"<a href="/w.html">动态</a><a href="/p.html">名单</a><a href="/gone.html">旧页</a><a href="http://www.bet365.com/">娱乐</a>"#)
            }),
        )
        .route("/w.html", get(|| async { page("<p>根据国土资源部的通知。</p>") }))
        .route(
            "/p.html",
            get(|| async { page("<p>张三 620702198503121238</p>") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    address
}

fn locate(address: String) -> Locate {
    Arc::new(move |_: &str| format!("http://{address}/"))
}

fn quick(options: &mut crawler::Options) {
    options.timeout = Duration::from_secs(2);
    options.delay = Duration::ZERO;
}

async fn kinds(w: &World, site: SiteId) -> Vec<String> {
    let rows =
        sqlx::query("SELECT DISTINCT kind FROM inspect_findings WHERE site_id = $1 ORDER BY kind")
            .bind(site.0)
            .fetch_all(&w.platform.db.pool)
            .await
            .unwrap();
    rows.iter()
        .map(|row| sqlx::Row::try_get::<String, _>(row, "kind").unwrap())
        .collect()
}

/// WEB-INSPECT, WEB-NOADS: the crawl job reads every registered site, full first, then daily.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_inspect_the_crawl_job_crawls_every_site_full_first_then_daily() {
    let address = planted().await;
    for w in worlds().await {
        let db = &w.platform.db;
        let locate = locate(address.to_string());
        let context = w.context(&w.publisher, t0());
        let runs = jobs::crawl_due(db, &context, &locate, quick).await.unwrap();
        assert_eq!(
            runs.len(),
            2,
            "{}: the portal and the bureau's site",
            w.backend()
        );
        assert!(runs.iter().all(|run| run.scope == "full" && run.pages >= 3));
        let found = kinds(&w, w.dept).await;
        for kind in [
            "blocked-link",
            "broken-link",
            "privacy-id-number",
            "stale-home",
            "wrong-word",
        ] {
            assert!(found.iter().any(|k| k == kind), "{kind}: {found:?}");
        }
        // Each a task of the bureau (the host unit of its site), none unmasked.
        let of_edu = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM inspect_findings WHERE site_id = {} AND unit_id = {}",
                w.dept.0, w.edu.0
            ))
            .await;
        assert_eq!(of_edu, i64::try_from(found.len()).unwrap());
        let unmasked = w
            .scalar("SELECT COUNT(*) AS n FROM inspect_findings WHERE detail LIKE '%198503121238%'")
            .await;
        assert_eq!(unmasked, 0);
        // Not due again the same day; a day later, a daily crawl that finds the same rows.
        let again = jobs::crawl_due(db, &context, &locate, quick).await.unwrap();
        assert!(again.is_empty());
        let later = w.context(
            &w.publisher,
            Instant::from_millis(t0().millis() + 86_400_000),
        );
        let daily = jobs::crawl_due(db, &later, &locate, quick).await.unwrap();
        assert_eq!(daily.len(), 2);
        assert!(daily.iter().all(|run| run.scope == "daily"));
        let total = w
            .scalar(&format!(
                "SELECT COUNT(*) AS n FROM inspect_findings WHERE site_id = {}",
                w.dept.0
            ))
            .await;
        assert_eq!(total, of_edu, "seen again, not stored twice");
    }
}

/// WEB-INSPECT (19号 站点无法访问): at least the profile's probes a day, at varied instants.
#[test]
fn web_inspect_probes_fall_at_least_20_times_a_day_at_varied_instants() {
    let interval = 86_400_000 / i64::from(PROFILE.website.availability_probes_per_day);
    assert!(PROFILE.website.availability_probes_per_day >= 20);
    let mut last = None;
    let mut at = 0;
    let mut instants = Vec::new();
    while at < 86_400_000 {
        if jobs::probe_due(SiteId(3), last, at, interval) {
            instants.push(at);
            last = Some(at);
        }
        at += 60_000;
    }
    assert!(instants.len() >= 20, "{}", instants.len());
    let gaps: std::collections::BTreeSet<i64> =
        instants.windows(2).map(|pair| pair[1] - pair[0]).collect();
    assert!(gaps.len() > 3, "varied: {gaps:?}");
}

/// WEB-INSPECT (19号 站点无法访问): the probe job records each site's answer; the share of
/// unanswered probes over the window is red at 5 %.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_inspect_the_probe_job_records_answers_and_the_share_unanswered_is_red_at_5_percent() {
    let address = planted().await;
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    for w in worlds().await {
        let db = &w.platform.db;
        let up = locate(address.to_string());
        let probed = jobs::probe_due_sites(db, &PROFILE, t0(), &up)
            .await
            .unwrap();
        assert_eq!(probed, 2, "{}", w.backend());
        assert_eq!(
            jobs::probe_due_sites(db, &PROFILE, t0(), &up)
                .await
                .unwrap(),
            0
        );
        let fine = jobs::availability(db, &PROFILE, w.dept, t0())
            .await
            .unwrap();
        assert_eq!((fine.probes, fine.unanswered, fine.red), (1, 0, false));
        // 19 answered and one not: 5 % is red.
        for hour in 1..19 {
            let now = Instant::from_millis(t0().millis() + hour * 3_600_000);
            jobs::probe_due_sites(db, &PROFILE, now, &up).await.unwrap();
        }
        let down = locate(format!("127.0.0.1:{refused}"));
        let now = Instant::from_millis(t0().millis() + 19 * 3_600_000);
        jobs::probe_due_sites(db, &PROFILE, now, &down)
            .await
            .unwrap();
        let share = jobs::availability(db, &PROFILE, w.dept, now).await.unwrap();
        assert_eq!((share.probes, share.unanswered), (20, 1), "{share:?}");
        assert!(share.red);
        assert_eq!(share.share(), "5.0%");
        // Outside the 7 days' window the probes no longer count.
        let week = Instant::from_millis(now.millis() + 8 * 86_400_000);
        let gone = jobs::availability(db, &PROFILE, w.dept, week)
            .await
            .unwrap();
        assert_eq!(gone.probes, 0);

        // The job as the runner runs it, once.
        let handler = Handler {
            key: w.platform.key.clone(),
            kind: Kind::Probe,
            locate: up.clone(),
        };
        let job = Job {
            id: 0,
            kind: jobs::PROBE.0.into(),
            payload: "{}".into(),
            attempts: 1,
            max_attempts: 3,
        };
        handler.run(db, &job).await.unwrap();
        let rows = w.scalar("SELECT COUNT(*) AS n FROM inspect_probes").await;
        assert_eq!(rows, 42, "both sites probed once more at the real now");
        let _ = &CAL;
    }
}
