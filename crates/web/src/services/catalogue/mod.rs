//! The catalogue in the back office (issue 22; SVC-ITEM-LIFE, SVC-ITEM-FIELDS, SVC-NEG-LIST,
//! SVC-MATERIAL-BASIS, SVC-ONLINE-URL, SVC-SPECIAL): a department claims items from the upper
//! catalogue and edits, submits, and later changes its own unit's items; the reviewers take
//! each step of the profile's review chain and the legal review; the publishers publish,
//! suspend, resume and terminate, and keep the negative list. Every version is kept and any
//! two are compared; the public guide shows the published version only.

mod editor;
mod export;
mod files;
mod form;
mod import;
mod item;
mod list;
mod negative;
mod window;
mod workbook;

use axum::http::Method;
use axum::routing::{get, post};
use platform::access;
use services::store::items::StoredItem;
use services::usecase::item_office;
use services::{ItemId, UnitId};

use crate::AppState;
use crate::extract::path_id;
use crate::guard::{Guard, OfficeRoute, route};
use crate::staff::Staff;

path_id!(ItemId, "事项");

/// The unit's name, or its number when it cannot be read.
pub(crate) async fn unit_name(state: &AppState, unit: UnitId) -> String {
    platform::units::get(&state.platform.db, unit.0)
        .await
        .map_or_else(|_| format!("单位 {}", unit.0), |found| found.name)
}

/// SEC-ROLES, deny by default: a department's staff see only their own unit's items (another
/// unit's is "not found"); the reviewers and publishers see every item.
pub(crate) async fn viewable(
    state: &AppState,
    staff: &Staff,
    id: ItemId,
) -> platform::Result<StoredItem> {
    let stored = item_office::office_item(&state.platform.db, id).await?;
    let actor = &staff.actor;
    let reviewer =
        access::services_catalogue_review(actor) || access::services_catalogue_publish(actor);
    if reviewer || stored.record.claimed_by.0 == actor.unit_id {
        Ok(stored)
    } else {
        Err(platform::Error::not_found(format!("事项 {}", id.0)))
    }
}

/// SVC-ITEM-LIFE: only the item's own department edits and submits it.
pub(crate) async fn editable(
    state: &AppState,
    staff: &Staff,
    id: ItemId,
) -> platform::Result<StoredItem> {
    let stored = item_office::office_item(&state.platform.db, id).await?;
    if stored.record.claimed_by.0 == staff.actor.unit_id {
        Ok(stored)
    } else {
        Err(platform::Error::not_found(format!("事项 {}", id.0)))
    }
}

/// The catalogue's rows of the guard table.
pub(crate) fn table() -> Vec<OfficeRoute> {
    use Guard::Staff as S;
    vec![
        route(
            Method::GET,
            "/office/services/catalogue",
            S(access::services_catalogue),
            get(list::list),
        ),
        // Issue 22: the catalogue as XLSX, one row per item, one sheet per material list.
        route(
            Method::GET,
            "/office/services/catalogue/export.xlsx",
            S(access::services_catalogue),
            get(export::export),
        ),
        // Issue 22: the same workbook sent back, edited; all or nothing, never published.
        route(
            Method::GET,
            "/office/services/catalogue/import",
            S(access::services_catalogue_edit),
            get(import::form),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/import",
            S(access::services_catalogue_edit),
            post(import::upload),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/claim",
            S(access::services_catalogue_edit),
            post(list::claim),
        ),
        route(
            Method::GET,
            "/office/services/catalogue/negative",
            S(access::services_catalogue),
            get(negative::page),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/negative",
            S(access::services_catalogue_publish),
            post(negative::save),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/negative/{id}/remove",
            S(access::services_catalogue_publish),
            post(negative::remove),
        ),
        route(
            Method::GET,
            "/office/services/catalogue/{id}",
            S(access::services_catalogue),
            get(item::show),
        ),
        route(
            Method::GET,
            "/office/services/catalogue/{id}/diff",
            S(access::services_catalogue),
            get(item::diff),
        ),
        route(
            Method::GET,
            "/office/services/catalogue/{id}/edit",
            S(access::services_catalogue_edit),
            get(editor::edit),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/edit",
            S(access::services_catalogue_edit),
            post(editor::save),
        ),
        // Issue 22: a material's sample or blank form (multipart), typed by content.
        route(
            Method::POST,
            "/office/services/catalogue/{id}/files",
            S(access::services_catalogue_edit),
            post(files::upload),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/submit",
            S(access::services_catalogue_edit),
            post(item::submit),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/review",
            S(access::services_catalogue_review),
            post(item::review),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/legal-review",
            S(access::services_catalogue_review),
            post(item::legal_review),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/publish",
            S(access::services_catalogue_publish),
            post(item::publish),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/suspend",
            S(access::services_catalogue_publish),
            post(item::suspend),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/resume",
            S(access::services_catalogue_publish),
            post(item::resume),
        ),
        route(
            Method::POST,
            "/office/services/catalogue/{id}/terminate",
            S(access::services_catalogue_publish),
            post(item::terminate),
        ),
    ]
}
