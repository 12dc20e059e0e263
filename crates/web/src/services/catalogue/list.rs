//! `/office/services/catalogue`: a department's own items with their status, working and
//! public versions, and the claim form (认领, SVC-ITEM-LIFE); the reviewers' and publishers'
//! list of items waiting for them, then every item.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use platform::access;
use services::UnitId;
use services::item::{Item, ItemType};
use services::usecase::item_office::{self, OfficeItem};

use super::form::item_type_code;
use super::unit_name;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::Form;
use crate::staff::{Judged, Staff};

/// One line of the list.
pub struct Line {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub department: String,
    pub status: &'static str,
    pub working: u32,
    pub public: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_catalogue.html")]
pub struct ListPage {
    chrome: Chrome,
    unit: String,
    can_claim: bool,
    reviewer: bool,
    waiting: Vec<Line>,
    lines: Vec<Line>,
    item_types: Vec<(String, String)>,
    form: ClaimForm,
    error: Option<String>,
}

/// The claim form (the upper catalogue's code, name, type and legal basis).
#[derive(serde::Deserialize, Default, Clone)]
#[serde(default, deny_unknown_fields)]
pub struct ClaimForm {
    code: String,
    main_name: String,
    sub_name: String,
    item_type: String,
    legal_basis: String,
}

async fn lines(state: &AppState, items: Vec<OfficeItem>) -> Vec<Line> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(Line {
            id: item.id.0,
            code: item.code,
            name: item.name,
            department: unit_name(state, item.department).await,
            status: item.status.label_zh(),
            working: item.working,
            public: item
                .public
                .map_or_else(|| "未发布".to_owned(), |n| format!("第 {n} 版")),
        });
    }
    lines_sorted(out)
}

fn lines_sorted(mut lines: Vec<Line>) -> Vec<Line> {
    lines.sort_by(|a, b| a.code.cmp(&b.code));
    lines
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: ClaimForm,
    error: Option<String>,
) -> Result<ListPage, PageError> {
    let actor = &staff.actor;
    let db = &state.platform.db;
    let reviewer =
        access::services_catalogue_review(actor) || access::services_catalogue_publish(actor);
    let (waiting, all) = if reviewer {
        (
            item_office::items_waiting(db).await?,
            item_office::office_items(db, None).await?,
        )
    } else {
        (
            Vec::new(),
            item_office::office_items(db, Some(UnitId(actor.unit_id))).await?,
        )
    };
    Ok(ListPage {
        chrome: Chrome::office(state, csrf, actor).await?,
        unit: actor.unit_name.clone(),
        can_claim: access::services_catalogue_edit(actor),
        reviewer,
        waiting: lines(state, waiting).await,
        lines: lines(state, all).await,
        item_types: ItemType::ALL
            .into_iter()
            .map(|kind| (item_type_code(kind), kind.label_zh().to_owned()))
            .collect(),
        form,
        error,
    })
}

/// The list.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    page(&state, &csrf, &staff, ClaimForm::default(), None).await
}

/// The guide of a newly claimed item: the blank guide with the upper catalogue's name, type
/// and legal basis; the department fills the rest in the editor (checked at submission).
fn claimed(form: &ClaimForm, department: UnitId, kind: ItemType) -> Item {
    let mut item = Item::blank(department);
    item.basic.main_name = form.main_name.trim().to_owned();
    item.basic.sub_name = form.sub_name.trim().to_owned();
    item.basic.item_type = kind;
    item.basic.legal_basis = form.legal_basis.trim().to_owned();
    item
}

/// SVC-ITEM-LIFE: claims an item of the upper catalogue for the actor's unit.
pub async fn claim(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ClaimForm>,
) -> Result<Response, PageError> {
    let kind = ItemType::ALL
        .into_iter()
        .find(|kind| item_type_code(*kind) == form.item_type);
    let outcome = match kind {
        None => Err(platform::Error::invalid("请选择事项类型")),
        Some(kind) => {
            let judged = Judged::load(&state, &staff).await?;
            let item = claimed(&form, UnitId(staff.actor.unit_id), kind);
            item_office::claim_item(
                &state.platform.db,
                &judged.actor,
                &form.code,
                item,
                judged.now,
            )
            .await
        }
    };
    match outcome {
        Ok(id) => {
            Ok(Redirect::to(&format!("/office/services/catalogue/{}/edit", id.0)).into_response())
        }
        Err(error @ platform::Error::Invalid(_)) => {
            let status = status_of(&error);
            let page = page(&state, &csrf, &staff, form, Some(error.to_string())).await?;
            Ok((status, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
