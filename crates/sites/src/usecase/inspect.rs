//! Content safety at publishing (WEB-INSPECT, issue 19): the word checker in force — the
//! default lists shipped with the binary plus the lists and whitelist the administrator
//! imported (migration 0038) — cached in memory and rebuilt when a list or the whitelist
//! changes (the stored fingerprint differs); the check an article's submission passes, less
//! the words its editors marked false positives (忽略，误报, with a reason, audited). Every
//! change of a list is audited; a bad file is refused with the row named and nothing stored.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use inspect::{Checker, Entry, ListMeta, Provenance, Whitelist, WordList};
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::workflow::Context;
use platform::{Error, Result};

use crate::ArticleId;
use crate::check::{self, Inspected};
use crate::store::inspect::{self as store, StoredList, StoredWord};

pub use crate::store::inspect::Ignored;

/// The checkers built, by fingerprint of what they were built from (a few: one per database
/// in a process running several, as the tests do).
static CACHE: Mutex<Option<HashMap<String, Arc<Checker>>>> = Mutex::new(None);
/// At most this many checkers are kept.
const CACHED: usize = 8;

fn provenance(origin: &str) -> Provenance {
    match origin {
        "issued" => Provenance::Issued,
        _ => Provenance::Local,
    }
}

/// The origin as stored for a form's value: 上级下发 (`issued`) or 本地 (`local`).
pub fn origin_code(value: &str) -> Result<&'static str> {
    match value {
        "issued" => Ok("issued"),
        "local" => Ok("local"),
        _ => Err(Error::invalid("词库来源类别只能是“上级下发”或“本地”")),
    }
}

/// The word checker in force (WEB-INSPECT): the imported active lists (an imported list wins
/// over a default for the same word), the default lists, the default and stored whitelist.
/// Built once per change of the stored lists.
pub async fn checker(db: &Db) -> Result<Arc<Checker>> {
    let print = store::fingerprint(db).await?;
    if let Some(found) = CACHE
        .lock()
        .ok()
        .and_then(|cache| cache.as_ref().and_then(|map| map.get(&print).cloned()))
    {
        return Ok(found);
    }
    let mut lists: Vec<WordList> = store::active_words(db)
        .await?
        .into_iter()
        .map(|(stored, words)| word_list(&stored, words))
        .collect();
    lists.extend(inspect::default_lists().map_err(unexpected)?);
    let mut whitelists = vec![inspect::default_whitelist().map_err(unexpected)?];
    let phrases: Vec<String> = store::whitelist(db)
        .await?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    whitelists.push(Whitelist {
        meta: ListMeta::new("白名单（本地）", "管理员维护", "-", Provenance::Local),
        phrases,
    });
    let built = Arc::new(Checker::new(&lists, &whitelists).map_err(unexpected)?);
    if let Ok(mut cache) = CACHE.lock() {
        let map = cache.get_or_insert_with(HashMap::new);
        if map.len() >= CACHED {
            map.clear();
        }
        map.insert(print, built.clone());
    }
    Ok(built)
}

fn unexpected(error: impl std::fmt::Display) -> Error {
    Error::Unexpected(anyhow::anyhow!("content-safety lists: {error}"))
}

fn word_list(stored: &StoredList, words: Vec<StoredWord>) -> WordList {
    WordList {
        meta: ListMeta::new(
            stored.name.clone(),
            stored.source.clone(),
            stored.version.clone(),
            provenance(&stored.origin),
        ),
        entries: words
            .into_iter()
            .map(|(word, correction)| Entry { word, correction })
            .collect(),
    }
}

/// The check an article's submission passes (WEB-INSPECT, SEC-SECRET): the checker in force,
/// less the words marked false positives for `article`.
pub async fn check_for(db: &Db, article: ArticleId) -> Result<Inspected> {
    let words = checker(db).await?;
    let ignored: HashSet<String> = store::ignored(db, article)
        .await?
        .into_iter()
        .map(|ignored| ignored.word)
        .collect();
    Ok(Inspected { words, ignored })
}

/// The false positives marked on `article`.
pub async fn ignored(db: &Db, article: ArticleId) -> Result<Vec<Ignored>> {
    store::ignored(db, article).await
}

