//! Credit records of false or malicious appeals in the back office (HL-CREDIT; 000
//! §12345-9(二)4): the order page's part — the record of the order, the form to make one, and
//! the refusal that records the appeal too — for the hotline's operators and supervisors, and
//! the supervisor's list with the appellants masked. Units never see any of it.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use hotline::AppealId;
use hotline::credit::{self, CreditKind, CreditRecordView};
use hotline::refuse::RefuseReason;
use platform::access;
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;

use super::order::respond;
use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// One credit record as pages show it (appellant masked).
pub struct CreditLine {
    pub order_id: i64,
    pub number: String,
    pub kind: &'static str,
    pub reason: String,
    pub refusal: Option<&'static str>,
    pub appellant: String,
    pub n_same_phone: i64,
    pub recorded_by: String,
    pub recorded_at: String,
}

impl From<CreditRecordView> for CreditLine {
    fn from(view: CreditRecordView) -> Self {
        let appellant = [view.appellant_name, view.appellant_phone]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        Self {
            order_id: view.order_id.0,
            number: view.number,
            kind: view.kind.label_zh(),
            reason: view.reason,
            refusal: view.refusal.map(RefuseReason::label_zh),
            appellant,
            n_same_phone: view.n_same_phone,
            recorded_by: view.recorded_by.unwrap_or_else(|| "系统".into()),
            recorded_at: minute_of(view.recorded_at),
        }
    }
}

/// The order page's credit part: shown to the hotline only.
#[derive(Default)]
pub struct CreditPart {
    /// The hotline may record (and sees the record).
    pub can_record: bool,
    pub record: Option<CreditLine>,
    pub kinds: Vec<(&'static str, &'static str)>,
}

/// HL-CREDIT: what the order page shows of `id`'s credit record to this viewer.
pub(super) async fn part(
    state: &AppState,
    staff: &Staff,
    id: AppealId,
) -> platform::Result<CreditPart> {
    if !access::hotline_credit_record(&staff.actor) {
        return Ok(CreditPart::default());
    }
    let record = credit::of_order(&state.platform.db, &state.platform.key, id).await?;
    Ok(CreditPart {
        can_record: true,
        record: record.map(CreditLine::from),
        kinds: CreditKind::ALL
            .iter()
            .map(|kind| (kind.code(), kind.label_zh()))
            .collect(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditForm {
    kind: String,
    reason: String,
}

/// `POST /office/hotline/orders/{id}/credit`: records the order's appeal on its own.
pub async fn record(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<CreditForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let kind = CreditKind::parse(&form.kind)?;
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let now = calendar::Instant::from_millis(now_ms());
        credit::record_on_order(&state.platform.db, &actor, id, kind, &form.reason, now).await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, id, outcome).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefuseCreditForm {
    version: i64,
    reason: String,
    explanation: String,
}

/// `POST /office/hotline/orders/{id}/refuse-credit`: HL-REFUSE as fabricated or abusive, and
/// the appeal recorded for credit management in the same transaction.
pub async fn refuse(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<AppealId>,
    Form(form): Form<RefuseCreditForm>,
) -> Result<Response, PageError> {
    let outcome = async {
        let reason = RefuseReason::parse(&form.reason).map_err(platform::Error::from)?;
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let (db, version) = (&state.platform.db, Some(form.version));
        credit::refuse_and_record(db, &context, id, version, reason, &form.explanation).await?;
        Ok(())
    }
    .await;
    respond(&state, &csrf, &staff, id, outcome).await
}

#[derive(Template, WebTemplate)]
#[template(path = "office/hotline_credit_list.html")]
pub struct CreditListPage {
    chrome: Chrome,
    records: Vec<CreditLine>,
}

/// `GET /office/hotline/credit`: the latest records for the supervisor, appellants masked.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<CreditListPage, PageError> {
    let records = credit::list(&state.platform.db, &state.platform.key, 500)
        .await?
        .into_iter()
        .map(CreditLine::from)
        .collect();
    Ok(CreditListPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        records,
    })
}
