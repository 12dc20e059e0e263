//! WEB-FRESH on both backends: the columns' stored freshness marks. The overview over every
//! column (SQL over the marks) equals the live report and its count per site at every instant;
//! a publication, an edit or an archiving clears a column's marks in its own transaction (it
//! is then computed live, never counted fresh) and the next scan stores them again; a change of
//! the profile's windows makes the scan recompute every column.

use std::collections::BTreeMap;

use calendar::Instant;
use platform::profile::RuleProfile;
use sites::column::{self, ColumnKind, FreshnessCount};
use sites::jobs::freshness;
use sites::store::columns;
use sites::usecase::{self, ColumnInput};
use sites::{ColumnId, SiteId};

use crate::world::{World, news_content, t0, worlds};
use crate::{CAL, FENGGANG, PROFILE, at};

/// The overview at `now` equals `report(None)` and `tally` per site, watched columns alike.
async fn assert_overview_is_live(w: &World, now: Instant, profile: &RuleProfile) {
    let db = &w.platform.db;
    let overview = freshness::overview(db, now, profile, &CAL).await.unwrap();
    let live = freshness::report(db, None, now, profile, &CAL)
        .await
        .unwrap();
    let mut per_site: BTreeMap<SiteId, Vec<freshness::ColumnFreshness>> = BTreeMap::new();
    for item in &live {
        per_site
            .entry(item.column.site)
            .or_default()
            .push(item.clone());
    }
    let counts: BTreeMap<SiteId, FreshnessCount> = per_site
        .iter()
        .map(|(site, items)| (*site, freshness::tally(items)))
        .collect();
    assert_eq!(overview.counts, counts, "{} at {now}", w.backend());
    assert_eq!(overview.total(), freshness::tally(&live));
    let mut watched: Vec<_> = live
        .iter()
        .filter(|c| {
            let f = &c.freshness;
            f.light != calendar::Light::Green || f.blank || f.special_untouched
        })
        .map(|c| (c.column.site, c.column.id, c.freshness))
        .collect();
    watched.sort_by_key(|(site, id, _)| (*site, *id));
    let got: Vec<_> = overview
        .watched
        .iter()
        .map(|c| (c.column.site, c.column.id, c.freshness))
        .collect();
    assert_eq!(got, watched, "{} at {now}", w.backend());
}

async fn marked(w: &World, column: ColumnId) -> bool {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM site_columns WHERE id = {column} AND fresh_marked_at IS NOT NULL"
    );
    w.scalar(&sql).await == 1
}

/// The stored marks of `column` read back as the pure core computes them.
async fn stored_marks_are_computed(w: &World, id: ColumnId) {
    let db = &w.platform.db;
    let stored = columns::get(db, id).await.unwrap();
    let expected = column::marks(&stored.column, stored.last_published_at, &PROFILE, &CAL);
    let row = sqlx::query(
        "SELECT fresh_mark_due_at, fresh_warn_at, fresh_special_due_at FROM site_columns \
         WHERE id = $1",
    )
    .bind(id.0)
    .fetch_one(&db.pool)
    .await
    .unwrap();
    let at = |i: usize| {
        sqlx::Row::try_get::<Option<i64>, _>(&row, i)
            .unwrap()
            .map(Instant::from_millis)
    };
    assert_eq!(
        (at(0), at(1), at(2)),
        (expected.due_at, expected.warn_at, expected.special_due_at),
        "{}",
        w.backend()
    );
}