/// 忽略，误报: the editor marks the hit of `word` on `article` a false positive with
/// `reason` (audited); the word no longer blocks this article. Only a word the check finds
/// in the article now, never a secrecy mark or personal data (SEC-SECRET).
pub async fn ignore_hit(
    db: &Db,
    context: &Context<'_>,
    article: ArticleId,
    word: &str,
    reason: &str,
) -> Result<()> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid("请填写误报理由"));
    }
    if reason.chars().count() > 200 {
        return Err(Error::invalid("误报理由不能超过200字"));
    }
    let stored = crate::store::articles::get(db, article).await?;
    let words = checker(db).await?;
    let found = check::check_with(&words, &stored.article.content)
        .into_iter()
        .any(|finding| finding.ignorable() && finding.word == word);
    if !found {
        return Err(Error::invalid(format!(
            "稿件中没有可忽略的词语“{word}”（涉密标识和个人信息不能忽略）"
        )));
    }
    let mut tx = db.begin().await?;
    let by = context.actor.user_id.unwrap_or(0);
    if store::ignore(&mut tx, article, word, reason, by, context.now.millis()).await? {
        let event = AuditEvent::new("inspect.ignore", "site_article", article.0).detail(format!(
            "稿件 {}：内容检查命中“{word}”标记为误报，理由：{reason}",
            stored.number
        ));
        audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The lists shipped with the binary, and their whitelist: name, source, version, size.
pub fn builtin_lists() -> Vec<(String, String, String, usize)> {
    let mut lines: Vec<(String, String, String, usize)> = inspect::default_lists()
        .unwrap_or_default()
        .into_iter()
        .map(|list| {
            let meta = list.meta;
            (meta.name, meta.source, meta.version, list.entries.len())
        })
        .collect();
    if let Ok(whitelist) = inspect::default_whitelist() {
        let meta = whitelist.meta;
        lines.push((
            meta.name,
            meta.source,
            meta.version,
            whitelist.phrases.len(),
        ));
    }
    lines
}

/// The imported lists, newest first.
pub async fn lists(db: &Db) -> Result<Vec<StoredList>> {
    store::lists(db).await
}

/// The whitelist phrases the administrator added (id, phrase).
pub async fn whitelist(db: &Db) -> Result<Vec<(i64, String)>> {
    store::whitelist(db).await
}

/// What an administrator imports: the form's name, source, version and origin (each may be
/// left empty when the file's first line gives it), and the file.
#[derive(Debug, Clone)]
pub struct ListImport<'a> {
    pub name: &'a str,
    pub source: &'a str,
    pub version: &'a str,
    /// `issued` or `local`.
    pub origin: &'a str,
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// Imports a word list from a TXT or XLSX file (WEB-INSPECT): a bad row is refused with its
/// number, nothing stored; the new list takes effect at once. Audited. Returns its id.
pub async fn import_list(db: &Db, context: &Context<'_>, import: ListImport<'_>) -> Result<i64> {
    let origin = origin_code(import.origin)?;
    let meta = ListMeta::new(
        import.name.trim(),
        import.source.trim(),
        import.version.trim(),
        provenance(origin),
    );
    let lower = import.file_name.to_lowercase();
    let parsed = if lower.ends_with(".xlsx") {
        inspect::words_from_xlsx(import.bytes, &meta)
    } else if lower.ends_with(".txt") {
        inspect::words_from_txt(import.bytes, &meta)
    } else {
        return Err(Error::invalid("词库文件只能是 TXT 或 XLSX"));
    };
    let list = parsed.map_err(|error| Error::invalid(error.to_string()))?;
    let words: Vec<StoredWord> = list
        .entries
        .into_iter()
        .map(|entry| (entry.word, entry.correction))
        .collect();
    let now = context.now.millis();
    let by = context.actor.user_id.unwrap_or(0);
    let mut tx = db.begin().await?;
    let meta = &list.meta;
    let id = store::insert_list(
        &mut tx,
        &meta.name,
        &meta.source,
        &meta.version,
        origin,
        &words,
        by,
        now,
    )
    .await?;
    let event = AuditEvent::new("inspect.list.import", "inspect_list", id).detail(format!(
        "导入词库“{}”（来源：{}，版本：{}），{}条",
        meta.name,
        meta.source,
        meta.version,
        words.len()
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Deactivates the list `id` (audited); it stops counting at once.
pub async fn deactivate_list(db: &Db, context: &Context<'_>, id: i64) -> Result<()> {
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let list = store::list_in(&mut tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("词库".into()))?;
    if !store::deactivate(&mut tx, id, now).await? {
        return Err(Error::invalid(format!("词库“{}”已停用", list.name)));
    }
    let event = AuditEvent::new("inspect.list.deactivate", "inspect_list", id)
        .detail(format!("停用词库“{}”（版本：{}）", list.name, list.version));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Adds a whitelist phrase (audited).
pub async fn add_phrase(db: &Db, context: &Context<'_>, phrase: &str) -> Result<i64> {
    let phrase = phrase.trim();
    let length = phrase.chars().count();
    if !(2..=inspect::import::MAX_WORD_CHARS).contains(&length) {
        return Err(Error::invalid(format!(
            "白名单短语应为2至{}个字",
            inspect::import::MAX_WORD_CHARS
        )));
    }
    if phrase.chars().any(char::is_control) {
        return Err(Error::invalid("白名单短语不能含控制字符"));
    }
    let now = context.now.millis();
    let by = context.actor.user_id.unwrap_or(0);
    let mut tx = db.begin().await?;
    let Some(id) = store::add_phrase(&mut tx, phrase, by, now).await? else {
        return Err(Error::invalid(format!("白名单中已有“{phrase}”")));
    };
    let event = AuditEvent::new("inspect.whitelist.add", "inspect_whitelist", id)
        .detail(format!("白名单添加“{phrase}”"));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Removes the whitelist phrase `id` (audited).
pub async fn remove_phrase(db: &Db, context: &Context<'_>, id: i64) -> Result<()> {
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let phrase = store::remove_phrase(&mut tx, id)
        .await?
        .ok_or_else(|| Error::NotFound("白名单短语".into()))?;
    let event = AuditEvent::new("inspect.whitelist.remove", "inspect_whitelist", id)
        .detail(format!("白名单删除“{phrase}”"));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}
