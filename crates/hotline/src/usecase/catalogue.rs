//! Issue 14 item 9 (HL-DISPATCH): the dispatch catalogue (派单目录). For each unit, the words
//! of the matters it is competent for, kept by the hotline's supervisors; an appeal whose
//! content or place holds one of them suggests the unit as its lead (`suggest.rs`), so that
//! a complaint about a shop names the market regulator rather than the district government.

use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::error::{Error, Result};
use sqlx::Row as _;

/// At most this many words per unit, each at most this many characters.
const MAX_WORDS: usize = 60;
const MAX_WORD_CHARS: usize = 12;

/// The words of `text`, split on spaces and Chinese or Latin commas and enumeration marks,
/// without repeats, in the order given; refused when a word is too long or there are too
/// many.
pub fn parse_keywords(text: &str) -> Result<Vec<String>> {
    let mut words: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
        .map(str::trim)
        .filter(|w| !w.is_empty())
    {
        if word.chars().count() > MAX_WORD_CHARS {
            return Err(Error::invalid(format!(
                "关键词“{}…”过长，每个关键词不超过 {MAX_WORD_CHARS} 个字",
                word.chars().take(MAX_WORD_CHARS).collect::<String>()
            )));
        }
        if word.chars().count() < 2 {
            return Err(Error::invalid(format!(
                "关键词“{word}”过短，每个关键词至少 2 个字，以免误配"
            )));
        }
        if !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    if words.len() > MAX_WORDS {
        return Err(Error::invalid(format!("每个单位最多 {MAX_WORDS} 个关键词")));
    }
    Ok(words)
}

/// Every unit's words: (unit id, words).
pub async fn dispatch_catalogue(db: &Db) -> Result<Vec<(i64, Vec<String>)>> {
    let rows = sqlx::query("SELECT unit_id, keywords FROM hotline_dispatch_catalogue")
        .fetch_all(&db.pool)
        .await?;
    rows.iter()
        .map(|row| {
            let text: String = row.try_get("keywords")?;
            Ok((
                row.try_get("unit_id")?,
                text.split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ))
        })
        .collect()
}

/// Sets `unit`'s words (empty clears them); the change is audited with before and after.
pub async fn save_dispatch_keywords(
    db: &Db,
    actor: &AuditActor,
    unit: i64,
    text: &str,
    now: i64,
) -> Result<()> {
    let words = parse_keywords(text)?;
    let unit_name = platform::units::get(db, unit).await?.name;
    let mut tx = db.begin().await?;
    let before: Option<String> =
        sqlx::query("SELECT keywords FROM hotline_dispatch_catalogue WHERE unit_id = $1")
            .bind(unit)
            .fetch_optional(&mut *tx)
            .await?
            .map(|row| row.try_get("keywords"))
            .transpose()?;
    sqlx::query("DELETE FROM hotline_dispatch_catalogue WHERE unit_id = $1")
        .bind(unit)
        .execute(&mut *tx)
        .await?;
    let after = words.join(" ");
    if !words.is_empty() {
        sqlx::query(
            "INSERT INTO hotline_dispatch_catalogue (unit_id, keywords, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4)",
        )
        .bind(unit)
        .bind(&after)
        .bind(actor.user_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
    }
    let detail = format!(
        "{unit_name} 派单关键词：{} → {}",
        before.as_deref().unwrap_or("（无）"),
        if after.is_empty() {
            "（无）"
        } else {
            &after
        }
    );
    audit::record(
        &mut tx,
        actor,
        AuditEvent::new("hotline.dispatch_catalogue", "unit", unit).detail(detail),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hl_dispatch_keywords_are_split_on_spaces_and_chinese_marks_without_repeats() {
        let cases: &[(&str, &[&str])] = &[
            ("商铺 饭店", &["商铺", "饭店"]),
            ("商铺，饭店、超市;餐馆", &["商铺", "饭店", "超市", "餐馆"]),
            ("  商铺  商铺 ", &["商铺"]),
            ("", &[]),
        ];
        for (text, words) in cases {
            assert_eq!(parse_keywords(text).unwrap(), *words, "{text}");
        }
    }

    #[test]
    fn hl_dispatch_a_word_too_short_or_too_long_is_refused_with_a_message() {
        for text in ["店", "一二三四五六七八九十一二三"] {
            let error = parse_keywords(text).unwrap_err().to_string();
            assert!(error.contains("关键词"), "{text}: {error}");
        }
        let many: String = (0..61).map(|i| format!("词{i:02} ")).collect();
        assert!(parse_keywords(&many).is_err());
    }
}
