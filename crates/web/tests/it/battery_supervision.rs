//! The battery's objects of supervisors' findings (PUB-SUPERVISOR): a finding at a stage of
//! its machine, made through the openness use cases — registered by unit A's openness
//! officer about the business bureau (unit A is the office: it sends, returns, accepts), or
//! registered by the government office about unit A and sent (unit A replies); and an
//! accountability case (PUB-ACCOUNT) opened by the government office against unit A (unit A
//! reports), or by unit A's office against the business bureau, which reported.

use calendar::Instant;
use openness::account::{Command as CaseCommand, Failure, Opening, Responsibility, Sanction};
use openness::supervisor::{Command, FindingFiling, FindingId, Link};
use openness::usecase::account as cases;
use openness::usecase::supervisors::{self as usecase, NewSupervisor};
use openness::{Acting, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{BUREAU, UNIT_A, World};

/// Where a finding stands (PUB-SUPERVISOR).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingStage {
    /// Unit A's office registered it about the business bureau.
    Registered,
    /// The government office registered it about unit A and sent it.
    AboutUnitA,
    /// Unit A's office sent it; the bureau replied.
    Replied,
}

impl World<'_> {
    async fn finding_actor(&self, role: Role, unit: &'static str) -> (Acting, AuditActor) {
        let staff = self.staff(role, unit).await;
        let actor = platform::users::load_actor(&self.app.platform.db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
    }

    async fn finding_run(
        &self,
        by: &(Acting, AuditActor),
        id: Option<FindingId>,
        command: Option<Command>,
        unit: i64,
    ) -> FindingId {
        let db = &self.app.platform.db;
        let now = Instant::from_millis(now_ms());
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let context = Context::new(&self.app.platform.key, &by.1, &calendar, &profile, now);
        if let (Some(id), Some(command)) = (id, command) {
            usecase::execute(db, &context, &by.0, id, command, None)
                .await
                .unwrap();
            return id;
        }
        let today = now.local_date();
        let new = NewSupervisor {
            name: "电池监督员".into(),
            contact: "13800138001".into(),
            origin: "县人大代表".into(),
            term_from: today - chrono::Duration::days(30),
            term_until: today + chrono::Duration::days(700),
        };
        let supervisor = usecase::register_supervisor(db, &context, &by.0, new)
            .await
            .unwrap();
        let filing = FindingFiling {
            supervisor: None,
            unit: UnitId(unit),
            link: Link::Service,
            found_on: today,
            matter: "电池测试监督意见".into(),
        };
        usecase::register_finding(db, &context, &by.0, supervisor.id, filing)
            .await
            .unwrap()
            .0
            .id
    }

    /// A finding at `stage`; its page.
    pub async fn finding_object(&self, stage: FindingStage) -> Made {
        let (office, about) = match stage {
            FindingStage::AboutUnitA => ("gz-office", UNIT_A),
            _ => (UNIT_A, BUREAU),
        };
        let officer = self.finding_actor(Role::OpennessOfficer, office).await;
        let about_id = self.unit(about);
        let id = self.finding_run(&officer, None, None, about_id).await;
        if stage != FindingStage::Registered {
            self.finding_run(&officer, Some(id), Some(Command::Send), about_id)
                .await;
        }
        if stage == FindingStage::Replied {
            let handler = self.finding_actor(Role::UnitHandler, about).await;
            let reply = Some(Command::Reply {
                text: "电池测试回复".into(),
            });
            self.finding_run(&handler, Some(id), reply, about_id).await;
        }
        Made {
            ids: vec![id.0],
            page: format!("/office/openness/supervision/findings/{}", id.0),
            other: None,
        }
    }
}

/// Where an accountability case stands (PUB-ACCOUNT).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseStage {
    /// The government office opened it against unit A.
    AboutUnitA,
    /// Unit A's office opened it against the business bureau, which reported.
    Reported,
}

impl World<'_> {
    /// An accountability case at `stage`; its page.
    pub async fn account_case_object(&self, stage: CaseStage) -> Made {
        let (office, about) = match stage {
            CaseStage::AboutUnitA => ("gz-office", UNIT_A),
            CaseStage::Reported => (UNIT_A, BUREAU),
        };
        let officer = self.finding_actor(Role::OpennessOfficer, office).await;
        let db = &self.app.platform.db;
        let now = Instant::from_millis(now_ms());
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let opening = Opening {
            unit: UnitId(self.unit(about)),
            failure: Failure::NotDisclosed,
            link: None,
            facts: "电池测试违反规定的事实".into(),
            responsibility: Responsibility::Handler,
            responsible: "电池责任人".into(),
            sanction: Sanction::Warning,
        };
        let context = Context::new(&self.app.platform.key, &officer.1, &calendar, &profile, now);
        let (case, _) = cases::open(db, &context, &officer.0, opening)
            .await
            .unwrap();
        if stage == CaseStage::Reported {
            let handler = self.finding_actor(Role::UnitHandler, about).await;
            let context =
                Context::new(&self.app.platform.key, &handler.1, &calendar, &profile, now);
            let report = CaseCommand::Report {
                text: "电池测试整改报告".into(),
            };
            cases::execute(db, &context, &handler.0, case.id, report, None)
                .await
                .unwrap();
        }
        Made {
            ids: vec![case.id.0],
            page: format!("/office/openness/accountability/{}", case.id.0),
            other: None,
        }
    }
}

use FindingStage as T;

/// The finding routes with an id and their objects.
pub const FIXTURES: &[Fixture] = &[
    row(
        "/office/openness/supervision/findings/{id}",
        Object::Finding(T::AboutUnitA),
    ),
    row(
        "/office/openness/supervision/findings/{id}/send",
        Object::Finding(T::Registered),
    ),
    row(
        "/office/openness/supervision/findings/{id}/reply",
        Object::Finding(T::AboutUnitA),
    ),
    row(
        "/office/openness/supervision/findings/{id}/return",
        Object::Finding(T::Replied),
    ),
    row(
        "/office/openness/supervision/findings/{id}/accept",
        Object::Finding(T::Replied),
    ),
    row(
        "/office/openness/accountability/{id}",
        Object::AccountCase(CaseStage::AboutUnitA),
    ),
    row(
        "/office/openness/accountability/{id}/report",
        Object::AccountCase(CaseStage::AboutUnitA),
    ),
    row(
        "/office/openness/accountability/{id}/return",
        Object::AccountCase(CaseStage::Reported),
    ),
    row(
        "/office/openness/accountability/{id}/close",
        Object::AccountCase(CaseStage::Reported),
    ),
];
