//! A submission's page (WEB-SUBMIT), the kernel's subject page of `SUBMISSION_SUBJECT`
//! (`/office/sites/submissions/{id}`): what was submitted and by whom, the author's mobile
//! masked with an audited reveal for the writer, the unit's leaders and the column's editors,
//! the leader's approval and send-backs, the editors' clock with its light and due, their
//! decision — the draft article it became, linked, or the reason of a return — its history,
//! and the commands `submission::available` gives the viewer (each one form, run by
//! `submission_commands`). Who may not read a submission gets 404.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use calendar::Instant;
use platform::db::now_ms;
use serde::Deserialize;
use sites::SubmissionId;
use sites::submission::{CommandKind, Outcome, Status};
use sites::usecase::{self, OfficeSubmission};

use super::acting;
use super::submissions::SubmissionNo;
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Id, Query};
use crate::staff::Staff;

/// The submission `id` for the viewer, or 404 (whoever may not read it learns nothing of it).
pub(super) async fn in_scope(
    state: &AppState,
    staff: &Staff,
    id: SubmissionId,
) -> Result<OfficeSubmission, PageError> {
    let db = &state.platform.db;
    match usecase::office_submission(db, &state.platform.key, id, &acting(staff)).await {
        Ok(office) => Ok(office),
        Err(platform::Error::NotFound(_) | platform::Error::Refused(_)) => {
            Err(PageError(platform::Error::not_found("报送信息")))
        }
        Err(error) => Err(error.into()),
    }
}

/// The commands the page offers (`submission::available` for the viewer).
#[derive(Default)]
pub struct Can {
    pub edit: bool,
    pub submit: bool,
    pub approve: bool,
    pub send_back: bool,
    pub withdraw: bool,
    pub adopt: bool,
    pub return_it: bool,
}

impl Can {
    fn of(available: &[CommandKind]) -> Can {
        let has = |kind| available.contains(&kind);
        Can {
            edit: has(CommandKind::Edit),
            submit: has(CommandKind::Submit),
            approve: has(CommandKind::Approve),
            send_back: has(CommandKind::SendBack),
            withdraw: has(CommandKind::Withdraw),
            adopt: has(CommandKind::Adopt),
            return_it: has(CommandKind::Return),
        }
    }

    fn any(&self) -> bool {
        self.edit
            || self.submit
            || self.approve
            || self.send_back
            || self.withdraw
            || self.adopt
            || self.return_it
    }
}

