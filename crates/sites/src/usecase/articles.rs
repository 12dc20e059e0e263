//! The articles' use cases (WEB-REVIEW, WEB-ARTICLE, PUB-ABOLISH): a column's A/B editor
//! drafts (the HTML sanitised on the server, revision 1 kept), and every later step — edit (a
//! new revision), submit (after the content check, WEB-INSPECT), review, a leader's approval of
//! a major article, publication now or at an instant, send-back with a reason, withdrawal,
//! validity marks, interpretation links — runs the kernel's one path. Files are attached to a
//! draft as attachments of owner kind [`ARTICLE_ATTACHMENT`], checked by content.

use platform::attachments::{self, Kind, Owner, Policy, Upload};
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::workflow::{self, Context, HistoryLine, Subject};
use platform::{Error, Result};

use super::article_machine::{Articles, load_in};
use crate::article::{self, Article, Command, CommandKind, Content, Marks, Place, Status};
use crate::check::ContentCheck;
use crate::column::Column;
use crate::registry::Site;
use crate::store::articles::{self as store};
use crate::store::{columns, sites};
use crate::{Acting, ArticleId, ColumnId, sanitize};

/// The owner kind of an article's files (`platform::attachments`).
pub const ARTICLE_ATTACHMENT: &str = "article";

/// What an article takes as files (WEB-ARTICLE): PDF, OFD, Word, Excel and WPS documents and
/// images, 20 MB each, checked by their content.
pub const ARTICLE_FILES: Policy = Policy {
    max_bytes: 20 * 1024 * 1024,
    kinds: &[
        Kind::Pdf,
        Kind::Ofd,
        Kind::Docx,
        Kind::Doc,
        Kind::Wps,
        Kind::Xlsx,
        Kind::Xls,
        Kind::Jpeg,
        Kind::Png,
    ],
};

/// The most characters of a title, a source and a body.
pub const TITLE_MAX_CHARS: usize = 200;
pub const SOURCE_MAX_CHARS: usize = 100;
pub const BODY_MAX_CHARS: usize = 500_000;

fn within(problems: &mut Vec<String>, label: &str, text: &str, max: usize) {
    if text.chars().count() > max {
        problems.push(format!("{label}不能超过 {max} 个字"));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        problems.push(format!("{label}含有不可见的控制字符"));
    }
}

/// WEB-REVIEW: the content as it may be stored — texts trimmed and bounded, the body's HTML
/// cleaned by the allow-list ([`sanitize::clean`]); every problem at once.
pub fn cleaned(content: Content) -> Result<Content> {
    let mut problems = Vec::new();
    within(&mut problems, "标题", content.title.trim(), TITLE_MAX_CHARS);
    within(
        &mut problems,
        "信息来源",
        content.source.trim(),
        SOURCE_MAX_CHARS,
    );
    within(&mut problems, "正文", &content.body, BODY_MAX_CHARS);
    if let Some(policy) = &content.policy {
        for (label, text) in [
            ("索引号", &policy.index_number),
            ("发文机关", &policy.issuer),
            ("文号", &policy.document_number),
            ("主题分类", &policy.subject),
        ] {
            within(&mut problems, label, text.trim(), SOURCE_MAX_CHARS);
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems.join("；")));
    }
    let policy = content.policy.map(|mut policy| {
        for text in [
            &mut policy.index_number,
            &mut policy.issuer,
            &mut policy.document_number,
            &mut policy.subject,
        ] {
            *text = text.trim().to_owned();
        }
        policy
    });
    Ok(Content {
        title: content.title.trim().to_owned(),
        source: content.source.trim().to_owned(),
        body: sanitize::clean(&content.body),
        policy,
    })
}

/// WEB-COLUMNS, WEB-REVIEW: a new draft in `column` by one of its A/B editors, the body
/// sanitised; revision 1 is kept. Returns the article's id and version.
pub async fn create_draft(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    column: ColumnId,
    content: Content,
    major: bool,
) -> Result<(ArticleId, i64)> {
    let mut tx = db.begin().await?;
    let created = create_draft_in(&mut tx, context, acting, column, content, major).await?;
    tx.commit().await?;
    Ok(created)
}

