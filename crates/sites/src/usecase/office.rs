//! What the back office of the site group reads beyond one subject (WEB-REGISTRY, WEB-COLUMNS,
//! WEB-REVIEW): who is involved in a site (the units and A/B editors by which a page decides
//! whether a staff user may see it), the sites a unit or editor is involved in, the queues of
//! the 三审三校 by stage, a column's articles in every status, the columns an editor writes
//! in, and the published articles of one column type of a site (the interpretations a policy
//! document may link). Reads only.

use calendar::Instant;
use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::article::Status;
use crate::column::ColumnKind;
use crate::registry::Site;
use crate::store::columns::{self, StoredColumn};
use crate::store::pages::PageSummary;
use crate::{ArticleId, ColumnId, SiteId, UnitId, UserId};

/// Who is involved in a site: its host, operator and supervising units and the units
/// responsible for its columns, and the A/B editors of its columns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Involved {
    pub units: Vec<i64>,
    pub editors: Vec<i64>,
}

fn push(list: &mut Vec<i64>, id: i64) {
    if !list.contains(&id) {
        list.push(id);
    }
}

/// WEB-COLUMNS: the units and editors involved in `site`.
pub async fn involved(db: &Db, site: &Site) -> Result<Involved> {
    let registration = site.registration();
    let mut found = Involved::default();
    for unit in [
        registration.host_unit,
        registration.operator_unit,
        registration.supervising_unit,
    ] {
        push(&mut found.units, unit.0);
    }
    let rows = sqlx::query(
        "SELECT DISTINCT responsible_unit_id, editor_a, editor_b FROM site_columns \
         WHERE site_id = $1",
    )
    .bind(site.id.0)
    .fetch_all(&db.pool)
    .await?;
    for row in &rows {
        push(&mut found.units, row.try_get("responsible_unit_id")?);
        for field in ["editor_a", "editor_b"] {
            if let Some(user) = row.try_get::<Option<i64>, _>(field)? {
                push(&mut found.editors, user);
            }
        }
    }
    Ok(found)
}

/// The sites `unit` is involved in (host, operator, supervising or responsible for a column),
/// and those where `editor` is an A/B editor of a column.
pub async fn sites_involving(db: &Db, unit: UnitId, editor: Option<UserId>) -> Result<Vec<SiteId>> {
    let rows = sqlx::query(
        "SELECT id FROM sites WHERE host_unit_id = $1 OR operator_unit_id = $1 \
         OR supervising_unit_id = $1 \
         UNION SELECT site_id AS id FROM site_columns WHERE responsible_unit_id = $1 \
         OR editor_a = $2 OR editor_b = $2",
    )
    .bind(unit.0)
    .bind(editor.map_or(0, |user| user.0))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| Ok(SiteId(row.try_get("id")?)))
        .collect()
}

/// A queue of the 三审三校 (WEB-REVIEW), as one staff user sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Queue {
    /// Drafts in the columns the user is an A/B editor of, never submitted.
    Drafts,
    /// Drafts sent back from a step, waiting to be resubmitted.
    SentBack,
    /// 待审核: at the reviewers of the user's unit (the columns' responsible unit).
    AtReviewer,
    /// 待领导审批: major articles of the user's unit as responsible or host unit.
    AtLeader,
    /// 待签发: at the publishers of the user's unit as the sites' operator unit.
    AtPublisher,
    /// 定时发布: signed out for an instant, by the user's unit as operator unit.
    Scheduled,
    /// 已发布: the latest published articles of the user's columns and units.
    Published,
}

