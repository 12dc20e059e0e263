//! 电子监察 `/office/supervision` (SVC-PROMISE, OPS-ESUPERVISE): one view over every subject
//! kind of the registry (`crate::subjects`: service cases and 12345 work orders today) from
//! the shared clock table — per unit, open clocks, yellow, red and 超期, the kinds side by
//! side — with a drill-down per unit listing the clocks by name with links to their
//! subjects, and the Excel export. The supervisors see every unit; a unit
//! leader sees the own unit only (another unit's drill-down is 404).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::access;
use platform::db::now_ms;
use platform::roles::{Actor, Role};
use platform::workflow::esupervision::{self, Counts, UnitLine};

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::Id;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

use super::UnitId;

#[derive(Template, WebTemplate)]
#[template(path = "office/supervision.html")]
pub struct SupervisionPage {
    chrome: Chrome,
    /// The registered kinds' labels, in column order.
    kinds: Vec<&'static str>,
    lines: Vec<UnitLine>,
    totals: Vec<Counts>,
    at: String,
    all_units: bool,
    /// 互动回应差 (reports.md §3, single veto): per site, the valid messages left unanswered
    /// more than three months within the past year (site, count, numbers).
    response_gaps: Vec<(String, usize, String)>,
    /// 互动回应差's other half (MSG-CONSULT): per site in operation, the consultations
    /// published within the past year, the adoption reports overdue, and whether its
    /// consultation channel works.
    channels: Vec<(String, u32, u32, bool)>,
}

/// MSG-CONSULT: each site in operation's consultation channel (`channel_working`).
async fn channels(
    state: &AppState,
    now: calendar::Instant,
) -> platform::Result<Vec<(String, u32, u32, bool)>> {
    use sites::registry::Status;
    let db = &state.platform.db;
    let mut channels = Vec::new();
    for stored in sites::store::sites::list(db).await? {
        let site = &stored.site;
        if matches!(
            site.status,
            Status::Proposed | Status::OpeningApplied | Status::Closed
        ) {
            continue;
        }
        let status = consultation::usecase::channel_working(db, site.id.0, now).await?;
        channels.push((
            site.registration().name.clone(),
            status.published_within_year,
            status.reports_overdue,
            status.working,
        ));
    }
    Ok(channels)
}

/// The supervisor sees every unit; a unit leader the own one.
fn scope(actor: &Actor) -> Option<i64> {
    if actor.has(Role::HotlineSupervisor) {
        None
    } else {
        Some(actor.unit_id)
    }
}

fn labels() -> Vec<&'static str> {
    crate::subjects()
        .kinds()
        .iter()
        .map(|kind| kind.label)
        .collect()
}

async fn lines_for(state: &AppState, actor: &Actor) -> platform::Result<Vec<UnitLine>> {
    let now = calendar::Instant::from_millis(now_ms());
    esupervision::by_unit(&state.platform.db, &crate::subjects(), now, scope(actor)).await
}

/// `GET /office/supervision`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<SupervisionPage, PageError> {
    let lines = lines_for(&state, &staff.actor).await?;
    let now = calendar::Instant::from_millis(now_ms());
    let response_gaps = participation::usecase::response_gaps(&state.platform.db, now)
        .await?
        .into_iter()
        .map(|gap| (gap.site_name, gap.numbers.len(), gap.numbers.join("、")))
        .collect();
    Ok(SupervisionPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        kinds: labels(),
        totals: esupervision::totals(&crate::subjects(), &lines),
        lines,
        at: minute_of(now_ms()),
        all_units: scope(&staff.actor).is_none(),
        response_gaps,
        channels: channels(&state, now).await?,
    })
}

