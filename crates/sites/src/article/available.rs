//! Who may run which command on an article (WEB-REVIEW, WEB-COLUMNS): by role *and* by place.
//! The column's A/B editors write and submit; the column's responsible unit's reviewer
//! reviews (二审); a leader of that unit or of the site's host unit approves a major article;
//! the site's operator unit's publisher signs it out (三审), schedules, withdraws. Nobody
//! signs off an article they wrote or edited, or twice in one round: three reviews are three
//! people. `available` is the table's rows kept to what `acting` may run now — exactly the
//! commands `apply` accepts from them.

use platform::roles::Role;

use crate::article::{Article, CommandKind, Stage, Status, table};
use crate::column::Column;
use crate::registry::Site;
use crate::{Acting, SiteError};

/// Where an article is: its site and its column.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub site: &'a Site,
    pub column: &'a Column,
}

/// The stage a send-back from `status` is made at.
pub(crate) fn stage_of(status: Status) -> Stage {
    match status {
        Status::AtLeader => Stage::Leader,
        Status::AtPublisher | Status::Scheduled => Stage::Publish,
        _ => Stage::Review,
    }
}

/// WEB-COLUMNS: a site editor who is the column's A or B editor.
fn is_column_editor(place: Place<'_>, acting: &Acting) -> bool {
    acting.has(Role::SiteEditor) && place.column.editors.includes(acting.user)
}

fn is_reviewer(place: Place<'_>, acting: &Acting) -> bool {
    acting.has_in(Role::Reviewer, place.column.responsible_unit)
}

fn is_leader(place: Place<'_>, acting: &Acting) -> bool {
    acting.has_in(Role::UnitLeader, place.column.responsible_unit)
        || acting.has_in(Role::UnitLeader, place.site.registration().host_unit)
}

/// WEB-REVIEW (002 网站规范 §18(一)4: only the e-government centre publishes; 000 门户 §5,22:
/// the IT office publishes on the portal): a publisher of the site's operator unit.
fn is_publisher(place: Place<'_>, acting: &Acting) -> bool {
    acting.has_in(Role::Publisher, place.site.registration().operator_unit)
}

/// WEB-REVIEW: `user` wrote or edited the article, or signed off this round at another stage.
fn involved(article: &Article, acting: &Acting, stage: Stage) -> Result<(), SiteError> {
    if article.contributors.contains(&acting.user) {
        return Err(SiteError::not_permitted(
            "不能审核或签发本人撰写、修改的稿件（WEB-REVIEW：三审应由不同人员完成）",
        ));
    }
    let signed = article
        .current_sign_offs()
        .any(|s| s.by == acting.user && s.stage != stage);
    if signed {
        return Err(SiteError::not_permitted(
            "同一稿件的审核、领导审批和签发应由不同人员完成（WEB-REVIEW）",
        ));
    }
    Ok(())
}

/// The refusal when `ok` is false.
fn unless(ok: bool, message: impl FnOnce() -> String) -> Result<(), SiteError> {
    if ok {
        Ok(())
    } else {
        Err(SiteError::NotPermitted(message()))
    }
}

/// WEB-REVIEW, WEB-COLUMNS: whether `acting` may run `kind` on `article` in `place`, with
/// the reason when not.
pub(crate) fn permits(
    article: &Article,
    place: Place<'_>,
    acting: &Acting,
    kind: CommandKind,
) -> Result<(), SiteError> {
    use CommandKind as C;
    let column = &place.column.name;
    let site = &place.site.registration().name;
    match (kind, stage_of(article.status)) {
        (C::Edit | C::Submit | C::Annotate, _) => unless(is_column_editor(place, acting), || {
            format!(
                "只有栏目“{column}”的A岗、B岗编辑可以{}（WEB-COLUMNS）",
                kind.label_zh()
            )
        }),
        (C::Review, _) | (C::SendBack, Stage::Review) => {
            unless(is_reviewer(place, acting), || {
                format!("只有栏目“{column}”责任单位的审核人员可以审核（WEB-REVIEW）")
            })?;
            involved(article, acting, Stage::Review)
        }
        (C::ApproveMajor, _) | (C::SendBack, Stage::Leader) => {
            unless(is_leader(place, acting), || {
                "重大信息须由栏目责任单位或网站主办单位的负责人审批（WEB-REVIEW）".to_owned()
            })?;
            involved(article, acting, Stage::Leader)
        }
        (C::Publish, _) | (C::SendBack, Stage::Publish) => {
            unless(is_publisher(place, acting), || {
                format!("只有“{site}”承办单位的发布人员可以签发（WEB-REVIEW）")
            })?;
            involved(article, acting, Stage::Publish)
        }
        (
            C::Unschedule
            | C::Withdraw
            | C::WithdrawError
            | C::ScheduleWithdrawal
            | C::CancelWithdrawal,
            _,
        ) => unless(is_publisher(place, acting), || {
            format!("只有“{site}”承办单位的发布人员可以{}", kind.label_zh())
        }),
        (C::MarkValidity | C::LinkInterpretation, _) => unless(
            is_publisher(place, acting) || is_reviewer(place, acting),
            || {
                format!(
                    "只有栏目“{column}”责任单位的审核人员或网站发布人员可以{}",
                    kind.label_zh()
                )
            },
        ),
        // The scheduler's: no person runs it, and pages never offer it.
        (C::PublishDue | C::WithdrawDue, _) => Ok(()),
    }
}

/// What the article's records allow beyond the table: marks and links for policy documents
/// only, a validity marked once (PUB-ABOLISH).
pub(crate) fn fits(article: &Article, kind: CommandKind) -> Result<(), SiteError> {
    match kind {
        CommandKind::MarkValidity | CommandKind::LinkInterpretation
            if article.content.policy.is_none() =>
        {
            Err(SiteError::invalid(format!(
                "只有政策文件可以{}",
                kind.label_zh()
            )))
        }
        CommandKind::MarkValidity if article.validity.is_some() => {
            Err(SiteError::LimitReached(format!(
                "该文件已标注为“{}”（PUB-ABOLISH：标注后不再更改）",
                article.validity().label_zh()
            )))
        }
        CommandKind::CancelWithdrawal if article.planned_withdrawal.is_none() => {
            Err(SiteError::invalid("该稿件没有定时撤稿"))
        }
        _ => Ok(()),
    }
}

/// The commands `acting` may run on `article` in `place` now, in the order of
/// [`CommandKind::ALL`]; the scheduler's publication is never offered.
pub fn available(article: &Article, place: Place<'_>, acting: &Acting) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| !matches!(kind, CommandKind::PublishDue | CommandKind::WithdrawDue))
        .filter(|kind| table::allows(article.status, *kind))
        .filter(|kind| permits(article, place, acting, *kind).is_ok())
        .filter(|kind| fits(article, *kind).is_ok())
        .collect()
}
