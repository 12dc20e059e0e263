//! The printable documents of a service case for the viewers of the case page: the
//! 一次性告知书 (SVC-ACCEPT, 000 §中心-20 书面的一次性告知清单), the latest one-time notice listing
//! every missing or defective material; and the 受理通知书 (SVC-ACCEPT, SVC-PROMISE, issue 14
//! item 6), whose body the applicant's page by number and query code shares
//! ([`AcceptanceView`]).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use calendar::Instant;
use platform::workcal;
use services::CaseId;
use services::item::WindowMode;
use services::usecase::acceptance::{self, AcceptanceNotice};

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
        // Issue 14 item 4: an enterprise's notice is addressed to the enterprise.
        applicant: match services::usecase::case_enterprise(
            &state.platform.db,
            &state.platform.key,
            id,
        )
        .await?
        {
            Some(e) => format!("{}（经办人 {}）", e.name.as_str(), office.applicant.name),
            None => office.applicant.name.clone(),
        },
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

/// The 受理通知书 as both pages print it (`portal/services_acceptance_body.html`).
pub struct AcceptanceView {
    pub number: String,
    pub item_name: String,
    pub item_code: String,
    pub applicant: String,
    pub id_no: String,
    /// Issue 14 item 4: the enterprise (name, 统一社会信用代码); the applicant is its agent.
    pub enterprise: Option<(String, String)>,
    pub accepted_on: String,
    pub accepting_unit: String,
    /// The implementing department when another unit (its comprehensive window) accepted.
    pub department: Option<String>,
    /// SVC-PROMISE: the limit in working days and the date it falls on.
    pub promise: String,
    pub materials: Vec<(String, &'static str)>,
    pub consultation_phone: String,
    pub supervision_phone: String,
}

/// `2025年3月3日 09:10`, Beijing time.
fn date_time(at: Instant) -> String {
    at.to_datetime().format("%Y年%-m月%-d日 %H:%M").to_string()
}

/// The notice in words; `unit` names a unit by id.
pub(super) fn acceptance_view(
    notice: &AcceptanceNotice,
    unit: impl Fn(i64) -> String,
) -> AcceptanceView {
    let due = date_time(notice.promised_due);
    // SVC-PROMISE: a 即办件 (0 WD) is due at the close of the working day of acceptance.
    let promise = if notice.promised_limit.amount == 0 {
        format!("即办件，于 {due} 前办结")
    } else {
        format!(
            "{}（自受理之日起计算），即 {due} 前办结",
            notice.promised_limit.label_zh()
        )
    };
    AcceptanceView {
        number: notice.number.clone(),
        item_name: notice.item_name.clone(),
        item_code: notice.item_code.clone(),
        applicant: notice.applicant.name.clone(),
        id_no: notice.applicant.id_no.clone(),
        enterprise: notice
            .enterprise
            .as_ref()
            .map(|e| (e.name.as_str().to_owned(), e.credit_code.to_string())),
        accepted_on: date_time(notice.accepted_at),
        accepting_unit: unit(notice.accepting_unit.0),
        department: (notice.department != notice.accepting_unit).then(|| unit(notice.department.0)),
        promise,
        materials: notice
            .materials
            .iter()
            .map(|material| (material.name.clone(), material.source))
            .collect(),
        consultation_phone: notice.consultation_phone.clone(),
        supervision_phone: notice.supervision_phone.clone(),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_acceptance.html")]
pub struct AcceptancePage {
    chrome: Chrome,
    id: i64,
    notice: AcceptanceView,
}

/// `GET /office/services/cases/{id}/acceptance`: the printable 受理通知书 (SVC-ACCEPT,
/// SVC-PROMISE) for the window clerk to hand over; 404 before the case is accepted.
pub async fn acceptance(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
) -> Result<AcceptancePage, PageError> {
    let office = case_in_scope(&state, &staff, id).await?;
    let calendar = workcal::load_current(&state.platform.db).await?;
    let enterprise =
        services::usecase::case_enterprise(&state.platform.db, &state.platform.key, id).await?;
    let notice = acceptance::office_notice(&office, enterprise, &calendar)
        .ok_or_else(|| platform::Error::not_found("该办件尚未受理，没有受理通知书"))?;
    let names = unit_names(&state).await?;
    Ok(AcceptancePage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        id: office.stored.id.0,
        notice: acceptance_view(&notice, |unit| name_of(&names, unit)),
    })
}
