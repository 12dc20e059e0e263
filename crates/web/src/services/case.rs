//! One service case in the back office (SVC-STATUS, SVC-ACCEPT … SVC-ELICENCE): the item, the
//! applicant masked (an audited reveal for the window clerk), the materials with downloads,
//! the one-time notices, the steps, clocks and history, and the forms of the commands the
//! viewer's unit may give at this stage. The viewer must be of a unit the case involves, or
//! e-supervision; anyone else gets 404 (the case's existence is not revealed). The printable
//! 一次性告知书 and 受理通知书 are `notice`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use platform::access;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::now_ms;
use services::backoffice::{self, MaskedApplicant, OfficeCase};
use services::case::{MaterialSource, Status};
use services::item::DeliveryMethod;
use services::{CaseId, UnitId};

use crate::AppState;
use crate::chrome::Chrome;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{FileId, Id, Ids};
use crate::staff::Staff;

pub struct MaterialLine {
    pub name: String,
    pub required: bool,
    pub source: &'static str,
    /// (attachment id, download name, size)
    pub file: Option<(i64, String, String)>,
}

pub struct NoticeLine {
    pub submission: u32,
    pub at: String,
    pub defects: Vec<(String, String)>,
}

pub struct StepLine {
    pub name: String,
    pub unit: String,
    pub start: String,
    pub end: String,
    pub note: String,
}

pub struct ClockLine {
    pub rule: String,
    pub unit: String,
    pub light: &'static str,
    pub due: String,
    pub state: &'static str,
}

/// What a command form may offer at this stage, for this viewer.
#[derive(Default)]
pub struct Can {
    pub prereview: bool,
    pub accept: bool,
    /// The 受理 button itself: not while an online application awaits its pre-review.
    pub accept_now: bool,
    /// SVC-WINDOW: the department signs for what its comprehensive window accepted.
    pub sign: bool,
    pub stage: bool,
    pub special_start: bool,
    /// SVC-SPECIAL: ask for 补齐补正 after acceptance (the reviewing department).
    pub supplement_after: bool,
    pub special_end: bool,
    pub joint: bool,
    pub decide: bool,
    pub deliver: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/services_case.html")]
pub struct CasePage {
    chrome: Chrome,
    id: i64,
    number: String,
    item_code: String,
    item_name: String,
    department: String,
    status: &'static str,
    channel: String,
    version: i64,
    applicant: MaskedApplicant,
    /// Issue 14 item 4: the enterprise (name, 统一社会信用代码) the applicant acts for.
    enterprise: Option<(String, String)>,
    revealed: Option<MaskedApplicant>,
    can_reveal: bool,
    error: Option<String>,
    materials: Vec<MaterialLine>,
    notices: Vec<NoticeLine>,
    steps: Vec<StepLine>,
    clocks: Vec<ClockLine>,
    specials: Vec<(String, String, String)>,
    history: Vec<crate::history::HistoryLine>,
    summary: Vec<(&'static str, String)>,
    /// SVC-ACCEPT (issue 14 item 6): accepted, so the 受理通知书 can be printed.
    accepted: bool,
    can: Can,
    stage_name: String,
    procedures: Vec<(String, String)>,
    deliveries: Vec<(&'static str, &'static str)>,
    material_choices: Vec<(String, String)>,
    /// SVC-SPECIAL: the profile's limit of 补齐补正 after acceptance.
    supplement_limit: String,
}

/// The case if the viewer may see it; otherwise 404, as for an unknown case.
pub(super) async fn case_in_scope(
    state: &AppState,
    staff: &Staff,
    id: CaseId,
) -> Result<OfficeCase, PageError> {
    let case = backoffice::office_case(&state.platform.db, &state.platform.key, id)
        .await
        .map_err(|error| match error {
            platform::Error::NotFound(_) => platform::Error::not_found("办件"),
            other => other,
        })?;
    if !access::services_case_in_scope(&staff.actor, &case.involved) {
        return Err(PageError(platform::Error::not_found("办件")));
    }
    Ok(case)
}

pub(super) async fn unit_names(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    Ok(platform::units::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.name))
        .collect())
}

pub(super) fn name_of(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| format!("单位 {id}"))
}

pub(super) const fn delivery_code(method: DeliveryMethod) -> &'static str {
    match method {
        DeliveryMethod::PickUp => "pick_up",
        DeliveryMethod::Post => "post",
        DeliveryMethod::Electronic => "electronic",
    }
}

fn status_label(code: &str) -> &'static str {
    Status::ALL
        .into_iter()
        .find(|s| s.code() == code)
        .map_or("—", Status::label_zh)
}

