//! The units' extranet ledgers in the back office (NET-LEDGER; 000 外网 §14, §16). A unit's
//! leader or handler sees and keeps its own ledger at `/office/extranet/ledger`: the leader in
//! charge and the staff member (accounts of the unit), the access points on its allocated
//! addresses, the dated declaration that no wireless device is attached, the security
//! findings sent to it and its access state (已断开 while a finding stands cut off). The
//! extranet administrators see every unit's line there and open a unit's ledger with
//! `?unit=`. The unit corrects an access point in place or removes it from service (拆除,
//! with the reason; kept in the ledger). Every write is an `extranet::usecase::ledger`
//! (audited); a refusal answers 400 with the page and changes nothing.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use extranet::UnitId;
use extranet::application::AccessMode;
use extranet::ledger::NewPoint;
use extranet::ledger::entry::{LOCATION_MAX, NOTE_MAX};
use extranet::usecase::findings as findings_usecase;
use extranet::usecase::ledger as usecase;
use serde::Deserialize;

use super::{PointNo, acting, limited, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// A unit on the administrators' list.
pub struct UnitLine {
    pub id: i64,
    pub name: String,
    pub people: &'static str,
    pub points: usize,
    pub declared: String,
    pub open: usize,
    pub state: &'static str,
    pub cut_off: bool,
}

/// An access point on the page.
pub struct PointLine {
    pub id: i64,
    pub location: String,
    /// The mode's and the allocation's form values (the correction form is prefilled).
    pub mode_code: &'static str,
    pub allocation: i64,
    pub mode: &'static str,
    pub prefix: String,
    pub blocked: bool,
    pub note: String,
    pub added: String,
    /// When it was removed from service (拆除) and why.
    pub retired: Option<(String, String)>,
}

/// A finding on the ledger.
pub struct FindingLine {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: &'static str,
    pub sent: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "extranet/ledger.html")]
pub struct LedgerPage {
    chrome: Chrome,
    /// The administrators' list (when no unit is asked).
    units: Option<Vec<UnitLine>>,
    unit_name: String,
    /// The viewer keeps this ledger (its forms are shown).
    keeps: bool,
    state: &'static str,
    cut_off: bool,
    leader: String,
    staff: String,
    candidates: Vec<(i64, String)>,
    /// The access points in service, and those removed from service (拆除).
    points: Vec<PointLine>,
    retired_points: Vec<PointLine>,
    allocations: Vec<(i64, String)>,
    modes: Vec<(&'static str, &'static str)>,
    declarations: Vec<(String, String, String)>,
    findings: Vec<FindingLine>,
    location_max: usize,
    note_max: usize,
    error: Option<String>,
    done: bool,
}

/// `?unit=` (an administrator opens a unit's ledger) and `done`.
#[derive(Debug, Default, Deserialize)]
pub struct LedgerQuery {
    #[serde(default)]
    unit: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

async fn overview(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
) -> Result<LedgerPage, PageError> {
    let names = unit_names(state).await?;
    let lines = usecase::overview(&state.platform.db, &acting(staff))
        .await?
        .into_iter()
        .map(|l| UnitLine {
            id: l.unit.0,
            name: name_in(&names, l.unit.0),
            people: if l.people_set {
                "已明确"
            } else {
                "未填写"
            },
            points: l.points,
            declared: l.declared_at.map_or_else(|| "未声明".to_owned(), date_of),
            open: l.open_findings,
            state: findings_usecase::access_state(l.cut_off),
            cut_off: l.cut_off,
        })
        .collect();
    Ok(LedgerPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        units: Some(lines),
        unit_name: staff.actor.unit_name.clone(),
        keeps: false,
        state: "",
        cut_off: false,
        leader: String::new(),
        staff: String::new(),
        candidates: Vec::new(),
        points: Vec::new(),
        retired_points: Vec::new(),
        allocations: Vec::new(),
        modes: Vec::new(),
        declarations: Vec::new(),
        findings: Vec::new(),
        location_max: LOCATION_MAX,
        note_max: NOTE_MAX,
        error: None,
        done: false,
    })
}

