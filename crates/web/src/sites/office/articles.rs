//! Articles through the 三审三校 (WEB-REVIEW, WEB-ARTICLE, PUB-ABOLISH): `/office/sites/articles`
//! is the viewer's queues by stage with their counts (drafts and sent back for the columns'
//! editors, 待审核 for the responsible unit's reviewers, 待领导审批 for leaders, 待签发 and
//! 定时发布 for the operator unit's publishers, and the latest published); an article's page
//! shows its elements in the order government sites use (a policy document's information
//! table with 有效性), its body, files, sign-offs and send-backs with their reasons, the
//! content check's findings before submission, its versions with the diff of any two, its
//! history, and the commands `article::available` gives the viewer — in the workflow's order,
//! send-back, withdrawal and the validity mark in danger zones.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use calendar::Instant;
use platform::db::now_ms;
use platform::roles::Role;
use sites::article::{CommandKind, Stage, Status, check_complete};
use sites::column::ColumnKind;
use sites::usecase::office::{self, Queue};
use sites::usecase::{self, OfficeArticle};
use sites::{ArticleId, UnitId, UserId};

use super::{ArticleNo, ArticleRow, DoneQuery, Names, article_in_scope};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Id, Query};
use crate::staff::Staff;

/// How many articles each queue shows.
const QUEUE_ITEMS: i64 = 50;

/// One queue of the viewer.
pub struct QueueLine {
    pub code: &'static str,
    pub label: &'static str,
    pub total: i64,
    pub rows: Vec<ArticleRow>,
}

/// A column the viewer edits, to start a draft in.
pub struct DraftColumn {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub site: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_articles.html")]
pub struct QueuesPage {
    chrome: Chrome,
    queues: Vec<QueueLine>,
    columns: Vec<DraftColumn>,
    is_editor: bool,
}

/// The queues a viewer's roles work on.
fn queues_of(actor: &platform::roles::Actor) -> Vec<Queue> {
    Queue::ALL
        .into_iter()
        .filter(|queue| match queue {
            Queue::Drafts | Queue::SentBack => actor.has(Role::SiteEditor),
            Queue::AtReviewer => actor.has(Role::Reviewer),
            Queue::AtLeader => actor.has(Role::UnitLeader),
            Queue::AtPublisher | Queue::Scheduled => actor.has(Role::Publisher),
            Queue::Published => true,
        })
        .collect()
}

const fn queue_code(queue: Queue) -> &'static str {
    match queue {
        Queue::Drafts => "drafts",
        Queue::SentBack => "sent-back",
        Queue::AtReviewer => "at-reviewer",
        Queue::AtLeader => "at-leader",
        Queue::AtPublisher => "at-publisher",
        Queue::Scheduled => "scheduled",
        Queue::Published => "published",
    }
}

