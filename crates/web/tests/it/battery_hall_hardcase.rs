//! The battery's objects of the hard cases (HALL-HARDCASE) and the centres (HALL-LEVELS): a
//! 陇商通 case registered by the owner (a window clerk or the service centre's staff,
//! `gz-service`), and a township's centre in the register (under the district centre). The
//! centre's staff are their insiders; another unit's staff (unit B, and unit A, a department
//! the case was not transferred to) are refused and learn nothing.

use calendar::Instant;
use hall::hardcase::{Channel, Filing};
use hall::levels::{Centre, Level};
use hall::usecase::centres::{self, Who};
use hall::usecase::hardcases;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object};
use crate::battery_world::{Staff, UNIT_A, World};

/// The centre that keeps both.
pub const CENTRE: &str = "gz-service";

impl World<'_> {
    async fn actor_of(&self, owner: &Staff) -> platform::roles::Actor {
        platform::users::load_actor(&self.app.platform.db, owner.client.user_id)
            .await
            .unwrap()
            .unwrap()
    }

    /// A case of the 陇商通 window, registered by `owner`.
    pub async fn hall_hardcase_object(&self, owner: &Staff) -> Made {
        let db = &self.app.platform.db;
        let (profile, calendar) = self.hall_rules().await;
        let actor = self.actor_of(owner).await;
        let audit = AuditActor::staff(&actor, "127.0.0.1");
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &audit, &calendar, &profile, now);
        let filing = Filing {
            channel: Channel::Longshangtong,
            requester: "张掖某农业科技公司".into(),
            contact: "13800002222".into(),
            content: "企业申请设备补贴三个月无答复".into(),
        };
        let (stored, _) = hardcases::register(db, &context, &actor, filing)
            .await
            .unwrap();
        let id = stored.case.id.0;
        Made {
            ids: vec![id],
            page: format!("/office/hall/hardcases/{id}"),
            other: None,
        }
    }

    /// A township's centre under the district centre (registered first when missing).
    pub async fn hall_centre_object(&self) -> Made {
        let db = &self.app.platform.db;
        let leader = self.staff(Role::UnitLeader, CENTRE).await;
        let actor = self.actor_of(&leader).await;
        let audit = AuditActor::staff(&actor, "127.0.0.1");
        let who = Who {
            actor: &actor,
            audit: &audit,
            now: now_ms(),
        };
        let all = centres::all(db).await.unwrap();
        let district = match all.iter().find(|c| c.centre.level == Level::District) {
            Some(found) => found.id,
            None => centres::register(
                db,
                &who,
                centre("甘州区政务服务中心", Level::District, None),
            )
            .await
            .unwrap(),
        };
        let name = format!("第{}乡镇便民服务中心", rand::random::<u32>() % 1_000_000);
        let id = centres::register(db, &who, centre(&name, Level::Township, Some(district)))
            .await
            .unwrap();
        Made {
            ids: vec![id],
            page: format!("/office/hall/centres/{id}"),
            other: None,
        }
    }
}

fn centre(name: &str, level: Level, parent: Option<i64>) -> Centre {
    Centre {
        name: name.into(),
        level,
        parent: parent.map(|id| (id, Level::District)),
        unit: None,
        approval: String::new(),
        address: "甘州区".into(),
        hours: String::new(),
        phone: String::new(),
    }
}

/// A department the case was not transferred to is refused too.
const DEPARTMENT: &[(Role, &str)] = &[(Role::UnitLeader, UNIT_A), (Role::UnitHandler, UNIT_A)];

const fn case_row(path: &'static str) -> Fixture {
    Fixture {
        path,
        object: Object::HallHardcase,
        also_refused: DEPARTMENT,
        fixed_form: None,
    }
}

const fn centre_row(path: &'static str) -> Fixture {
    Fixture {
        path,
        object: Object::HallCentre,
        also_refused: DEPARTMENT,
        fixed_form: None,
    }
}

/// The hard cases' and the centres' routes with an id.
pub const FIXTURES: &[Fixture] = &[
    case_row("/office/hall/hardcases/{id}"),
    case_row("/office/hall/hardcases/{id}/act"),
    case_row("/office/hall/hardcases/{id}/reveal"),
    centre_row("/office/hall/centres/{id}"),
    centre_row("/office/hall/centres/{id}/items"),
    centre_row("/office/hall/centres/{id}/edit"),
    centre_row("/office/hall/centres/{id}/deactivate"),
    Fixture {
        path: "/office/hall/centres/{id}/reports",
        object: Object::HallCentre,
        also_refused: DEPARTMENT,
        fixed_form: Some((
            "month=2026-01&received=3&completed=2&item_changes=&note=",
            "the report form is offered to the centre's own unit, which the battery's township \
             centre (run by no unit) has none of",
        )),
    },
];
