//! The unit's disclosure applications in the back office (PUB-APPLY, PUB-ANSWER, CAL-PAUSE,
//! HL-PRIVACY): the ledger (登记台帐) of the viewer's unit with the answer clock's light, the
//! registration of a letter or walk-in (代为填写), an application's page — the applicant
//! masked with an audited reveal, the clocks with light and due, the consultations, the
//! extension, the notices kept, the files provided, the history, and the commands
//! `application::available` gives the viewer — and the printable notice. Outside the
//! handling unit an application is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use openness::application::{Channel, ClockKind, CommandKind, Outcome, Status};
use openness::store::applications as store;
use openness::store::notices::NoticeKind;
use openness::usecase::{self, OfficeApplication};
use openness::{Acting, ApplicationId, Issuer};
use platform::db::now_ms;
use serde::Deserialize;

use super::ApplicationNo;
use super::portal::{ApplyForm, Choices, NoticeView, read};
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::forgive::{self, FieldError};
use crate::staff::{Judged, Staff};

pub(super) fn acting(staff: &Staff) -> Acting {
    Acting::from(&staff.actor)
}

/// The application `id` for the viewer, or 404.
pub(super) async fn in_scope(
    state: &AppState,
    staff: &Staff,
    id: ApplicationId,
) -> Result<OfficeApplication, PageError> {
    match usecase::office_application(&state.platform.db, id, &acting(staff)).await {
        Ok(office) => Ok(office),
        Err(platform::Error::NotFound(_) | platform::Error::Refused(_)) => {
            Err(PageError(platform::Error::not_found("政府信息公开申请")))
        }
        Err(error) => Err(error.into()),
    }
}

/// One line of the ledger.
pub struct LedgerLine {
    pub id: i64,
    pub number: String,
    pub received: String,
    pub kind: &'static str,
    pub channel: &'static str,
    pub description: String,
    pub status: &'static str,
    pub outcome: String,
    pub light: &'static str,
    pub light_words: &'static str,
    pub due: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/ledger.html")]
pub struct LedgerPage {
    chrome: Chrome,
    unit: String,
    lines: Vec<LedgerLine>,
    may_register: bool,
}

/// `GET /office/openness/applications`: the ledger of the viewer's unit, newest first.
pub async fn ledger(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<LedgerPage, PageError> {
    let db = &state.platform.db;
    let unit = openness::UnitId(staff.actor.unit_id);
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let mut lines = Vec::new();
    for line in store::ledger(db, Some(unit), 500).await? {
        let stored = store::get(db, line.id).await?;
        let clock = stored.application.answer_clock();
        let (light, light_words, due) = match clock {
            Some(clock) => {
                let light = clock.light(&calendar, now, &rule);
                (
                    light.code(),
                    light.label_zh(),
                    date_of(clock.due(&calendar).millis()),
                )
            }
            None => ("", "", String::new()),
        };
        lines.push(LedgerLine {
            id: line.id.0,
            number: line.number,
            received: minute_of(line.received_at.millis()),
            kind: line.kind.label_zh(),
            channel: line.channel.label_zh(),
            description: line.description,
            status: line.status.label_zh(),
            outcome: line.outcome.map(Outcome::label_zh).unwrap_or_default(),
            light,
            light_words,
            due,
        });
    }
    Ok(LedgerPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        lines,
        may_register: staff.actor.has(platform::roles::Role::OpennessOfficer),
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/register.html")]
pub struct RegisterPage {
    chrome: Chrome,
    choices: Choices,
    form: ApplyForm,
    errors: Vec<FieldError>,
    held_token: String,
}

impl RegisterPage {
    fn error(&self, field: &str) -> Option<&str> {
        forgive::error_of(&self.errors, field)
    }

    fn aria(&self, field: &str) -> String {
        forgive::aria(field, self.error(field).is_some(), &[])
    }
}

/// `GET /office/openness/applications/new`: a letter or walk-in, filled in by the officer.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<RegisterPage, PageError> {
    let form = ApplyForm {
        unit: staff.actor.unit_id.to_string(),
        ..ApplyForm::default()
    };
    Ok(RegisterPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        choices: Choices::load(&state).await?,
        form,
        errors: Vec::new(),
        held_token: String::new(),
    })
}

/// `POST /office/openness/applications`: PUB-APPLY, a letter or walk-in registered by the
/// unit's openness officer (代为填写) with every problem at once.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<ApplyForm>,
) -> Result<Response, PageError> {
    let channel = match form.channel.trim() {
        "letter" => Some(Channel::Letter),
        "walk_in" => Some(Channel::WalkIn),
        _ => None,
    };
    let (mut errors, read) = read(&form, channel.unwrap_or(Channel::WalkIn));
    if channel.is_none() {
        errors.insert(
            0,
            FieldError::new("channel", "请选择申请方式（信函或当面）"),
        );
    }
    if let (Some((unit, filing)), true) = (read, errors.is_empty()) {
        let judged = Judged::load(&state, &staff).await?;
        let context = judged.context(&state);
        let issuer = Issuer::Staff(acting(&staff));
        match usecase::register(&state.platform.db, &context, &issuer, unit, filing).await {
            Ok(registered) => {
                let to = format!("/office/openness/applications/{}?done=1", registered.id.0);
                return Ok(Redirect::to(&to).into_response());
            }
            Err(
                error @ (platform::Error::Invalid(_)
                | platform::Error::Refused(_)
                | platform::Error::Conflict(_)),
            ) => errors.push(FieldError::new("", error.to_string())),
            Err(error) => return Err(error.into()),
        }
    }
    let page = RegisterPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        choices: Choices::load(&state).await?,
        form: ApplyForm {
            id_number: String::new(),
            phone: String::new(),
            ..form
        },
        errors,
        held_token: String::new(),
    };
    Ok((StatusCode::BAD_REQUEST, page).into_response())
}

