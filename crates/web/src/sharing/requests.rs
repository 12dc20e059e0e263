//! Requests in the back office (DATA-REQUEST, DATA-CROSS, DATA-GRANT; 000 共享 §5, §9, §11):
//! the list of the viewer's unit's requests (filed or to decide; the administrator every
//! one) with the decision clock; the application form for named fields of one resource of a
//! published entry (purpose, data flow, period, urgency, each material a conditional entry
//! lists); a request's page with the filing, the refusal's reason and basis, the levels it
//! was forwarded to, its clocks, and the commands the viewer may run now — approve, refuse
//! with reason and basis, pass to the provider, forward upward, record the upper level's
//! decision, withdraw — each through `sharing::usecase::requests::execute`. An API resource
//! needs the sealed application form, which this page cannot upload yet (it says so).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;
use sharing::entry::{Entry, ResourceKind, SharingClass};
use sharing::request::{Command, CommandKind, Filing, Refusal, RequestClock};
use sharing::store::requests::{self as store};
use sharing::usecase::requests as usecase;
use sharing::{EntryId, RequestId, ResourceId};

use super::entries::visible;
use super::{Clocks, RequestNo, acting, clocks_of, limited, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

fn clock_label(_: RequestClock) -> &'static str {
    "审核授权期限"
}

/// One line of the list.
pub struct Line {
    pub id: i64,
    pub number: String,
    pub entry: String,
    pub consumer: String,
    pub provider: String,
    pub fields: String,
    pub status: &'static str,
    pub light: &'static str,
    pub clock: String,
    pub submitted: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/requests.html")]
pub struct ListPage {
    chrome: Chrome,
    lines: Vec<Line>,
}

/// `GET /office/sharing/requests`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    let db = &state.platform.db;
    let unit =
        (!platform::access::sharing_sees_all_calls(&staff.actor)).then_some(staff.actor.unit_id);
    let units = unit_names(&state).await?;
    let entries = sharing::store::entries::list(db, &[], None).await?;
    let (calendar, rule) = clocks_of(&state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    };
    let lines = store::list_for(db, unit)
        .await?
        .into_iter()
        .map(|s| {
            let r = &s.request;
            let (light, clock) = clocks.running(&r.clocks, clock_label);
            Line {
                id: r.id.0,
                number: s.number.clone(),
                entry: entries
                    .iter()
                    .find(|e| e.entry.id == r.filing.entry)
                    .map_or_else(String::new, |e| e.entry.draft.name.clone()),
                consumer: name_in(&units, r.consumer.0),
                provider: name_in(&units, r.provider.0),
                fields: r.filing.fields.join("、"),
                status: r.status.label_zh(),
                light,
                clock,
                submitted: minute_of(r.submitted_at.millis()),
            }
        })
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        lines,
    })
}

/// The application form as typed; `fields` (checkboxes) and `materials` repeat.
#[derive(Debug, Default)]
pub struct ApplyForm {
    entry: String,
    resource: String,
    fields: Vec<String>,
    purpose: String,
    flow: String,
    days: String,
    urgent: String,
    materials: Vec<String>,
}

impl ApplyForm {
    /// The form from its pairs; an unknown name is refused.
    fn read(pairs: Vec<(String, String)>) -> platform::Result<ApplyForm> {
        let mut form = ApplyForm::default();
        for (name, value) in pairs {
            match name.as_str() {
                "entry" => form.entry = value,
                "resource" => form.resource = value,
                "fields" => form.fields.push(value),
                "purpose" => form.purpose = value,
                "flow" => form.flow = value,
                "days" => form.days = value,
                "urgent" => form.urgent = value,
                "materials" => form.materials.push(value),
                _ => return Err(platform::Error::invalid(format!("表单中没有“{name}”一项"))),
            }
        }
        if form.fields.len() > sharing::entry::MAX_FIELDS || form.materials.len() > 50 {
            return Err(platform::Error::invalid("申请的字段或材料过多"));
        }
        Ok(form)
    }

