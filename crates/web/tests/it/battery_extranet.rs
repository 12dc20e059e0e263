//! The battery's objects of the extranet (NET-ACCESS, NET-IPAM): an access application of
//! unit A to the extranet office (区信息化工作办公室, `gz-it`) at a stage of its machine, made
//! through the extranet use cases; an address pool and an allocation to unit A (the extranet
//! administrators', jurisdiction-wide); a security finding the office sent to unit A
//! (NET-LEDGER).

use calendar::Instant;
use extranet::application::{
    AccessMode, ApplicationId, ApplicationKind, Command, Eligibility, Filing, RequestedBlock,
};
use extranet::ipam::AllocationStatus;
use extranet::store::ipam::Want;
use extranet::usecase::applications as usecase;
use extranet::usecase::ipam::{self as ipam, Request};
use extranet::{Acting, UnitId};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{UNIT_A, World};
use extranet::usecase::findings;

/// Where an access application of unit A stands (NET-ACCESS).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtranetStage {
    Applied,
    Approved,
    Planned,
    Implemented,
    /// A closing of unit A's access in operation, approved: the office closes the link.
    ClosingApproved,
}

const OFFICE: &str = "gz-it";

impl World<'_> {
    async fn extranet_actor(&self, role: Role, unit: &'static str) -> (Acting, AuditActor) {
        let staff = self.staff(role, unit).await;
        let actor = platform::users::load_actor(&self.app.platform.db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
    }

    async fn extranet_run(&self, by: &(Acting, AuditActor), id: ApplicationId, command: Command) {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &by.1, &calendar, &profile, now);
        usecase::execute(db, &context, &by.0, id, command, None)
            .await
            .unwrap();
    }

    async fn extranet_apply(
        &self,
        kind: ApplicationKind,
        of: Option<ApplicationId>,
    ) -> ApplicationId {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let handler = self.extranet_actor(Role::UnitHandler, UNIT_A).await;
        let context = Context::new(&self.app.platform.key, &handler.1, &calendar, &profile, now);
        let addresses = if kind == ApplicationKind::Closing {
            vec![]
        } else {
            vec![RequestedBlock {
                v6: false,
                length: 29,
            }]
        };
        let filing = Filing {
            unit: UnitId(self.unit(UNIT_A)),
            kind,
            eligibility: Eligibility::PartyGovernment,
            basis: "电池测试接入依据".into(),
            mode: AccessMode::DedicatedLine,
            scope: if kind == ApplicationKind::Closing {
                String::new()
            } else {
                "电池测试办公楼".into()
            },
            addresses,
            of_access: of,
        };
        let office = UnitId(self.unit(OFFICE));
        usecase::register(db, &context, &handler.0, office, filing)
            .await
            .unwrap()
            .application
            .id
    }

    /// An application of unit A at `stage`; its page.
    pub async fn extranet_object(&self, stage: ExtranetStage) -> Made {
        let office = self.extranet_actor(Role::ExtranetAdmin, OFFICE).await;
        let unit = self.extranet_actor(Role::UnitHandler, UNIT_A).await;
        let approve = || Command::Approve {
            opinion: String::new(),
        };
        let id = if stage == ExtranetStage::ClosingApproved {
            let access = self.extranet_apply(ApplicationKind::Access, None).await;
            self.extranet_run(&office, access, approve()).await;
            let plan = Command::SubmitPlan {
                plan: "方案".into(),
            };
            self.extranet_run(&unit, access, plan).await;
            let note = Command::Implement {
                note: "实施".into(),
            };
            self.extranet_run(&office, access, note).await;
            let test = Command::ReportTest {
                passed: true,
                result: "正常".into(),
            };
            self.extranet_run(&unit, access, test).await;
            let closing = self
                .extranet_apply(ApplicationKind::Closing, Some(access))
                .await;
            self.extranet_run(&office, closing, approve()).await;
            closing
        } else {
            let id = self.extranet_apply(ApplicationKind::Access, None).await;
            if stage != ExtranetStage::Applied {
                self.extranet_run(&office, id, approve()).await;
            }
            if matches!(stage, ExtranetStage::Planned | ExtranetStage::Implemented) {
                let plan = Command::SubmitPlan {
                    plan: "方案".into(),
                };
                self.extranet_run(&unit, id, plan).await;
            }
            if stage == ExtranetStage::Implemented {
                let note = Command::Implement {
                    note: "实施".into(),
                };
                self.extranet_run(&office, id, note).await;
            }
            id
        };
        if stage == ExtranetStage::Approved {
            self.extranet_pool().await;
        }
        Made {
            ids: vec![id.0],
            page: format!("/office/extranet/applications/{}", id.0),
            other: None,
        }
    }

    /// The battery's pool (made once).
    async fn extranet_pool(&self) -> i64 {
        let db = &self.app.platform.db;
        if let Some(pool) = ipam::pools(db).await.unwrap().first() {
            return pool.id;
        }
        let office = self.extranet_actor(Role::ExtranetAdmin, OFFICE).await;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &office.1, &calendar, &profile, now);
        ipam::create_pool(
            db,
            &context,
            &office.0,
            "电池测试地址池",
            "10.99.0.0/16",
            "",
        )
        .await
        .unwrap()
        .id
    }

    /// A pool, or an allocation of it to an approved application of unit A; the pool's page.
    pub async fn extranet_address_object(&self, allocation: bool) -> Made {
        let pool = self.extranet_pool().await;
        if !allocation {
            return Made {
                ids: vec![pool],
                page: format!("/office/extranet/pools/{pool}"),
                other: None,
            };
        }
        let made = self.extranet_object(ExtranetStage::Approved).await;
        let db = &self.app.platform.db;
        let office = self.extranet_actor(Role::ExtranetAdmin, OFFICE).await;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &office.1, &calendar, &profile, now);
        let request = Request {
            pool,
            want: Want::NextFree(29),
            unit: UnitId(self.unit(UNIT_A)),
            application: ApplicationId(made.ids[0]),
            status: AllocationStatus::Active,
            description: String::new(),
        };
        let id = ipam::allocate(db, &context, &office.0, &request)
            .await
            .unwrap()
            .id;
        Made {
            ids: vec![id],
            page: format!("/office/extranet/pools/{pool}"),
            other: None,
        }
    }
}

