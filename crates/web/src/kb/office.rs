//! The knowledge base in the back office (KB-LIFE, KB-STATS, HL-INSTANT): search and lists,
//! the entry page with its versions, and the suggestion fragment the operator desk calls as
//! the operator types. The state changes are in `actions`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use hotline::kb::{EntryId, EntryStatus};
use hotline::kb_store::{self, SearchHit, StoredEntry};
use platform::access;
use serde::Deserialize;

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::{date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Id, Query};
use crate::staff::Staff;

/// `?q=` of a search.
#[derive(Deserialize)]
pub struct SearchQuery {
    /// `content` is the operator desk's textarea, which asks for suggestions as one types.
    #[serde(default, alias = "content")]
    pub q: String,
}

/// A search result as a page shows it.
pub struct HitView {
    pub id: i64,
    pub version: u32,
    pub title: String,
    pub question: String,
    pub answer: String,
    pub category: String,
    pub uses: i64,
}

impl From<SearchHit> for HitView {
    fn from(hit: SearchHit) -> Self {
        Self {
            id: hit.id.0,
            version: hit.version,
            title: hit.title,
            question: hit.question,
            answer: hit.answer,
            category: hit.category,
            uses: hit.uses,
        }
    }
}

/// An entry in a list (own drafts, review queue, due for review).
pub struct EntryLine {
    id: i64,
    title: String,
    status: &'static str,
    version: u32,
    updated: String,
    review_due: String,
}

impl From<&StoredEntry> for EntryLine {
    fn from(entry: &StoredEntry) -> Self {
        Self {
            id: entry.id.0,
            title: entry.title.clone(),
            status: entry.status.label_zh(),
            version: entry.current_version,
            updated: minute_of(entry.updated_at),
            review_due: entry.review_due_at.map(date_of).unwrap_or_default(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/kb_list.html")]
pub struct KbListPage {
    chrome: Chrome,
    q: String,
    hits: Vec<HitView>,
    own: Vec<EntryLine>,
    queue: Vec<EntryLine>,
    due: Vec<EntryLine>,
    can_write: bool,
    can_review: bool,
}

/// `GET /office/kb`: search the published entries; the own unit's entries for writers;
/// the 待审核 queue and the entries due for review for the hotline.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<SearchQuery>,
) -> Result<KbListPage, PageError> {
    let db = &state.platform.db;
    let actor = &staff.actor;
    let hits = kb_store::search(db, &query.q, true, 30).await?;
    let can_write = access::kb_write(actor);
    let can_review = access::kb_review(actor);
    let own = if can_write {
        kb_store::of_unit(db, hotline::UnitId(actor.unit_id), 100).await?
    } else {
        Vec::new()
    };
    let (queue, due) = if can_review {
        let now = calendar::Instant::from_millis(platform::db::now_ms());
        (
            kb_store::in_review(db).await?,
            kb_store::due_for_review(db, now).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(KbListPage {
        chrome: Chrome::office(&state, &csrf, actor).await?,
        q: query.q,
        hits: hits.into_iter().map(HitView::from).collect(),
        own: own.iter().map(EntryLine::from).collect(),
        queue: queue.iter().map(EntryLine::from).collect(),
        due: due.iter().map(EntryLine::from).collect(),
        can_write,
        can_review,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "office/kb_suggest.html")]
pub struct SuggestFragment {
    hits: Vec<HitView>,
    q: String,
}

/// `GET /office/kb/suggest?q=`: the best five published entries as a small HTML list, for
/// the operator desk to fetch as the operator types (HL-INSTANT).
pub async fn suggest(
    State(state): State<AppState>,
    Query(query): Query<SearchQuery>,
) -> Result<SuggestFragment, PageError> {
    let hits = if query.q.trim().is_empty() {
        Vec::new()
    } else {
        kb_store::search(&state.platform.db, &query.q, true, 5).await?
    };
    Ok(SuggestFragment {
        hits: hits.into_iter().map(HitView::from).collect(),
        q: query.q,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "office/kb_form.html")]
pub struct KbFormPage {
    chrome: Chrome,
}

/// `GET /office/kb/new`: the draft form.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<KbFormPage, PageError> {
    Ok(KbFormPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
    })
}

/// A kept version as the entry page lists it.
pub struct VersionView {
    version: u32,
    title: String,
    answer: String,
    date: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/kb_entry.html")]
pub struct KbEntryPage {
    chrome: Chrome,
    id: i64,
    status: &'static str,
    version: u32,
    title: String,
    question: String,
    answer: String,
    keywords: String,
    category: String,
    review_note: String,
    review_due: String,
    uses: i64,
    versions: Vec<VersionView>,
    can_edit: bool,
    can_submit: bool,
    can_revise: bool,
    can_review: bool,
    can_withdraw: bool,
}

/// The entry if this actor may see it: published ones for everybody, others for the owner
/// unit and the hotline; otherwise 404 (its existence is not told).
pub async fn visible(
    state: &AppState,
    staff: &Staff,
    id: EntryId,
) -> Result<StoredEntry, platform::Error> {
    let entry = kb_store::get(&state.platform.db, id).await?;
    if entry.is_searchable() || access::kb_view_unpublished(&staff.actor, entry.owner_unit_id.0) {
        Ok(entry)
    } else {
        Err(platform::Error::not_found("知识条目"))
    }
}

/// `GET /office/kb/{id}`: the entry (the working copy for its unit and the hotline, the
/// published version for others), its versions, its uses and the actions allowed.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<EntryId>,
) -> Result<KbEntryPage, PageError> {
    let entry = visible(&state, &staff, id).await?;
    let db = &state.platform.db;
    let actor = &staff.actor;
    let versions = kb_store::versions(db, id).await?;
    let sees_working_copy = access::kb_view_unpublished(actor, entry.owner_unit_id.0);
    let shown = versions
        .iter()
        .find(|v| v.version == entry.current_version)
        .filter(|_| !sees_working_copy);
    let writer = access::kb_write_entry(actor, entry.owner_unit_id.0);
    let reviewer = access::kb_review(actor);
    Ok(KbEntryPage {
        chrome: Chrome::office(&state, &csrf, actor).await?,
        id: id.0,
        status: entry.status.label_zh(),
        version: entry.current_version,
        title: shown.map_or(entry.title.clone(), |v| v.title.clone()),
        question: shown.map_or(entry.question.clone(), |v| v.question.clone()),
        answer: shown.map_or(entry.answer.clone(), |v| v.answer.clone()),
        keywords: shown.map_or(entry.keywords.clone(), |v| v.keywords.clone()),
        category: entry.category.clone(),
        review_note: entry.review_note.clone(),
        review_due: entry.review_due_at.map(date_of).unwrap_or_default(),
        uses: kb_store::usage_count(db, id).await?,
        versions: versions
            .into_iter()
            .map(|v| VersionView {
                version: v.version,
                title: v.title,
                answer: v.answer,
                date: minute_of(v.created_at),
            })
            .collect(),
        can_edit: writer && entry.status == EntryStatus::Draft,
        can_submit: writer && entry.status == EntryStatus::Draft,
        can_revise: writer
            && matches!(
                entry.status,
                EntryStatus::Published | EntryStatus::Withdrawn
            ),
        can_review: reviewer && entry.status == EntryStatus::InReview,
        can_withdraw: reviewer && entry.status != EntryStatus::Withdrawn,
    })
}