/// [`create_draft`] inside the caller's transaction (the caller commits): for a use case that
/// drafts with other changes, and the demo's year of articles.
pub async fn create_draft_in(
    tx: &mut Tx,
    context: &Context<'_>,
    acting: &Acting,
    column: ColumnId,
    content: Content,
    major: bool,
) -> Result<(ArticleId, i64)> {
    let now = context.now;
    let content = cleaned(content)?;
    let column = columns::get_in(tx, column).await?.column;
    let site = sites::get_in(tx, column.site).await?.site;
    let place = Place {
        site: &site,
        column: &column,
    };
    let (mut article, events) = article::draft(ArticleId(0), place, acting, content, major, now)?;
    let site_code = &site.registration().site_code;
    let stored = store::insert(tx, &mut article, site_code, now.millis()).await?;
    let id = article.id;
    let check = crate::check::Builtin;
    let machine = Articles {
        acting,
        check: &check,
    };
    let subject = Subject {
        id,
        loaded: None,
        state: &article,
    };
    workflow::record(tx, &machine, context, subject, "draft", &events).await?;
    let event = AuditEvent::new("sites.article.draft", "site_article", id).detail(format!(
        "稿件 {}“{}”：新建稿件，栏目“{}”",
        stored.number, article.content.title, column.name
    ));
    audit::record(tx, context.actor, event, now.millis()).await?;
    Ok((id, stored.version))
}

