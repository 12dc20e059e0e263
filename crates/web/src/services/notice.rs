//! The printable 一次性告知书 of a service case (SVC-ACCEPT, 000 §中心-20 书面的一次性告知清单):
//! the latest one-time notice, listing every missing or defective material, for the viewers of
//! the case page.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use services::CaseId;
use services::item::WindowMode;

use super::case::{case_in_scope, name_of, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Id;
use crate::staff::Staff;

#[derive(Template, WebTemplate)]
#[template(path = "office/services_notice.html")]
pub struct NoticePage {
    chrome: Chrome,
    id: i64,
    number: String,
    item_name: String,
    applicant: String,
    unit: String,
    submission: u32,
    issued: String,
    defects: Vec<(String, String)>,
    consultation_phone: String,
    acceptance_limit: String,
}

/// `GET /office/services/cases/{id}/notice`: the printable 一次性告知书 (SVC-ACCEPT, 000 §中心-20
/// 书面的一次性告知清单) of the latest notice, listing every missing or defective material.
pub async fn notice(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
) -> Result<NoticePage, PageError> {
    let office = case_in_scope(&state, &staff, id).await?;
    let notice = office
        .stored
        .case
        .notices
        .last()
        .ok_or_else(|| platform::Error::not_found("该办件没有出具一次性告知"))?;
    let names = unit_names(&state).await?;
    let unit = office
        .stored
        .case
        .accepted
        .map_or(office.stored.department, |(unit, _)| unit);
    let issuer = match office.item.basic.window {
        WindowMode::Comprehensive { window } if staff.actor.unit_id == window.0 => window,
        _ => unit,
    };
    Ok(NoticePage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        id: office.stored.id.0,
        number: office.stored.number.clone(),
        item_name: office.item_name.clone(),
        applicant: office.applicant.name.clone(),
        unit: name_of(&names, issuer.0),
        submission: notice.submission,
        issued: minute_of(notice.at.millis()),
        defects: notice
            .defects
            .iter()
            .map(|d| (d.material.clone(), d.problem.clone()))
            .collect(),
        consultation_phone: office.item.basic.consultation_phone.clone(),
        acceptance_limit: office.item.basic.acceptance_limit.label_zh(),
    })
}
