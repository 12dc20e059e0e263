//! The document register in the back office (公文公开属性登记, PUB-ATTR, PUB-CONFID, PUB-COORD,
//! SEC-SECRET): the unit's register with the documents other units asked it to confirm, the
//! registration of a draft with its attribute (returned, 退文, with every problem at once and
//! what was typed kept), and a document's page — its records, the coordination requests with
//! their clocks, where the publication gate stands and why, and the forms of the records the
//! viewer may make now. Outside the issuing unit and the units asked a document is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use openness::register::{
    Attribute, Document, DocumentKind, Draft, InterestKind, ReviewOpinion, Secrecy, SecrecyLevel,
    Stage, Topic, may_publish, stage,
};
use openness::store::documents as store;
use openness::usecase::documents as usecase;
use openness::{DocumentId, UnitId};
use platform::db::now_ms;
use platform::roles::Role;
use serde::Deserialize;

use super::DocumentNo;
use super::office::acting;
use crate::AppState;
use crate::chrome::{Chrome, date_of, minute_of};
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One line of the register.
pub struct RegisterLine {
    pub id: i64,
    pub number: String,
    pub issue_number: String,
    pub title: String,
    pub attribute: &'static str,
    pub stage: &'static str,
    pub drafted: String,
    /// Another unit's document this unit is asked to confirm.
    pub asked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/documents.html")]
pub struct RegisterPage {
    chrome: Chrome,
    unit: String,
    lines: Vec<RegisterLine>,
}

/// `GET /office/openness/documents`: the viewer's unit's register, newest first.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<RegisterPage, PageError> {
    let unit = UnitId(staff.actor.unit_id);
    let lines = store::register(&state.platform.db, unit, 500)
        .await?
        .into_iter()
        .map(|line| RegisterLine {
            id: line.id.0,
            number: line.number,
            issue_number: line.issue_number,
            title: line.title,
            attribute: line.attribute.label_zh(),
            stage: line.stage.label_zh(),
            drafted: date_of(line.drafted_at.millis()),
            asked: line.unit != unit,
        })
        .collect();
    Ok(RegisterPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        lines,
    })
}

/// The registration form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    issue_number: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    attribute: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    secrecy: String,
    #[serde(default)]
    interest: String,
    #[serde(default)]
    topic: String,
    #[serde(default)]
    holder: String,
    /// PUB-MEETING: a meeting plan's opinions (`register_meeting`).
    #[serde(default)]
    pub(super) meeting_major: Option<String>,
    #[serde(default)]
    pub(super) meeting_invite: String,
    #[serde(default)]
    pub(super) invite_stakeholders: Option<String>,
    #[serde(default)]
    pub(super) invite_public: Option<String>,
    #[serde(default)]
    pub(super) invite_experts: Option<String>,
    #[serde(default)]
    pub(super) invite_media: Option<String>,
    #[serde(default)]
    pub(super) meeting_public: String,
    #[serde(default)]
    pub(super) way_television: Option<String>,
    #[serde(default)]
    pub(super) way_internet: Option<String>,
    #[serde(default)]
    pub(super) way_attendance: Option<String>,
    #[serde(default)]
    pub(super) way_news: Option<String>,
    #[serde(default)]
    pub(super) way_new_media: Option<String>,
    #[serde(default)]
    pub(super) not_public_reason: String,
    #[serde(default)]
    pub(super) consulted: Option<String>,
    #[serde(default)]
    pub(super) adoption: String,
}

/// The longest texts of the registration form, in characters.
const LIMITS: [(&str, usize); 4] = [("标题", 200), ("文号", 60), ("理由", 2000), ("权利人", 200)];