/// The forms the page offers: the commands the domain derives for this viewer
/// (`services::case::available`), not a second hand-written table.
fn can_for(staff: &Staff, office: &OfficeCase) -> Can {
    use services::case::CommandKind as C;
    let actor = &staff.actor;
    let acting = services::case::Acting {
        unit: UnitId(actor.unit_id),
        handle: access::services_handle(actor),
        decide: access::services_decide(actor),
    };
    let case = &office.stored.case;
    let offered = services::case::available(case, &office.item, acting);
    let has = |kind: C| offered.contains(&kind);
    let accepted = case.accepted.is_some();
    Can {
        prereview: has(C::PreReview),
        accept_now: has(C::Accept),
        accept: has(C::Accept) || has(C::Reject),
        sign: has(C::Sign),
        stage: has(C::CompleteStage),
        special_start: has(C::StartSpecial),
        supplement_after: accepted && has(C::RequestSupplement),
        special_end: has(C::EndSpecial),
        joint: has(C::JointOpinion),
        decide: has(C::Decide),
        deliver: has(C::Deliver),
    }
}

async fn materials_of(
    state: &AppState,
    office: &OfficeCase,
) -> platform::Result<Vec<MaterialLine>> {
    let mut lines = Vec::new();
    for material in office.item.materials.list() {
        let given = office
            .stored
            .case
            .materials
            .iter()
            .find(|m| m.code == material.code);
        let (source, attachment) = match given.map(|m| &m.source) {
            None => ("未提交", None),
            Some(MaterialSource::Uploaded(id)) => ("本次提交", Some(id.0)),
            Some(MaterialSource::OnFile(id)) => ("复用已提交材料", Some(id.0)),
            Some(MaterialSource::ELicence(_)) => ("电子证照库", None),
        };
        let file = match attachment {
            Some(id) => match platform::attachments::meta(&state.platform.db, id).await {
                Ok(meta) => Some((id, meta.download_name(), meta.size_text())),
                Err(platform::Error::NotFound(_)) => None,
                Err(error) => return Err(error),
            },
            None => None,
        };
        lines.push(MaterialLine {
            name: material.name.clone(),
            required: material.required,
            source,
            file,
        });
    }
    Ok(lines)
}

/// What the page shows besides the case itself.
#[derive(Default)]
pub(super) struct Extras {
    pub revealed: Option<MaskedApplicant>,
    pub error: Option<String>,
}

pub(super) async fn case_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeCase,
    extras: Extras,
) -> Result<CasePage, PageError> {
    let db = &state.platform.db;
    let calendar = platform::workcal::load_current(db).await?;
    let now = calendar::Instant::from_millis(now_ms());
    let names = unit_names(state).await?;
    let id = office.stored.id;
    // Issue 14 item 10: one line per clock, each named by what it measures (a stage and the
    // promised limit, or a restarted acceptance clock, no longer read alike).
    let rows = platform::clocks::by_subject(db, "case", &id.to_string()).await?;
    let case = &office.stored.case;
    let clocks =
        backoffice::labelled_clocks(case, Some(&office.item), office.stored.department, rows)
            .into_iter()
            .map(|(label, c)| ClockLine {
                rule: label,
                unit: name_of(&names, c.unit_id),
                light: backoffice::live_light(&c, now).code(),
                due: minute_of(c.due_at.millis()),
                state: c.status.label_zh(),
            })
            .collect();
    let rows = services::usecase::case_history(db, id).await?;
    let history = crate::history::lines(db, &services::SUBJECT, &rows, status_label).await?;
    let mut summary = Vec::new();
    if let Some(opinion) = &case.prereview {
        summary.push(("预审意见", opinion.clone()));
    }
    if let Some(reason) = &case.rejection {
        summary.push(("不予受理原因", reason.clone()));
    }
    if let Some((unit, at)) = case.accepted {
        summary.push((
            "受理",
            format!("{} 于 {}", name_of(&names, unit.0), minute_of(at.millis())),
        ));
    }
    for opinion in &case.joint_opinions {
        summary.push((
            "联办意见",
            format!(
                "{}：{}（{}）",
                name_of(&names, opinion.department.0),
                if opinion.approve {
                    "同意"
                } else {
                    "不同意"
                },
                opinion.opinion
            ),
        ));
    }
    if let Some((decision, at)) = &case.decision {
        let text = match decision {
            services::case::Decision::Approve => "准予".to_owned(),
            services::case::Decision::Deny(reason) => format!("不予：{reason}"),
        };
        summary.push(("审批决定", format!("{text}（{}）", minute_of(at.millis()))));
    }
    if let Some((method, at)) = case.delivery {
        summary.push((
            "结果送达",
            format!("{}（{}）", method.label_zh(), minute_of(at.millis())),
        ));
    }
    if let Some(at) = case.overdue_flagged {
        summary.push((
            "超期办件",
            format!("电子监察于 {} 标记", minute_of(at.millis())),
        ));
    }
    if let Some(due) = case.promised_due(&calendar) {
        summary.push(("承诺办结时间", minute_of(due.millis())));
    }
    let item = &office.item;
    let can = can_for(staff, &office);
    Ok(CasePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: office.stored.number.clone(),
        item_code: office.item_code.clone(),
        item_name: office.item_name.clone(),
        department: name_of(&names, office.stored.department.0),
        status: case.status.label_zh(),
        channel: match case.channel {
            services::case::Channel::Online => "网上申请".to_owned(),
            services::case::Channel::Window { window } => {
                format!("窗口登记（{}）", name_of(&names, window.0))
            }
        },
        version: office.stored.version,
        accepted: case.accepted.is_some(),
        applicant: office.applicant.clone(),
        enterprise: services::usecase::case_enterprise(db, &state.platform.key, id)
            .await?
            .map(|e| (e.name.as_str().to_owned(), e.credit_code.to_string())),
        revealed: extras.revealed,
        can_reveal: access::services_reveal_applicant(&staff.actor),
        error: extras.error,
        materials: materials_of(state, &office).await?,
        notices: case
            .notices
            .iter()
            .map(|n| NoticeLine {
                submission: n.submission,
                at: minute_of(n.at.millis()),
                defects: n
                    .defects
                    .iter()
                    .map(|d| (d.material.clone(), d.problem.clone()))
                    .collect(),
            })
            .collect(),
        steps: case
            .progress(&calendar, now)
            .into_iter()
            .map(|s| StepLine {
                name: s.name,
                unit: s
                    .unit
                    .map(|u| name_of(&names, u.0))
                    .unwrap_or_else(|| "申请人".into()),
                start: minute_of(s.start.millis()),
                end: s
                    .end
                    .map(|e| minute_of(e.millis()))
                    .unwrap_or_else(|| "进行中".into()),
                note: s.note,
            })
            .collect(),
        clocks,
        specials: case
            .specials
            .iter()
            .map(|s| {
                (
                    s.procedure.label_zh().to_owned(),
                    s.reason.clone(),
                    s.end
                        .map(|e| minute_of(e.millis()))
                        .unwrap_or_else(|| "进行中".into()),
                )
            })
            .collect(),
        history,
        summary,
        stage_name: item
            .process
            .stages
            .get(case.stage as usize)
            .map(|s| s.name.clone())
            .unwrap_or_default(),
        procedures: item
            .process
            .special
            .iter()
            .map(|s| {
                (
                    format!("{:?}", s.procedure),
                    format!("{}（时限{}）", s.procedure.label_zh(), s.limit.label_zh()),
                )
            })
            .collect(),
        deliveries: item
            .basic
            .delivery
            .iter()
            .map(|m| (delivery_code(*m), m.label_zh()))
            .collect(),
        material_choices: item
            .materials
            .list()
            .iter()
            .map(|m| (m.code.clone(), m.name.clone()))
            .collect(),
        supplement_limit: state
            .profile()
            .await?
            .services
            .supplement_after_acceptance
            .0
            .label_zh(),
        can,
    })
}

