//! The sites bench's bulk load: the columns ([`super::sites_columns`]) and the articles
//! ([`super::sites_articles`]) of every site, written as multi-row INSERTs of constants — a
//! blocking thread lives one site's articles at a time and builds the statements while the
//! database writes the previous batch, one transaction per about 20,000 articles. Ids are given
//! (PostgreSQL's identities are moved past them); PostgreSQL is vacuumed and analysed after
//! the load as autovacuum would, SQLite is left as an installation would have it.

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Instant as Stopwatch;

use anyhow::Context as _;
use calendar::Instant;
use platform::db::{Backend, Db};
use sites::article::{Article, Status, Validity};

use super::generate::Rng;
use super::sites_articles::{self, Lived};
use super::sites_columns::{self, PlannedColumn};
use super::sites_world::World;

const ROWS_PER_STATEMENT: usize = 200;
const ARTICLES_PER_TRANSACTION: u64 = 20_000;

fn text(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

fn null_or(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

fn null_text(value: Option<&str>) -> String {
    value.map_or_else(|| "NULL".to_owned(), text)
}

/// Multi-row INSERTs of one table.
struct Batch {
    head: &'static str,
    rows: Vec<String>,
    written: u64,
}

impl Batch {
    fn new(head: &'static str) -> Self {
        Self {
            head,
            rows: Vec::with_capacity(ROWS_PER_STATEMENT),
            written: 0,
        }
    }

    fn flush(&mut self, out: &mut Vec<String>) {
        if !self.rows.is_empty() {
            out.push(format!("{} VALUES {}", self.head, self.rows.join(",")));
            self.written += self.rows.len() as u64;
            self.rows.clear();
        }
    }
}

/// The tables in the order their rows may be written (parents first).
struct Batches([Batch; 6]);

const COLUMNS: usize = 0;
const ARTICLES: usize = 1;
const VERSIONS: usize = 2;
const EVENTS: usize = 3;
const PAGES: usize = 4;
const LINKS: usize = 5;

impl Batches {
    fn new() -> Self {
        Self([
            Batch::new(sites_columns::INSERT),
            Batch::new(
                "INSERT INTO site_articles (id, number, site_id, column_id, status, title, \
                 author_id, major, is_policy, revision, publish_at, published_at, \
                 approved_digest, validity, state, version, created_at, updated_at)",
            ),
            Batch::new(
                "INSERT INTO site_article_versions (article_id, revision, content, edited_by, \
                 edited_at)",
            ),
            Batch::new(
                "INSERT INTO site_article_events (article_id, at, kind, command, from_status, \
                 to_status, actor_user_id, detail)",
            ),
            Batch::new(
                "INSERT INTO site_pages (article_id, site_id, column_id, title, content, \
                 approved_digest, published_at, validity, withdrawn_at, updated_at)",
            ),
            Batch::new("INSERT INTO site_interpretations (policy_id, interpretation_id)"),
        ])
    }

    fn push(&mut self, table: usize, row: String, out: &mut Vec<String>) {
        if let Some(batch) = self.0.get_mut(table) {
            batch.rows.push(row);
            if batch.rows.len() >= ROWS_PER_STATEMENT {
                self.flush(out);
            }
        }
    }

    fn flush(&mut self, out: &mut Vec<String>) {
        for batch in &mut self.0 {
            batch.flush(out);
        }
    }

    fn rows(&self) -> u64 {
        self.0.iter().map(|batch| batch.written).sum()
    }
}

fn validity_code(article: &Article) -> Option<&'static str> {
    article.validity.as_ref().map(|mark| match mark.validity {
        Validity::Valid => "valid",
        Validity::Abolished => "abolished",
        Validity::Expired => "expired",
    })
}

/// What the load wrote, counted.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Tally {
    pub articles: u64,
    pub published: u64,
    pub on_way: u64,
    pub withdrawn: u64,
    pub marked: u64,
    pub links: u64,
    pub blank_columns: u64,
}

