//! The battery's objects of the site inspection (issue 19, WEB-INSPECT): a site of unit A as
//! the inspection pages address it (the IT office's administrators see every site), and an
//! open word finding of a crawl of that site, a task of unit A (its host unit).

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::workflow::Context;
use sites::inspection::usecase::{self, Seen};
use sites::{SiteId, UnitId};

use crate::battery_fixtures::{Fixture, Made, Object, SiteStage, row};
use crate::battery_world::{UNIT_A, World};

impl World<'_> {
    /// An open site of unit A for `/office/inspect/sites/{id}`, or an open finding of it.
    pub async fn inspection_object(&self, finding: bool) -> Made {
        let site = self.made_site(SiteStage::Open).await;
        if !finding {
            return Made {
                ids: vec![site.0],
                page: format!("/office/inspect/sites/{}", site.0),
                other: None,
            };
        }
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let actor = AuditActor::system("inspect.crawl");
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &actor, &calendar, &profile, now);
        let seen = [Seen {
            kind: "wrong-word".into(),
            url: format!("http://battery.example/{}.html", site.0),
            detail: "错误表述“国家工商行政管理总局”，应为“国家市场监督管理总局”".into(),
        }];
        let unit = UnitId(self.unit(UNIT_A));
        usecase::record_crawl(db, &context, SiteId(site.0), unit, &seen, true)
            .await
            .unwrap();
        let id: i64 = sqlx::query("SELECT MAX(id) AS id FROM inspect_findings WHERE site_id = $1")
            .bind(site.0)
            .fetch_one(&db.pool)
            .await
            .map(|row| sqlx::Row::try_get(&row, "id").unwrap())
            .unwrap();
        Made {
            ids: vec![id],
            page: format!("/office/inspect/findings/{id}"),
            other: None,
        }
    }
}

/// The inspection's routes with an id and their objects.
pub const FIXTURES: &[Fixture] = &[
    row("/office/inspect/sites/{id}", Object::InspectSite),
    row("/office/inspect/sites/{id}/manual", Object::InspectSite),
    row("/office/inspect/findings/{id}", Object::InspectFinding),
    row("/office/inspect/findings/{id}/fix", Object::InspectFinding),
    row(
        "/office/inspect/findings/{id}/dismiss",
        Object::InspectFinding,
    ),
];
