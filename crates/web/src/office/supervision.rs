//! 电子监察 `/office/supervision` (SVC-PROMISE, OPS-ESUPERVISE): one view over service cases
//! and 12345 work orders from the shared clock table — per unit, open clocks, yellow, red and
//! 超期, cases and orders side by side — with a drill-down per unit listing the clocks with
//! links to their subjects, and the Excel export. The supervisors see every unit; a unit
//! leader sees the own unit only (another unit's drill-down is 404).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::access;
use platform::db::now_ms;
use platform::roles::{Actor, Role};
use services::esupervision::{self, Counts, UnitSupervision};

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::portal::minute_of;
use crate::staff::Staff;
use crate::xlsx::{self, Cell};

#[derive(Template, WebTemplate)]
#[template(path = "office/supervision.html")]
pub struct SupervisionPage {
    chrome: Chrome,
    lines: Vec<UnitSupervision>,
    total_cases: Counts,
    total_orders: Counts,
    at: String,
    all_units: bool,
}

/// The supervisor sees every unit; a unit leader the own one.
fn scope(actor: &Actor) -> Option<i64> {
    if actor.has(Role::HotlineSupervisor) {
        None
    } else {
        Some(actor.unit_id)
    }
}

fn total(lines: &[UnitSupervision], pick: fn(&UnitSupervision) -> Counts) -> Counts {
    lines
        .iter()
        .map(pick)
        .fold(Counts::default(), |sum, c| Counts {
            running: sum.running + c.running,
            yellow: sum.yellow + c.yellow,
            red: sum.red + c.red,
            overdue: sum.overdue + c.overdue,
        })
}

async fn lines_for(state: &AppState, actor: &Actor) -> platform::Result<Vec<UnitSupervision>> {
    let now = calendar::Instant::from_millis(now_ms());
    esupervision::by_unit(&state.platform.db, now, scope(actor)).await
}

/// `GET /office/supervision`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<SupervisionPage, PageError> {
    let lines = lines_for(&state, &staff.actor).await?;
    Ok(SupervisionPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        total_cases: total(&lines, |l| l.cases),
        total_orders: total(&lines, |l| l.orders),
        lines,
        at: minute_of(now_ms()),
        all_units: scope(&staff.actor).is_none(),
    })
}

/// One clock of the drill-down.
pub struct ClockLine {
    pub kind: &'static str,
    pub href: String,
    pub number: String,
    pub rule: String,
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
    counts: Option<UnitSupervision>,
    clocks: Vec<ClockLine>,
}

/// `GET /office/supervision/units/{id}`: the unit's open clocks, most urgent first.
pub async fn unit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<UnitPage, PageError> {
    let unknown = || platform::Error::not_found("单位不存在");
    let unit_id: i64 = id.parse().map_err(|_| unknown())?;
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
    let counts = esupervision::by_unit(db, now, Some(unit_id))
        .await?
        .into_iter()
        .next();
    let clocks = esupervision::unit_clocks(db, now, unit_id, 1000)
        .await?
        .into_iter()
        .map(|c| {
            let is_case = c.subject_type == services::store::CLOCK_SUBJECT;
            ClockLine {
                kind: if is_case { "办件" } else { "12345工单" },
                href: if is_case {
                    format!("/office/services/cases/{}", c.subject_id)
                } else {
                    format!("/office/hotline/orders/{}", c.subject_id)
                },
                number: c.number,
                rule: if is_case {
                    services::supervision::rule_label(&c.rule_id).to_owned()
                } else {
                    c.rule_id
                },
                light: c.light.code(),
                due: minute_of(c.due_at.millis()),
                paused: c.paused,
                overdue: c.overdue,
            }
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
    let headers = [
        "单位",
        "办件计时中",
        "办件黄灯",
        "办件红灯",
        "超期办件",
        "工单计时中",
        "工单黄灯",
        "工单红灯",
        "超期工单",
    ];
    let number = |n: i64| Cell::Number(n as f64);
    let row = |name: String, cases: Counts, orders: Counts| {
        vec![
            Cell::Text(name),
            number(cases.running),
            number(cases.yellow),
            number(cases.red),
            number(cases.overdue),
            number(orders.running),
            number(orders.yellow),
            number(orders.red),
            number(orders.overdue),
        ]
    };
    let mut rows: Vec<Vec<Cell>> = lines
        .iter()
        .map(|l| row(l.unit_name.clone(), l.cases, l.orders))
        .collect();
    rows.push(row(
        "合计".into(),
        total(&lines, |l| l.cases),
        total(&lines, |l| l.orders),
    ));
    let notes = vec![
        "计时中：运行或暂停中的时限；黄灯：临近时限；红灯：已超过时限（CAL-LIGHT）。".to_owned(),
        "超期办件：承诺办结时限（SVC-PROMISE）已过仍未办结；超期工单：办理时限（HL-LIMITS）已过仍未办结。"
            .to_owned(),
        format!("统计时间：{}", minute_of(now_ms())),
    ];
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
