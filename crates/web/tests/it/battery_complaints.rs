//! The battery's objects of complaints about disclosure (PUB-COMPLAINT): a complaint at a
//! stage of its machine, made through the openness use cases — registered by unit A's
//! openness officer about the business bureau (unit A is the office: it forwards, tells the
//! new date past the limit, feeds back, closes), or registered by the government office about
//! unit A (unit A answers: its reply, a complex complaint).

use calendar::Instant;
use openness::complaint::{
    Channel, Command, Complainant, ComplaintId, FeedbackMeans, Filing, Ground, Satisfaction,
};
use openness::usecase::complaints as usecase;
use openness::{Acting, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{BUREAU, UNIT_A, World};

/// Where a complaint stands (PUB-COMPLAINT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComplaintStage {
    /// Unit A's office registered it about the business bureau.
    Registered,
    /// The government office registered it about unit A and forwarded it.
    AboutUnitA,
    /// Unit A's office registered and forwarded it forty days ago: its conclusion is late.
    Overdue,
    /// Unit A's office forwarded it; the bureau replied.
    Replied,
    /// … and unit A's office fed the reply back.
    FedBack,
}

const DAY: i64 = 86_400_000;

impl World<'_> {
    async fn complaint_actor(&self, role: Role, unit: &'static str) -> (Acting, AuditActor) {
        let staff = self.staff(role, unit).await;
        let actor = platform::users::load_actor(&self.app.platform.db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
    }

    async fn complaint_step(
        &self,
        by: &(Acting, AuditActor),
        now: Instant,
        id: Option<ComplaintId>,
        command: Option<Command>,
        unit: i64,
    ) -> ComplaintId {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let context = Context::new(&self.app.platform.key, &by.1, &calendar, &profile, now);
        match (id, command) {
            (Some(id), Some(command)) => {
                usecase::execute(db, &context, &by.0, id, command, None)
                    .await
                    .unwrap();
                id
            }
            _ => {
                let filing = Filing {
                    complainant: Complainant {
                        name: "电池投诉人".into(),
                        contact: "13800138000".into(),
                    },
                    channel: Channel::Phone,
                    received_at: now,
                    unit: UnitId(unit),
                    matter: "电池测试投诉事项".into(),
                    ground: Ground::NotPerformed,
                };
                usecase::register(db, &context, &by.0, filing)
                    .await
                    .unwrap()
                    .complaint
                    .id
            }
        }
    }

    /// A complaint at `stage`; its page.
    pub async fn complaint_object(&self, stage: ComplaintStage) -> Made {
        let now = Instant::from_millis(now_ms());
        let start = match stage {
            ComplaintStage::Overdue => Instant::from_millis(now.millis() - 40 * DAY),
            _ => now,
        };
        let (office, about) = match stage {
            ComplaintStage::AboutUnitA => ("gz-office", UNIT_A),
            _ => (UNIT_A, BUREAU),
        };
        let officer = self.complaint_actor(Role::OpennessOfficer, office).await;
        let about_id = self.unit(about);
        let id = self
            .complaint_step(&officer, start, None, None, about_id)
            .await;
        if stage != ComplaintStage::Registered {
            let forward = Some(Command::Forward);
            self.complaint_step(&officer, start, Some(id), forward, about_id)
                .await;
        }
        if matches!(stage, ComplaintStage::Replied | ComplaintStage::FedBack) {
            let handler = self.complaint_actor(Role::UnitHandler, about).await;
            let reply = Some(Command::Reply {
                text: "电池测试回复".into(),
            });
            self.complaint_step(&handler, now, Some(id), reply, about_id)
                .await;
        }
        if stage == ComplaintStage::FedBack {
            let feedback = Some(Command::FeedBack {
                means: FeedbackMeans::InPerson,
                satisfaction: Satisfaction::Satisfied,
                note: String::new(),
            });
            self.complaint_step(&officer, now, Some(id), feedback, about_id)
                .await;
        }
        Made {
            ids: vec![id.0],
            page: format!("/office/openness/complaints/{}", id.0),
            other: None,
        }
    }
}

use ComplaintStage as T;

/// The complaint routes with an id and their objects.
pub const FIXTURES: &[Fixture] = &[
    row(
        "/office/openness/complaints/{id}",
        Object::Complaint(T::AboutUnitA),
    ),
    row(
        "/office/openness/complaints/{id}/forward",
        Object::Complaint(T::Registered),
    ),
    row(
        "/office/openness/complaints/{id}/complex",
        Object::Complaint(T::AboutUnitA),
    ),
    row(
        "/office/openness/complaints/{id}/new-date",
        Object::Complaint(T::Overdue),
    ),
    row(
        "/office/openness/complaints/{id}/reply",
        Object::Complaint(T::AboutUnitA),
    ),
    row(
        "/office/openness/complaints/{id}/feedback",
        Object::Complaint(T::Replied),
    ),
    row(
        "/office/openness/complaints/{id}/close",
        Object::Complaint(T::FedBack),
    ),
];
