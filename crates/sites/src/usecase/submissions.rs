//! The submissions' use cases (WEB-SUBMIT; 004 §26–28): a unit's staff fills in a submission
//! (the body cleaned, the mobile sealed, every problem at once), submits it to a leader of the
//! unit, who approves it (a major item as its principal) or sends it back; the proposed
//! column's A/B editors adopt it — it becomes a draft article of the column in the same
//! transaction ([`super::articles::create_draft_in`]) — or return it with a reason, the
//! kernel's clock measuring their `website.submission_publish` from receipt. Every step is a
//! history row and an audit row in its transaction; reads for the office pages.

use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::personal::{self, UnmaskTarget, aad};
use platform::workflow::{self, Context, HistoryLine, Subject};
use platform::{Error, Result};

use super::articles::create_draft_in;
use super::submission_machine::{Submissions, load_in};
use crate::article::Content;
use crate::column::Column;
use crate::registry::{Rules, Site};
use crate::store::submissions::{self as store, MOBILE_COLUMN, SubmissionLine};
use crate::store::{columns, sites};
use crate::submission::{self, Command, CommandKind, Place, Submission, SubmissionInput};
use crate::{Acting, ArticleId, ColumnId, SubmissionId, UnitId, UserId};

/// WEB-SUBMIT: a new submission (草稿) by `acting` for their unit to `input.column`'s site,
/// checked with every problem at once (author, mobile, title, body, every image named), the
/// body cleaned and the mobile sealed to its row. Returns its id and version.
pub async fn create_submission(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    input: SubmissionInput,
) -> Result<(SubmissionId, i64)> {
    let now = context.now;
    let unit_name = platform::units::get(db, acting.unit.0)
        .await
        .map_err(|_| Error::Refused("只有单位工作人员可以报送信息".to_owned()))?
        .name;
    let mut tx = db.begin().await?;
    let column = columns::get_in(&mut tx, input.column).await?.column;
    let site = sites::get_in(&mut tx, column.site).await?.site;
    let place = Place {
        site: &site,
        column: &column,
    };
    let (mut submission, events) =
        submission::create(SubmissionId(0), &input, place, acting, &unit_name, now)?;
    let mobile = submission::check_input(&input)?;
    let site_code = &site.registration().site_code;
    let stored = store::insert(
        &mut tx,
        context.key,
        &mut submission,
        &mobile,
        site_code,
        now.millis(),
    )
    .await?;
    let id = submission.id;
    let machine = Submissions {
        acting,
        key: context.key,
    };
    let subject = Subject {
        id,
        loaded: None,
        state: &submission,
    };
    workflow::record(&mut tx, &machine, context, subject, "create", &events).await?;
    let event = AuditEvent::new("sites.submission.create", "site_submission", id).detail(format!(
        "报送信息 {}“{}”：{}填写，建议栏目“{}”（{}）",
        stored.number,
        submission.title,
        submission.unit_name,
        column.name,
        site.registration().name
    ));
    audit::record(&mut tx, context.actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok((id, stored.version))
}

/// WEB-SUBMIT: runs `command` on submission `id` for `acting` through the kernel's one path
/// (the transition table, who may act by role, unit and column, the input; then snapshot,
/// history, the editors' clock, messages and the audit row in one transaction). An adoption
/// goes through [`adopt_submission`] (the draft article made in the same transaction). With
/// `expected_version`, a stale page is a conflict.
pub async fn execute_submission(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: SubmissionId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Submission, i64)> {
    if let Command::Adopt { column, .. } = command {
        let (submission, _, version) =
            adopt_submission(db, context, acting, id, column, expected_version).await?;
        return Ok((submission, version));
    }
    let machine = Submissions {
        acting,
        key: context.key,
    };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// WEB-SUBMIT (004 §27): an A/B editor of the proposed column adopts submission `id`: in one
/// transaction it becomes a draft article (title and body as submitted, 信息来源 the unit,
/// major as submitted) in the proposed column or in `column` of the same site, where `acting`
/// must also be an A/B editor, and the submission is 已采用 with the link, its clock stopped.
/// Returns the submission, the article's id and the submission's version.
pub async fn adopt_submission(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: SubmissionId,
    column: Option<ColumnId>,
    expected_version: Option<i64>,
) -> Result<(Submission, ArticleId, i64)> {
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, id).await?;
    let before = &loaded.stored.submission;
    // The table, who may act and the records first: nothing is drafted for a refusal.
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let trial = Command::Adopt {
        column,
        article: Some(ArticleId(0)),
    };
    submission::apply(before, &trial, acting, loaded.place(), context.now, rules)?;
    let target = column.unwrap_or(before.column);
    if target != before.column {
        let other = columns::get_in(&mut tx, target).await?.column;
        if other.site != before.site {
            return Err(Error::invalid("只能采用到报送网站的栏目"));
        }
    }
    let content = Content {
        title: before.title.clone(),
        body: before.body.clone(),
        source: before.unit_name.clone(),
        policy: None,
    };
    let (article, _) =
        create_draft_in(&mut tx, context, acting, target, content, before.major).await?;
    let machine = Submissions {
        acting,
        key: context.key,
    };
    let command = Command::Adopt {
        column: Some(target),
        article: Some(article),
    };
    let (submission, version) =
        workflow::execute_in(&mut tx, &machine, context, id, command, expected_version).await?;
    tx.commit().await?;
    Ok((submission, article, version))
}

/// A submission as the back office shows it: snapshot, number, version, its site and proposed
/// column, the author's mobile masked, the commands `acting` may run now (the transition
/// table's, WEB-SUBMIT), and its history one line per command.
#[derive(Debug, Clone)]
pub struct OfficeSubmission {
    pub submission: Submission,
    pub number: String,
    pub version: i64,
    pub site: Site,
    pub column: Column,
    /// 138****1234.
    pub mobile_masked: String,
    pub may_reveal_mobile: bool,
    pub available: Vec<CommandKind>,
    pub history: Vec<HistoryLine>,
}

/// The submission `id` for `acting`'s page; refused to whoever may not read it
/// ([`submission::may_view`]).
pub async fn office_submission(
    db: &Db,
    key: &personal::DataKey,
    id: SubmissionId,
    acting: &Acting,
) -> Result<OfficeSubmission> {
    let stored = store::get(db, id).await?;
    let site = sites::get(db, stored.submission.site).await?.site;
    let column = columns::get(db, stored.submission.column).await?.column;
    let place = Place {
        site: &site,
        column: &column,
    };
    if !submission::may_view(&stored.submission, place, acting) {
        return Err(Error::Refused(
            "只有报送单位、建议栏目的编辑和网站管理人员可以查看该报送信息".to_owned(),
        ));
    }
    let clear = key.open_for(&stored.mobile_sealed, &aad(MOBILE_COLUMN, id))?;
    let mobile_masked = personal::PhoneNumber::parse(&clear)
        .map(|phone| phone.masked())
        .unwrap_or_else(|_| personal::mask_middle(&clear, 3, 4));
    let available = submission::available(&stored.submission, place, acting);
    let may_reveal_mobile = submission::may_reveal_mobile(&stored.submission, place, acting);
    let kind = &crate::SUBMISSION_SUBJECT;
    let rows = workflow::history::rows(db, kind, id.0).await?;
    Ok(OfficeSubmission {
        history: workflow::history::fold(kind, &rows),
        available,
        may_reveal_mobile,
        mobile_masked,
        submission: stored.submission,
        number: stored.number,
        version: stored.version,
        site,
        column,
    })
}

/// WEB-SUBMIT, HL-PRIVACY: the author's mobile in clear for the writer, a leader of the unit
/// or an A/B editor of the column proposed, with its `unmask` audit row.
pub async fn reveal_mobile(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: SubmissionId,
) -> Result<String> {
    let mut tx = db.begin().await?;
    let loaded = load_in(&mut tx, id).await?;
    if !submission::may_reveal_mobile(&loaded.stored.submission, loaded.place(), acting) {
        return Err(Error::Refused(
            "只有填写人、报送单位负责人和建议栏目的编辑可以查看作者手机号码".to_owned(),
        ));
    }
    let object_id = id.to_string();
    let place = aad(MOBILE_COLUMN, id);
    let target = UnmaskTarget {
        object_type: "site_submission",
        object_id: &object_id,
        field: "mobile",
        reason: "",
        place: &place,
    };
    let clear = personal::unmask(
        &mut tx,
        context.key,
        context.actor,
        &loaded.stored.mobile_sealed,
        &target,
        context.now.millis(),
    )
    .await?;
    tx.commit().await?;
    Ok(clear)
}

/// The submissions of `unit`, newest first, at most `limit` (at most 500).
pub async fn unit_submissions(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<SubmissionLine>> {
    store::of_unit(db, unit, limit.clamp(1, 500)).await
}

/// WEB-SUBMIT: the submissions waiting for `editor` (an A/B editor of their proposed column),
/// oldest receipt first.
pub async fn editor_queue(db: &Db, editor: UserId) -> Result<Vec<SubmissionLine>> {
    store::waiting_for_editor(db, editor).await
}
