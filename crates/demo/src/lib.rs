//! The demo jurisdiction 甘州区（演示）, seeded by `zhengwu serve` on an empty database so that
//! a newcomer sees a working portal and back office at once: the jurisdiction with its units,
//! accounts and 12345 contacts (`platform::demo`), the knowledge base ([`knowledge`]), the
//! Open311 demo key, thirty service items with sample files ([`catalogue`]), a month of
//! activity ([`activity`]), the site group with a year of articles ([`sites`]) and a dozen
//! disclosure applications at every stage ([`openness`]), two consultations and a past online
//! interview ([`consultation`]). The hall's window staff with approvals, attendance, a leave
//! request, an assessment and its written notice ([`hall_staff`]).
//!
//! The government office's document register with a document at each stage ([`documents`]).
//! Complaints about disclosure: one forwarded, one concluded, one waiting ([`complaints`]).
//! Public concerns: one awaiting the market bureau's response, one major answered and closed
//! ([`concerns`]). The social evaluation: three evaluators, last year published with the market
//! bureau interviewed, this year below again ([`openness_evaluation`]).
//! Also a year of messages to the portal in every channel and state ([`participation`]).
//! The e-government extranet: pools, every unit's access application at a stage, their
//! addresses and names ([`extranet`]). The service hall: 12 windows and a working day of
//! tickets ([`hall`]), its supervision box with an opening and three complaints
//! ([`hall_box`]), the 办不成事反映 and 陇商通 cases and the centres by level with
//! their convenience items ([`hall_hardcase`]). Data sharing: three providers' six catalogue
//! entries with hosted tables and a grant whose code the README names ([`sharing`]); the
//! register of platform accounts with a filed and an open handover ([`sharing_accounts`]).
//!
//! **Never used on real data.** [`seed`] does nothing on a database that already has a
//! jurisdiction, and everything it makes goes through the domains' own use cases (save and
//! publish an item, draft and publish an entry, register and dispatch an appeal …), with
//! their audit rows, exactly as the staff would make it. The domain crates know nothing of
//! the demo; this crate (and its Excel writer for the blank forms) is only linked into the
//! binary and into tests that want a realistic catalogue.

pub mod activity;
pub mod catalogue;
pub mod complaints;
pub mod concerns;
pub mod consultation;
pub mod dispatch;
pub mod documents;
pub mod extranet;
pub mod hall;
pub mod hall_box;
pub mod hall_hardcase;
pub mod hall_staff;
pub mod knowledge;
pub mod openness;
pub mod openness_evaluation;
pub mod participation;
pub mod sharing;
pub mod sharing_accounts;
pub mod sites;
pub mod sites_content;
pub mod sites_files;

use platform::Platform;
use platform::audit::AuditActor;
use platform::demo::DemoAccount;

/// What [`seed`] made that the operator must be told.
#[derive(Debug)]
pub struct Seeded {
    /// The demo accounts with their first-login passwords (printed once).
    pub accounts: Vec<DemoAccount>,
    /// How many 12345 contact accounts were made (their passwords are not printed).
    pub contacts: usize,
}

/// Seeds the whole demo in order (jurisdiction, 12345 contacts, knowledge base, Open311 key,
/// catalogue and its files, a month of activity). `None` when the database already has a
/// jurisdiction: then nothing is touched.
///
/// Two nodes started together on one empty PostgreSQL database seed it once: the seed runs
/// under a lock of the database's nodes ([`platform::db::Db::lock_nodes`]), so the second
/// waits for the first and then finds the jurisdiction (issue 12's two nodes; without it the
/// second stopped with a unique-key conflict).
pub async fn seed(platform: &Platform) -> anyhow::Result<Option<Seeded>> {
    let lock = platform.db.lock_nodes("demo.seed").await?;
    let seeded = seed_once(platform).await;
    lock.release().await?;
    seeded
}

async fn seed_once(platform: &Platform) -> anyhow::Result<Option<Seeded>> {
    let (db, key) = (&platform.db, &platform.key);
    if platform::demo::is_seeded(db).await? {
        return Ok(None);
    }
    let accounts = platform::demo::seed(db, key).await?;
    let contacts = platform::demo::seed_contacts(db, key).await?;
    let actor = AuditActor::system("demo-seed");
    knowledge::seed(db, &actor).await?;
    hotline::open311::seed_demo_key(db, key, hotline::open311::DEMO_KEY).await?;
    catalogue::seed(db, &actor).await?;
    catalogue::seed_files(db, key, &actor).await?;
    dispatch::seed(db, &actor).await?;
    activity::seed(platform).await?;
    sites::seed(platform).await?;
    sites_files::seed(platform).await?;
    openness::seed(platform).await?;
    documents::seed(platform).await?;
    complaints::seed(platform).await?;
    concerns::seed(platform).await?;
    openness_evaluation::seed(platform).await?;
    consultation::seed(platform).await?;
    participation::seed(platform).await?;
    extranet::seed(platform).await?;
    hall::seed(platform).await?;
    hall_box::seed(platform).await?;
    hall_hardcase::seed(platform).await?;
    hall_staff::seed(platform).await?;
    sharing::seed(platform).await?;
    sharing_accounts::seed(platform).await?;
    Ok(Some(Seeded { accounts, contacts }))
}

/// The demo account `username` as an actor (its roles and units), for the seeds that act as it.
pub(crate) async fn actor_of(
    db: &platform::db::Db,
    username: &str,
) -> anyhow::Result<platform::roles::Actor> {
    let missing = || anyhow::anyhow!("demo account {username} missing");
    let id = platform::users::id_by_username(db, username)
        .await?
        .ok_or_else(missing)?;
    platform::users::load_actor(db, id)
        .await?
        .ok_or_else(missing)
}