/// A clock as the page shows it.
pub struct ClockLine {
    pub name: &'static str,
    pub light: &'static str,
    pub words: &'static str,
    pub due: String,
    pub state: String,
}

fn clock_name(kind: ClockKind) -> &'static str {
    match kind {
        ClockKind::Answer => "答复期限",
        ClockKind::ApplicantSupplement => "申请人补正期限",
        ClockKind::ThirdPartyOpinion => "第三方提出意见期限",
    }
}

/// The commands the page offers.
#[derive(Default)]
pub struct Can {
    pub supplement: bool,
    pub close: bool,
    pub handle: bool,
    pub consult: bool,
    pub third_reply: bool,
    pub agency_reply: bool,
    pub extend: bool,
    pub answer: bool,
    pub deliver: bool,
    pub withdraw: bool,
}

impl Can {
    fn of(available: &[CommandKind]) -> Can {
        let has = |kind| available.contains(&kind);
        Can {
            supplement: has(CommandKind::RequestSupplement),
            close: has(CommandKind::CloseUnsupplemented),
            handle: has(CommandKind::StartHandling),
            consult: has(CommandKind::ConsultThirdParty) || has(CommandKind::ConsultAgency),
            third_reply: has(CommandKind::ThirdPartyReplied),
            agency_reply: has(CommandKind::AgencyReplied),
            extend: has(CommandKind::Extend),
            answer: has(CommandKind::Answer),
            deliver: has(CommandKind::Deliver),
            withdraw: has(CommandKind::Withdraw),
        }
    }

