//! 办件受理台 `/office/services` (SVC-ACCEPT, SVC-WINDOW, CAL-LIGHT): the open cases of the
//! actor's unit — its department's, those it accepted and those its comprehensive window
//! accepts — with the red, yellow and green lights of each case's clocks, filtered by status;
//! and the search over the same cases, concluded ones too (issue 14 item 7): by number, the
//! item's name, the applicant's ID number or the enterprise's 统一社会信用代码 (keyed indexes,
//! audited; issue 14 item 4), status and dates.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use platform::audit::AuditActor;
use platform::db::now_ms;
use serde::Deserialize;
use services::UnitId;
use services::backoffice;
use services::case::Status;
use services::search::{CaseQuery, search_cases};

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Query;
use crate::staff::Staff;

/// One clock on a desk row.
pub struct DeskClockLine {
    pub rule: String,
    pub light: &'static str,
    pub due: String,
    pub paused: bool,
}

/// One case on the desk.
pub struct DeskLine {
    pub id: i64,
    pub number: String,
    pub item: String,
    pub status: &'static str,
    pub light: &'static str,
    pub clocks: Vec<DeskClockLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_desk.html")]
pub struct DeskPage {
    chrome: Chrome,
    unit: String,
    /// (code, label, selected)
    statuses: Vec<(&'static str, &'static str, bool)>,
    lines: Vec<DeskLine>,
    n_red: usize,
    n_yellow: usize,
    can_walk_in: bool,
    query: DeskQuery,
    /// The search was asked for: `lines` are its results (concluded cases included).
    searching: bool,
    total: i64,
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct DeskQuery {
    /// A status code, empty for every open case, `any` for every case (a search).
    status: String,
    number: String,
    words: String,
    id_no: String,
    /// Issue 14 item 4: the enterprise's 统一社会信用代码.
    credit_code: String,
    from: String,
    to: String,
}

impl DeskQuery {
    fn is_search(&self) -> bool {
        self.status == "any"
            || [
                &self.number,
                &self.words,
                &self.id_no,
                &self.credit_code,
                &self.from,
                &self.to,
            ]
            .iter()
            .any(|field| !field.trim().is_empty())
    }

    fn parse(&self, status: Option<Status>) -> platform::Result<CaseQuery> {
        let day = |text: &str, what: &str| -> platform::Result<Option<calendar::Instant>> {
            match text.trim() {
                "" => Ok(None),
                text => chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map(|d| Some(calendar::Instant::from_local(d, 0)))
                    .map_err(|_| {
                        platform::Error::invalid(format!("{what}格式不正确，应如 2026-12-02"))
                    }),
            }
        };
        let until = day(&self.to, "截止日期")?
            .map(|start| calendar::Instant::from_millis(start.millis() + 86_400_000));
        Ok(CaseQuery {
            number: self.number.trim().chars().take(32).collect(),
            words: self.words.trim().chars().take(50).collect(),
            id_no: match self.id_no.trim() {
                "" => None,
                text => Some(platform::personal::CitizenIdNo::parse(text)?),
            },
            credit_code: match self.credit_code.trim() {
                "" => None,
                text => Some(
                    services::enterprise::CreditCode::parse(text).map_err(platform::Error::from)?,
                ),
            },
            status,
            from: day(&self.from, "起始日期")?,
            until,
        })
    }
}

/// The status of a `?status=` code; empty means every open case.
pub(super) fn parse_status(code: &str) -> Result<Option<Status>, PageError> {
    let code = code.trim();
    if code.is_empty() {
        return Ok(None);
    }
    Status::ALL
        .into_iter()
        .find(|status| status.code() == code)
        .map(Some)
        .ok_or_else(|| PageError(platform::Error::invalid("办件状态不正确")))
}

/// `GET /office/services?status=`: the unit's handling desk, most urgent first.
pub async fn desk(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<DeskQuery>,
) -> Result<DeskPage, PageError> {
    let status = if query.status == "any" {
        None
    } else {
        parse_status(&query.status)?
    };
    let now = calendar::Instant::from_millis(now_ms());
    let unit = UnitId(staff.actor.unit_id);
    let searching = query.is_search();
    let mut error = None;
    let mut total = 0;
    let rows = if searching {
        let actor = AuditActor::staff(&staff.actor, &staff.ip);
        let found = match query.parse(status) {
            Ok(case_query) => {
                let db = &state.platform.db;
                let key = &state.platform.key;
                search_cases(db, key, &actor, unit, &case_query, (50, 0), now).await
            }
            Err(e) => Err(e),
        };
        match found {
            Ok(found) => {
                total = found.total;
                found.rows
            }
            Err(e @ platform::Error::Invalid(_)) => {
                error = Some(e.to_string());
                Vec::new()
            }
            Err(e) => return Err(e.into()),
        }
    } else {
        backoffice::desk_of_unit(&state.platform.db, unit, status, now, 300).await?
    };
    let mut lines: Vec<(u8, DeskLine)> = rows
        .into_iter()
        .map(|row| {
            let rank = match row.light {
                calendar::Light::Red => 0,
                calendar::Light::Yellow => 1,
                calendar::Light::Green => 2,
            };
            let line = DeskLine {
                id: row.case.case_id.0,
                number: row.case.number,
                item: row.item_name,
                status: row.case.status.label_zh(),
                light: row.light.code(),
                clocks: row
                    .case
                    .clocks
                    .iter()
                    .map(|clock| DeskClockLine {
                        rule: clock.label.clone(),
                        light: clock.light.code(),
                        due: minute_of(clock.due_at.millis()),
                        paused: clock.status == platform::clocks::ClockStatus::Paused,
                    })
                    .collect(),
            };
            (rank, line)
        })
        .collect();
    if !searching {
        lines.sort_by_key(|(rank, line)| (*rank, line.id));
    }
    let lines: Vec<DeskLine> = lines.into_iter().map(|(_, line)| line).collect();
    let n_red = lines.iter().filter(|l| l.light == "red").count();
    let n_yellow = lines.iter().filter(|l| l.light == "yellow").count();
    Ok(DeskPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        statuses: Status::ALL
            .iter()
            .map(|s| (s.code(), s.label_zh(), Some(*s) == status))
            .collect(),
        lines,
        n_red,
        n_yellow,
        can_walk_in: platform::access::services_walk_in(&staff.actor),
        query,
        searching,
        total,
        error,
    })
}
