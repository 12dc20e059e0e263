//! The battery's objects of the sites' messages (issue 17, MSG-ROUTE): a message written to
//! unit A's site and routed to unit A itself (so that every role of the guard has its insider
//! in unit A), at a stage of its machine — with unit A, replied, published — made through the
//! participation use cases by the citizen, unit A's editor and unit A's handler.

use calendar::Instant;
use participation::message::{Channel, Command, Filing, Writer};
use participation::{UnitId, usecase};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{UNIT_A, World};

/// Where a message routed to unit A stands (MSG-ROUTE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageStage {
    /// With unit A: it may return it or reply.
    Routed,
    /// Unit A replied: its leader reviews.
    Replied,
    /// Reviewed and published by unit A's editor: it may become an FAQ entry (MSG-PUBLISH).
    Published,
}

impl World<'_> {
    async fn participation_at<T, F>(&self, audit: &AuditActor, run: F) -> T
    where
        F: for<'c> AsyncFnOnce(&'c Context<'c>) -> platform::Result<T>,
    {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, audit, &calendar, &profile, now);
        run(&context).await.unwrap()
    }

    async fn participation_staff(
        &self,
        role: Role,
        unit: &'static str,
    ) -> (participation::message::Acting, AuditActor) {
        let db = &self.app.platform.db;
        let staff = self.staff(role, unit).await;
        let actor = platform::users::load_actor(db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        let acting = usecase::acting(db, &actor).await.unwrap();
        (acting, AuditActor::staff(&actor, "127.0.0.1"))
    }

    /// A message to unit A's site, routed to unit A, at `stage`.
    pub async fn message_object(&self, stage: MessageStage) -> Made {
        let db = &self.app.platform.db;
        let site = UnitId(self.unit(UNIT_A));
        let filing = Filing {
            channel: Channel::Complaint,
            writer: Writer {
                name: "陈电池".into(),
                phone: "13800138000".into(),
                email: String::new(),
            },
            title: "电池测试留言".into(),
            content: "电池测试留言内容".into(),
            allow_publication: true,
            page: String::new(),
        };
        let public = AuditActor::anonymous("127.0.0.1");
        let submitted = self
            .participation_at(&public, async |c| {
                usecase::submit(db, c, site, &filing).await
            })
            .await;
        let id = submitted.id;
        let (editor, editor_audit) = self.participation_staff(Role::SiteEditor, UNIT_A).await;
        let route = Command::Route {
            unit: UnitId(self.unit(UNIT_A)),
            note: String::new(),
        };
        self.participation_at(&editor_audit, async |c| {
            usecase::execute(db, c, &editor, id, route, None).await
        })
        .await;
        if stage != MessageStage::Routed {
            let (handler, audit) = self.participation_staff(Role::UnitHandler, UNIT_A).await;
            let reply = Command::Reply {
                text: "电池测试答复".into(),
            };
            self.participation_at(&audit, async |c| {
                usecase::execute(db, c, &handler, id, reply, None).await
            })
            .await;
        }
        if stage == MessageStage::Published {
            let (leader, audit) = self.participation_staff(Role::UnitLeader, UNIT_A).await;
            let approve = Command::Approve {
                note: String::new(),
            };
            self.participation_at(&audit, async |c| {
                usecase::execute(db, c, &leader, id, approve, None).await
            })
            .await;
            self.participation_at(&editor_audit, async |c| {
                usecase::execute(db, c, &editor, id, Command::Publish, None).await
            })
            .await;
        }
        Made {
            ids: vec![id.0],
            page: format!("/office/participation/messages/{}", id.0),
            other: None,
        }
    }
}

/// The routes with an id of the sites' messages, each with its stage.
pub const FIXTURES: &[Fixture] = &[
    row(
        "/office/participation/messages/{id}",
        Object::Message(MessageStage::Routed),
    ),
    row(
        "/office/participation/messages/{id}/command",
        Object::Message(MessageStage::Replied),
    ),
    row(
        "/office/participation/messages/{id}/faq",
        Object::Message(MessageStage::Published),
    ),
    row(
        "/office/participation/messages/{id}/writer",
        Object::Message(MessageStage::Routed),
    ),
];