async fn ledger_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    unit: UnitId,
    (error, done): (Option<String>, bool),
) -> Result<LedgerPage, PageError> {
    let db = &state.platform.db;
    let acting = acting(staff);
    let view = usecase::view(db, &acting, unit).await?;
    let names = unit_names(state).await?;
    let candidates = platform::unit_contacts::candidates(db, unit.0).await?;
    let person = |id: i64| {
        candidates.iter().find(|c| c.user_id == id).map_or_else(
            || format!("账号 {id}（已不在本单位）"),
            |c| c.display_name.clone(),
        )
    };
    let users = platform::users::list(db).await?;
    let user_name = |id: i64| {
        users
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.to_string(), |u| u.display_name.clone())
    };
    let (points, retired_points): (Vec<PointLine>, Vec<PointLine>) = view
        .points
        .iter()
        .map(|p| PointLine {
            id: p.id,
            location: p.location.clone(),
            mode_code: p.mode.map_or("", AccessMode::code),
            allocation: p.allocation.unwrap_or(0),
            mode: p.mode.map_or("—", AccessMode::label_zh),
            prefix: p
                .prefix
                .map_or_else(|| "—".to_owned(), |(prefix, _)| prefix.to_string()),
            blocked: p.prefix.is_some_and(|(_, blocked)| blocked),
            note: p.note.clone(),
            added: date_of(p.created_at),
            retired: p
                .retired
                .as_ref()
                .map(|(at, reason)| (date_of(*at), reason.clone())),
        })
        .partition(|p| p.retired.is_none());
    Ok(LedgerPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        units: None,
        unit_name: name_in(&names, unit.0),
        keeps: acting.is_unit_staff(unit),
        state: findings_usecase::access_state(view.cut_off),
        cut_off: view.cut_off,
        leader: view
            .people
            .as_ref()
            .map_or_else(|| "未填写".to_owned(), |p| person(p.leader)),
        staff: view
            .people
            .as_ref()
            .map_or_else(|| "未填写".to_owned(), |p| person(p.staff)),
        candidates: candidates
            .iter()
            .map(|c| (c.user_id, c.display_name.clone()))
            .collect(),
        points,
        retired_points,
        allocations: view
            .allocations
            .iter()
            .map(|a| (a.id, a.prefix.to_string()))
            .collect(),
        modes: AccessMode::ALL
            .iter()
            .map(|m| (m.code(), m.label_zh()))
            .collect(),
        declarations: view
            .declarations
            .iter()
            .map(|d| {
                (
                    minute_of(d.declared_at),
                    user_name(d.declared_by),
                    d.note.clone(),
                )
            })
            .collect(),
        findings: view
            .findings
            .iter()
            .map(|f| FindingLine {
                id: f.finding.id.0,
                number: f.number.clone(),
                title: f.finding.title.clone(),
                status: f.finding.status.label_zh(),
                sent: date_of(f.finding.sent_at.millis()),
            })
            .collect(),
        location_max: LOCATION_MAX,
        note_max: NOTE_MAX,
        error,
        done,
    })
}

/// `GET /office/extranet/ledger`: the viewer's unit's ledger; for an extranet administrator
/// every unit's line, or with `?unit=` that unit's ledger.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<LedgerQuery>,
) -> Result<LedgerPage, PageError> {
    let is_admin = platform::access::extranet_ipam(&staff.actor);
    let done = query.done.is_some();
    match query.unit.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => {
            let unit = crate::extract::parse_number(text)
                .ok_or_else(|| platform::Error::not_found("该单位的外网台账"))?;
            ledger_page(&state, &csrf, &staff, UnitId(unit), (None, done)).await
        }
        _ if is_admin => overview(&state, &csrf, &staff).await,
        _ => {
            let unit = UnitId(staff.actor.unit_id);
            ledger_page(&state, &csrf, &staff, unit, (None, done)).await
        }
    }
}