/// `GET /office/sites/articles`.
pub async fn queues(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<QueuesPage, PageError> {
    let db = &state.platform.db;
    let actor = &staff.actor;
    let (user, unit) = (UserId(actor.user_id), UnitId(actor.unit_id));
    let mut lines = Vec::new();
    for queue in queues_of(actor) {
        let view = office::queue(db, user, unit, queue, QUEUE_ITEMS).await?;
        lines.push(QueueLine {
            code: queue_code(queue),
            label: queue.label_zh(),
            total: view.total,
            rows: view.lines.iter().map(ArticleRow::of).collect(),
        });
    }
    let is_editor = actor.has(Role::SiteEditor);
    let columns = if is_editor {
        office::editor_columns(db, user)
            .await?
            .into_iter()
            .filter(|c| c.stored.column.check_open().is_ok())
            .map(|c| DraftColumn {
                id: c.stored.column.id.0,
                name: c.stored.column.name.clone(),
                kind: c.stored.column.kind.label_zh(),
                site: c.site_name,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(QueuesPage {
        chrome: Chrome::office(&state, &csrf, actor).await?,
        queues: lines,
        columns,
        is_editor,
    })
}

/// The commands the page offers (`article::available` for the viewer).
#[derive(Default)]
pub struct Can {
    pub edit: bool,
    pub submit: bool,
    pub review: bool,
    pub approve: bool,
    pub publish: bool,
    pub unschedule: bool,
    pub send_back: bool,
    pub withdraw: bool,
    /// WEB-ACCOUNT: withdraw for an error (纠错撤稿).
    pub withdraw_error: bool,
    /// 定时撤稿 and its cancellation.
    pub plan_withdrawal: bool,
    pub cancel_withdrawal: bool,
    pub validity: bool,
    pub link: bool,
}

impl Can {
    fn of(available: &[CommandKind]) -> Can {
        let has = |kind| available.contains(&kind);
        Can {
            edit: has(CommandKind::Edit),
            submit: has(CommandKind::Submit),
            review: has(CommandKind::Review),
            approve: has(CommandKind::ApproveMajor),
            publish: has(CommandKind::Publish),
            unschedule: has(CommandKind::Unschedule),
            send_back: has(CommandKind::SendBack),
            withdraw: has(CommandKind::Withdraw),
            withdraw_error: has(CommandKind::WithdrawError),
            plan_withdrawal: has(CommandKind::ScheduleWithdrawal),
            cancel_withdrawal: has(CommandKind::CancelWithdrawal),
            validity: has(CommandKind::MarkValidity),
            link: has(CommandKind::LinkInterpretation),
        }
    }
}

/// A sign-off or a send-back.
pub struct StepLine {
    pub stage: &'static str,
    pub round: u32,
    pub by: String,
    pub at: String,
    pub text: String,
}

/// One version of the content.
pub struct VersionLine {
    pub revision: u32,
    pub by: String,
    pub at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_article.html")]
pub struct ArticlePage {
    chrome: Chrome,
    id: i64,
    number: String,
    title: String,
    status: &'static str,
    major: bool,
    version: i64,
    site_name: String,
    column_id: i64,
    column_name: String,
    column_kind: &'static str,
    elements: Vec<(&'static str, String)>,
    policy: Option<Vec<(&'static str, String)>>,
    body: String,
    files: Vec<(i64, String, String)>,
    interpretations: Vec<(i64, String)>,
    sign_offs: Vec<StepLine>,
    send_backs: Vec<StepLine>,
    open_send_back: Option<StepLine>,
    withdrawal: Option<String>,
    /// 定时撤稿: when and why, in words.
    planned_withdrawal: Option<String>,
    /// WEB-MAP, WEB-REPOST: the article's marks in words.
    marks: Vec<String>,
    validity_mark: Option<String>,
    scheduled: String,
    findings: Vec<super::findings::FindingLine>,
    ignored: Vec<super::findings::IgnoredLine>,
    missing: Vec<String>,
    versions: Vec<VersionLine>,
    latest: u32,
    history: Vec<crate::history::HistoryLine>,
    can: Can,
    interpretation_choices: Vec<(i64, String)>,
    today: String,
    error: Option<String>,
    done: bool,
}

fn status_label(code: &str) -> &'static str {
    Status::ALL
        .into_iter()
        .find(|status| status.code() == code)
        .map_or("—", Status::label_zh)
}

fn stage_label(stage: Stage) -> &'static str {
    match stage {
        Stage::Review => "审核（二审）",
        Stage::Leader => "领导审批",
        Stage::Publish => "签发（三审）",
    }
}

/// WEB-MAP, WEB-REPOST: the marks of `article` in words; `window` is the repost window.
fn marks_in_words(article: &sites::article::Article, window: &str) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(map) = &article.map {
        lines.push(if map.approval.is_empty() {
            "含地图，尚未填写审图号（WEB-MAP：提交审核前须填写）".to_owned()
        } else {
            format!("含地图，审图号：{}（WEB-MAP）", map.approval)
        });
    }
    if let Some(repost) = &article.repost {
        lines.push(format!(
            "转载，稿源单位：{}；接到转载通知：{}，应在{}内转载（WEB-REPOST）",
            repost.source,
            minute_of(repost.notice_at.millis()),
            window
        ));
    }
    lines
}

/// The article's page for the viewer, with `error` (a refused command) or `done`.
pub(super) async fn article_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    office: OfficeArticle,
    error: Option<String>,
    done: bool,
) -> Result<ArticlePage, PageError> {
    let db = &state.platform.db;
    let names = Names::load(state).await?;
    let article = &office.article;
    let id = article.id;
    let now = Instant::from_millis(now_ms());
    let can = Can::of(&office.available);
    let rows = platform::workflow::history::rows(db, &sites::ARTICLE_SUBJECT, id.0).await?;
    let history = crate::history::lines(db, &sites::ARTICLE_SUBJECT, &rows, status_label).await?;
    let versions = usecase::versions::versions(db, id).await?;
    // WEB-INSPECT: before submission, what the content check and the completeness check
    // would refuse, each named.
    let (findings, ignored, missing) = if article.status == Status::Draft {
        // WEB-INSPECT: the lists in force, each hit marked in its sentence.
        let (findings, ignored) = super::findings::lines(state, id, &article.content).await?;
        let missing = check_complete(&article.content, office.column.kind, id, now)
            .err()
            .map(|error| error.to_string().split('；').map(str::to_owned).collect())
            .unwrap_or_default();
        let mut missing: Vec<String> = missing;
        if let Err(error) = sites::article::check_map_ready(article) {
            missing.push(error.to_string());
        }
        (findings, ignored, missing)
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let repost_window = state.profile().await?.openness.repost.limit().label_zh();
    let marks = marks_in_words(article, &repost_window);
    let linked = sites::store::pages::linked(db, id, true).await?;
    let interpretation_choices = if can.link {
        office::published_of_kind(db, article.site, ColumnKind::Interpretation, 200)
            .await?
            .into_iter()
            .filter(|page| !linked.iter().any(|l| l.article == page.article))
            .map(|page| (page.article.0, page.title))
            .collect()
    } else {
        Vec::new()
    };
    let step = |stage, round, by: UserId, at: Instant, text: &str| StepLine {
        stage: stage_label(stage),
        round,
        by: names.user(by.0),
        at: minute_of(at.millis()),
        text: text.to_owned(),
    };
    Ok(ArticlePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        number: office.number.clone(),
        title: article.content.title.clone(),
        status: article.status.label_zh(),
        major: article.major,
        version: office.version,
        site_name: office.site.registration().name.clone(),
        column_id: office.column.id.0,
        column_name: office.column.name.clone(),
        column_kind: office.column.kind.label_zh(),
        elements: article.page_elements(),
        policy: article.policy_elements(),
        body: quotes_escaped(&sites::sanitize::clean(&article.content.body)),
        files: office
            .attachments
            .iter()
            .map(|meta| (meta.id, meta.download_name(), meta.size_text()))
            .collect(),
        interpretations: linked
            .into_iter()
            .map(|page| (page.article.0, page.title))
            .collect(),
        sign_offs: article
            .sign_offs
            .iter()
            .map(|s| step(s.stage, s.round, s.by, s.at, &s.opinion))
            .collect(),
        send_backs: article
            .send_backs
            .iter()
            .map(|s| step(s.stage, s.round, s.by, s.at, &s.reason))
            .collect(),
        open_send_back: article
            .open_send_back()
            .map(|s| step(s.stage, s.round, s.by, s.at, &s.reason)),
        withdrawal: article.withdrawal.as_ref().map(|w| {
            format!(
                "{} 于 {} {}：{}（页面保留在归档中）",
                names.user(w.by.0),
                minute_of(w.at.millis()),
                if w.error {
                    "纠错撤稿（已记入问责记录，WEB-ACCOUNT）"
                } else {
                    "撤稿"
                },
                w.reason
            )
        }),
        planned_withdrawal: article.planned_withdrawal.as_ref().map(|p| {
            format!(
                "{} 已安排于 {} 定时撤稿：{}",
                names.user(p.by.0),
                minute_of(p.at.millis()),
                p.reason
            )
        }),
        marks,
        validity_mark: article.validity.as_ref().map(|mark| {
            format!(
                "自 {} 起{}：{}（{} 于 {} 标注）",
                mark.since,
                mark.validity.label_zh(),
                mark.note,
                names.user(mark.by.0),
                minute_of(mark.at.millis())
            )
        }),
        scheduled: article
            .publish_at
            .map(|at| minute_of(at.millis()))
            .unwrap_or_default(),
        findings,
        ignored,
        missing,
        latest: versions.last().map_or(1, |v| v.revision),
        versions: versions
            .iter()
            .rev()
            .map(|v| VersionLine {
                revision: v.revision,
                by: v
                    .edited_by
                    .map_or_else(|| "系统".to_owned(), |u| names.user(u.0)),
                at: minute_of(v.edited_at.millis()),
            })
            .collect(),
        history,
        can,
        interpretation_choices,
        today: now.local_date().to_string(),
        error,
        done,
    })
}

/// The cleaned HTML of a body with the quotes of its text written as entities (the cleaner
/// leaves them bare between tags, where they are harmless; written so, no typed quote shows
/// raw in the page). Inside a tag nothing changes: attribute values are double-quoted, with
/// their own quotes already entities.
pub fn quotes_escaped(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut in_value) = (false, false);
    for c in html.chars() {
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_value = !in_value,
            '>' if in_tag && !in_value => in_tag = false,
            '"' => {
                out.push_str("&quot;");
                continue;
            }
            '\'' if !in_tag => {
                out.push_str("&#39;");
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// `GET /office/sites/articles/{id}`.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(ArticleNo(id)): Id<ArticleNo>,
    Query(query): Query<DoneQuery>,
) -> Result<ArticlePage, PageError> {
    let office = article_in_scope(&state, &staff, ArticleId(id)).await?;
    article_page(&state, &csrf, &staff, office, None, query.done.is_some()).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quotes typed in a body's text are entities; the markup around them is kept.
    #[test]
    fn quotes_in_text_become_entities_and_tags_stay() {
        assert_eq!(
            quotes_escaped("<p>' autofocus onfocus='x \"a\"</p>"),
            "<p>&#39; autofocus onfocus=&#39;x &quot;a&quot;</p>"
        );
        let link = "<a href=\"https://a.cn/?q=1&amp;r=&quot;x&gt;\" rel=\"noopener\">'</a>";
        assert_eq!(
            quotes_escaped(link),
            "<a href=\"https://a.cn/?q=1&amp;r=&quot;x&gt;\" rel=\"noopener\">&#39;</a>"
        );
    }
}
