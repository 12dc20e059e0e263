//! The site group's jobs (platform::jobs), idempotent scans: scheduled publication and
//! withdrawal ([`publish::publish_due`], [`publish::withdraw_due`], WEB-REVIEW), column freshness ([`freshness::scan`], WEB-FRESH:
//! editors warned once before a column goes stale, marked stale after, special columns
//! untouched flagged) with the live report the office page reads ([`freshness::report`]),
//! and the tamper check ([`tamper::check`], SEC-TAMPER: served pages compared with their
//! approved digests, the site's administrators alarmed, the approved version restored), and
//! the units' weekly submissions (WEB-SUBMIT: each run of weeks without them recorded as an
//! accountability event, `usecase::record_late_runs`). [`Handler`] runs them for
//! `zhengwu serve`.

pub mod freshness;
pub mod publish;
pub mod tamper;

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::{Db, now_ms};
use platform::jobs::{Job, JobFuture, JobHandler};
use platform::personal::DataKey;
use platform::workflow::Context;

/// The job kinds and how often `serve` schedules them (milliseconds).
pub const PUBLISH_DUE: (&str, i64) = ("sites.publish_due", 60_000);
pub const FRESHNESS_SCAN: (&str, i64) = ("sites.freshness_scan", 3_600_000);
pub const TAMPER_CHECK: (&str, i64) = ("sites.tamper_check", 600_000);
pub const SUBMISSION_WEEKS: (&str, i64) = ("sites.submission_weeks", 3_600_000);

/// Which of the site group's jobs a [`Handler`] runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PublishDue,
    FreshnessScan,
    TamperCheck,
    SubmissionWeeks,
}

/// The handler of one of the site group's jobs.
pub struct Handler {
    pub key: DataKey,
    pub kind: Kind,
}

impl JobHandler for Handler {
    fn run<'a>(&'a self, db: &'a Db, _job: &'a Job) -> JobFuture<'a> {
        Box::pin(async move {
            let profile = platform::jurisdiction::current(db)
                .await?
                .map(|j| j.profile)
                .unwrap_or_default();
            let calendar = platform::workcal::load_current(db).await?;
            let now = Instant::from_millis(now_ms());
            match self.kind {
                Kind::PublishDue => {
                    publish::publish_due(db, &self.key, &calendar, &profile, now, 200).await?;
                    publish::withdraw_due(db, &self.key, &calendar, &profile, now, 200).await?;
                }
                Kind::FreshnessScan => {
                    freshness::scan(db, &self.key, &calendar, &profile, now).await?;
                }
                Kind::TamperCheck => {
                    tamper::check(db, &self.key, &calendar, &profile, now).await?;
                }
                Kind::SubmissionWeeks => {
                    let actor = AuditActor::system("sites.submission_weeks");
                    let context = Context::new(&self.key, &actor, &calendar, &profile, now);
                    crate::usecase::record_late_runs(db, &context).await?;
                }
            }
            Ok(())
        })
    }
}
