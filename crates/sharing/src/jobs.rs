//! The idle-grant job (DATA-GRANT; 000 共享 §5(二)): once a day it lists the API grants unused
//! for the profile's `datashare.api_unused_revocable` (3 months) — the candidates the provider
//! may revoke — and tells each provider's handlers and leader once per idle period (a call
//! starts a new one), remembering whom it told in `sharing_idle_told` (migration 0069).

use calendar::{Calendar, Instant};
use platform::Result;
use platform::db::Db;
use platform::jobs::{Job, JobFuture, JobHandler};
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use sqlx::Row as _;

use crate::Rules;
use crate::store::grants;
use crate::usecase::tell::{Whom, tell};

/// The job's kind and period (daily).
pub const IDLE_GRANTS: (&str, i64) = ("sharing.idle_grants", 86_400_000);

/// DATA-GRANT: tells the providers of the idle API grants not told yet in their current idle
/// period at `now`; returns how many grants were told about.
pub async fn tell_idle(
    db: &Db,
    key: &DataKey,
    (profile, calendar): (&RuleProfile, &Calendar),
    now: Instant,
) -> Result<usize> {
    let rules = Rules { profile, calendar };
    let limit = profile.datashare.api_unused_revocable.limit().label_zh();
    let mut told = 0;
    for stored in grants::list_for(db, None).await? {
        let grant = &stored.grant;
        if !grant.revocable_unused(now, rules) {
            continue;
        }
        let since = grant.last_used_at.unwrap_or(grant.approved_at).millis();
        let mut tx = db.begin().await?;
        let known: Option<i64> =
            sqlx::query("SELECT since FROM sharing_idle_told WHERE grant_id = $1")
                .bind(grant.id.0)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get("since"))
                .transpose()?;
        if known == Some(since) {
            tx.commit().await?;
            continue;
        }
        sqlx::query("DELETE FROM sharing_idle_told WHERE grant_id = $1")
            .bind(grant.id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO sharing_idle_told (grant_id, since, told_at) VALUES ($1, $2, $3)")
            .bind(grant.id.0)
            .bind(since)
            .bind(now.millis())
            .execute(&mut *tx)
            .await?;
        let body = format!(
            "授权 {} 的使用部门获得接口授权后超过{limit}未调用，提供部门可视情况收回（DATA-GRANT）",
            grant.id
        );
        tell(
            &mut tx,
            key,
            Whom::Unit(grant.provider),
            ("接口授权闲置，可收回", &body, "/office/sharing/grants"),
            now.millis(),
        )
        .await?;
        tx.commit().await?;
        told += 1;
    }
    Ok(told)
}

/// The job's handler in `serve`.
pub struct IdleGrants {
    pub key: DataKey,
}

impl JobHandler for IdleGrants {
    fn run<'a>(&'a self, db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            let profile = platform::jurisdiction::current(db)
                .await?
                .map(|j| j.profile)
                .unwrap_or_default();
            let calendar = platform::workcal::load_current(db).await?;
            let now = Instant::from_millis(platform::db::now_ms());
            let told = tell_idle(db, &self.key, (&profile, &calendar), now).await?;
            tracing::info!(told, "idle API grants told to their providers");
            Ok(())
        })
    }
}