impl DraftForm {
    /// The draft, or the problems of what was typed (lengths, unknown choices).
    fn draft(&self) -> Result<Draft, String> {
        let texts = [&self.title, &self.issue_number, &self.reason, &self.holder];
        let mut problems: Vec<String> = LIMITS
            .iter()
            .zip(texts)
            .filter(|((_, max), text)| text.chars().count() > *max)
            .map(|((what, max), _)| format!("{what}不能超过{max}个字"))
            .collect();
        let kind = match self.kind.as_str() {
            "" | "other" => DocumentKind::Other,
            "policy" => DocumentKind::Policy,
            "request_or_report" => DocumentKind::RequestOrReport,
            "meeting_plan" => DocumentKind::MeetingPlan,
            "regulation" => DocumentKind::Regulation,
            "normative" => DocumentKind::Normative,
            _ => {
                problems.push("请选择公文类型".to_owned());
                DocumentKind::Other
            }
        };
        let attribute = match self.attribute.as_str() {
            "" => None,
            code => Attribute::ALL
                .into_iter()
                .find(|a| attribute_code(*a) == code),
        };
        let secrecy = match self.secrecy.as_str() {
            "" => None,
            code => match SecrecyLevel::ALL
                .into_iter()
                .find(|l| level_code(*l) == code)
            {
                Some(level) => Some(Secrecy { level, until: None }),
                None => {
                    problems.push("请选择密级".to_owned());
                    None
                }
            },
        };
        // PUB-CATALOG: the 主题分类 the catalogue lists it under.
        let topic = match self.topic.as_str() {
            "" => None,
            code => match Topic::of_code(code) {
                Some(topic) => Some(topic),
                None => {
                    problems.push("请选择主题分类".to_owned());
                    None
                }
            },
        };
        let interests = match self.interest.as_str() {
            "" => Vec::new(),
            "commercial_secret" => vec![(InterestKind::CommercialSecret, self.holder.clone())],
            "privacy" => vec![(InterestKind::Privacy, self.holder.clone())],
            _ => {
                problems.push("请选择涉及的第三方权益".to_owned());
                Vec::new()
            }
        };
        let meeting = match kind {
            DocumentKind::MeetingPlan => Some(self.meeting(&mut problems)),
            _ => None,
        };
        if !problems.is_empty() {
            return Err(problems.join("；"));
        }
        Ok(Draft {
            title: self.title.clone(),
            number: self.issue_number.clone(),
            kind: Some(kind),
            attribute,
            attribute_reason: self.reason.clone(),
            secrecy,
            interests,
            topic,
            meeting,
        })
    }
}

pub(super) fn attribute_code(attribute: Attribute) -> &'static str {
    store::attribute_code(attribute)
}

fn level_code(level: SecrecyLevel) -> &'static str {
    match level {
        SecrecyLevel::Secret => "secret",
        SecrecyLevel::Confidential => "confidential",
        SecrecyLevel::TopSecret => "top_secret",
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/document_new.html")]
pub struct DraftPage {
    chrome: Chrome,
    form: DraftForm,
    error: Option<String>,
    attributes: Vec<(&'static str, &'static str)>,
    levels: Vec<(&'static str, &'static str)>,
    topics: Vec<(String, &'static str)>,
}

async fn draft_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    form: DraftForm,
    error: Option<String>,
) -> Result<DraftPage, PageError> {
    Ok(DraftPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        form,
        error,
        attributes: Attribute::ALL
            .into_iter()
            .map(|a| (attribute_code(a), a.label_zh()))
            .collect(),
        levels: SecrecyLevel::ALL
            .into_iter()
            .map(|l| (level_code(l), l.label_zh()))
            .collect(),
        topics: Topic::ALL
            .into_iter()
            .map(|t| (t.code(), t.label_zh()))
            .collect(),
    })
}

/// `GET /office/openness/documents/new`: the registration form.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<DraftPage, PageError> {
    draft_page(&state, &csrf, &staff, DraftForm::default(), None).await
}