/// One clock of the drill-down.
pub struct ClockLine {
    pub kind: &'static str,
    pub href: String,
    pub number: String,
    pub rule: &'static str,
    pub light: &'static str,
    pub due: String,
    pub paused: bool,
    pub overdue: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/supervision_unit.html")]
pub struct UnitPage {
    chrome: Chrome,
    unit: String,
    /// (kind label, counts) of the unit.
    counts: Vec<(&'static str, Counts)>,
    clocks: Vec<ClockLine>,
}

/// `GET /office/supervision/units/{id}`: the unit's open clocks, most urgent first.
pub async fn unit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(UnitId(unit_id)): Id<UnitId>,
) -> Result<UnitPage, PageError> {
    let unknown = || platform::Error::not_found("单位");
    if !access::esupervision_unit(&staff.actor, unit_id) {
        return Err(PageError(unknown()));
    }
    let db = &state.platform.db;
    let unit = platform::units::list(db)
        .await?
        .into_iter()
        .find(|u| u.id == unit_id)
        .ok_or_else(unknown)?;
    let now = calendar::Instant::from_millis(now_ms());
    let registry = crate::subjects();
    let line = esupervision::by_unit(db, &registry, now, Some(unit_id))
        .await?
        .into_iter()
        .next()
        .unwrap_or_default();
    let counts = labels()
        .into_iter()
        .enumerate()
        .map(|(index, label)| (label, line.counts(index)))
        .collect();
    // Issue 14 item 10: no clock line is listed twice. A subject may hold two open clocks of
    // one rule, unit and due time (a one-stage case's promised limit and its stage's, both
    // SVC-PROMISE); the page names a clock by its rule only, so they are one line.
    let mut seen = std::collections::HashSet::new();
    let clocks = esupervision::unit_clocks(db, &registry, now, unit_id, 1000)
        .await?
        .into_iter()
        .filter(|c| {
            seen.insert((
                c.kind.code,
                c.subject_id.clone(),
                c.rule_id.clone(),
                c.due_at.millis(),
                c.paused,
            ))
        })
        .map(|c| ClockLine {
            kind: c.kind.label,
            href: c.link(),
            rule: c.name(),
            number: c.number,
            light: c.light.code(),
            due: minute_of(c.due_at.millis()),
            paused: c.paused,
            overdue: c.overdue,
        })
        .collect();
    Ok(UnitPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: unit.name,
        counts,
        clocks,
    })
}

/// `GET /office/supervision.xlsx`: the per-unit table as Excel.
pub async fn xlsx(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let lines = lines_for(&state, &staff.actor).await?;
    let registry = crate::subjects();
    let mut headers = vec!["单位".to_owned()];
    for kind in registry.kinds() {
        for what in ["计时中", "黄灯", "红灯", "超期"] {
            headers.push(format!("{}{what}", kind.label));
        }
    }
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let number = |n: i64| Cell::Number(n as f64);
    let row = |name: String, counts: Vec<Counts>| {
        let mut cells = vec![Cell::Text(name)];
        for c in counts {
            cells.extend([
                number(c.running),
                number(c.yellow),
                number(c.red),
                number(c.overdue),
            ]);
        }
        cells
    };
    let mut rows: Vec<Vec<Cell>> = lines
        .iter()
        .map(|l| row(l.unit_name.clone(), l.by_kind.clone()))
        .collect();
    rows.push(row("合计".into(), esupervision::totals(&registry, &lines)));
    let mut notes = vec![
        "计时中：运行或暂停中的时限；黄灯：临近时限；红灯：已超过时限（CAL-LIGHT）。".to_owned(),
    ];
    for kind in registry.kinds() {
        notes.push(format!(
            "{}超期：{}（{}）已过仍未办结。",
            kind.label,
            (kind.clock_name)(kind.main_rule),
            kind.main_rule
        ));
    }
    notes.push(format!("统计时间：{}", minute_of(now_ms())));
    let bytes = xlsx::table(
        "电子监察",
        "电子监察：办件与12345工单时限情况",
        &headers,
        &rows,
        &notes,
    )
    .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"esupervision.xlsx\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
