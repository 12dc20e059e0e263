//! The battery's objects of data sharing (DATA-CATALOG, DATA-REQUEST, DATA-GRANT): a
//! catalogue entry of unit A (draft or submitted); a request of the business bureau for a
//! published entry of unit A, waiting for the administrator; a grant of unit A (consumer) on
//! a published entry of the business bureau, approved by the upper level's decision the
//! administrator recorded; a quality problem the business bureau reported in unit A's
//! resource; maintenance unit A announced; a handover of two of unit A's platform account
//! holders (DATA-ACCOUNTS) — all made through the sharing use cases. The platform
//! administrator (`gz-it`) works on every unit's objects; the units' handlers and leaders
//! hold platform accounts (DATA-ACCOUNTS: nobody else acts on the platform).

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sharing::entry::{Command, EntryDraft, Field, FieldType, Resource, ResourceKind, SharingClass};
use sharing::request::{Command as RequestCommand, Filing};
use sharing::usecase::{entries, requests};
use sharing::{Acting, EntryId, GrantId, RequestId, ResourceId};

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{BUREAU, UNIT_A, World};

/// Where an entry of unit A stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryStage {
    Draft,
    /// A draft, on its edit form.
    Editor,
    Submitted,
}

const ADMIN_UNIT: &str = "gz-it";

fn draft(name: &str) -> EntryDraft {
    EntryDraft {
        name: name.into(),
        class: SharingClass::Unconditional,
        fields: vec![
            Field {
                code: "code".into(),
                label: "编码".into(),
                kind: FieldType::Text,
                description: String::new(),
                personal: false,
            },
            Field {
                code: "name".into(),
                label: "名称".into(),
                kind: FieldType::Text,
                description: String::new(),
                personal: false,
            },
        ],
        frequency: "每日".into(),
        resources: vec![Resource {
            id: ResourceId(1),
            name: "电池测试库表".into(),
            kind: ResourceKind::Table {
                frequency: "每日".into(),
            },
            online: true,
        }],
    }
}