fn push_article(
    batches: &mut Batches,
    out: &mut Vec<String>,
    lived: &Lived,
    tally: &mut Tally,
) -> anyhow::Result<()> {
    let article = &lived.article;
    let id = article.id.0;
    let state = serde_json::to_string(article)?;
    let validity = validity_code(article);
    let row = format!(
        "({id},'{}',{},{},'{}',{},{},{},{},{},{},{},{},{},{},{},{},{})",
        lived.number,
        article.site.0,
        article.column.0,
        article.status.code(),
        text(&article.content.title),
        article.author.0,
        i64::from(article.major),
        i64::from(article.content.policy.is_some()),
        article.revision,
        null_or(article.publish_at.map(Instant::millis)),
        null_or(article.published_at.map(Instant::millis)),
        null_text(article.approved_digest.as_deref()),
        null_text(validity),
        text(&state),
        lived.version,
        article.created_at.millis(),
        lived.updated_at
    );
    batches.push(ARTICLES, row, out);
    for version in &lived.versions {
        let content = serde_json::to_string(&version.content)?;
        let row = format!(
            "({id},{},{},{},{})",
            version.revision,
            text(&content),
            null_or(version.by),
            version.at
        );
        batches.push(VERSIONS, row, out);
    }
    for step in &lived.history {
        let row = format!(
            "({id},{},'{}','{}',{},'{}',{},{})",
            step.at,
            step.kind,
            step.command,
            null_text(step.from),
            step.to,
            null_or(step.actor),
            text(&step.detail)
        );
        batches.push(EVENTS, row, out);
    }
    tally.articles += 1;
    match article.status {
        Status::Published => tally.published += 1,
        Status::Withdrawn => tally.withdrawn += 1,
        _ => tally.on_way += 1,
    }
    tally.marked += u64::from(validity.is_some());
    if let Some(published) = article.published_at.filter(|_| lived.has_page()) {
        let content = serde_json::to_string(&article.content)?;
        let digest = article
            .approved_digest
            .clone()
            .unwrap_or_else(|| article.content.digest());
        let withdrawn = article.withdrawal.as_ref().map(|w| w.at.millis());
        let row = format!(
            "({id},{},{},{},{},'{digest}',{},{},{},{})",
            article.site.0,
            article.column.0,
            text(&article.content.title),
            text(&content),
            published.millis(),
            null_text(validity),
            null_or(withdrawn),
            lived.page_updated_at
        );
        batches.push(PAGES, row, out);
    }
    Ok(())
}

/// PUB-INTERPRET: the links of `lived`'s policy documents, once both ends are written.
fn push_links(batches: &mut Batches, out: &mut Vec<String>, lived: &Lived, tally: &mut Tally) {
    if let Some(policy) = &lived.article.content.policy {
        for reading in &policy.interpretations {
            let row = format!("({},{})", lived.article.id.0, reading.0);
            batches.push(LINKS, row, out);
            tally.links += 1;
        }
    }
}

/// What the writer receives: the statements of one transaction.
struct Chunk {
    statements: Vec<String>,
    articles: u64,
    rows: u64,
}

