//! The statistics of the messages (MSG-PUBLISH: received, replied, on time and satisfaction per
//! unit, published periodically): this year's lines, shared by the office's page and the public
//! page `/messages/statistics`, which publishes them on the portal. Counts only, never a writer.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use calendar::Instant;
use participation::usecase;
use platform::db::{Db, now_ms};

use crate::AppState;
use crate::chrome::{Chrome, date_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;

/// One unit's line of the year.
pub struct StatLine {
    pub(super) unit: String,
    pub(super) received: i64,
    pub(super) replied: i64,
    pub(super) on_time: i64,
    pub(super) rated: i64,
    pub(super) satisfaction: String,
}

/// The year of `now` and its lines per unit, from 1 January to `now`.
pub(super) async fn of_year(db: &Db, now: Instant) -> platform::Result<(String, Vec<StatLine>)> {
    let year = date_of(now.millis()).chars().take(4).collect::<String>();
    let first = chrono::NaiveDate::parse_from_str(&format!("{year}-01-01"), "%Y-%m-%d")
        .map_err(|_| platform::Error::invalid("日期无效"))?;
    let from = Instant::from_local(first, 0);
    let lines = usecase::statistics(db, None, from, now)
        .await?
        .into_iter()
        .map(|s| StatLine {
            satisfaction: s
                .satisfaction_percent()
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "—".into()),
            unit: s.unit_name,
            received: s.received,
            replied: s.replied,
            on_time: s.on_time,
            rated: s.rated,
        })
        .collect();
    Ok((year, lines))
}

#[derive(Template, WebTemplate)]
#[template(path = "participation/public_statistics.html")]
pub struct PublicStatisticsPage {
    chrome: Chrome,
    year: String,
    at: String,
    lines: Vec<StatLine>,
}

/// `GET /messages/statistics`: MSG-PUBLISH, this year's statistics per unit on the portal.
pub async fn public(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<PublicStatisticsPage, PageError> {
    let now = Instant::from_millis(now_ms());
    let (year, lines) = of_year(&state.platform.db, now).await?;
    Ok(PublicStatisticsPage {
        chrome: Chrome::public(&state, &csrf).await?,
        year,
        at: date_of(now.millis()),
        lines,
    })
}
