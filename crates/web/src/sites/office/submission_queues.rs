//! The lists of the units' submissions (WEB-SUBMIT; 004 §26–27), `/office/sites/submissions`:
//! the viewer's unit's submissions, the leader's queue (待单位领导审核) and the editors' queue
//! (待采编) with each clock's light and due (the profile's `website.submission_publish` from
//! receipt).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use calendar::Instant;
use platform::access::{self, SubmissionOp};
use platform::db::now_ms;
use platform::roles::Role;
use sites::submission::Status;
use sites::usecase::{self, read};
use sites::{UnitId, UserId};

use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::staff::Staff;

/// How many of the unit's submissions the list shows.
const UNIT_ITEMS: usize = 100;

/// A submission in a list.
pub struct Line {
    pub id: i64,
    pub number: String,
    pub title: String,
    pub status: &'static str,
    pub major: bool,
    pub site: String,
    pub created: String,
    pub received: String,
    /// The editors' clock (待采编): its light code, in words, and due.
    pub light: &'static str,
    pub light_words: &'static str,
    pub due: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/office_submissions.html")]
pub struct QueuesPage {
    chrome: Chrome,
    may_write: bool,
    is_leader: bool,
    is_editor: bool,
    unit_name: String,
    own: Vec<Line>,
    at_leader: Vec<Line>,
    at_editors: Vec<Line>,
    limit: String,
}

/// The sites' names by id.
async fn site_names(state: &AppState) -> platform::Result<Vec<(i64, String)>> {
    let profile = state.profile().await?;
    Ok(read::group_sites(&state.platform.db, &profile)
        .await?
        .into_iter()
        .map(|site| (site.id.0, site.registration.name))
        .collect())
}

fn name_in(names: &[(i64, String)], id: i64) -> String {
    names
        .iter()
        .find(|(site, _)| *site == id)
        .map(|(_, name)| name.clone())
        .unwrap_or_default()
}

fn line_of(line: &sites::store::submissions::SubmissionLine, sites: &[(i64, String)]) -> Line {
    Line {
        id: line.id.0,
        number: line.number.clone(),
        title: line.title.clone(),
        status: line.status.label_zh(),
        major: line.major,
        site: name_in(sites, line.site.0),
        created: minute_of(line.created_at.millis()),
        received: line
            .received_at
            .map(|at| minute_of(at.millis()))
            .unwrap_or_default(),
        light: "",
        light_words: "",
        due: String::new(),
    }
}

/// `GET /office/sites/submissions`: the viewer's unit's submissions, and the queues of the
/// viewer's roles — a leader's 待审核 of the unit, an editor's 待采编 with each clock's light.
pub async fn queues(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<QueuesPage, PageError> {
    let db = &state.platform.db;
    let actor = &staff.actor;
    let sites = site_names(&state).await?;
    let unit = UnitId(actor.unit_id);
    let lines = usecase::unit_submissions(db, unit, 500).await?;
    let is_leader = actor.has(Role::UnitLeader);
    // WEB-SUBMIT (004 §26): what waits for the unit's leaders, oldest first.
    let at_leader: Vec<Line> = if is_leader {
        lines
            .iter()
            .rev()
            .filter(|line| line.status == Status::AtLeader)
            .map(|line| line_of(line, &sites))
            .collect()
    } else {
        Vec::new()
    };
    let own: Vec<Line> = lines
        .iter()
        .take(UNIT_ITEMS)
        .map(|line| line_of(line, &sites))
        .collect();
    let is_editor = actor.has(Role::SiteEditor);
    let at_editors = if is_editor {
        editor_lines(&state, UserId(actor.user_id), &sites).await?
    } else {
        Vec::new()
    };
    let profile = state.profile().await?;
    Ok(QueuesPage {
        chrome: Chrome::office(&state, &csrf, actor).await?,
        may_write: access::site_submissions(actor, SubmissionOp::Write),
        is_leader,
        is_editor,
        unit_name: actor.unit_name.clone(),
        own,
        at_leader,
        at_editors,
        limit: profile.website.submission_publish.0.label_zh(),
    })
}

/// WEB-SUBMIT (004 §27): the editors' queue, each with its clock's light and due.
async fn editor_lines(
    state: &AppState,
    editor: UserId,
    sites: &[(i64, String)],
) -> platform::Result<Vec<Line>> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let calendar = platform::workcal::load_current(db).await?;
    let rule = platform::clocks::light_rule(&profile);
    let now = Instant::from_millis(now_ms());
    let mut lines = Vec::new();
    for waiting in usecase::editor_queue(db, editor).await? {
        let stored = sites::store::submissions::get(db, waiting.id).await?;
        let mut line = line_of(&waiting, sites);
        if let Some(clock) = stored.submission.clocks.iter().find(|c| c.is_running()) {
            let light = clock.light(&calendar, now, &rule);
            line.light = light.code();
            line.light_words = light.label_zh();
            line.due = minute_of(clock.due(&calendar).millis());
        }
        lines.push(line);
    }
    Ok(lines)
}