/// WEB-FRESH: the overview equals the live report and count at several instants — before the
/// first scan (no marks: every column live), after it (marks), and after a publication (that
/// column live again) —, and the marks are kept by publication, edit and archiving.
#[tokio::test]
async fn web_fresh_the_overview_over_stored_marks_equals_the_live_report() {
    for w in worlds().await {
        let (db, key) = (&w.platform.db, &w.platform.key);
        let special = w.column(w.dept, "乡村振兴专题", ColumnKind::Special).await;
        w.published(w.news, news_content("开学第一课")).await;
        let nows = [
            "2025-03-03T10:00",
            "2025-03-14T09:00",
            "2025-03-15T09:00",
            "2025-03-18T00:00",
            "2025-03-18T09:00",
            "2025-09-10T09:00",
            "2026-03-10T09:00",
        ];
        for now in nows {
            assert_overview_is_live(&w, at(now), &PROFILE).await;
        }
        let first = freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-04T09:00"))
            .await
            .unwrap();
        assert!(first.columns >= 4, "every column visited the first time");
        assert!(marked(&w, w.news).await && marked(&w, special).await);
        stored_marks_are_computed(&w, w.news).await;
        stored_marks_are_computed(&w, special).await;
        let quiet = freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-04T10:00"))
            .await
            .unwrap();
        assert_eq!(quiet.columns, 0, "nothing changed: nothing visited");
        for now in nows {
            assert_overview_is_live(&w, at(now), &PROFILE).await;
        }
        // A publication clears the column's marks in its transaction: computed live until the
        // next scan stores them again.
        w.published(w.policy, crate::world::policy()).await;
        assert!(!marked(&w, w.policy).await, "{}", w.backend());
        for now in nows {
            assert_overview_is_live(&w, at(now), &PROFILE).await;
        }
        let again = freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-04T11:00"))
            .await
            .unwrap();
        assert_eq!(again.columns, 1, "only the column published in");
        stored_marks_are_computed(&w, w.policy).await;
        // An edit (the special column becomes a news column) and an archiving clear them too.
        let by = &w.publisher;
        let input = ColumnInput {
            parent: None,
            name: "乡村振兴".into(),
            kind: ColumnKind::News,
            responsible_unit: w.edu,
            editor_a: Some(w.editor_a.acting.user),
            editor_b: Some(w.editor_b.acting.user),
            special_opened_by: None,
            position: 0,
        };
        let version = usecase::edit_column(db, &w.context(by, t0()), &by.acting, special, input, 1)
            .await
            .unwrap();
        assert!(!marked(&w, special).await);
        for now in nows {
            assert_overview_is_live(&w, at(now), &PROFILE).await;
        }
        freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-04T12:00"))
            .await
            .unwrap();
        stored_marks_are_computed(&w, special).await;
        usecase::archive_column(db, &w.context(by, t0()), &by.acting, special, version)
            .await
            .unwrap();
        assert!(!marked(&w, special).await);
        freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-04T13:00"))
            .await
            .unwrap();
        for now in nows {
            assert_overview_is_live(&w, at(now), &PROFILE).await;
        }
        let overview = freshness::overview(db, at("2026-03-10T09:00"), &PROFILE, &CAL)
            .await
            .unwrap();
        assert!(overview.watched.iter().all(|c| c.column.id != special));
    }
}

/// WEB-FRESH: a news column published on 3 March is due on the 18th under ganzhou (14 days)
/// but on the 11th under fenggang (7 days): after the profile changes, the scan recomputes
/// every column's marks (all visited once), marks the column stale under the new window, and
/// the overview follows the new profile — before that scan too (computed live).
#[tokio::test]
async fn web_fresh_a_profile_change_makes_the_scan_recompute_every_column() {
    for w in worlds().await {
        let (db, key) = (&w.platform.db, &w.platform.key);
        w.published(w.news, news_content("开学第一课")).await;
        let columns = w.scalar("SELECT COUNT(*) AS n FROM site_columns").await;
        let first = freshness::scan(db, key, &CAL, &PROFILE, at("2025-03-04T09:00"))
            .await
            .unwrap();
        assert_eq!(i64::try_from(first.columns).unwrap(), columns);
        let later = at("2025-03-13T09:00");
        assert_overview_is_live(&w, later, &FENGGANG).await;
        let ganzhou = freshness::scan(db, key, &CAL, &PROFILE, later)
            .await
            .unwrap();
        assert_eq!(ganzhou.marked_stale, 0);
        let fenggang = freshness::scan(db, key, &CAL, &FENGGANG, later)
            .await
            .unwrap();
        assert_eq!(
            i64::try_from(fenggang.columns).unwrap(),
            columns,
            "every column"
        );
        assert_eq!(fenggang.marked_stale, 1, "{}", w.backend());
        assert_overview_is_live(&w, later, &FENGGANG).await;
        let quiet = freshness::scan(db, key, &CAL, &FENGGANG, later)
            .await
            .unwrap();
        assert_eq!(quiet.columns, 0);
    }
}