/// `POST /office/openness/documents`: registers the draft, or shows it again with every
/// problem (退文) and nothing stored.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<DraftForm>,
) -> Result<Response, PageError> {
    let outcome = match form.draft() {
        Ok(draft) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::register_draft(&state.platform.db, &context, &acting(&staff), draft).await
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    match outcome {
        Ok(stored) => {
            let to = format!("/office/openness/documents/{}", stored.document.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error @ (platform::Error::Invalid(_) | platform::Error::Refused(_))) => {
            let page = draft_page(&state, &csrf, &staff, form, Some(error.to_string())).await?;
            Ok((status_of(&error), page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// What the viewer may record on the document now (the forms the page shows).
#[derive(Debug, Default)]
pub struct Can {
    pub confirm: bool,
    pub review: bool,
    pub determine: bool,
    pub declassify: bool,
    pub consent: bool,
    pub coordinate: bool,
    pub reply: bool,
}

impl Can {
    fn of(document: &Document, viewer: &openness::Acting) -> Can {
        let keeps = viewer.has_in(Role::OpennessOfficer, document.unit)
            || viewer.has_in(Role::UnitLeader, document.unit);
        let referred = document
            .review
            .as_ref()
            .is_some_and(|r| r.opinion == ReviewOpinion::Refer);
        Can {
            confirm: viewer.has_in(Role::UnitLeader, document.unit)
                && document.confirmation.is_none(),
            review: keeps && document.review.is_none(),
            determine: keeps && referred && document.determination.is_none(),
            declassify: keeps && document.secrecy.is_some() && document.declassification.is_none(),
            consent: keeps && document.interests.iter().any(|i| i.consent.is_none()),
            coordinate: keeps,
            reply: document
                .coordination
                .iter()
                .any(|c| c.unit == viewer.unit && c.is_pending()),
        }
    }

    fn any(&self) -> bool {
        self.confirm
            || self.review
            || self.determine
            || self.declassify
            || self.consent
            || self.coordinate
            || self.reply
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/document.html")]
pub struct DocumentPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    title: String,
    unit: String,
    facts: Vec<(&'static str, String)>,
    stage: &'static str,
    publishable: bool,
    gate: String,
    coordination: Vec<super::register_view::CoordinationLine>,
    proactive: Option<super::register_view::ProactiveLine>,
    document_published: bool,
    can: Can,
    holders: Vec<String>,
    units: Vec<(i64, String)>,
    opinions: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    done: bool,
}

impl DocumentPage {
    fn any_command(&self) -> bool {
        self.can.any()
    }
}

/// The page of `stored` for the viewer, with a refusal or a done notice.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    stored: store::StoredDocument,
    (error, done): (Option<String>, bool),
) -> Result<DocumentPage, PageError> {
    let db = &state.platform.db;
    let document = &stored.document;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let units = platform::units::list(db).await?;
    let name_of = |id: i64| {
        units
            .iter()
            .find(|u| u.id == id)
            .map_or_else(|| id.to_string(), |u| u.name.clone())
    };
    let viewer = acting(staff);
    let can = Can::of(document, &viewer);
    let facts = super::register_view::facts(document, &minute_of);
    let coordination =
        super::register_view::coordination(document, &calendar, now, &rule, &name_of);
    let proactive = super::register_view::proactive(document, &calendar, now, &rule);
    let gate = match may_publish(document) {
        Ok(()) => String::new(),
        Err(refusal) => refusal.message,
    };
    Ok(DocumentPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: document.id.0,
        number: stored.number.clone(),
        version: stored.version,
        title: document.title.clone(),
        unit: name_of(document.unit.0),
        facts,
        stage: stage(document).label_zh(),
        publishable: stage(document) == Stage::Publishable,
        gate,
        coordination,
        proactive,
        document_published: document.publication.is_some(),
        holders: document
            .interests
            .iter()
            .filter(|i| i.consent.is_none())
            .map(|i| i.holder.clone())
            .collect(),
        units: units
            .iter()
            .filter(|u| u.id != document.unit.0 && u.active)
            .map(|u| (u.id, u.name.clone()))
            .collect(),
        opinions: ReviewOpinion::ALL
            .into_iter()
            .map(|o| (super::register_commands::opinion_code(o), o.label_zh()))
            .collect(),
        can,
        error,
        done,
    })
}

/// `?done=1` after a record.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /office/openness/documents/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(DocumentNo(id)): Id<DocumentNo>,
    Query(query): Query<Done>,
) -> Result<DocumentPage, PageError> {
    let stored = in_scope(&state, &staff, DocumentId(id)).await?;
    build(&state, &csrf, &staff, stored, (None, query.done.is_some())).await
}

/// Document `id` for the viewer, or 404.
pub(super) async fn in_scope(
    state: &AppState,
    staff: &Staff,
    id: DocumentId,
) -> Result<store::StoredDocument, PageError> {
    match usecase::office_document(&state.platform.db, id, &acting(staff)).await {
        Ok(stored) => Ok(stored),
        Err(platform::Error::NotFound(_) | platform::Error::Refused(_)) => {
            Err(PageError(platform::Error::not_found("公文")))
        }
        Err(error) => Err(error.into()),
    }
}
