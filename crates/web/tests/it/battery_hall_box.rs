//! The battery's object of the supervision box (HALL-BOX): a complaint sent from the hall's
//! page (no window named, a contact left), registered with the service centre (`gz-service`):
//! the centre's leaders and handlers are its insiders; another unit's staff (unit B, and unit
//! A, a department it was not given to) are refused and learn nothing.

use calendar::{Calendar, Instant};
use hall::supervision::Source;
use hall::usecase::complaints;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object};
use crate::battery_world::{UNIT_A, World};

/// The centre that keeps the box.
pub const CENTRE: &str = "gz-service";

impl World<'_> {
    /// The rules in force and the working calendar, for the hall's objects' use cases.
    pub async fn hall_rules(&self) -> (RuleProfile, Calendar) {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        (profile, platform::workcal::load_current(db).await.unwrap())
    }

    /// A complaint of the hall's page, registered.
    pub async fn hall_complaint_object(&self) -> Made {
        let db = &self.app.platform.db;
        let (profile, calendar) = self.hall_rules().await;
        let visitor = AuditActor::anonymous("10.0.0.7");
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &visitor, &calendar, &profile, now);
        let content = "窗口工作人员态度生硬，不解释补正材料的要求";
        let (stored, _) = complaints::submit(
            db,
            &context,
            Source::Page,
            None,
            content,
            Some("13800001111"),
        )
        .await
        .unwrap();
        let id = stored.complaint.id.0;
        Made {
            ids: vec![id],
            page: format!("/office/hall/complaints/{id}"),
            other: None,
        }
    }
}

/// A department the complaint was not given to is refused too.
const DEPARTMENT: &[(Role, &str)] = &[(Role::UnitLeader, UNIT_A), (Role::UnitHandler, UNIT_A)];

const fn row(path: &'static str) -> Fixture {
    Fixture {
        path,
        object: Object::HallComplaint,
        also_refused: DEPARTMENT,
        fixed_form: None,
    }
}

/// The supervision box's routes with an id.
pub const FIXTURES: &[Fixture] = &[
    row("/office/hall/complaints/{id}"),
    row("/office/hall/complaints/{id}/act"),
    row("/office/hall/complaints/{id}/reveal"),
];
