//! What the notifications of a site's or an article's command become, in its transaction:
//! in-app messages (platform::notify) to the staff who act next — the leaders of a site's host
//! or supervising unit (WEB-REGISTRY), a column's A/B editors, the responsible unit's
//! reviewers and leaders, the operator unit's publishers (WEB-REVIEW).

use platform::Result;
use platform::db::Tx;
use platform::notify;
use platform::roles::Role;
use platform::users;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::article::{self, Article};
use crate::registry::{self, Site};
use crate::{ColumnId, UnitId};

/// Sends `text` to each of `users` under `subject`, linked to `link`.
pub(crate) async fn send(
    tx: &mut Tx,
    context: &Context<'_>,
    users: &[i64],
    (subject, text, link): (&str, &str, &str),
) -> Result<()> {
    for user in users {
        notify::to_staff(
            tx,
            context.key,
            *user,
            (subject, text, link),
            false,
            context.now.millis(),
        )
        .await?;
    }
    Ok(())
}

/// The leaders of `unit`.
pub(crate) async fn leaders(tx: &mut Tx, unit: UnitId) -> Result<Vec<i64>> {
    users::with_role(tx, Some(unit.0), Role::UnitLeader).await
}

/// The A and B editors of `column`.
pub(crate) async fn column_editors(tx: &mut Tx, column: ColumnId) -> Result<Vec<i64>> {
    let row = sqlx::query("SELECT editor_a, editor_b FROM site_columns WHERE id = $1")
        .bind(column.0)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(row) = row else {
        return Ok(Vec::new());
    };
    let mut editors = Vec::new();
    for field in ["editor_a", "editor_b"] {
        if let Some(user) = row.try_get::<Option<i64>, _>(field)? {
            editors.push(user);
        }
    }
    Ok(editors)
}

/// WEB-REGISTRY: a site's notification to the leaders of its host or supervising unit.
pub(crate) async fn notify_site(
    tx: &mut Tx,
    context: &Context<'_>,
    site: &Site,
    to: registry::Recipient,
    text: &str,
) -> Result<()> {
    let unit = match to {
        registry::Recipient::HostUnit(unit) | registry::Recipient::SupervisingUnit(unit) => unit,
    };
    let users = leaders(tx, unit).await?;
    let subject = format!("政府网站 {}", site.registration().name);
    let link = crate::SITE_SUBJECT.link(&site.id.to_string());
    send(tx, context, &users, (&subject, text, &link)).await
}

/// WEB-REVIEW: an article's notification to whoever acts next.
pub(crate) async fn notify_article(
    tx: &mut Tx,
    context: &Context<'_>,
    article: &Article,
    to: article::Recipient,
    text: &str,
) -> Result<()> {
    use article::Recipient as R;
    let users = match to {
        R::ColumnEditors(column) => column_editors(tx, column).await?,
        R::Reviewers(unit) => users::with_role(tx, Some(unit.0), Role::Reviewer).await?,
        R::Leaders(unit) => leaders(tx, unit).await?,
        R::Publishers(unit) => users::with_role(tx, Some(unit.0), Role::Publisher).await?,
        R::User(user) => vec![user.0],
    };
    let subject = format!("网站稿件“{}”", article.content.title);
    let link = crate::ARTICLE_SUBJECT.link(&article.id.to_string());
    send(tx, context, &users, (&subject, text, &link)).await
}
