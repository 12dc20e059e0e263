//! The battery's objects of public concerns (PUB-RESPOND): a concern at a stage of its
//! machine, made through the openness use cases — registered by unit A's openness officer
//! about a policy of the business bureau (unit A is the office: it escalates and closes), or
//! registered by the government office about a policy of unit A (unit A responds).

use calendar::Instant;
use openness::concern::{Command, ConcernId, Filing, Gravity, Said, Source};
use openness::usecase::concerns as usecase;
use openness::{Acting, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{BUREAU, UNIT_A, World};

/// Where a concern stands (PUB-RESPOND).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConcernStage {
    /// Unit A's office registered an ordinary concern about the business bureau's policy.
    Registered,
    /// The government office registered an ordinary concern about unit A's policy.
    AboutUnitA,
    /// … a major one.
    MajorAboutUnitA,
    /// … an ordinary one about false information, awaiting the consent to clarify (PUB-CLARIFY).
    FalseAboutUnitA,
    /// Unit A's office registered it; the bureau responded.
    Responded,
}

impl World<'_> {
    async fn concern_actor(&self, role: Role, unit: &'static str) -> (Acting, AuditActor) {
        let staff = self.staff(role, unit).await;
        let actor = platform::users::load_actor(&self.app.platform.db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
    }

    /// A concern at `stage`; its page.
    pub async fn concern_object(&self, stage: ConcernStage) -> Made {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let (office, about) = match stage {
            ConcernStage::AboutUnitA
            | ConcernStage::MajorAboutUnitA
            | ConcernStage::FalseAboutUnitA => ("gz-office", UNIT_A),
            _ => (UNIT_A, BUREAU),
        };
        let officer = self.concern_actor(Role::OpennessOfficer, office).await;
        let gravity = match stage {
            ConcernStage::MajorAboutUnitA => Gravity::Major,
            _ => Gravity::Other,
        };
        let filing = Filing {
            policy: "电池测试政策文件".into(),
            document: None,
            unit: UnitId(self.unit(about)),
            source: Source::Internet,
            noticed_at: now,
            summary: "电池测试舆情摘要".into(),
            gravity,
            false_information: stage == ConcernStage::FalseAboutUnitA,
        };
        let context = Context::new(&self.app.platform.key, &officer.1, &calendar, &profile, now);
        let id: ConcernId = usecase::register(db, &context, &officer.0, filing)
            .await
            .unwrap()
            .concern
            .id;
        if stage == ConcernStage::Responded {
            let handler = self.concern_actor(Role::UnitHandler, about).await;
            let context =
                Context::new(&self.app.platform.key, &handler.1, &calendar, &profile, now);
            let respond = Command::Respond(Said {
                text: "电池测试回应".into(),
                place: "门户网站".into(),
                took_place_at: now,
            });
            usecase::execute(db, &context, &handler.0, id, respond, None)
                .await
                .unwrap();
        }
        Made {
            ids: vec![id.0],
            page: format!("/office/openness/concerns/{}", id.0),
            other: None,
        }
    }
}

use ConcernStage as T;

/// The concern routes with an id and their objects.
pub const FIXTURES: &[Fixture] = &[
    row(
        "/office/openness/concerns/{id}",
        Object::Concern(T::AboutUnitA),
    ),
    row(
        "/office/openness/concerns/{id}/information",
        Object::Concern(T::MajorAboutUnitA),
    ),
    row(
        "/office/openness/concerns/{id}/press-conference",
        Object::Concern(T::MajorAboutUnitA),
    ),
    row(
        "/office/openness/concerns/{id}/respond",
        Object::Concern(T::AboutUnitA),
    ),
    row(
        "/office/openness/concerns/{id}/approval",
        Object::Concern(T::FalseAboutUnitA),
    ),
    row(
        "/office/openness/concerns/{id}/escalate",
        Object::Concern(T::Registered),
    ),
    row(
        "/office/openness/concerns/{id}/close",
        Object::Concern(T::Responded),
    ),
];
