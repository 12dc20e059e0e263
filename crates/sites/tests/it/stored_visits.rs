//! Visits counted on both backends (WEB-STATS, the figures of WEB-ANNUAL): page views and each
//! day's unique visitors per site, without cookies and without a stored address — a visitor
//! is a keyed hash under the day's random salt, and the salt and the hashes go with the day.

use sites::SiteId;
use sites::usecase::public::{self, VisitTotals, Visitor};

use crate::world::worlds;
use crate::{at, date};

const PHONE: Visitor<'static> = Visitor {
    address: "203.0.113.7",
    user_agent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)",
};

const DESKTOP: Visitor<'static> = Visitor {
    address: "203.0.113.7",
    user_agent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
};

/// WEB-STATS: two views by one visitor and one by another make three views and two visitors
/// that day; another site counts its own; the next day the same visitor is new again, and the
/// first visit of that day deleted the earlier day's salt and hashes while its figures stay.
/// No address is stored anywhere.
#[tokio::test]
async fn web_stats_views_and_daily_unique_visitors_per_site_without_stored_addresses() {
    for w in worlds().await {
        let db = &w.platform.db;
        let day1 = at("2025-03-03T09:00");
        for (visitor, salt) in [(PHONE, [1u8; 32]), (PHONE, [2; 32]), (DESKTOP, [3; 32])] {
            public::record_view(db, w.dept, visitor, day1, salt)
                .await
                .unwrap();
        }
        public::record_view(db, w.portal, PHONE, day1, [4; 32])
            .await
            .unwrap();
        let day = date("2025-03-03");
        assert_eq!(
            public::visit_totals(db, w.dept, day, day).await.unwrap(),
            VisitTotals {
                views: 3,
                visitors: 2
            },
            "{}",
            w.backend()
        );
        assert_eq!(
            public::visit_totals(db, w.portal, day, day).await.unwrap(),
            VisitTotals {
                views: 1,
                visitors: 1
            }
        );
        // The first salt of the day stays the day's salt.
        let salt = hex::encode([1u8; 32]);
        let salts = format!("SELECT COUNT(*) AS n FROM site_visit_salts WHERE salt = '{salt}'");
        assert_eq!(w.scalar(&salts).await, 1);
        // Nothing of the address or the user agent is stored: only the marks.
        let plain = "SELECT COUNT(*) AS n FROM site_visitors \
            WHERE mark LIKE '%203.0.113%' OR mark LIKE '%Mozilla%' OR LENGTH(mark) <> 64";
        assert_eq!(w.scalar(plain).await, 0);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM site_visitors").await, 3);

        let day2 = at("2025-03-04T08:00");
        public::record_view(db, w.dept, PHONE, day2, [5; 32])
            .await
            .unwrap();
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_visit_salts").await,
            1,
            "yesterday's salt is gone"
        );
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_visitors WHERE day = 20250303")
                .await,
            0,
            "yesterday's hashes are gone"
        );
        let days = public::visit_days(db, w.dept, day, date("2025-03-04"))
            .await
            .unwrap();
        let figures: Vec<(i64, i64, i64)> =
            days.iter().map(|d| (d.day, d.views, d.visitors)).collect();
        assert_eq!(figures, [(20250303, 3, 2), (20250304, 1, 1)]);
        assert_eq!(
            public::visit_totals(db, w.dept, day, date("2025-12-31"))
                .await
                .unwrap(),
            VisitTotals {
                views: 4,
                visitors: 3
            }
        );
        // The daily maintenance forgets a day nobody visited after.
        assert_eq!(
            public::forget_past(db, at("2025-03-05T00:10"))
                .await
                .unwrap(),
            2
        );
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM site_visit_salts").await,
            0
        );
    }
}

/// WEB-STATS: the mark is a keyed hash — the same visitor at the same site under the same salt
/// gives the same mark; another salt, site, address or user agent another; and it holds
/// nothing of the address.
#[test]
fn web_stats_a_visitor_is_a_keyed_hash_of_the_day() {
    let mark =
        |salt: u8, site: i64, visitor| public::visitor_mark(&[salt; 32], SiteId(site), visitor);
    assert_eq!(mark(1, 1, PHONE), mark(1, 1, PHONE));
    assert_eq!(mark(1, 1, PHONE).len(), 64);
    assert!(!mark(1, 1, PHONE).contains("203"));
    for other in [mark(2, 1, PHONE), mark(1, 2, PHONE), mark(1, 1, DESKTOP)] {
        assert_ne!(mark(1, 1, PHONE), other);
    }
    let elsewhere = Visitor {
        address: "198.51.100.1",
        ..PHONE
    };
    assert_ne!(mark(1, 1, PHONE), mark(1, 1, elsewhere));
    assert_eq!(public::day_number(crate::date("2025-03-04")), 20250304);
    assert_eq!(
        public::date_of_day(20250304),
        Some(crate::date("2025-03-04"))
    );
}