    fn any(&self) -> bool {
        self.supplement
            || self.close
            || self.handle
            || self.consult
            || self.third_reply
            || self.agency_reply
            || self.extend
            || self.answer
            || self.deliver
            || self.withdraw
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/application.html")]
pub struct ApplicationPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    unit: String,
    channel: &'static str,
    received: String,
    applicant: Vec<(&'static str, String)>,
    revealed: bool,
    may_reveal: bool,
    description: String,
    purpose: String,
    form: &'static str,
    clocks: Vec<ClockLine>,
    consultations: Vec<(String, String, String, String)>,
    extension: Option<String>,
    answer: Option<String>,
    notices: Vec<(&'static str, &'static str, String)>,
    files: Vec<(String, String)>,
    can: Can,
    outcomes: Vec<(String, String)>,
    extension_most: String,
    repeat: Option<String>,
    history: Vec<crate::history::HistoryLine>,
    error: Option<String>,
    done: bool,
}

impl ApplicationPage {
    fn any_command(&self) -> bool {
        self.can.any()
    }
}

fn status_label(code: &str) -> &'static str {
    Status::ALL
        .into_iter()
        .find(|status| status.code() == code)
        .map_or("—", Status::label_zh)
}

fn notice_label(kind: NoticeKind) -> (&'static str, &'static str) {
    match kind {
        NoticeKind::Supplement => ("supplement", "补正告知书"),
        NoticeKind::Extension => ("extension", "延期答复告知书"),
        NoticeKind::Answer => ("answer", "答复告知书"),
    }
}

/// The page of `office` for the viewer, with `error` (a refused command) or the applicant
/// revealed.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeApplication,
    (error, done, revealed): (
        Option<String>,
        bool,
        Option<openness::application::Applicant>,
    ),
) -> Result<ApplicationPage, PageError> {
    let db = &state.platform.db;
    let a = &office.stored.application;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let clocks = a
        .clocks
        .iter()
        .map(|clock| {
            let light = clock.light(&calendar, now, &rule);
            let state = match clock.stopped_at {
                Some(at) => format!("已于 {} 停止计时", minute_of(at.millis())),
                None if clock.clock.is_paused() => "中止计时（征求意见中）".to_owned(),
                None if clock.is_overdue(&calendar, now) => "已超期".to_owned(),
                None => "计时中".to_owned(),
            };
            ClockLine {
                name: clock_name(clock.kind),
                light: light.code(),
                words: light.label_zh(),
                due: minute_of(clock.due(&calendar).millis()),
                state,
            }
        })
        .collect();
    let shown = revealed.as_ref().unwrap_or(&a.filing.applicant);
    let mut applicant = vec![
        ("申请人类型", shown.kind.label_zh().to_owned()),
        ("姓名或名称", shown.name.clone()),
        ("证件号码或统一社会信用代码", shown.id_number.clone()),
    ];
    if shown.kind.is_organisation() {
        applicant.push(("联系人", shown.contact_person.clone()));
    }
    applicant.push(("联系电话", shown.phone.clone()));
    applicant.push(("通信地址", shown.address.clone()));
    applicant.push(("电子邮箱", shown.email.clone()));
    let consultations = a
        .consultations
        .iter()
        .map(|c| {
            let reply = match (c.replied_at, c.opinion) {
                (Some(at), Some(opinion)) => {
                    format!(
                        "{} {}：{}",
                        minute_of(at.millis()),
                        opinion.label_zh(),
                        c.reply
                    )
                }
                (Some(at), None) => format!("{} {}", minute_of(at.millis()), c.reply),
                (None, _) => "等待意见".to_owned(),
            };
            (
                minute_of(c.at.millis()),
                c.party.clone(),
                c.matter.clone(),
                reply,
            )
        })
        .collect();
    let extension = a.extension.as_ref().map(|e| {
        format!(
            "{} 经机构负责人同意延长 {}，理由：{}；答复期限延至 {}",
            minute_of(e.at.millis()),
            e.amount.label_zh(),
            e.reason,
            date_of(e.due.millis())
        )
    });
    let answer = a.answer.as_ref().map(|answer| {
        format!(
            "{} 答复：{}{}",
            minute_of(answer.at.millis()),
            answer.outcome.label_zh(),
            if answer.in_time {
                ""
            } else {
                "（超期答复）"
            }
        )
    });
    let notices = office
        .notices
        .iter()
        .map(|kept| {
            let (code, label) = notice_label(kept.kind);
            (code, label, minute_of(kept.issued_at.millis()))
        })
        .collect();
    let files = office
        .files
        .iter()
        .map(|meta| (meta.download_name(), meta.size_text()))
        .collect();
    let mut can = Can::of(&office.available);
    // PUB-APPLY: 逾期未补正 only once the applicant's period has passed.
    can.close &= a.clocks.iter().any(|clock| {
        clock.kind == ClockKind::ApplicantSupplement
            && clock.is_running()
            && clock.is_overdue(&calendar, now)
    });
    // PUB-APPLY: a repeat application is offered as 不予处理（重复申请）.
    let repeat = if can.answer {
        usecase::repeat_of(db, &state.platform.key, a.id, 0.6)
            .await?
            .map(|found| {
                format!(
                    "与本申请人此前的申请（编号 {}）内容相似（相似度 {:.0}%），可答复为“{}”。",
                    found.earlier,
                    found.similarity * 100.0,
                    found.outcome.label_zh()
                )
            })
    } else {
        None
    };
    let kind = &usecase::APPLICATION_SUBJECT;
    let rows = platform::workflow::history::rows(db, kind, a.id.0).await?;
    let history = crate::history::lines(db, kind, &rows, status_label).await?;
    Ok(ApplicationPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: a.id.0,
        number: office.stored.number.clone(),
        version: office.stored.version,
        status: a.status.label_zh(),
        unit: platform::units::get(db, a.unit.0).await?.name,
        channel: a.filing.channel.label_zh(),
        received: minute_of(a.received_at.millis()),
        applicant,
        revealed: revealed.is_some(),
        may_reveal: office.may_reveal,
        description: a.filing.description.clone(),
        purpose: a.filing.purpose.clone(),
        form: a.filing.form.label_zh(),
        clocks,
        consultations,
        extension,
        answer,
        notices,
        files,
        outcomes: Outcome::ALL
            .into_iter()
            .map(|outcome| (outcome.code(), outcome.label_zh()))
            .collect(),
        extension_most: profile.openness.application_extension.0.label_zh(),
        can,
        repeat,
        history,
        error,
        done,
    })
}