/// Lives every site's articles and sends the statements a transaction at a time.
fn produce(
    world: Arc<World>,
    plan: Vec<Vec<PlannedColumn>>,
    send: tokio::sync::mpsc::Sender<Chunk>,
) -> anyhow::Result<Tally> {
    let mut rng = Rng::new(0xA471_C1E5_0000_0015);
    let mut batches = Batches::new();
    let mut statements = Vec::new();
    let mut tally = Tally::default();
    let (mut sent_articles, mut sent_rows) = (0u64, 0u64);
    let mut next_id = 1i64;
    let sites = world.sites.iter().zip(plan.iter()).enumerate();
    let last_site = world.sites.len().saturating_sub(1);
    for (index, (site, columns)) in sites {
        let lived = sites_articles::live_site(&mut rng, &world, &site.site, columns, next_id)?;
        next_id += i64::try_from(lived.len()).unwrap_or(0);
        let mut latest = vec![None::<i64>; columns.len()];
        for (at, one) in &lived {
            if let (Some(slot), Some(published)) = (latest.get_mut(*at), one.article.published_at) {
                *slot = Some(slot.map_or(published.millis(), |l: i64| l.max(published.millis())));
            }
        }
        for (planned, last) in columns.iter().zip(&latest) {
            tally.blank_columns +=
                u64::from(last.is_none() && planned.column.archived_at.is_none());
            batches.push(
                COLUMNS,
                sites_columns::row(&world, planned, *last),
                &mut statements,
            );
        }
        for (_, one) in &lived {
            push_article(&mut batches, &mut statements, one, &mut tally)?;
        }
        for (_, one) in &lived {
            push_links(&mut batches, &mut statements, one, &mut tally);
        }
        if tally.articles - sent_articles >= ARTICLES_PER_TRANSACTION || index == last_site {
            batches.flush(&mut statements);
            let rows = batches.rows();
            let chunk = Chunk {
                statements: std::mem::take(&mut statements),
                articles: tally.articles - sent_articles,
                rows: rows - sent_rows,
            };
            sent_articles = tally.articles;
            sent_rows = rows;
            if send.blocking_send(chunk).is_err() {
                anyhow::bail!("写入线程已停止");
            }
        }
    }
    Ok(tally)
}

/// Writes the columns and articles of `world`'s sites and prints progress and the time.
pub(super) async fn generate(
    db: &Db,
    world: World,
    n_columns: u64,
    n_articles: u64,
) -> anyhow::Result<Tally> {
    let started = Stopwatch::now();
    let plan = sites_columns::plan(&world, n_columns, n_articles, 1);
    println!(
        "生成数据：{} 个网站的 {n_columns} 个栏目、{n_articles} 篇稿件，近 {} 年……",
        world.sites.len(),
        super::sites_world::YEARS
    );
    let (send, mut receive) = tokio::sync::mpsc::channel::<Chunk>(2);
    let world = Arc::new(world);
    let producer = world.clone();
    let worker = tokio::task::spawn_blocking(move || produce(producer, plan, send));
    let (mut articles, mut rows) = (0u64, 0u64);
    let mut next_report = 100_000;
    while let Some(chunk) = receive.recv().await {
        let mut tx = db.begin().await?;
        for sql in chunk.statements {
            // Built only from generated numbers, names, escaped texts and JSON.
            sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await
                .context("批量写入稿件失败")?;
        }
        tx.commit().await?;
        articles += chunk.articles;
        rows += chunk.rows;
        if articles >= next_report {
            next_report += 100_000;
            println!(
                "  {articles} / {n_articles} 篇稿件（{rows} 行，{:.0} 秒）",
                started.elapsed().as_secs_f64()
            );
        }
    }
    let tally = worker.await??;
    if db.backend == Backend::Postgres {
        // Ids were given explicitly: the identities continue after them.
        for table in ["site_columns", "site_articles"] {
            let mut sql = String::new();
            let _ = write!(
                sql,
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                 (SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&db.pool)
                .await?;
        }
        // As autovacuum would after such a load (see the hotline bench).
        sqlx::query("VACUUM ANALYZE").execute(&db.pool).await?;
    }
    println!(
        "generation: {} articles ({} published, {} withdrawn, {} on their way; {} policy documents marked 废止/失效, {} interpretation links) in {} columns ({} blank), {rows} rows in {:.1} s",
        tally.articles,
        tally.published,
        tally.withdrawn,
        tally.on_way,
        tally.marked,
        tally.links,
        n_columns,
        tally.blank_columns,
        started.elapsed().as_secs_f64()
    );
    Ok(tally)
}