/// The editors' clock as the page shows it.
pub struct ClockLine {
    pub light: &'static str,
    pub words: &'static str,
    pub due: String,
    pub state: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_submission.html")]
pub struct SubmissionPage {
    chrome: Chrome,
    id: i64,
    number: String,
    version: i64,
    title: String,
    status: &'static str,
    major: bool,
    unit: String,
    author: String,
    mobile: String,
    revealed: bool,
    may_reveal: bool,
    site: String,
    column: String,
    created: String,
    received: String,
    body: String,
    approval: Option<String>,
    send_backs: Vec<(String, String, String)>,
    open_send_back: Option<String>,
    adopted: Option<(i64, String)>,
    returned: Option<String>,
    withdrawn: Option<String>,
    clocks: Vec<ClockLine>,
    limit: String,
    can: Can,
    other_columns: Vec<(i64, String)>,
    history: Vec<crate::history::HistoryLine>,
    error: Option<String>,
    done: bool,
}

impl SubmissionPage {
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

async fn user_name(state: &AppState, id: i64) -> String {
    match platform::users::get(&state.platform.db, id).await {
        Ok(account) => format!("{}（{}）", account.display_name, account.unit_name),
        Err(_) => format!("用户 {id}"),
    }
}

/// The submission's page for the viewer, with `error` (a refused command).
pub(super) async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeSubmission,
    error: Option<String>,
) -> Result<SubmissionPage, PageError> {
    build(state, csrf, staff, office, (error, false, None)).await
}

pub(super) async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeSubmission,
    (error, done, revealed): (Option<String>, bool, Option<String>),
) -> Result<SubmissionPage, PageError> {
    let db = &state.platform.db;
    let s = &office.submission;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let clocks = s
        .clocks
        .iter()
        .map(|clock| {
            let light = clock.light(&calendar, now, &rule);
            let state = match clock.stopped_at {
                Some(at) if clock.is_overdue(&calendar, at) || at > clock.due(&calendar) => {
                    format!("已于 {} 办结（超时）", minute_of(at.millis()))
                }
                Some(at) => format!("已于 {} 办结", minute_of(at.millis())),
                None if clock.is_overdue(&calendar, now) => "已超时".to_owned(),
                None => "计时中".to_owned(),
            };
            ClockLine {
                light: light.code(),
                words: light.label_zh(),
                due: minute_of(clock.due(&calendar).millis()),
                state,
            }
        })
        .collect();
    let approval = match &s.approval {
        Some(a) => Some(format!(
            "{} 于 {} {}{}",
            user_name(state, a.by.0).await,
            minute_of(a.at.millis()),
            if a.as_principal {
                "以主要领导身份审核同意"
            } else {
                "审核同意"
            },
            if a.opinion.trim().is_empty() {
                String::new()
            } else {
                format!("：{}", a.opinion.trim())
            }
        )),
        None => None,
    };
    let mut send_backs = Vec::new();
    for back in &s.send_backs {
        send_backs.push((
            user_name(state, back.by.0).await,
            minute_of(back.at.millis()),
            back.reason.clone(),
        ));
    }
    let open_send_back = s.open_send_back().map(|back| back.reason.clone());
    let (adopted, returned) = match s.decision.as_ref().map(|d| &d.outcome) {
        Some(Outcome::Adopted { article, .. }) => {
            let number = sites::store::articles::get(db, *article)
                .await
                .map(|stored| stored.number)
                .unwrap_or_else(|_| article.to_string());
            (Some((article.0, number)), None)
        }
        Some(Outcome::Returned { reason }) => (None, Some(reason.clone())),
        None => (None, None),
    };
    let can = Can::of(&office.available);
    let other_columns = if can.adopt {
        sites::usecase::office::editor_columns(db, sites::UserId(staff.actor.user_id))
            .await?
            .into_iter()
            .filter(|c| c.stored.column.site == s.site && c.stored.column.id != s.column)
            .filter(|c| c.stored.column.check_open().is_ok())
            .map(|c| (c.stored.column.id.0, c.stored.column.name.clone()))
            .collect()
    } else {
        Vec::new()
    };
    let kind = &sites::SUBMISSION_SUBJECT;
    let rows = platform::workflow::history::rows(db, kind, s.id.0).await?;
    let history = crate::history::lines(db, kind, &rows, status_label).await?;
    Ok(SubmissionPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: s.id.0,
        number: office.number.clone(),
        version: office.version,
        title: s.title.clone(),
        status: s.status.label_zh(),
        major: s.major,
        unit: s.unit_name.clone(),
        author: s.author.clone(),
        revealed: revealed.is_some(),
        mobile: revealed.unwrap_or_else(|| office.mobile_masked.clone()),
        may_reveal: office.may_reveal_mobile,
        site: office.site.registration().name.clone(),
        column: office.column.name.clone(),
        created: minute_of(s.created_at.millis()),
        received: s
            .received_at
            .map(|at| minute_of(at.millis()))
            .unwrap_or_default(),
        body: quoted(&sites::sanitize::clean(&s.body)),
        approval,
        send_backs,
        open_send_back,
        adopted,
        returned,
        withdrawn: s.withdrawn_at.map(|at| minute_of(at.millis())),
        clocks,
        limit: profile.website.submission_publish.0.label_zh(),
        can,
        other_columns,
        history,
        error,
        done,
    })
}

/// The cleaned body with the quotes of its text escaped as well (the serializer leaves them
/// as they are in text, where they are harmless but read as if unescaped): outside a tag `"`
/// and `'` become entities; inside one, a `"` opens or closes an attribute's value, which the
/// serializer always quotes with it.
fn quoted(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut in_value) = (false, false);
    for c in html.chars() {
        match c {
            '<' if !in_tag => {
                in_tag = true;
                out.push(c);
            }
            '"' if in_tag => {
                in_value = !in_value;
                out.push(c);
            }
            '>' if in_tag && !in_value => {
                in_tag = false;
                out.push(c);
            }
            '"' => out.push_str("&quot;"),
            '\'' if !in_tag => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `?done=1` after a command that succeeded.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct DoneQuery {
    done: Option<String>,
}

/// `GET /office/sites/submissions/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SubmissionNo(id)): Id<SubmissionNo>,
    Query(query): Query<DoneQuery>,
) -> Result<SubmissionPage, PageError> {
    let office = in_scope(&state, &staff, SubmissionId(id)).await?;
    let done = query.done.is_some();
    build(&state, &csrf, &staff, office, (None, done, None)).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn statuses_are_named_in_chinese() {
        assert_eq!(super::status_label("at_editors"), "待采编");
        assert_eq!(super::status_label("draft"), "草稿");
        assert_eq!(super::status_label("nothing"), "—");
    }

    #[test]
    fn quotes_in_text_are_escaped_and_attributes_kept() {
        let html = "<p title=\"a > 'b'\">'\"--</p><a href=\"/x\">x</a>";
        assert_eq!(
            super::quoted(html),
            "<p title=\"a > 'b'\">&#39;&quot;--</p><a href=\"/x\">x</a>"
        );
    }
}