/// `GET /office/services/cases/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
) -> Result<CasePage, PageError> {
    let office = case_in_scope(&state, &staff, id).await?;
    case_page(&state, &csrf, &staff, office, Extras::default()).await
}

/// `POST /office/services/cases/{id}/reveal`: the applicant in clear for the window clerk,
/// one audited `unmask` row per field.
pub async fn reveal(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(id): Id<CaseId>,
) -> Result<Response, PageError> {
    let office = case_in_scope(&state, &staff, id).await?;
    let db = &state.platform.db;
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let key = state.platform.key.clone();
    let case_id = office.stored.id;
    let now = calendar::Instant::from_millis(now_ms());
    let revealed = db
        .write(move |tx| {
            Box::pin(
                async move { backoffice::reveal_applicant(tx, &key, &actor, case_id, now).await },
            )
        })
        .await?;
    let extras = Extras {
        revealed: Some(revealed),
        ..Extras::default()
    };
    Ok(case_page(&state, &csrf, &staff, office, extras)
        .await?
        .into_response())
}

/// `GET /office/services/cases/{id}/files/{file}`: one material of the case, if the viewer
/// may see the case and the file is one of its materials; every download is audited.
pub async fn file(
    State(state): State<AppState>,
    staff: Staff,
    Ids(id, FileId(file)): Ids<CaseId, FileId>,
) -> Result<Response, PageError> {
    let office = case_in_scope(&state, &staff, id).await?;
    let unknown = || platform::Error::not_found("附件");
    let db = &state.platform.db;
    let meta = platform::attachments::meta(db, file)
        .await
        .map_err(|_| unknown())?;
    if !office.refers_to_attachment(&meta.owner_kind, meta.owner_id, meta.id) {
        return Err(PageError(unknown()));
    }
    let content = platform::attachments::content(db, &state.platform.key, file).await?;
    let actor = AuditActor::staff(&staff.actor, &staff.ip);
    let event =
        AuditEvent::new("services.attachment", "svc_case", office.stored.id.0).detail(format!(
            "下载材料 {}（办件 {}）",
            meta.download_name(),
            office.stored.number
        ));
    audit::record_alone(db, &actor, event, now_ms()).await?;
    let name = utf8_percent_encode(&meta.download_name(), NON_ALPHANUMERIC).to_string();
    Ok((
        [
            (CONTENT_TYPE, meta.kind.content_type().to_owned()),
            (
                CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"material.{}\"; filename*=UTF-8''{name}",
                    meta.kind.code()
                ),
            ),
        ],
        Body::from(content),
    )
        .into_response())
}
