//! The stored world the tests on both backends share: the demo's units and staff seeded, the
//! staff who act — the market bureau's `handler` (the provider), the platform administrator
//! `dataadmin` and the human resources bureau's `hrss.a` (the consumer) — each with the
//! context of its commands, the provider and the consumer holding the platform accounts the
//! administrator allocated them ([`holding`]; DATA-ACCOUNTS: nobody else acts on the
//! platform), the provider's entry of [`crate::draft`] registered, submitted and published
//! ([`World::published`]), and the consumer's request for named fields of its table approved
//! into a grant ([`World::grant`]).

use platform::Platform;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sharing::entry::{self, SharingClass};
use sharing::request::{self, Filing};
use sharing::usecase::{entries, requests};
use sharing::{Acting, EntryId, GrantId, ResourceId};

use crate::{CAL, OWN_PLATFORM, draft, t0};

/// A staff user as the use cases see them and as the audit log names them.
pub struct Staff {
    pub acting: Acting,
    pub audit: AuditActor,
}

/// The office account `username` of the seeded demo.
pub async fn staff(platform: &Platform, username: &str) -> Staff {
    let db = &platform.db;
    let id = platform::users::id_by_username(db, username)
        .await
        .unwrap()
        .unwrap();
    let actor = platform::users::load_actor(db, id).await.unwrap().unwrap();
    Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

/// Seeds `platform` with the demo's units and staff (their contacts too).
pub async fn seeded(platform: &Platform) {
    platform::demo::seed(&platform.db, &platform.key)
        .await
        .unwrap();
    platform::demo::seed_contacts(&platform.db, &platform.key)
        .await
        .unwrap();
}

/// DATA-ACCOUNTS: the administrator (`dataadmin`) allocates each of `usernames` a platform
/// account, as the register's page does.
pub async fn holding(platform: &Platform, usernames: &[&str]) {
    let admin = staff(platform, "dataadmin").await;
    for username in usernames {
        sharing::usecase::accounts::allocate(
            &platform.db,
            &context(platform, &admin),
            &admin.acting,
            username,
            "共享平台业务办理",
        )
        .await
        .unwrap();
    }
}

/// What `staff`'s commands are judged by: a district deciding its own requests, at [`t0`].
pub fn context<'a>(platform: &'a Platform, staff: &'a Staff) -> Context<'a> {
    Context::new(&platform.key, &staff.audit, &CAL, &OWN_PLATFORM, t0())
}

/// The seeded platform with its three actors and a published entry.
pub struct World<'p> {
    pub platform: &'p Platform,
    pub provider: Staff,
    pub admin: Staff,
    pub consumer: Staff,
    /// The provider's published entry (resource 1 a hosted table, 2 an API).
    pub entry: EntryId,
}

impl<'p> World<'p> {
    /// Seeds `platform` with the demo's units and staff, gives the provider and the consumer
    /// their platform accounts and publishes the provider's entry.
    pub async fn published(platform: &'p Platform) -> World<'p> {
        let db = &platform.db;
        seeded(platform).await;
        holding(platform, &["handler", "hrss.a"]).await;
        let provider = staff(platform, "handler").await;
        let admin = staff(platform, "dataadmin").await;
        let consumer = staff(platform, "hrss.a").await;
        let entry = entries::register(
            db,
            &context(platform, &provider),
            &provider.acting,
            draft(SharingClass::Unconditional),
        )
        .await
        .unwrap()
        .entry
        .id;
        for (who, command) in [
            (&provider, entry::Command::Submit),
            (&admin, entry::Command::Publish),
        ] {
            entries::execute(
                db,
                &context(platform, who),
                &who.acting,
                entry,
                command,
                None,
            )
            .await
            .unwrap();
        }
        World {
            platform,
            provider,
            admin,
            consumer,
            entry,
        }
    }

    /// The context of `who`'s commands.
    pub fn by<'a>(&'a self, who: &'a Staff) -> Context<'a> {
        context(self.platform, who)
    }

    /// The consumer's filing for `fields` of the entry's hosted table, for a year.
    pub fn filing(&self, fields: &[&str]) -> Filing {
        Filing {
            entry: self.entry,
            resource: ResourceId(1),
            fields: fields.iter().map(|f| (*f).to_owned()).collect(),
            purpose: "核验企业".into(),
            flow: "社保业务系统".into(),
            days: 365,
            urgent: false,
            materials: vec![],
            form_attachment: None,
        }
    }

    /// The consumer files `filing`, the administrator approves it: the grant it made.
    pub async fn approved(&self, filing: Filing) -> GrantId {
        let db = &self.platform.db;
        let submitted =
            requests::submit(db, &self.by(&self.consumer), &self.consumer.acting, filing)
                .await
                .unwrap();
        requests::execute(
            db,
            &self.by(&self.admin),
            &self.admin.acting,
            submitted.request.id,
            request::Command::Approve,
            Some(1),
        )
        .await
        .unwrap();
        sharing::store::grants::list_for(db, Some(self.consumer.acting.unit.0))
            .await
            .unwrap()
            .into_iter()
            .find(|g| g.grant.request == submitted.request.id)
            .unwrap()
            .grant
            .id
    }

    /// The consumer's grant on `fields` of the entry's hosted table.
    pub async fn grant(&self, fields: &[&str]) -> GrantId {
        self.approved(self.filing(fields)).await
    }
}
