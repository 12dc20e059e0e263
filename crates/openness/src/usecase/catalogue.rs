//! The disclosure catalogue (政府信息公开目录, PUB-CATALOG), generated from the register: every
//! 主动公开 document whose publication is recorded, with its 索引号, 主题分类, issuing unit,
//! 文号 and the page that published it, filtered by topic and by unit. Being read from the
//! register at each request, an entry is in the catalogue the moment its document is
//! published — well inside `openness.catalogue_update` — and each one passes the register's
//! gate on the catalogue channel first (SEC-SECRET: a secret document never reaches it).

use calendar::Instant;
use platform::Result;
use platform::db::Db;

use crate::register::{Attribute, Document, PublishChannel, Topic, may_publish_on};
use crate::store::documents as store;
use crate::{DocumentId, UnitId};

/// One entry of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub document: DocumentId,
    /// 索引号: `unit code/topic code/year-id`.
    pub index_number: String,
    pub title: String,
    /// 文号.
    pub issue_number: String,
    pub unit: UnitId,
    pub unit_name: String,
    pub topic: Topic,
    pub published_at: Instant,
    pub url: String,
}

/// What the catalogue is filtered by.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Filter {
    pub topic: Option<Topic>,
    pub unit: Option<UnitId>,
}

/// PUB-CATALOG: the 索引号 of a document — its issuing unit's code, the topic's two-digit
/// code, the year of publication and the document's id — unique and stable.
pub fn index_number(unit_code: &str, topic: Topic, at: Instant, id: DocumentId) -> String {
    use chrono::Datelike as _;
    format!(
        "{unit_code}/{}/{}-{:05}",
        topic.code(),
        at.local_date().year(),
        id.0
    )
}

/// PUB-CATALOG: the catalogue's entries that `filter` keeps, newest publication first.
pub async fn entries(db: &Db, filter: Filter) -> Result<Vec<Entry>> {
    let units = platform::units::list(db).await?;
    let mut entries = Vec::new();
    for stored in store::published(db).await? {
        let Some(entry) = entry_of(&stored.document, &units) else {
            continue;
        };
        if filter.topic.is_some_and(|t| t != entry.topic)
            || filter.unit.is_some_and(|u| u != entry.unit)
        {
            continue;
        }
        entries.push(entry);
    }
    Ok(entries)
}

/// PUB-CATALOG: the catalogue's entry of document `id`, or `None` while it is not in the
/// catalogue (not published, not 主动公开, or barred from the catalogue channel).
pub async fn entry(db: &Db, id: DocumentId) -> Result<Option<Entry>> {
    let stored = store::get(db, id).await?;
    if stored.document.attribute != Attribute::Proactive {
        return Ok(None);
    }
    let units = platform::units::list(db).await?;
    Ok(entry_of(&stored.document, &units))
}

/// The entry of a published document, when the catalogue channel's gate lets it through.
fn entry_of(document: &Document, units: &[platform::units::Unit]) -> Option<Entry> {
    // SEC-SECRET, PUB-CONFID: the catalogue is a publishing channel of its own.
    may_publish_on(PublishChannel::Catalogue, document).ok()?;
    let publication = document.publication.as_ref()?;
    let topic = document.topic.unwrap_or(Topic::Other);
    let unit = units.iter().find(|u| u.id == document.unit.0);
    let (code, name) = unit.map_or(("", ""), |u| (u.code.as_str(), u.name.as_str()));
    Some(Entry {
        document: document.id,
        index_number: index_number(code, topic, publication.at, document.id),
        title: document.title.clone(),
        issue_number: document.number.clone(),
        unit: document.unit,
        unit_name: name.to_owned(),
        topic,
        published_at: publication.at,
        url: publication.url.clone(),
    })
}