impl World<'_> {
    /// NET-LEDGER: a finding the office sent to unit A 30 days ago (open, its fix clock run
    /// out: the office may cut the unit off, the unit may report its fix); its page.
    pub async fn extranet_finding_object(&self) -> Made {
        let db = &self.app.platform.db;
        let office = self.extranet_actor(Role::ExtranetAdmin, OFFICE).await;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let then = Instant::from_millis(now_ms() - 30 * 86_400_000);
        let context = Context::new(&self.app.platform.key, &office.1, &calendar, &profile, then);
        let id = findings::send(
            db,
            &context,
            &office.0,
            UnitId(self.unit(OFFICE)),
            UnitId(self.unit(UNIT_A)),
            "电池测试安全检查问题",
            "电池测试整改要求",
        )
        .await
        .unwrap()
        .finding
        .id
        .0;
        Made {
            ids: vec![id],
            page: format!("/office/extranet/findings/{id}"),
            other: None,
        }
    }
}

impl World<'_> {
    /// NET-LEDGER: an access point of unit A's ledger, in service; the ledger's page (where
    /// its correction and removal forms are).
    pub async fn extranet_point_object(&self) -> Made {
        let db = &self.app.platform.db;
        let unit = self.extranet_actor(Role::UnitHandler, UNIT_A).await;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &unit.1, &calendar, &profile, now);
        let point = extranet::ledger::NewPoint {
            location: "电池测试机房".into(),
            mode: AccessMode::DedicatedLine,
            allocation: None,
            note: String::new(),
        };
        let id = extranet::usecase::ledger::add_point(db, &context, &unit.0, &point)
            .await
            .unwrap();
        Made {
            ids: vec![id],
            page: "/office/extranet/ledger".to_owned(),
            other: None,
        }
    }
}

use ExtranetStage as T;

/// The extranet routes with an id and their objects.
pub const FIXTURES: &[Fixture] = &[
    row(
        "/office/extranet/applications/{id}",
        Object::Extranet(T::Applied),
    ),
    row(
        "/office/extranet/applications/{id}/approve",
        Object::Extranet(T::Applied),
    ),
    row(
        "/office/extranet/applications/{id}/refuse",
        Object::Extranet(T::Applied),
    ),
    row(
        "/office/extranet/applications/{id}/plan",
        Object::Extranet(T::Approved),
    ),
    row(
        "/office/extranet/applications/{id}/implement",
        Object::Extranet(T::Planned),
    ),
    row(
        "/office/extranet/applications/{id}/test",
        Object::Extranet(T::Implemented),
    ),
    row(
        "/office/extranet/applications/{id}/close-link",
        Object::Extranet(T::ClosingApproved),
    ),
    row(
        "/office/extranet/applications/{id}/allocate",
        Object::Extranet(T::Approved),
    ),
    row("/office/extranet/pools/{id}", Object::ExtranetPool),
    row("/office/extranet/pools/{id}/export", Object::ExtranetPool),
    row(
        "/office/extranet/allocations/{id}/reclaim",
        Object::ExtranetAllocation,
    ),
    row("/office/extranet/findings/{id}", Object::ExtranetFinding),
    row(
        "/office/extranet/findings/{id}/step",
        Object::ExtranetFinding,
    ),
    row(
        "/office/extranet/findings/{id}/notice",
        Object::ExtranetFinding,
    ),
    row("/office/extranet/ledger/points/{id}", Object::ExtranetPoint),
    row(
        "/office/extranet/ledger/points/{id}/retire",
        Object::ExtranetPoint,
    ),
];
