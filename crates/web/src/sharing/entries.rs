//! The catalogue in the back office (DATA-CLASS, DATA-CATALOG, DATA-RESOURCE, DATA-WITHDRAW;
//! 000 共享 §4, §6–8): the list — the published catalogue every sharing user reads (with
//! 申请使用 on another unit's shared entry), the viewer's unit's own entries at every status,
//! and for the platform administrator every entry with the review queue first; the register
//! form; an entry's page with its class, dictionary, resources (a table's gateway path and
//! hosted rows), the change clock, and the commands the viewer may run now
//! (`entry_form::command`); the edit form of a draft or of a change in progress. A draft,
//! submitted or withdrawn entry of another unit is not found.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use calendar::Instant;
use platform::db::now_ms;
use sharing::entry::{Command, CommandKind, Entry, EntryClock, ResourceKind, SharingClass, Status};
use sharing::store::entries::{self as store, StoredEntry};
use sharing::store::rows;
use sharing::usecase::entries as usecase;
use sharing::{EntryId, resource_key};

use super::entry_form::{EntryForm, answer, command_code};
use super::{Clocks, EntryNo, acting, clocks_of, name_in, refused, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// One line of a list.
pub struct Line {
    pub id: i64,
    pub number: String,
    pub name: String,
    pub provider: String,
    pub class: &'static str,
    pub status: &'static str,
    pub frequency: String,
    pub light: &'static str,
    pub clock: String,
    /// Another unit's shared entry the viewer may apply for.
    pub may_apply: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/entries.html")]
pub struct ListPage {
    chrome: Chrome,
    is_admin: bool,
    queue: Vec<Line>,
    published: Vec<Line>,
    own: Vec<Line>,
}

/// Whether the viewer may see the entry: published ones everybody, the rest its provider's
/// staff and the administrator.
fn may_see(entry: &Entry, staff: &Staff) -> bool {
    entry.status.is_published()
        || entry.provider.0 == staff.actor.unit_id
        || platform::access::sharing_sees_all_calls(&staff.actor)
}

/// The entry `id` if the viewer may see it, else not found.
pub(super) async fn visible(
    state: &AppState,
    staff: &Staff,
    id: EntryId,
) -> platform::Result<StoredEntry> {
    let stored = store::get(&state.platform.db, id).await?;
    if !may_see(&stored.entry, staff) {
        return Err(platform::Error::not_found("该数据目录"));
    }
    Ok(stored)
}

/// `GET /office/sharing/entries`.
pub async fn list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<ListPage, PageError> {
    let all = store::list(&state.platform.db, &[], None).await?;
    let units = unit_names(&state).await?;
    let (calendar, rule) = clocks_of(&state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    };
    let is_admin = platform::access::sharing_sees_all_calls(&staff.actor);
    let own_unit = staff.actor.unit_id;
    let line = |s: &StoredEntry| {
        let e = &s.entry;
        let (light, clock) = clocks.running(&e.clocks, EntryClock::label_zh);
        Line {
            id: e.id.0,
            number: s.number.clone(),
            name: e.draft.name.clone(),
            provider: name_in(&units, e.provider.0),
            class: e.draft.class.label_zh(),
            status: e.status.label_zh(),
            frequency: e.draft.frequency.clone(),
            light,
            clock,
            may_apply: !is_admin
                && e.provider.0 != own_unit
                && e.status.is_published()
                && e.draft.class.is_shared(),
        }
    };
    let queue = all
        .iter()
        .filter(|s| {
            is_admin
                && matches!(
                    s.entry.status,
                    Status::Submitted | Status::WithdrawalApplied
                )
        })
        .map(line)
        .collect();
    let published = all
        .iter()
        .filter(|s| s.entry.status.is_published())
        .map(line)
        .collect();
    let own = all
        .iter()
        .filter(|s| is_admin || s.entry.provider.0 == own_unit)
        .map(line)
        .collect();
    Ok(ListPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        is_admin,
        queue,
        published,
        own,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/entry_form.html")]
pub struct FormPage {
    chrome: Chrome,
    /// The entry being edited (none: a new one).
    id: Option<i64>,
    changing: bool,
    form: EntryForm,
    error: Option<String>,
}

async fn form_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (id, changing): (Option<i64>, bool),
    form: EntryForm,
    error: Option<String>,
) -> Result<FormPage, PageError> {
    Ok(FormPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id,
        changing,
        form,
        error,
    })
}

/// `GET /office/sharing/entries/new`.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<FormPage, PageError> {
    let form = EntryForm {
        class: "unconditional".into(),
        ..EntryForm::default()
    };
    form_page(&state, &csrf, &staff, (None, false), form, None).await
}

/// `POST /office/sharing/entries`: registers a draft of the viewer's unit, or the form again
/// with every problem (400) and nothing stored.
pub async fn create(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<EntryForm>,
) -> Result<Response, PageError> {
    let outcome = match form.draft(None) {
        Ok(draft) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::register(&state.platform.db, &context, &acting(&staff), draft).await
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    match outcome {
        Ok(stored) => {
            let to = format!("/office/sharing/entries/{}", stored.entry.id.0);
            Ok(Redirect::to(&to).into_response())
        }
        Err(error) if refused(&error) => {
            let page = form_page(
                &state,
                &csrf,
                &staff,
                (None, false),
                form,
                Some(error.to_string()),
            )
            .await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// `GET /office/sharing/entries/{id}/edit`: the draft's, or the change's, form.
pub async fn edit_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(EntryNo(id)): Id<EntryNo>,
) -> Result<FormPage, PageError> {
    let stored = visible(&state, &staff, EntryId(id)).await?;
    let form = EntryForm::of(&stored.entry.draft, stored.version);
    let changing = stored.entry.status == Status::Changing;
    form_page(&state, &csrf, &staff, (Some(id), changing), form, None).await
}

/// `POST /office/sharing/entries/{id}/edit`: the provider edits its draft, or completes the
/// change in progress (DATA-CATALOG: the change clock stops).
pub async fn edit(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(EntryNo(id)): Id<EntryNo>,
    Form(form): Form<EntryForm>,
) -> Result<Response, PageError> {
    let entry_id = EntryId(id);
    let stored = visible(&state, &staff, entry_id).await?;
    let changing = stored.entry.status == Status::Changing;
    let outcome = match form.draft(Some(&stored.entry.draft)) {
        Ok(draft) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let command = if changing {
                Command::CompleteChange { draft }
            } else {
                Command::Edit { draft }
            };
            let version = form.version.unwrap_or(stored.version);
            usecase::execute(
                &state.platform.db,
                &context,
                &acting(&staff),
                entry_id,
                command,
                Some(version),
            )
            .await
            .map(|_| ())
        }
        Err(problems) => Err(platform::Error::invalid(problems)),
    };
    match outcome {
        Err(error) if refused(&error) => {
            let page = form_page(
                &state,
                &csrf,
                &staff,
                (Some(id), changing),
                form,
                Some(error.to_string()),
            )
            .await?;
            Ok((axum::http::StatusCode::BAD_REQUEST, page).into_response())
        }
        outcome => answer(&state, &csrf, &staff, entry_id, outcome).await,
    }
}

/// A resource on the entry's page.
pub struct ResourceLine {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub detail: String,
    pub online: bool,
    /// A hosted table's gateway path and rows.
    pub gateway: String,
    pub rows: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/entry.html")]
pub struct EntryPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    name: String,
    status: &'static str,
    facts: Vec<(&'static str, String)>,
    /// (code, label, type, personal, description).
    fields: Vec<(String, String, &'static str, bool, String)>,
    resources: Vec<ResourceLine>,
    clocks: Vec<(&'static str, String)>,
    commands: Vec<(&'static str, &'static str)>,
    may_edit: bool,
    may_apply: bool,
    error: Option<String>,
    done: bool,
}

fn facts(stored: &StoredEntry, units: &[(i64, String, bool)]) -> Vec<(&'static str, String)> {
    let e = &stored.entry;
    let mut facts = vec![
        ("目录编号", stored.number.clone()),
        ("提供部门", name_in(units, e.provider.0)),
        ("共享类型", e.draft.class.label_zh().to_owned()),
    ];
    match &e.draft.class {
        SharingClass::Conditional { materials } => {
            facts.push(("申请须提供的材料", materials.join("；")));
        }
        SharingClass::NotShared { reason, basis } => {
            facts.push(("不予共享理由", reason.clone()));
            facts.push(("法律法规或政策依据", basis.clone()));
        }
        SharingClass::Unconditional => {}
    }
    facts.push(("更新频率", e.draft.frequency.clone()));
    if let Some(at) = e.published_at {
        facts.push(("发布时间", minute_of(at.millis())));
    }
    if !e.note.is_empty() {
        facts.push(("说明（变更或退回理由）", e.note.clone()));
    }
    if !e.withdrawal_basis.is_empty() {
        facts.push(("撤销依据", e.withdrawal_basis.clone()));
    }
    facts
}

/// The page of entry `id` for the viewer.
pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: EntryId,
    (error, done): (Option<String>, bool),
) -> Result<EntryPage, PageError> {
    let db = &state.platform.db;
    let stored = visible(state, staff, id).await?;
    let e = &stored.entry;
    let units = unit_names(state).await?;
    let (calendar, rule) = clocks_of(state).await?;
    let clocks = Clocks {
        calendar: &calendar,
        rule: &rule,
        now: Instant::from_millis(now_ms()),
    }
    .lines(&e.clocks, EntryClock::label_zh);
    let mut resources = Vec::new();
    for r in &e.draft.resources {
        let key = resource_key(e.id, r.id);
        let (detail, gateway, hosted) = match &r.kind {
            ResourceKind::Table { frequency } => (
                format!("更新频率：{frequency}"),
                format!("/share/v1/{key}"),
                rows::count(db, key).await?,
            ),
            ResourceKind::Api {
                method,
                document,
                self_checked,
                ..
            } => (
                format!(
                    "{method} · 接口文档：{document} · {}",
                    if *self_checked {
                        "已完成安全性、可用性自检"
                    } else {
                        "未自检"
                    }
                ),
                String::new(),
                0,
            ),
            ResourceKind::Files { server, frequency } => (
                format!("文件服务器：{server} · 更新频率：{frequency}"),
                String::new(),
                0,
            ),
        };
        resources.push(ResourceLine {
            id: r.id.0,
            name: r.name.clone(),
            kind: r.kind.label_zh(),
            detail,
            online: r.online,
            gateway,
            rows: hosted,
        });
    }
    let available = usecase::available(e, &acting(staff));
    let may_edit = available
        .iter()
        .any(|k| matches!(k, CommandKind::Edit | CommandKind::CompleteChange));
    let is_admin = platform::access::sharing_sees_all_calls(&staff.actor);
    Ok(EntryPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: stored.number.clone(),
        version: stored.version,
        name: e.draft.name.clone(),
        status: e.status.label_zh(),
        facts: facts(&stored, &units),
        fields: e
            .draft
            .fields
            .iter()
            .map(|f| {
                (
                    f.code.clone(),
                    f.label.clone(),
                    f.kind.label_zh(),
                    f.personal,
                    f.description.clone(),
                )
            })
            .collect(),
        resources,
        clocks,
        commands: available
            .iter()
            .filter(|k| !matches!(k, CommandKind::Edit | CommandKind::CompleteChange))
            .map(|k| (command_code(*k), k.label_zh()))
            .collect(),
        may_edit,
        may_apply: !is_admin
            && e.provider.0 != staff.actor.unit_id
            && e.status.is_published()
            && e.draft.class.is_shared(),
        error,
        done,
    })
}

/// `GET /office/sharing/entries/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(EntryNo(id)): Id<EntryNo>,
    Query(done): Query<super::Done>,
) -> Result<EntryPage, PageError> {
    build(&state, &csrf, &staff, EntryId(id), (None, done.shown())).await
}
