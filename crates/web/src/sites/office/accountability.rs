//! The units' accountability records (WEB-ACCOUNT, 000 门户 §26; PUB-PROACTIVE, WEB-REPOST):
//! `/office/sites/accountability` lists them per unit, open (待书面检查) and closed — a policy
//! document published after its window, major information or a repost published late, an
//! article withdrawn for an error — each naming the article, what happened and when; the
//! unit's principal files the written self-examination (书面检查) there, once, through
//! `sites::usecase::accountability::examine`, which closes the record. A unit leader sees their
//! unit's records, the site group's administrators (the leaders and publishers of the unit
//! hosting or running the portal) every unit's; nobody else (deny by default).

use std::collections::BTreeMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::Method;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use platform::access::{self, AccountabilityOp};
use platform::roles::Role;
use serde::Deserialize;
use sites::UnitId;
use sites::usecase::accountability::{self, EXAMINATION_MAX_CHARS, Scope};

use super::{Names, acting};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query, path_id};
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::{Judged, Staff};

/// An accountability record's id in a back-office path.
pub(crate) struct RecordNo(pub i64);
path_id!(RecordNo, "问责记录");

/// The rows of the records' page and the self-examination.
pub(super) fn rows() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/sites/accountability",
            S(|a| access::site_accountability(a, AccountabilityOp::View)),
            get(list),
        ),
        route(
            Method::POST,
            "/office/sites/accountability/{id}/examine",
            S(|a| access::site_accountability(a, AccountabilityOp::Examine)),
            post(examine),
        ),
    ]
}

/// One record.
pub struct RecordLine {
    pub id: i64,
    pub version: i64,
    pub article_id: i64,
    pub kind: &'static str,
    pub rule: &'static str,
    pub detail: String,
    pub occurred_on: String,
    pub examination: Option<String>,
    pub examined: String,
    /// The viewer may file the 书面检查 (a leader of the unit, the record open).
    pub may_examine: bool,
}

/// One unit's records.
pub struct UnitBlock {
    pub name: String,
    pub open: usize,
    pub closed: usize,
    pub records: Vec<RecordLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_accountability.html")]
pub struct AccountabilityPage {
    chrome: Chrome,
    /// Every unit's records (an administrator) or the viewer's unit's.
    all: bool,
    /// The viewer sees none (neither a unit leader nor an administrator).
    none: bool,
    units: Vec<UnitBlock>,
    max_chars: usize,
    policy_window: String,
    repost_window: String,
    error: Option<String>,
    done: bool,
}

/// `?done=1` after a self-examination.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default)]
    done: Option<String>,
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    error: Option<String>,
    done: bool,
) -> Result<AccountabilityPage, PageError> {
    let db = &state.platform.db;
    let acting = acting(staff);
    let scope = accountability::scope(db, &acting).await?;
    // Deny by default: a viewer of neither kind is shown no record.
    let records = match scope {
        Scope::None => Vec::new(),
        scope => accountability::records(db, scope).await?,
    };
    let names = Names::load(state).await?;
    let mut units: BTreeMap<(String, i64), UnitBlock> = BTreeMap::new();
    for record in records {
        let examined = match (record.examined_by, record.examined_at) {
            (Some(by), Some(at)) => format!("{} 于 {}", names.user(by.0), minute_of(at.millis())),
            _ => String::new(),
        };
        let name = names.unit(record.unit.0);
        let block = units
            .entry((name.clone(), record.unit.0))
            .or_insert_with(|| UnitBlock {
                name,
                open: 0,
                closed: 0,
                records: Vec::new(),
            });
        if record.is_open() {
            block.open += 1;
        } else {
            block.closed += 1;
        }
        block.records.push(RecordLine {
            id: record.id,
            version: record.version,
            article_id: record.article.0,
            kind: record.kind.label_zh(),
            rule: record.kind.rule(),
            occurred_on: record.occurred_on.to_string(),
            may_examine: record.is_open() && acting.has_in(Role::UnitLeader, record.unit),
            detail: record.detail,
            examination: record.examination,
            examined,
        });
    }
    let profile = state.profile().await?;
    Ok(AccountabilityPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        all: scope == Scope::All,
        none: scope == Scope::None,
        units: units.into_values().collect(),
        max_chars: EXAMINATION_MAX_CHARS,
        policy_window: profile.openness.policy_document.limit().label_zh(),
        repost_window: profile.openness.repost.limit().label_zh(),
        error,
        done,
    })
}

/// `GET /office/sites/accountability`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<AccountabilityPage, PageError> {
    page(&state, &csrf, &staff, None, query.done.is_some()).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamineForm {
    version: i64,
    #[serde(default)]
    examination: String,
}

/// `POST /office/sites/accountability/{id}/examine`: WEB-ACCOUNT (000 门户 §26), the unit
/// principal's 书面检查, once; it closes the record.
pub async fn examine(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(RecordNo(id)): Id<RecordNo>,
    Form(form): Form<ExamineForm>,
) -> Result<Response, PageError> {
    let db = &state.platform.db;
    let acting = acting(&staff);
    // Only a record of the viewer's unit is theirs to examine: another's is not found.
    let known = accountability::records(db, Scope::Unit(UnitId(staff.actor.unit_id)))
        .await?
        .into_iter()
        .any(|record| record.id == id);
    if !known {
        return Err(PageError(platform::Error::not_found("问责记录")));
    }
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = accountability::examine(
        db,
        &context,
        &acting,
        id,
        &form.examination,
        Some(form.version),
    )
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to("/office/sites/accountability?done=1").into_response()),
        Err(error) if super::shown_on_page(&error) => {
            let page = page(&state, &csrf, &staff, Some(error.to_string()), false).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