/// WEB-REVIEW: runs `command` on article `id` for `acting` through the kernel's one path: the
/// transition table, who may act by role and column, the records; a submission passes
/// `check` first (WEB-INSPECT); then the snapshot, the new version, the served page, history,
/// messages and the audit row in one transaction. With `expected_version`, a stale page is a
/// conflict. Scheduled publication is the job's (`crate::jobs::publish_due`).
pub async fn execute_article(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    check: &dyn ContentCheck,
    id: ArticleId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Article, i64)> {
    if let Command::LinkInterpretation { interpretation } = &command {
        return link_interpretation(db, context, acting, id, *interpretation, expected_version)
            .await;
    }
    let machine = Articles { acting, check };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// [`execute_article`] inside the caller's transaction (the caller commits).
pub async fn execute_article_in(
    tx: &mut Tx,
    context: &Context<'_>,
    acting: &Acting,
    check: &dyn ContentCheck,
    id: ArticleId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Article, i64)> {
    if let Command::LinkInterpretation { interpretation } = &command {
        return link_in(tx, context, acting, id, *interpretation, expected_version).await;
    }
    let machine = Articles { acting, check };
    workflow::execute_in(tx, &machine, context, id, command, expected_version).await
}

/// PUB-INTERPRET, WEB-ARTICLE: links the published interpretation `interpretation` (of the same
/// site) to the policy document `policy`; the page shows the link and its approved digest
/// follows (SEC-TAMPER).
pub async fn link_interpretation(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    policy: ArticleId,
    interpretation: ArticleId,
    expected_version: Option<i64>,
) -> Result<(Article, i64)> {
    let mut tx = db.begin().await?;
    let outcome = link_in(
        &mut tx,
        context,
        acting,
        policy,
        interpretation,
        expected_version,
    )
    .await?;
    tx.commit().await?;
    Ok(outcome)
}

async fn link_in(
    tx: &mut Tx,
    context: &Context<'_>,
    acting: &Acting,
    policy: ArticleId,
    interpretation: ArticleId,
    expected_version: Option<i64>,
) -> Result<(Article, i64)> {
    let target = store::get_in(tx, interpretation).await?.article;
    let of_policy = store::get_in(tx, policy).await?.article;
    if target.status != Status::Published || target.site != of_policy.site {
        return Err(Error::invalid(
            "只能关联本网站已发布的政策解读（PUB-INTERPRET）",
        ));
    }
    let check = crate::check::Builtin;
    let machine = Articles {
        acting,
        check: &check,
    };
    let command = Command::LinkInterpretation { interpretation };
    workflow::execute_in(tx, &machine, context, policy, command, expected_version).await
}

/// WEB-ARTICLE: attaches files to a draft (documents and images, checked by their content and
/// sealed), by one of the column's editors; all or none. Returns the attachments' ids.
pub async fn attach_files(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ArticleId,
    uploads: &[Upload],
) -> Result<Vec<i64>> {
    attachments::check_all(&ARTICLE_FILES, uploads)?;
    let sealed = uploads
        .iter()
        .map(|upload| attachments::seal(context.key, &ARTICLE_FILES, upload))
        .collect::<Result<Vec<_>>>()?;
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, id).await?;
    let article = &loaded.stored.article;
    let place = Place {
        site: &loaded.site,
        column: &loaded.column,
    };
    if !article::available(article, place, acting).contains(&CommandKind::Edit) {
        return Err(Error::Refused(format!(
            "只有栏目“{}”的A岗、B岗编辑可以为草稿添加附件（WEB-COLUMNS）",
            loaded.column.name
        )));
    }
    let owner = Owner {
        kind: ARTICLE_ATTACHMENT,
        id: id.0,
    };
    let mut ids = Vec::with_capacity(sealed.len());
    for file in &sealed {
        ids.push(attachments::insert_sealed(&mut tx, owner, file, now).await?);
    }
    let labels: Vec<&str> = uploads.iter().map(|u| u.label.as_str()).collect();
    let event = AuditEvent::new("sites.article.attach", "site_article", id).detail(format!(
        "稿件 {} 添加附件：{}",
        loaded.stored.number,
        labels.join("、")
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(ids)
}

/// An article as the back office shows it: snapshot, number and version, its site and
/// column, the commands `acting` may run now (the transition table's, WEB-REVIEW), its files
/// and its history one line per command.
#[derive(Debug, Clone)]
pub struct OfficeArticle {
    pub article: Article,
    pub number: String,
    pub version: i64,
    pub site: Site,
    pub column: Column,
    pub available: Vec<CommandKind>,
    pub attachments: Vec<attachments::Meta>,
    pub history: Vec<HistoryLine>,
}

/// The article `id` for `acting`'s page.
pub async fn office_article(db: &Db, id: ArticleId, acting: &Acting) -> Result<OfficeArticle> {
    let stored = store::get(db, id).await?;
    let site = sites::get(db, stored.article.site).await?.site;
    let column = columns::get(db, stored.article.column).await?.column;
    let place = Place {
        site: &site,
        column: &column,
    };
    let available = article::available(&stored.article, place, acting);
    let kind = &crate::ARTICLE_SUBJECT;
    let rows = workflow::history::rows(db, kind, id.0).await?;
    let owner = Owner {
        kind: ARTICLE_ATTACHMENT,
        id: id.0,
    };
    Ok(OfficeArticle {
        attachments: attachments::list(db, owner).await?,
        history: workflow::history::fold(kind, &rows),
        available,
        article: stored.article,
        number: stored.number,
        version: stored.version,
        site,
        column,
    })
}

/// WEB-MAP, WEB-REPOST: a new draft with its marks (a map's 审图号, a repost's source and
/// notice), all in one transaction: a refused mark stores nothing.
pub async fn create_marked_draft(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    column: ColumnId,
    (content, major): (Content, bool),
    marks: Marks,
) -> Result<(ArticleId, i64)> {
    let mut tx = db.begin().await?;
    let (id, mut version) =
        create_draft_in(&mut tx, context, acting, column, content, major).await?;
    if !marks.is_empty() {
        let check = crate::check::Builtin;
        let command = Command::Annotate {
            marks: Box::new(marks),
        };
        let run = execute_article_in(&mut tx, context, acting, &check, id, command, Some(version));
        version = run.await?.1;
    }
    tx.commit().await?;
    Ok((id, version))
}

/// WEB-REVIEW, WEB-MAP, WEB-REPOST: the editor's save of a draft — a new revision when the
/// content changed, new marks when they changed — in one transaction against the page's
/// version. Returns the new version.
pub async fn revise_draft(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ArticleId,
    (edit, marks): (Option<(Content, bool)>, Option<Marks>),
    expected_version: i64,
) -> Result<i64> {
    let mut tx = db.begin().await?;
    let check = crate::check::Builtin;
    let mut version = expected_version;
    if let Some((content, major)) = edit {
        let command = Command::Edit {
            content: Box::new(content),
            major,
        };
        let run = execute_article_in(&mut tx, context, acting, &check, id, command, Some(version));
        version = run.await?.1;
    }
    if let Some(marks) = marks {
        let command = Command::Annotate {
            marks: Box::new(marks),
        };
        let run = execute_article_in(&mut tx, context, acting, &check, id, command, Some(version));
        version = run.await?.1;
    }
    tx.commit().await?;
    Ok(version)
}