/// `?done=1` after a command that succeeded.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /office/openness/applications/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ApplicationNo(id)): Id<ApplicationNo>,
    Query(query): Query<DoneQuery>,
) -> Result<ApplicationPage, PageError> {
    let office = in_scope(&state, &staff, ApplicationId(id)).await?;
    build(
        &state,
        &csrf,
        &staff,
        office,
        (None, query.done.is_some(), None),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct NoticeQuery {
    #[serde(default)]
    kind: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/notice.html")]
pub struct NoticePage {
    chrome: Chrome,
    id: i64,
    number: String,
    unit: String,
    addressee: String,
    notice: NoticeView,
}

/// `GET /office/openness/applications/{id}/notice?kind=answer`: PUB-ANSWER, a notice kept
/// with the application, printable (the addressee masked as kept).
pub async fn notice(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ApplicationNo(id)): Id<ApplicationNo>,
    Query(query): Query<NoticeQuery>,
) -> Result<NoticePage, PageError> {
    let office = in_scope(&state, &staff, ApplicationId(id)).await?;
    let wanted = NoticeKind::from_code(query.kind.trim()).unwrap_or(NoticeKind::Answer);
    let kept = office
        .notices
        .into_iter()
        .find(|kept| kept.kind == wanted)
        .ok_or_else(|| PageError(platform::Error::not_found("告知书")))?;
    let unit = platform::units::get(&state.platform.db, office.stored.application.unit.0)
        .await?
        .name;
    Ok(NoticePage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        id,
        number: office.stored.number,
        unit,
        addressee: kept.notice.addressee.clone(),
        notice: NoticeView {
            title: kept.notice.title,
            opening: kept.notice.opening,
            fields: kept
                .notice
                .fields
                .into_iter()
                .map(|field| (field.label, field.value))
                .collect(),
            basis: kept.notice.basis,
            remedy: kept.notice.remedy,
            issued_on: kept.notice.issued_on,
        },
    })
}
