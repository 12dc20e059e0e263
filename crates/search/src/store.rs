//! Reading what the index holds from the database (WEB-SEARCH): each public document of a
//! kind, one by id (the change feed names it) or all of them (the rebuild). A document that
//! is no longer public (withdrawn page, unpublished guide, withdrawn answer, a message whose
//! reply is not or no longer published) reads as `None` and leaves the index.

use anyhow::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::doc::{Doc, Kind, plain_text};

/// The content kinds the change feed names.
pub const FEED_KINDS: [&str; 4] = ["article", "item", "kb", "message"];

const ARTICLES: &str = "SELECT p.article_id, p.title, p.content, p.published_at, p.validity, \
     s.number AS site_code, c.responsible_unit_id, a.is_policy \
     FROM site_pages p JOIN sites s ON s.id = p.site_id \
     JOIN site_columns c ON c.id = p.column_id \
     JOIN site_articles a ON a.id = p.article_id \
     WHERE p.withdrawn_at IS NULL";

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
const BODY_CHARS: usize = 20_000;

fn cut(text: String) -> String {
    if text.chars().count() > BODY_CHARS {
        text.chars().take(BODY_CHARS).collect()
    } else {
        text
    }
}

fn article(row: &sqlx::any::AnyRow) -> Result<Doc> {
    let id: i64 = row.try_get("article_id")?;
    let content: serde_json::Value =
        serde_json::from_str(&row.try_get::<String, _>("content")?).unwrap_or_default();
    let text_at = |key: &str| {
        content
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
    };
    let mut body = plain_text(text_at("body"));
    if let Some(policy) = content.get("policy") {
        // 索引号, 发文机关, 文号 are searched too.
        for key in ["index_number", "issuer", "document_number"] {
            if let Some(value) = policy.get(key).and_then(|v| v.as_str()) {
                body.push(' ');
                body.push_str(value);
            }
        }
    }
    let site: String = row.try_get("site_code")?;
    let validity: Option<String> = row.try_get("validity")?;
    let is_policy: i64 = row.try_get("is_policy")?;
    Ok(Doc {
        key: format!("article:{id}"),
        kind: if is_policy != 0 {
            Kind::Policy
        } else {
            Kind::Info
        },
        title: row.try_get("title")?,
        body: cut(body),
        keywords: String::new(),
        url: format!("/sites/{site}/articles/{id}"),
        site,
        unit: row.try_get("responsible_unit_id")?,
        date: row.try_get("published_at")?,
        abolished: matches!(validity.as_deref(), Some("abolished" | "expired")),
    })
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
        "article" => Some((ARTICLES, "p.article_id", article)),
        "item" => Some((ITEMS, "i.id", item)),
        "kb" => Some((ANSWERS, "e.id", answer)),
        "message" => Some((MESSAGES, "m.id", message)),
        _ => None,
    }
}

/// WEB-SEARCH: the public document `kind` `id`, or `None` when it is not (or no longer) public.
pub async fn load(db: &Db, kind: &str, id: i64) -> Result<Option<Doc>> {
    let Some((base, key, make)) = base_of(kind) else {
        return Ok(None);
    };
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{base} AND {key} = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(make).transpose()
}

/// WEB-SEARCH: every public document of `kind` (the rebuild).
pub async fn load_all(db: &Db, kind: &str) -> Result<Vec<Doc>> {
    let Some((base, key, make)) = base_of(kind) else {
        return Ok(Vec::new());
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{base} ORDER BY {key}")))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(make).collect()
}