async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    match outcome {
        Ok(()) => Ok(Redirect::to("/office/extranet/ledger?done=1").into_response()),
        Err(error) if refused(&error) => {
            let unit = UnitId(staff.actor.unit_id);
            let page =
                ledger_page(state, csrf, staff, unit, (Some(error.to_string()), false)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// The leader and staff form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeopleForm {
    #[serde(default)]
    leader: String,
    #[serde(default)]
    staff: String,
}

/// `POST /office/extranet/ledger/people` (§16 分管领导和工作人员).
pub async fn people(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<PeopleForm>,
) -> Result<Response, PageError> {
    let outcome = match (
        crate::extract::parse_number(form.leader.trim()),
        crate::extract::parse_number(form.staff.trim()),
    ) {
        (Some(leader), Some(member)) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            usecase::set_people(db, &context, &acting(&staff), leader, member).await
        }
        _ => Err(platform::Error::invalid("请选择分管领导和工作人员")),
    };
    answer(&state, &csrf, &staff, outcome).await
}

/// The access point form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointForm {
    #[serde(default)]
    location: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    allocation: String,
    #[serde(default)]
    note: String,
}

impl PointForm {
    fn point(&self) -> platform::Result<NewPoint> {
        let location = limited(&self.location, "接入点位置", LOCATION_MAX)?;
        let note = limited(&self.note, "备注", NOTE_MAX)?;
        let mode = AccessMode::from_code(&self.mode)
            .ok_or_else(|| platform::Error::invalid("请选择接入方式"))?;
        let allocation = match self.allocation.trim() {
            "" => None,
            text => Some(
                crate::extract::parse_number(text)
                    .ok_or_else(|| platform::Error::invalid("请从本单位的地址中选择"))?,
            ),
        };
        Ok(NewPoint {
            location,
            mode,
            allocation,
            note,
        })
    }
}

/// `POST /office/extranet/ledger/points`: an access point of the viewer's unit.
pub async fn point(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<PointForm>,
) -> Result<Response, PageError> {
    let outcome = match form.point() {
        Ok(point) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            usecase::add_point(db, &context, &acting(&staff), &point)
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, outcome).await
}

/// `POST /office/extranet/ledger/points/{id}`: NET-LEDGER, corrects an access point of the
/// viewer's unit (another unit's is not found).
pub async fn edit_point(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(PointNo(id)): Id<PointNo>,
    Form(form): Form<PointForm>,
) -> Result<Response, PageError> {
    let outcome = match form.point() {
        Ok(point) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            usecase::update_point(db, &context, &acting(&staff), id, &point).await
        }
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, outcome).await
}

/// The removal form: the reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetireForm {
    #[serde(default)]
    reason: String,
}

/// `POST /office/extranet/ledger/points/{id}/retire`: NET-LEDGER, removes an access point of
/// the viewer's unit from service (拆除) with the reason; it stays in the ledger.
pub async fn retire_point(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(PointNo(id)): Id<PointNo>,
    Form(form): Form<RetireForm>,
) -> Result<Response, PageError> {
    let outcome = match limited(&form.reason, "拆除原因", NOTE_MAX) {
        Ok(reason) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            usecase::retire_point(db, &context, &acting(&staff), id, &reason).await
        }
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, outcome).await
}

/// The declaration form: the confirmation box and a note.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeclarationForm {
    #[serde(default)]
    confirm: String,
    #[serde(default)]
    note: String,
}

/// `POST /office/extranet/ledger/declaration` (§16 不得搭接无线网络设备).
pub async fn declaration(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<DeclarationForm>,
) -> Result<Response, PageError> {
    let outcome = match limited(&form.note, "说明", NOTE_MAX) {
        Ok(note) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            let confirmed = form.confirm == "yes";
            usecase::declare(db, &context, &acting(&staff), confirmed, &note)
                .await
                .map(|_| ())
        }
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, outcome).await
}