impl World<'_> {
    async fn sharing_actor(&self, role: Role, unit: &'static str) -> (Acting, AuditActor) {
        self.sharing_holders().await;
        let staff = self.staff(role, unit).await;
        let actor = platform::users::load_actor(&self.app.platform.db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
    }

    /// DATA-ACCOUNTS: the battery's handlers and leaders of unit A and the business bureau
    /// (who make the objects and replay the forms) hold platform accounts.
    async fn sharing_holders(&self) {
        let mut ids = Vec::new();
        for unit in [UNIT_A, BUREAU] {
            for role in [Role::UnitHandler, Role::UnitLeader] {
                ids.push(self.staff(role, unit).await.client.user_id);
            }
        }
        crate::sharing_holders::hold(&self.app.platform.db, &ids).await;
    }

    async fn sharing_context_parts(
        &self,
    ) -> (platform::profile::RuleProfile, calendar::Calendar, Instant) {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        (profile, calendar, Instant::from_millis(now_ms()))
    }

    /// An entry of `unit`, registered and (when asked) submitted and published.
    async fn sharing_entry(&self, unit: &'static str, stage: Option<EntryStage>) -> EntryId {
        let db = &self.app.platform.db;
        let (profile, calendar, now) = self.sharing_context_parts().await;
        let provider = self.sharing_actor(Role::UnitHandler, unit).await;
        let admin = self.sharing_actor(Role::DataAdmin, ADMIN_UNIT).await;
        let key = &self.app.platform.key;
        let context = Context::new(key, &provider.1, &calendar, &profile, now);
        let id = entries::register(db, &context, &provider.0, draft("电池测试目录"))
            .await
            .unwrap()
            .entry
            .id;
        if stage == Some(EntryStage::Draft) {
            return id;
        }
        entries::execute(db, &context, &provider.0, id, Command::Submit, None)
            .await
            .unwrap();
        if stage == Some(EntryStage::Submitted) {
            return id;
        }
        let context = Context::new(key, &admin.1, &calendar, &profile, now);
        entries::execute(db, &context, &admin.0, id, Command::Publish, None)
            .await
            .unwrap();
        id
    }

    /// A request of `consumer` on a published entry of `provider`.
    async fn sharing_request(&self, consumer: &'static str, provider: &'static str) -> RequestId {
        let db = &self.app.platform.db;
        let entry = self.sharing_entry(provider, None).await;
        let (profile, calendar, now) = self.sharing_context_parts().await;
        let by = self.sharing_actor(Role::UnitHandler, consumer).await;
        let context = Context::new(&self.app.platform.key, &by.1, &calendar, &profile, now);
        let filing = Filing {
            entry,
            resource: ResourceId(1),
            fields: vec!["code".into()],
            purpose: "电池测试用途".into(),
            flow: "电池测试系统".into(),
            days: 30,
            urgent: false,
            materials: vec![],
            form_attachment: None,
        };
        requests::submit(db, &context, &by.0, filing)
            .await
            .unwrap()
            .request
            .id
    }

    /// An entry of unit A at `stage`; its page.
    pub async fn sharing_entry_object(&self, stage: EntryStage) -> Made {
        let registered = if stage == EntryStage::Editor {
            EntryStage::Draft
        } else {
            stage
        };
        let id = self.sharing_entry(UNIT_A, Some(registered)).await;
        let page = if stage == EntryStage::Editor {
            format!("/office/sharing/entries/{}/edit", id.0)
        } else {
            format!("/office/sharing/entries/{}", id.0)
        };
        Made {
            ids: vec![id.0],
            page,
            other: None,
        }
    }

    /// A request of the business bureau to unit A, at the administrator; its page.
    pub async fn sharing_request_object(&self) -> Made {
        let id = self.sharing_request(BUREAU, UNIT_A).await;
        Made {
            ids: vec![id.0],
            page: format!("/office/sharing/requests/{}", id.0),
            other: None,
        }
    }

    /// A grant of unit A on the business bureau's entry (the upper level approved); the
    /// grants page.
    pub async fn sharing_grant_object(&self) -> Made {
        let grant = self.sharing_grant(UNIT_A, BUREAU).await;
        Made {
            ids: vec![grant.0],
            page: "/office/sharing/grants".into(),
            other: None,
        }
    }

    /// A quality problem the business bureau reported in unit A's resource it holds a grant
    /// on (DATA-QUALITY); the quality page.
    pub async fn sharing_report_object(&self) -> Made {
        let db = &self.app.platform.db;
        let grant = self.sharing_grant(BUREAU, UNIT_A).await;
        let stored = sharing::store::grants::get(db, grant).await.unwrap();
        let (profile, calendar, now) = self.sharing_context_parts().await;
        let by = self.sharing_actor(Role::UnitHandler, BUREAU).await;
        let context = Context::new(&self.app.platform.key, &by.1, &calendar, &profile, now);
        let report = sharing::usecase::quality::report_problem(
            db,
            &context,
            &by.0,
            (stored.grant.entry, stored.grant.resource),
            "电池测试：部分数据缺失",
        )
        .await
        .unwrap();
        Made {
            ids: vec![report.id],
            page: "/office/sharing/quality".into(),
            other: None,
        }
    }

    /// Maintenance unit A announced for its resource, a month ahead (DATA-MAINT); the
    /// maintenance page.
    pub async fn sharing_maintenance_object(&self) -> Made {
        let db = &self.app.platform.db;
        let entry = self.sharing_entry(UNIT_A, None).await;
        let (profile, calendar, now) = self.sharing_context_parts().await;
        let by = self.sharing_actor(Role::UnitHandler, UNIT_A).await;
        let context = Context::new(&self.app.platform.key, &by.1, &calendar, &profile, now);
        let starts_at = Instant::from_millis(now.millis() + 30 * 86_400_000);
        let announcement = sharing::maintenance::Announcement {
            resource: Some((entry.0, 1)),
            starts_at,
            ends_at: Instant::from_millis(starts_at.millis() + 3_600_000),
            stops_service: true,
            schema_change: false,
            description: "电池测试维护".into(),
            workday_reason: "电池测试".into(),
        };
        let announced = sharing::usecase::maintenance::announce(db, &context, &by.0, announcement)
            .await
            .unwrap();
        Made {
            ids: vec![announced.id],
            page: "/office/sharing/maintenance".into(),
            other: None,
        }
    }

    /// DATA-ACCOUNTS: a handover of unit A, open, between two fresh holders whose accounts
    /// the administrator allocated (fresh users, so the battery's own staff keep their
    /// access); the accounts page.
    pub async fn sharing_handover_object(&self) -> Made {
        let db = &self.app.platform.db;
        let (profile, calendar, now) = self.sharing_context_parts().await;
        let admin = self.sharing_actor(Role::DataAdmin, ADMIN_UNIT).await;
        let context = Context::new(&self.app.platform.key, &admin.1, &calendar, &profile, now);
        let mut accounts = Vec::new();
        for _ in 0..2 {
            let client = self.new_staff(Role::UnitHandler, UNIT_A).await;
            let username = platform::users::get(db, client.user_id)
                .await
                .unwrap()
                .username;
            let id = sharing::usecase::accounts::allocate(
                db,
                &context,
                &admin.0,
                &username,
                "电池测试用途",
            )
            .await
            .unwrap();
            accounts.push(id);
        }
        let draft = sharing::account::HandoverDraft {
            account: accounts[0],
            to_account: accounts[1],
            reason: "电池测试调岗".into(),
            items: "电池测试交接内容".into(),
        };
        let handover = sharing::usecase::accounts::open_handover(db, &context, &admin.0, draft)
            .await
            .unwrap();
        Made {
            ids: vec![handover.id],
            page: "/office/sharing/accounts".into(),
            other: None,
        }
    }

    /// A grant of `consumer` on an entry of `provider` (the upper level approved).
    async fn sharing_grant(&self, consumer: &'static str, provider: &'static str) -> GrantId {
        let db = &self.app.platform.db;
        let id = self.sharing_request(consumer, provider).await;
        let (profile, calendar, now) = self.sharing_context_parts().await;
        let admin = self.sharing_actor(Role::DataAdmin, ADMIN_UNIT).await;
        let context = Context::new(&self.app.platform.key, &admin.1, &calendar, &profile, now);
        for command in [
            RequestCommand::ForwardUpward {
                level: "市级平台".into(),
            },
            RequestCommand::RecordUpperDecision {
                approved: true,
                refusal: None,
            },
        ] {
            requests::execute(db, &context, &admin.0, id, command, None)
                .await
                .unwrap();
        }
        sharing::store::grants::list_for(db, None)
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.grant.request == id)
            .unwrap()
            .grant
            .id
    }
}

use EntryStage as E;

/// The sharing routes with an id and their objects.
pub const FIXTURES: &[Fixture] = &[
    row(
        "/office/sharing/entries/{id}",
        Object::SharingEntry(E::Submitted),
    ),
    row(
        "/office/sharing/entries/{id}/edit",
        Object::SharingEntry(E::Editor),
    ),
    row(
        "/office/sharing/entries/{id}/command",
        Object::SharingEntry(E::Draft),
    ),
    row("/office/sharing/requests/{id}", Object::SharingRequest),
    row(
        "/office/sharing/requests/{id}/command",
        Object::SharingRequest,
    ),
    row("/office/sharing/grants/{id}/code", Object::SharingGrant),
    row("/office/sharing/grants/{id}/command", Object::SharingGrant),
    row(
        "/office/sharing/quality/{id}/command",
        Object::SharingReport,
    ),
    row(
        "/office/sharing/maintenance/{id}/cancel",
        Object::SharingMaintenance,
    ),
    row(
        "/office/sharing/handovers/{id}/command",
        Object::SharingHandover,
    ),
];
