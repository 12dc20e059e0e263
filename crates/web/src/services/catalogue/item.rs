//! `/office/services/catalogue/{id}`: one item's status, the review step it waits for (the
//! profile's chain, SVC-ITEM-LIFE), every version with its opinions, what changed against the
//! public version, and the commands the viewer may give; `/diff` compares any two versions.
//! Each command goes through `services::usecase` with the page's version; a refused one shows
//! the page again with the domain's Chinese message and changes nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access;
use serde::Deserialize;
use services::ItemId;
use services::item::{
    ApprovingDocument, DiffLine, ItemCommand, ItemStatus, ReviewOutcome, diff_named,
    guide_lines_named,
};
use services::store::items::StoredItem;
use services::usecase::item_office;

use super::{editable, unit_name, viewable};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One version in the list.
pub struct VersionLine {
    pub number: u32,
    pub state: &'static str,
    pub published_at: String,
    pub reviews: Vec<String>,
    pub legal: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_catalogue_item.html")]
pub struct ItemPage {
    chrome: Chrome,
    id: i64,
    code: String,
    name: String,
    department: String,
    status: &'static str,
    version: i64,
    working: u32,
    public: Option<u32>,
    /// The review step the item waits for (the profile's chain or legal review).
    waiting: Option<String>,
    chain: Vec<String>,
    legal_label: String,
    legal_required: bool,
    versions: Vec<VersionLine>,
    /// The working version against the public one (or against version 1 before publication).
    changes: Vec<DiffLine>,
    against: u32,
    guide: Vec<(String, String)>,
    notes: Vec<String>,
    can_edit: bool,
    can_submit: bool,
    can_review: bool,
    can_legal: bool,
    can_publish: bool,
    can_suspend: bool,
    can_resume: bool,
    can_terminate: bool,
    error: Option<String>,
}

async fn item_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    stored: &StoredItem,
    error: Option<String>,
) -> Result<ItemPage, PageError> {
    let record = &stored.record;
    let actor = &staff.actor;
    let profile = state.profile().await?;
    let rules = &profile.services;
    let own = record.claimed_by.0 == actor.unit_id && access::services_catalogue_edit(actor);
    let reviewer = access::services_catalogue_review(actor);
    let publisher = access::services_catalogue_publish(actor);
    let working = record.working();
    let names = unit_names(state).await?;
    let against_version = record
        .public()
        .filter(|public| Some(public.number) != working.map(|w| w.number))
        .or_else(|| record.versions.first());
    let (changes, against) = match (against_version, working) {
        (Some(old), Some(new)) if old.number != new.number => {
            (diff_named(&old.item, &new.item, &names), old.number)
        }
        _ => (Vec::new(), 0),
    };
    let status = record.status;
    Ok(ItemPage {
        chrome: Chrome::office(state, csrf, actor).await?,
        id: record.id.0,
        code: stored.code.clone(),
        name: working.map_or_else(String::new, |w| services::backoffice::item_title(&w.item)),
        department: unit_name(state, record.claimed_by).await,
        status: status.label_zh(),
        version: stored.version,
        working: working.map_or(0, |w| w.number),
        public: record.public().map(|p| p.number),
        waiting: item_office::waiting_step(record, rules),
        chain: rules
            .item_review_steps()
            .into_iter()
            .map(str::to_owned)
            .collect(),
        legal_label: rules.item_legal_review.clone(),
        legal_required: record.legal_basis_changed(),
        versions: record
            .versions
            .iter()
            .rev()
            .map(|v| VersionLine {
                number: v.number,
                state: if record.public_version == Some(v.number) {
                    "公开版本"
                } else if v.published_at.is_some() {
                    "历史版本"
                } else {
                    "未发布"
                },
                published_at: v
                    .published_at
                    .map_or_else(String::new, |at| minute_of(at.millis())),
                reviews: v.reviews.clone(),
                legal: v.legal_review_required,
            })
            .collect(),
        changes,
        against,
        guide: working
            .map(|w| guide_lines_named(&w.item, &names))
            .unwrap_or_default(),
        notes: record.notes.clone(),
        can_edit: own
            && matches!(
                status,
                ItemStatus::Claimed | ItemStatus::Drafting | ItemStatus::Published
            ),
        can_submit: own && matches!(status, ItemStatus::Claimed | ItemStatus::Drafting),
        can_review: reviewer && status == ItemStatus::Submitted,
        can_legal: reviewer && status == ItemStatus::LegalReview,
        can_publish: publisher && status == ItemStatus::Approved,
        can_suspend: publisher && status == ItemStatus::Published,
        can_resume: publisher && status == ItemStatus::Suspended,
        can_terminate: publisher && matches!(status, ItemStatus::Published | ItemStatus::Suspended),
        error,
    })
}