impl Queue {
    pub const ALL: [Queue; 7] = [
        Queue::Drafts,
        Queue::SentBack,
        Queue::AtReviewer,
        Queue::AtLeader,
        Queue::AtPublisher,
        Queue::Scheduled,
        Queue::Published,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Queue::Drafts => "我的草稿",
            Queue::SentBack => "被退回待修改",
            Queue::AtReviewer => "待审核",
            Queue::AtLeader => "待领导审批",
            Queue::AtPublisher => "待签发",
            Queue::Scheduled => "定时发布",
            Queue::Published => "最近发布",
        }
    }

    /// The condition of the queue on `site_articles a`, `site_columns c`, `sites s`, with
    /// `$1` the user and `$2` the unit, and its order.
    fn sql(self) -> (&'static str, &'static str) {
        match self {
            Queue::Drafts => (
                "a.status = 'draft' AND (c.editor_a = $1 OR c.editor_b = $1) AND $2 = $2 \
                 AND NOT EXISTS (SELECT 1 FROM site_article_events e \
                 WHERE e.article_id = a.id AND e.command = 'send_back')",
                "a.updated_at DESC, a.id DESC",
            ),
            // Only a send-back returns an article to the draft status once submitted.
            Queue::SentBack => (
                "a.status = 'draft' AND (c.editor_a = $1 OR c.editor_b = $1) AND $2 = $2 \
                 AND EXISTS (SELECT 1 FROM site_article_events e \
                 WHERE e.article_id = a.id AND e.command = 'send_back')",
                "a.updated_at DESC, a.id DESC",
            ),
            Queue::AtReviewer => (
                "a.status = 'at_reviewer' AND c.responsible_unit_id = $2 AND $1 = $1",
                "a.updated_at, a.id",
            ),
            Queue::AtLeader => (
                "a.status = 'at_leader' AND (c.responsible_unit_id = $2 OR s.host_unit_id = $2) \
                 AND $1 = $1",
                "a.updated_at, a.id",
            ),
            Queue::AtPublisher => (
                "a.status = 'at_publisher' AND s.operator_unit_id = $2 AND $1 = $1",
                "a.updated_at, a.id",
            ),
            Queue::Scheduled => (
                "a.status = 'scheduled' AND s.operator_unit_id = $2 AND $1 = $1",
                "a.publish_at, a.id",
            ),
            Queue::Published => (
                "a.status = 'published' AND (c.editor_a = $1 OR c.editor_b = $1 \
                 OR c.responsible_unit_id = $2 OR s.operator_unit_id = $2 \
                 OR s.host_unit_id = $2)",
                "a.published_at DESC, a.id DESC",
            ),
        }
    }
}

/// An article in a queue or a column's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleLine {
    pub id: ArticleId,
    pub number: String,
    pub title: String,
    pub status: Status,
    pub major: bool,
    pub column: ColumnId,
    pub column_name: String,
    pub site_name: String,
    pub updated_at: Instant,
    pub publish_at: Option<Instant>,
    pub published_at: Option<Instant>,
}

const LINE: &str = "SELECT a.id, a.number, a.title, a.status, a.major, a.updated_at, \
    a.publish_at, a.published_at, c.id AS column_id, c.name AS column_name, \
    s.name AS site_name FROM site_articles a JOIN site_columns c ON c.id = a.column_id \
    JOIN sites s ON s.id = a.site_id";

fn status_of(code: &str) -> Result<Status> {
    Status::ALL
        .into_iter()
        .find(|status| status.code() == code)
        .ok_or_else(|| crate::store::unreadable("article status", code))
}

fn line_of(row: &sqlx::any::AnyRow) -> Result<ArticleLine> {
    let status: String = row.try_get("status")?;
    let instant = |column: &str| -> Result<Option<Instant>> {
        Ok(row
            .try_get::<Option<i64>, _>(column)?
            .map(Instant::from_millis))
    };
    Ok(ArticleLine {
        id: ArticleId(row.try_get("id")?),
        number: row.try_get("number")?,
        title: row.try_get("title")?,
        status: status_of(&status)?,
        major: crate::store::flag(row.try_get("major")?),
        column: ColumnId(row.try_get("column_id")?),
        column_name: row.try_get("column_name")?,
        site_name: row.try_get("site_name")?,
        updated_at: Instant::from_millis(row.try_get("updated_at")?),
        publish_at: instant("publish_at")?,
        published_at: instant("published_at")?,
    })
}

