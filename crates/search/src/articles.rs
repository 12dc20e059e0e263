//! The published articles of the site group as the index holds them (WEB-SEARCH): the
//! article itself (信息 or 政策文件); its 索引号, 文号 and 主题分类 when it publishes a
//! document of the disclosure catalogue (PUB-CATALOG), so that the catalogue is searched by
//! them; and each of its pictures and files as a result of its own (图片, 文件): the files
//! attached to it, and the pictures of its body by their alternative text. All share the
//! article's source key (`article:12`), so that the article's change replaces them together.

use std::collections::HashMap;

use anyhow::Result;
use openness::DocumentId;
use openness::usecase::catalogue::{self, Entry};
use platform::db::Db;
use sqlx::Row as _;

use crate::doc::{Doc, Kind, plain_text};
use crate::store::{BODY_CHARS, cut};

/// The published pages of the site group, one row per article.
pub(crate) const ARTICLES: &str = "SELECT p.article_id, p.title, p.content, p.published_at, \
     p.validity, s.number AS site_code, c.responsible_unit_id, a.is_policy, a.document_id \
     FROM site_pages p JOIN sites s ON s.id = p.site_id \
     JOIN site_columns c ON c.id = p.column_id \
     JOIN site_articles a ON a.id = p.article_id \
     WHERE p.withdrawn_at IS NULL";

/// The files of articles (`platform::attachments`, owner kind `article`): the label and the
/// kind are public on the article's page; the sealed name and content are never read.
const FILES: &str =
    "SELECT id, owner_id, label, kind FROM attachments WHERE owner_kind = 'article'";

/// An article's file as its page lists it.
#[derive(Debug, Clone)]
pub(crate) struct File {
    id: i64,
    label: String,
    kind: String,
}

/// What the articles' documents are made with besides their page.
#[derive(Default)]
pub(crate) struct Extras {
    files: HashMap<i64, Vec<File>>,
    entries: HashMap<i64, Entry>,
}

impl Extras {
    /// The files and catalogue entry of article `id` (a change in the feed).
    pub(crate) async fn of_article(db: &Db, id: i64) -> Result<Extras> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{FILES} AND owner_id = $1 ORDER BY id"
        )))
        .bind(id)
        .fetch_all(&db.pool)
        .await?;
        let mut extras = Extras::default();
        extras.add_files(&rows)?;
        let document: Option<i64> =
            sqlx::query("SELECT document_id FROM site_articles WHERE id = $1")
                .bind(id)
                .fetch_optional(&db.pool)
                .await?
                .map(|row| row.try_get("document_id"))
                .transpose()?
                .flatten();
        if let Some(document) = document
            && let Some(entry) = catalogue::entry(db, DocumentId(document)).await?
        {
            extras.entries.insert(document, entry);
        }
        Ok(extras)
    }

    /// The files and catalogue entries of every article (the rebuild).
    pub(crate) async fn of_all(db: &Db) -> Result<Extras> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{FILES} ORDER BY id")))
            .fetch_all(&db.pool)
            .await?;
        let mut extras = Extras::default();
        extras.add_files(&rows)?;
        for entry in catalogue::entries(db, catalogue::Filter::default()).await? {
            extras.entries.insert(entry.document.0, entry);
        }
        Ok(extras)
    }

    fn add_files(&mut self, rows: &[sqlx::any::AnyRow]) -> Result<()> {
        for row in rows {
            let file = File {
                id: row.try_get("id")?,
                label: row.try_get("label")?,
                kind: row.try_get("kind")?,
            };
            let owner: i64 = row.try_get("owner_id")?;
            self.files.entry(owner).or_default().push(file);
        }
        Ok(())
    }
}

/// The article of a row of [`ARTICLES`] (its catalogue entry, pictures and files apart).
pub(crate) fn article(row: &sqlx::any::AnyRow) -> Result<Doc> {
    let id: i64 = row.try_get("article_id")?;
    let content = content_of(row)?;
    let mut body = plain_text(text_at(&content, "body"));
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

fn content_of(row: &sqlx::any::AnyRow) -> Result<serde_json::Value> {
    Ok(serde_json::from_str(&row.try_get::<String, _>("content")?).unwrap_or_default())
}

fn text_at<'a>(content: &'a serde_json::Value, key: &str) -> &'a str {
    content
        .get(key)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
}