/// The item page.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
) -> Result<ItemPage, PageError> {
    let stored = viewable(&state, &staff, id).await?;
    item_page(&state, &csrf, &staff, &stored, None).await
}

/// Answers a command: back to the item page, or the page with the refusal.
async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: ItemId,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!("/office/services/catalogue/{}", id.0)).into_response()),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::InvalidTransition { .. }
            | platform::Error::Conflict(_)),
        ) => {
            let status = status_of(&error);
            let stored = viewable(state, staff, id).await?;
            let page = item_page(state, csrf, staff, &stored, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionForm {
    version: i64,
}

/// SVC-ITEM-LIFE, SVC-ONLINE-URL: the department submits the working version.
pub async fn submit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    editable(&state, &staff, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let outcome = item_office::submit_item(
        &state.platform.db,
        &judged.actor,
        &judged.profile.services,
        id,
        form.version,
        judged.now,
    )
    .await
    .map(|_| ());
    answer(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewForm {
    version: i64,
    /// `pass` or `return`.
    outcome: String,
    #[serde(default)]
    opinion: String,
}

fn outcome_of(form: &ReviewForm) -> platform::Result<ReviewOutcome> {
    match form.outcome.as_str() {
        "pass" => Ok(ReviewOutcome::Pass),
        "return" => Ok(ReviewOutcome::Return(form.opinion.clone())),
        _ => Err(platform::Error::invalid("请选择通过或退回修改")),
    }
}

/// SVC-ITEM-LIFE, SVC-MATERIAL-BASIS: one step of the review chain.
pub async fn review(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    viewable(&state, &staff, id).await?;
    let judged = Judged::load(&state, &staff).await?;
    let outcome = match outcome_of(&form) {
        Ok(outcome) => item_office::review_item(
            &state.platform.db,
            &judged.actor,
            &judged.profile.services,
            id,
            outcome,
            form.version,
            judged.now,
        )
        .await
        .map(|_| ()),
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, id, outcome).await
}

async fn command(
    state: &AppState,
    staff: &Staff,
    id: ItemId,
    command: ItemCommand,
    version: i64,
) -> platform::Result<()> {
    viewable(state, staff, id).await?;
    let judged = Judged::load(state, staff).await?;
    services::usecase::item_command(
        &state.platform.db,
        &judged.actor,
        id,
        command,
        Some(version),
        judged.now,
    )
    .await
    .map(|_| ())
}

/// SVC-ITEM-LIFE: the legal review of a new or changed legal basis.
pub async fn legal_review(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let outcome = match outcome_of(&form) {
        Ok(outcome) => {
            let legal = ItemCommand::LegalReview { outcome };
            command(&state, &staff, id, legal, form.version).await
        }
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, id, outcome).await
}

/// SVC-ITEM-LIFE: publication; the public guide shows this version from now on.
pub async fn publish(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    let outcome = command(&state, &staff, id, ItemCommand::Publish, form.version).await;
    answer(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentForm {
    version: i64,
    reason: String,
    #[serde(default)]
    document_number: String,
    #[serde(default)]
    document_title: String,
}

/// SVC-ITEM-LIFE: suspension with its reason and approving document.
pub async fn suspend(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<DocumentForm>,
) -> Result<Response, PageError> {
    let outcome = match ApprovingDocument::parse(&form.document_number, &form.document_title) {
        Ok(document) => {
            let suspend = ItemCommand::Suspend {
                reason: form.reason,
                document,
            };
            command(&state, &staff, id, suspend, form.version).await
        }
        Err(error) => Err(error.into()),
    };
    answer(&state, &csrf, &staff, id, outcome).await
}

/// SVC-ITEM-LIFE: resumption with its reason.
pub async fn resume(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<DocumentForm>,
) -> Result<Response, PageError> {
    let resume = ItemCommand::Resume {
        reason: form.reason,
    };
    let outcome = command(&state, &staff, id, resume, form.version).await;
    answer(&state, &csrf, &staff, id, outcome).await
}

/// SVC-ITEM-LIFE: termination (取消) with its reason and approving document.
pub async fn terminate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Form(form): Form<DocumentForm>,
) -> Result<Response, PageError> {
    let outcome = match ApprovingDocument::parse(&form.document_number, &form.document_title) {
        Ok(document) => {
            let terminate = ItemCommand::Terminate {
                reason: form.reason,
                document,
            };
            command(&state, &staff, id, terminate, form.version).await
        }
        Err(error) => Err(error.into()),
    };
    answer(&state, &csrf, &staff, id, outcome).await
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_catalogue_diff.html")]
pub struct DiffPage {
    chrome: Chrome,
    id: i64,
    code: String,
    name: String,
    numbers: Vec<u32>,
    from: u32,
    to: u32,
    lines: Vec<DiffLine>,
    error: Option<String>,
}

/// Names each unit for the guide's lines and the diff (SVC-WINDOW's centre, SVC-PARALLEL's
/// co-approvers, the stages' departments); a unit not in the tree keeps its number.
async fn unit_names(state: &AppState) -> Result<impl Fn(services::UnitId) -> String, PageError> {
    let names: std::collections::HashMap<i64, String> = platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|unit| (unit.id, unit.name))
        .collect();
    Ok(move |unit: services::UnitId| {
        names
            .get(&unit.0)
            .cloned()
            .unwrap_or_else(|| format!("单位 {unit}"))
    })
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DiffQuery {
    from: String,
    to: String,
}

/// SVC-ITEM-LIFE: the difference between two versions (by default the public one, or the
/// first, against the working one).
pub async fn diff(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<ItemId>,
    Query(query): Query<DiffQuery>,
) -> Result<DiffPage, PageError> {
    let stored = viewable(&state, &staff, id).await?;
    let record = &stored.record;
    let numbers: Vec<u32> = record.versions.iter().map(|v| v.number).collect();
    let last = numbers.last().copied().unwrap_or(1);
    let default_from = record
        .public()
        .map(|p| p.number)
        .filter(|n| *n != last)
        .unwrap_or(1);
    let read = |text: &str, default: u32| -> Result<u32, String> {
        if text.trim().is_empty() {
            return Ok(default);
        }
        text.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| numbers.contains(n))
            .ok_or_else(|| format!("没有第“{}”版", text.trim()))
    };
    let (from, to, error) = match (read(&query.from, default_from), read(&query.to, last)) {
        (Ok(from), Ok(to)) => (from, to, None),
        (Err(message), _) | (_, Err(message)) => (default_from, last, Some(message)),
    };
    let item_of = |n: u32| record.versions.iter().find(|v| v.number == n);
    let names = unit_names(&state).await?;
    let lines = match (item_of(from), item_of(to)) {
        (Some(old), Some(new)) if error.is_none() => diff_named(&old.item, &new.item, &names),
        _ => Vec::new(),
    };
    Ok(DiffPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        id: record.id.0,
        code: stored.code.clone(),
        name: record
            .working()
            .map_or_else(String::new, |w| services::backoffice::item_title(&w.item)),
        numbers,
        from,
        to,
        lines,
        error,
    })
}