    fn filing(&self, entry: EntryId) -> platform::Result<Filing> {
        let resource = crate::extract::parse_number(self.resource.trim())
            .ok_or_else(|| platform::Error::invalid("请选择资源"))?;
        let days = self.days.trim().parse::<u32>().map_err(|_| {
            platform::Error::invalid(format!("授权期限“{}”应为天数", self.days.trim()))
        })?;
        let mut materials = Vec::new();
        for m in &self.materials {
            materials.push(limited(m, "申请材料", 2000)?);
        }
        Ok(Filing {
            entry,
            resource: ResourceId(resource),
            fields: self.fields.iter().map(|f| f.trim().to_owned()).collect(),
            purpose: limited(&self.purpose, "使用用途", 2000)?,
            flow: limited(&self.flow, "数据流向", 2000)?,
            days,
            urgent: self.urgent == "yes",
            materials,
            form_attachment: None,
        })
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/request_new.html")]
pub struct ApplyPage {
    chrome: Chrome,
    entry: i64,
    name: String,
    number: String,
    /// (code, label, personal, checked).
    fields: Vec<(String, String, bool, bool)>,
    /// (id, name, kind, is an API).
    resources: Vec<(i64, String, &'static str, bool)>,
    materials: Vec<(String, String)>,
    form: ApplyForm,
    max_days: u32,
    error: Option<String>,
}

async fn apply_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, form): (EntryId, ApplyForm),
    error: Option<String>,
) -> Result<ApplyPage, PageError> {
    let stored = visible(state, staff, id).await?;
    let e: &Entry = &stored.entry;
    let profile = state.profile().await?;
    let wanted = |code: &str| form.fields.iter().any(|f| f == code);
    let listed = match &e.draft.class {
        SharingClass::Conditional { materials } => materials.clone(),
        _ => Vec::new(),
    };
    let materials = listed
        .into_iter()
        .enumerate()
        .map(|(i, m)| (m, form.materials.get(i).cloned().unwrap_or_default()))
        .collect();
    Ok(ApplyPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        entry: id.0,
        name: e.draft.name.clone(),
        number: stored.number.clone(),
        fields: e
            .draft
            .fields
            .iter()
            .map(|f| (f.code.clone(), f.label.clone(), f.personal, wanted(&f.code)))
            .collect(),
        resources: e
            .draft
            .resources
            .iter()
            .filter(|r| r.online)
            .map(|r| {
                let api = matches!(r.kind, ResourceKind::Api { .. });
                (r.id.0, r.name.clone(), r.kind.label_zh(), api)
            })
            .collect(),
        materials,
        form,
        max_days: profile.datashare.grant_max.limit().amount,
        error,
    })
}

/// `?entry=` of the application form.
#[derive(Debug, Default, Deserialize)]
pub struct Of {
    #[serde(default)]
    entry: String,
}

fn entry_of(text: &str) -> platform::Result<EntryId> {
    crate::extract::parse_number(text.trim())
        .map(EntryId)
        .ok_or_else(|| platform::Error::not_found("该数据目录"))
}

/// `GET /office/sharing/requests/new?entry=`.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(of): Query<Of>,
) -> Result<ApplyPage, PageError> {
    let id = entry_of(&of.entry)?;
    let form = ApplyForm {
        days: "365".into(),
        ..ApplyForm::default()
    };
    apply_page(&state, &csrf, &staff, (id, form), None).await
}