/// WEB-SEARCH: the article `doc` of `row` with what `extras` holds of it: its catalogue
/// entry's 索引号, 文号 and 主题分类 in its text (PUB-CATALOG), then its pictures and files,
/// each a document keyed `article:12#file:3` or `article:12#picture:0`.
pub(crate) fn with_extras(mut doc: Doc, row: &sqlx::any::AnyRow, extras: &Extras) -> Vec<Doc> {
    let id: i64 = row.try_get("article_id").unwrap_or_default();
    let document: Option<i64> = row.try_get("document_id").unwrap_or_default();
    if let Some(entry) = document.and_then(|d| extras.entries.get(&d)) {
        doc.body = cut(format!(
            "{} 索引号 {} 文号 {} 主题分类 {}",
            doc.body,
            entry.index_number,
            entry.issue_number,
            entry.topic.label_zh()
        ));
    }
    let mut docs = Vec::new();
    for file in extras.files.get(&id).into_iter().flatten() {
        docs.push(file_doc(&doc, file));
    }
    let body_html = content_of(row).unwrap_or_default();
    for (n, alt) in picture_texts(text_at(&body_html, "body"))
        .into_iter()
        .enumerate()
    {
        docs.push(Doc {
            key: format!("{}#picture:{n}", doc.key),
            kind: Kind::Image,
            title: alt,
            body: doc.title.clone(),
            keywords: String::new(),
            ..doc.clone()
        });
    }
    docs.insert(0, doc);
    docs
}

/// A file of the article as a result: 图片 for a picture, 文件 otherwise (the category
/// says which); its label and the article's title are its text, its address the file's own.
fn file_doc(article: &Doc, file: &File) -> Doc {
    let picture = matches!(file.kind.as_str(), "jpg" | "png");
    Doc {
        key: format!("{}#file:{}", article.key, file.id),
        kind: if picture { Kind::Image } else { Kind::File },
        title: file.label.clone(),
        body: article.title.clone(),
        keywords: String::new(),
        url: format!("{}/files/{}", article.url, file.id),
        ..article.clone()
    }
}

/// The alternative texts of the pictures of sanitised HTML (`<img … alt="…">`), the blank
/// ones left out (a decorative picture is not a result).
pub(crate) fn picture_texts(html: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<img") {
        let tag_end = rest[start..]
            .find('>')
            .map_or(rest.len(), |end| start + end);
        let tag = &rest[start..tag_end];
        if let Some(alt) = attribute(tag, "alt") {
            let alt = plain_text(alt);
            if !alt.trim().is_empty() && texts.iter().map(String::len).sum::<usize>() < BODY_CHARS {
                texts.push(alt);
            }
        }
        rest = &rest[tag_end..];
    }
    texts
}

/// The quoted value of `name` in a tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let at = from + at;
        let before = tag[..at].chars().last();
        let after = &tag[at + name.len()..];
        if before.is_some_and(char::is_whitespace) && after.starts_with("=\"") {
            let value = &after[2..];
            return value.find('"').map(|end| &value[..end]);
        }
        from = at + name.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WEB-SEARCH: the pictures of a body are found by their alternative text; blank and
    /// missing ones are left out, an attribute named like another is not mistaken for it.
    #[test]
    fn pictures_are_read_by_their_alternative_text() {
        let cases: [(&str, &[&str]); 5] = [
            ("<p>无图</p>", &[]),
            (r#"<img src="/a.png" alt="社保卡样式">"#, &["社保卡样式"]),
            (
                r#"<img alt="" src="/b.png"><img src="/c.png" data-alt="x" alt="办事大厅 &amp; 窗口">"#,
                &["办事大厅 & 窗口"],
            ),
            (r#"<img src="/d.png">"#, &[]),
            (r#"<img src="/e.png" alt="未闭合"#, &[]),
        ];
        for (html, expected) in cases {
            assert_eq!(picture_texts(html), expected, "{html}");
        }
    }
}