/// A queue's articles: how many there are, and the first of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueView {
    pub queue: Queue,
    pub total: i64,
    pub lines: Vec<ArticleLine>,
}

/// WEB-REVIEW: `queue` as `user` of `unit` sees it, at most `limit` articles.
pub async fn queue(
    db: &Db,
    user: UserId,
    unit: UnitId,
    queue: Queue,
    limit: i64,
) -> Result<QueueView> {
    let (condition, order) = queue.sql();
    let from = "FROM site_articles a JOIN site_columns c ON c.id = a.column_id \
        JOIN sites s ON s.id = a.site_id";
    let count = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) AS n {from} WHERE {condition}"
    )))
    .bind(user.0)
    .bind(unit.0)
    .fetch_one(&db.pool)
    .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{LINE} WHERE {condition} ORDER BY {order} LIMIT $3"
    )))
    .bind(user.0)
    .bind(unit.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(QueueView {
        queue,
        total: count.try_get("n")?,
        lines: rows.iter().map(line_of).collect::<Result<_>>()?,
    })
}

/// The articles of `column` in every status, the latest changed first, at most `limit`, with
/// how many it has.
pub async fn column_articles(
    db: &Db,
    column: ColumnId,
    limit: i64,
) -> Result<(i64, Vec<ArticleLine>)> {
    let count = sqlx::query("SELECT COUNT(*) AS n FROM site_articles WHERE column_id = $1")
        .bind(column.0)
        .fetch_one(&db.pool)
        .await?;
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{LINE} WHERE a.column_id = $1 ORDER BY a.updated_at DESC, a.id DESC LIMIT $2"
    )))
    .bind(column.0)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok((
        count.try_get("n")?,
        rows.iter().map(line_of).collect::<Result<_>>()?,
    ))
}

/// A column an editor writes in, with its site's name.
#[derive(Debug, Clone)]
pub struct EditorColumn {
    pub stored: StoredColumn,
    pub site_name: String,
}

/// WEB-COLUMNS: the open columns (not archived) of which `editor` is the A or B editor.
pub async fn editor_columns(db: &Db, editor: UserId) -> Result<Vec<EditorColumn>> {
    let rows = sqlx::query(
        "SELECT c.id, s.name FROM site_columns c JOIN sites s ON s.id = c.site_id \
         WHERE (c.editor_a = $1 OR c.editor_b = $1) AND c.archived_at IS NULL \
         ORDER BY s.id, c.position, c.id",
    )
    .bind(editor.0)
    .fetch_all(&db.pool)
    .await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in &rows {
        found.push(EditorColumn {
            stored: columns::get(db, ColumnId(row.try_get("id")?)).await?,
            site_name: row.try_get("name")?,
        });
    }
    Ok(found)
}

/// PUB-INTERPRET: the published articles (not withdrawn) of `site` in its columns of `kind`,
/// newest first, at most `limit`.
pub async fn published_of_kind(
    db: &Db,
    site: SiteId,
    kind: ColumnKind,
    limit: i64,
) -> Result<Vec<PageSummary>> {
    let rows = sqlx::query(
        "SELECT p.article_id, p.column_id, p.title, p.published_at, p.validity \
         FROM site_pages p JOIN site_columns c ON c.id = p.column_id \
         WHERE p.site_id = $1 AND c.kind = $2 AND p.withdrawn_at IS NULL \
         ORDER BY p.published_at DESC, p.article_id DESC LIMIT $3",
    )
    .bind(site.0)
    .bind(kind.code())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PageSummary {
                article: ArticleId(row.try_get("article_id")?),
                column: ColumnId(row.try_get("column_id")?),
                title: row.try_get("title")?,
                published_at: Instant::from_millis(row.try_get("published_at")?),
                validity: row.try_get("validity")?,
            })
        })
        .collect()
}
