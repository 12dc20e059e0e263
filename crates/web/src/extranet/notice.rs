//! The written notice of a security finding (NET-LEDGER; 000 外网 §15), printable on A4 from
//! the finding's page: the 限期整改通知书 the office sends with the finding (what was found,
//! the fix deadline), and once the unit was cut off the 阻断接入及限期整改通知书 (the cut-off
//! from when, its reason, and the new deadline of the 责令限期整改 that started with it).
//! Read by the office and the unit's staff, as the finding itself; anyone else: not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use calendar::Instant;
use extranet::ledger::{FindingCommandKind, FindingId};
use extranet::usecase::findings as usecase;

use super::{FindingNo, acting, name_in, unit_names};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Id;
use crate::staff::Staff;

#[derive(Template, WebTemplate)]
#[template(path = "extranet/notice.html")]
pub struct NoticePage {
    chrome: Chrome,
    id: i64,
    number: String,
    unit: String,
    office: String,
    title: String,
    detail: String,
    sent_on: String,
    /// The first fix deadline.
    first_due: String,
    /// The cut-off: when, why, and the deadline it ordered.
    cut_off: Option<(String, String, String)>,
    /// The date under the office's name.
    dated: String,
}

/// A local date in the notice's style (2026年3月3日).
fn written(at: Instant) -> String {
    at.local_date().format("%Y年%-m月%-d日").to_string()
}

/// `GET /office/extranet/findings/{id}/notice`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(FindingNo(id)): Id<FindingNo>,
) -> Result<NoticePage, PageError> {
    let db = &state.platform.db;
    let seen = usecase::office_finding(db, FindingId(id), &acting(&staff)).await?;
    let f = &seen.stored.finding;
    let names = unit_names(&state).await?;
    let calendar = platform::workcal::load_current(db).await?;
    let due = |clock: Option<&platform::workflow::SubjectClock<_>>| {
        clock.map_or_else(String::new, |c| written(c.due(&calendar)))
    };
    let cut_off = f.cut_off_at.map(|at| {
        let reason = f
            .steps
            .iter()
            .rev()
            .find(|s| s.command == FindingCommandKind::CutOff.code())
            .map(|s| s.text.clone())
            .unwrap_or_default();
        // §15 责令限期整改: the clock the cut-off started (the latest one).
        (written(at), reason, due(f.clocks.last()))
    });
    Ok(NoticePage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        id,
        number: seen.stored.number.clone(),
        unit: name_in(&names, f.unit.0),
        office: name_in(&names, f.office.0),
        title: f.title.clone(),
        detail: f.detail.clone(),
        sent_on: written(f.sent_at),
        first_due: due(f.clocks.first()),
        dated: written(f.cut_off_at.unwrap_or(f.sent_at)),
        cut_off,
    })
}
