//! Scheduled publication and withdrawal (WEB-REVIEW; issue 15 item 4): an article the
//! publisher signed out for an instant goes out when it comes, and one whose withdrawal they
//! planned (定时撤稿) goes into the archive when that comes, each through the kernel's one path
//! (`PublishDue`, `WithdrawDue`, run by the platform, with their history and audit rows). A
//! refusal (the column archived meanwhile, the site closed) leaves the article as it was and
//! is logged; running the job twice does nothing twice.

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
    let context = Context::new(key, &actor, calendar, profile, now);
    let published = run_due(db, &context, due, Command::PublishDue).await;
    if published > 0 {
        tracing::info!(
            articles.published = published,
            "scheduled articles published"
        );
    }
    Ok(published)
}

/// Withdraws the published articles whose planned withdrawal has come (at most `limit`);
/// returns how many went into the archive.
pub async fn withdraw_due(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    limit: i64,
) -> Result<usize> {
    let due = articles::due_for_withdrawal(db, now, limit).await?;
    let actor = AuditActor::system("sites.withdraw_due");
    let context = Context::new(key, &actor, calendar, profile, now);
    let withdrawn = run_due(db, &context, due, Command::WithdrawDue).await;
    if withdrawn > 0 {
        tracing::info!(
            articles.withdrawn = withdrawn,
            "planned withdrawals carried out"
        );
    }
    Ok(withdrawn)
}

/// Runs the platform's `command` on each due article through the kernel; a refusal is logged
/// and leaves that article as it was. Returns how many succeeded.
async fn run_due(
    db: &Db,
    context: &Context<'_>,
    due: Vec<crate::ArticleId>,
    command: Command,
) -> usize {
    let acting = Acting::system();
    let check = Builtin;
    let machine = Articles {
        acting: &acting,
        check: &check,
    };
    let mut done = 0;
    for id in due {
        match workflow::execute(db, &machine, context, id, command.clone(), None).await {
            Ok(_) => done += 1,
            Err(error) => {
                tracing::warn!(article.id = %id, command = ?command, error = %error, "due article command refused");
            }
        }
    }
    done
}
