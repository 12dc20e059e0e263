//! A draft made from a document of the openness register (PUB-PROACTIVE, PUB-ATTR,
//! SEC-SECRET): the column's editor names the document by its register number (登记号); the
//! register's gate must pass it now, the draft carries its title, 文号, issuing unit and the
//! note 此件主动公开 (删减后公开 when the review redacted it), and the article names the
//! document, so that its publication passes the gate again (`article_machine`) and is
//! recorded in the register, stopping the document's PUB-PROACTIVE clock.

use openness::register::{PublishChannel, Version, may_publish_on, publishable_version};
use platform::db::{Db, Tx};
use platform::workflow::Context;
use platform::{Error, Result};
use sqlx::Row;

use super::articles::create_draft_in;
use crate::article::{Article, Content};
use crate::store::articles as store;
use crate::{Acting, ArticleId, ColumnId};

fn escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// PUB-PROACTIVE: a new draft in `column` from the register document numbered `number`, in
/// one transaction; a document the gate refuses (secret, not 主动公开, not yet reviewed …)
/// makes no draft, with the gate's reason.
pub async fn draft_from_document(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    column: ColumnId,
    number: &str,
) -> Result<(ArticleId, i64)> {
    let number = number.trim();
    if number.is_empty() || number.chars().count() > 40 {
        return Err(Error::invalid("请填写公文的登记号（如 GW2026000012）"));
    }
    let mut tx = db.begin().await?;
    let Some(stored) = openness::store::documents::by_number_in(&mut tx, number).await? else {
        return Err(Error::invalid(format!(
            "公文登记簿中没有登记号为“{number}”的公文"
        )));
    };
    let document = &stored.document;
    may_publish_on(PublishChannel::Site, document)?;
    let unit = platform::units::get(db, document.unit.0).await?;
    let mut body = String::new();
    if !document.number.is_empty() {
        body.push_str(&format!("<p>{}</p>", escaped(&document.number)));
    }
    body.push_str(&format!("<p>（{}）</p>", document.attribute.note()));
    if let Version::Redacted(redaction) = publishable_version(document) {
        body.push_str(&format!(
            "<p>本文经保密审查删减后公开，删减理由：{}</p>",
            escaped(&redaction.reason)
        ));
    }
    let content = Content {
        title: document.title.clone(),
        body,
        source: unit.name,
        policy: None,
    };
    let (id, version) = create_draft_in(&mut tx, context, acting, column, content, false).await?;
    store::link_document(&mut tx, id, document.id.0).await?;
    tx.commit().await?;
    Ok((id, version))
}

/// PUB-PROACTIVE: in the transaction that publishes `article`, the register records the first
/// publication of the document it was made from (if any); the document's deadline clock
/// stops, met or late, and the register shows the page.
pub async fn published_in(
    tx: &mut Tx,
    context: &Context<'_>,
    acting: &Acting,
    article: &Article,
) -> Result<()> {
    let Some(document) = store::document_of(tx, article.id).await? else {
        return Ok(());
    };
    let row = sqlx::query("SELECT number FROM sites WHERE id = $1")
        .bind(article.site.0)
        .fetch_one(&mut **tx)
        .await?;
    let site: String = row.try_get("number")?;
    let url = format!("/sites/{site}/articles/{}", article.id.0);
    let acting = openness::Acting::new(acting.user, acting.unit, &acting.roles);
    let document = openness::DocumentId(document);
    openness::usecase::documents::record_publication_in(
        tx,
        context,
        &acting,
        document,
        (article.id.0, &url),
    )
    .await
}

/// A register document an editor may draft from: its register number and title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftableDocument {
    pub number: String,
    pub title: String,
}

/// PUB-PROACTIVE: the register's documents that may be published now and that no article
/// publishes yet, newest first, at most `limit` (the editor's choice on the new-draft page).
pub async fn draftable_documents(db: &Db, limit: i64) -> Result<Vec<DraftableDocument>> {
    use sqlx::Row as _;
    let rows = sqlx::query(
        "SELECT number, title FROM openness_documents d WHERE stage = 'publishable' \
         AND NOT EXISTS (SELECT 1 FROM site_articles a WHERE a.document_id = d.id) \
         ORDER BY drafted_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(DraftableDocument {
                number: row.try_get("number")?,
                title: row.try_get("title")?,
            })
        })
        .collect()
}
