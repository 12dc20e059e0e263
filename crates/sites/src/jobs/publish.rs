//! Scheduled publication (WEB-REVIEW): an article the publisher signed out for an instant goes
//! out when it comes, through the kernel's one path (`PublishDue`, run by the platform, with
//! its history and audit rows). A refusal (the column archived meanwhile, the site closed)
//! leaves the article scheduled and is logged; running the job twice publishes nothing twice.

use calendar::{Calendar, Instant};
use platform::Result;
use platform::audit::AuditActor;
use platform::db::Db;
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::workflow::{self, Context};

use crate::Acting;
use crate::article::Command;
use crate::check::Builtin;
use crate::store::articles;
use crate::usecase::article_machine::Articles;

/// Publishes the scheduled articles whose instant has come (at most `limit`); returns how many
/// went out.
pub async fn publish_due(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    limit: i64,
) -> Result<usize> {
    let due = articles::due_for_publication(db, now, limit).await?;
    let actor = AuditActor::system("sites.publish_due");
    let acting = Acting::system();
    let check = Builtin;
    let machine = Articles {
        acting: &acting,
        check: &check,
    };
    let context = Context::new(key, &actor, calendar, profile, now);
    let mut published = 0;
    for id in due {
        match workflow::execute(db, &machine, &context, id, Command::PublishDue, None).await {
            Ok(_) => published += 1,
            Err(error) => {
                tracing::warn!(article.id = %id, error = %error, "scheduled publication refused");
            }
        }
    }
    if published > 0 {
        tracing::info!(
            articles.published = published,
            "scheduled articles published"
        );
    }
    Ok(published)
}