/// `POST /office/sharing/requests`: files the request, or the form again with every problem
/// (400) and nothing stored.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let form = ApplyForm::read(pairs)?;
    let id = entry_of(&form.entry)?;
    visible(&state, &staff, id).await?;
    let outcome = match form.filing(id) {
        Ok(filing) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::submit(&state.platform.db, &context, &acting(&staff), filing).await
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(stored) => {
            let to = format!("/office/sharing/requests/{}", stored.request.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page =
                apply_page(&state, &csrf, &staff, (id, form), Some(error.to_string())).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/request.html")]
pub struct RequestPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    clocks: Vec<(&'static str, String)>,
    commands: Vec<&'static str>,
    error: Option<String>,
    done: bool,
}

impl RequestPage {
    fn can(&self, code: &str) -> bool {
        self.commands.contains(&code)
    }
}

fn command_code(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::Approve => "approve",
        CommandKind::Refuse => "refuse",
        CommandKind::PassToProvider => "pass-to-provider",
        CommandKind::ForwardUpward => "forward-upward",
        CommandKind::RecordUpperDecision => "record-upper",
        CommandKind::Withdraw => "withdraw",
    }
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: RequestId,
    (error, done): (Option<String>, bool),
) -> Result<RequestPage, PageError> {
    let db = &state.platform.db;
    let stored = store::get(db, id).await?;
    let me = acting(staff);
    if !usecase::may_see(&stored.request, &me) {
        return Err(platform::Error::not_found("该共享申请").into());
    }
    let r = &stored.request;
    let units = unit_names(state).await?;
    let entry = sharing::store::entries::get(db, r.filing.entry).await?;
    let resource = entry
        .entry
        .resource(r.filing.resource)
        .map_or_else(String::new, |x| x.name.clone());
    let field_names: Vec<String> = r
        .filing
        .fields
        .iter()
        .map(|code| {
            entry
                .entry
                .draft
                .field(code)
                .map_or_else(|| code.clone(), |f| format!("{}（{code}）", f.label))
        })
        .collect();
    let mut facts = vec![
        (
            "数据目录",
            format!("{} {}", entry.number, entry.entry.draft.name),
        ),
        ("资源", resource),
        ("申请字段", field_names.join("、")),
        ("使用部门", name_in(&units, r.consumer.0)),
        ("提供部门", name_in(&units, r.provider.0)),
        ("使用用途", r.filing.purpose.clone()),
        ("数据流向", r.filing.flow.clone()),
        ("授权期限", format!("{} 天", r.filing.days)),
        (
            "紧急使用",
            if r.filing.urgent { "是" } else { "否" }.to_owned(),
        ),
        ("提交时间", minute_of(r.submitted_at.millis())),
    ];
    if !r.filing.materials.is_empty() {
        facts.push(("申请材料", r.filing.materials.join("；")));
    }
    if !r.levels.is_empty() {
        facts.push(("已逐级报送", r.levels.join(" → ")));
    }
    if let Some(at) = r.decided_at {
        facts.push(("决定时间", minute_of(at.millis())));
    }
    if let Some(refusal) = &r.refusal {
        facts.push(("不予授权理由", refusal.reason.clone()));
        facts.push(("不予授权依据", refusal.basis.clone()));
    }
    let (calendar, rule) = clocks_of(state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    }
    .lines(&r.clocks, clock_label);
    let judged = Judged::load(state, staff).await?;
    let context = judged.context(state);
    let commands = usecase::available(r, &me, &context)
        .into_iter()
        .map(command_code)
        .collect();
    Ok(RequestPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: stored.number.clone(),
        version: stored.version,
        status: r.status.label_zh(),
        facts,
        clocks,
        commands,
        error,
        done,
    })
}

/// `GET /office/sharing/requests/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(RequestNo(id)): Id<RequestNo>,
    Query(done): Query<super::Done>,
) -> Result<RequestPage, PageError> {
    build(&state, &csrf, &staff, RequestId(id), (None, done.shown())).await
}

/// One command from the request's page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandForm {
    command: String,
    version: i64,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    basis: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    approved: String,
}

fn parse(form: &CommandForm) -> platform::Result<Command> {
    let reason = limited(&form.reason, "理由", 2000)?;
    let basis = limited(&form.basis, "依据", 2000)?;
    Ok(match form.command.as_str() {
        "approve" => Command::Approve,
        // DATA-REQUEST: a refusal gives its reason and basis (the machine checks both).
        "refuse" => Command::Refuse { reason, basis },
        "pass-to-provider" => Command::PassToProvider,
        "forward-upward" => Command::ForwardUpward {
            level: limited(&form.level, "上级平台", 200)?,
        },
        "record-upper" => match form.approved.as_str() {
            "yes" => Command::RecordUpperDecision {
                approved: true,
                refusal: None,
            },
            "no" => Command::RecordUpperDecision {
                approved: false,
                refusal: Some(Refusal { reason, basis }),
            },
            _ => return Err(platform::Error::invalid("请选择上级平台的审核结果")),
        },
        "withdraw" => Command::Withdraw,
        _ => return Err(platform::Error::invalid("未知的办理事项")),
    })
}

/// `POST /office/sharing/requests/{id}/command`.
pub async fn command(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(RequestNo(id)): Id<RequestNo>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let id = RequestId(id);
    let stored = store::get(&state.platform.db, id).await?;
    if !usecase::may_see(&stored.request, &acting(&staff)) {
        return Err(platform::Error::not_found("该共享申请").into());
    }
    let outcome = match parse(&form) {
        Ok(command) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::execute(
                &state.platform.db,
                &context,
                &acting(&staff),
                id,
                command,
                Some(form.version),
            )
            .await
            .map(|_| ())
        }
        Err(error) => Err(error),
    };
    match outcome {
        Ok(()) => {
            let to = format!("/office/sharing/requests/{}?done=1", id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = build(&state, &csrf, &staff, id, (Some(error.to_string()), false)).await?;
            Ok((StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}
