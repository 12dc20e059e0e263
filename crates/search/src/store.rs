//! Reading what the index holds from the database (WEB-SEARCH): each public document of a
//! kind, one by id (the change feed names it) or all of them (the rebuild). A document that
//! is no longer public (withdrawn page, unpublished guide, withdrawn answer, a message whose
//! reply is not or no longer published) reads as `None` and leaves the index.

use anyhow::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::articles;
use crate::doc::{Doc, Kind, plain_text};

/// The content kinds the change feed names.
pub const FEED_KINDS: [&str; 4] = ["article", "item", "kb", "message"];

const ITEMS: &str = "SELECT i.id, i.code, i.name, i.department_unit_id, v.snapshot, \
     v.published_at FROM svc_items i JOIN svc_item_versions v \
     ON v.item_id = i.id AND v.version = i.published_version \
     WHERE i.published_version IS NOT NULL AND i.status <> 'terminated'";

const ANSWERS: &str = "SELECT e.id, v.title, v.question, v.answer, v.keywords, \
     e.owner_unit_id, e.published_at FROM kb_entries e JOIN kb_versions v \
     ON v.entry_id = e.id AND v.version = e.current_version \
     WHERE e.published_at IS NOT NULL AND e.status <> 'withdrawn'";

/// MSG-PUBLISH: a message whose reply is published, as its public page shows it; the writer
/// (sealed apart, masked in the snapshot) is never read.
const MESSAGES: &str = "SELECT m.id, m.state, COALESCE(m.unit_id, m.site_unit_id) AS unit_id, \
     m.published_at FROM participation_messages m \
     WHERE m.published_at IS NOT NULL AND m.status = 'published'";

/// The most characters of a body indexed.
pub(crate) const BODY_CHARS: usize = 20_000;

pub(crate) fn cut(text: String) -> String {
    if text.chars().count() > BODY_CHARS {
        text.chars().take(BODY_CHARS).collect()
    } else {
        text
    }
}

/// Every string of a JSON value, in order (a guide's elements, whatever their names).
fn strings(value: &serde_json::Value, out: &mut String) {
    match value {
        // Bytes, not characters: counting characters each time would be quadratic.
        // Codes (enum names, dates, numbers) are not text a citizen searches.
        serde_json::Value::String(text)
            if out.len() < BODY_CHARS * 3 && text.chars().any(crate::text::is_han) =>
        {
            out.push_str(text);
            out.push(' ');
        }
        serde_json::Value::Array(values) => values.iter().for_each(|v| strings(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

fn item(row: &sqlx::any::AnyRow) -> Result<Doc> {
    let id: i64 = row.try_get("id")?;
    let code: String = row.try_get("code")?;
    let snapshot: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("snapshot")?).unwrap_or_default();
    let mut body = String::new();
    strings(&snapshot, &mut body);
    Ok(Doc {
        key: format!("item:{id}"),
        kind: Kind::Guide,
        title: row.try_get("name")?,
        body: cut(body),
        keywords: String::new(),
        url: format!("/services/items/{}", url_component(&code)),
        site: String::new(),
        unit: row.try_get("department_unit_id")?,
        date: row.try_get::<Option<i64>, _>("published_at")?.unwrap_or(0),
        abolished: false,
    })
}

fn answer(row: &sqlx::any::AnyRow) -> Result<Doc> {
    let id: i64 = row.try_get("id")?;
    let title: String = row.try_get("title")?;
    let question: String = row.try_get("question")?;
    let answer: String = row.try_get("answer")?;
    Ok(Doc {
        key: format!("kb:{id}"),
        kind: Kind::Faq,
        url: format!("/kb?q={}", url_component(&title)),
        title,
        body: cut(format!("{question} {}", plain_text(&answer))),
        keywords: row.try_get("keywords")?,
        site: String::new(),
        unit: row.try_get("owner_unit_id")?,
        date: row.try_get::<Option<i64>, _>("published_at")?.unwrap_or(0),
        abolished: false,
    })
}

fn message(row: &sqlx::any::AnyRow) -> Result<Doc> {
    let id: i64 = row.try_get("id")?;
    let state: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("state")?).unwrap_or_default();
    let text_at = |path: [&str; 2]| {
        state
            .get(path[0])
            .and_then(|v| v.get(path[1]))
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Doc {
        key: format!("message:{id}"),
        kind: Kind::Interact,
        title: text_at(["filing", "title"]),
        body: cut(format!(
            "{} {}",
            text_at(["filing", "content"]),
            text_at(["reply", "text"])
        )),
        keywords: String::new(),
        url: format!("/messages/{id}"),
        site: String::new(),
        unit: row.try_get("unit_id")?,
        date: row.try_get("published_at")?,
        abolished: false,
    })
}

/// Percent-encoding of a URL component.
pub fn url_component(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A kind's query, its id column and how a row becomes a document.
type Base = (
    &'static str,
    &'static str,
    fn(&sqlx::any::AnyRow) -> Result<Doc>,
);

fn base_of(kind: &str) -> Option<Base> {
    match kind {
        "article" => Some((articles::ARTICLES, "p.article_id", articles::article)),
        "item" => Some((ITEMS, "i.id", item)),
        "kb" => Some((ANSWERS, "e.id", answer)),
        "message" => Some((MESSAGES, "m.id", message)),
        _ => None,
    }
}

/// WEB-SEARCH: the public documents of source `kind` `id` — the document itself and, for an
/// article, its pictures and files — or none when it is not (or no longer) public.
pub async fn load(db: &Db, kind: &str, id: i64) -> Result<Vec<Doc>> {
    let Some((base, key, make)) = base_of(kind) else {
        return Ok(Vec::new());
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{base} AND {key} = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else {
        return Ok(Vec::new());
    };
    let doc = make(&row)?;
    if kind == "article" {
        let extras = articles::Extras::of_article(db, id).await?;
        return Ok(articles::with_extras(doc, &row, &extras));
    }
    Ok(vec![doc])
}

/// WEB-SEARCH: every public document of `kind` (the rebuild).
pub async fn load_all(db: &Db, kind: &str) -> Result<Vec<Doc>> {
    let Some((base, key, make)) = base_of(kind) else {
        return Ok(Vec::new());
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{base} ORDER BY {key}")))
        .fetch_all(&db.pool)
        .await?;
    if kind != "article" {
        return rows.iter().map(make).collect();
    }
    let extras = articles::Extras::of_all(db).await?;
    let mut docs = Vec::new();
    for row in &rows {
        docs.extend(articles::with_extras(make(row)?, row, &extras));
    }
    Ok(docs)
}
