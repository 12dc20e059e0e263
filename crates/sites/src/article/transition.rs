//! The pure transition of an article (WEB-REVIEW, WEB-ARTICLE, PUB-ABOLISH, SEC-TAMPER,
//! WEB-MAP, WEB-REPOST, WEB-ACCOUNT):
//! `draft` (the first step) and `apply(article, command, acting, place, now) -> (article,
//! events)`. A refused command changes nothing. Order of the checks: the transition table,
//! then who may act here, then what the records allow, then the command's own input.

use calendar::Instant;

use crate::article::available::{Place, fits, permits, stage_of};
use crate::article::{
    AccountKind, Article, Command, Content, Event, MapMark, Marks, PlannedWithdrawal, Recipient,
    Repost, SendBack, SignOff, Stage, Status, ValidityMark, Withdrawal, marks, table,
};
use crate::column::ColumnKind;
use crate::registry;
use crate::{Acting, ArticleId, SiteError, problems_to_result, required};

/// WEB-REGISTRY, WEB-COLUMNS: content goes only into a site that is not closed and a column
/// that is open (not archived; a special column approved).
fn check_place(place: Place<'_>) -> Result<(), SiteError> {
    if place.column.site != place.site.id {
        return Err(SiteError::invalid("栏目不属于该网站"));
    }
    if place.site.status == registry::Status::Closed {
        return Err(SiteError::LimitReached(format!(
            "网站“{}”已永久下线，不能再发布（其页面保留在归档中）",
            place.site.registration().name
        )));
    }
    place.column.check_open()
}

/// A new draft in `place`'s column by one of its A/B editors (WEB-COLUMNS).
pub fn draft(
    id: ArticleId,
    place: Place<'_>,
    acting: &Acting,
    content: Content,
    major: bool,
    now: Instant,
) -> Result<(Article, Vec<Event>), SiteError> {
    let mut article = Article {
        id,
        site: place.site.id,
        column: place.column.id,
        status: Status::Draft,
        author: acting.user,
        content,
        major,
        revision: 1,
        contributors: vec![acting.user],
        round: 0,
        sign_offs: Vec::new(),
        send_backs: Vec::new(),
        created_at: now,
        publish_at: None,
        published_at: None,
        approved_digest: None,
        withdrawal: None,
        planned_withdrawal: None,
        validity: None,
        map: None,
        repost: None,
        interpretation_clock: None,
    };
    permits(&article, place, acting, crate::article::CommandKind::Edit)?;
    check_place(place)?;
    if article.content.title.trim().is_empty() {
        return Err(SiteError::invalid("请填写标题"));
    }
    article.content.title = article.content.title.trim().to_owned();
    let events = vec![Event::Drafted {
        column: place.column.id,
    }];
    Ok((article, events))
}

/// WEB-ARTICLE: what every article page shows is there (title, source, body); a policy
/// column's article is a policy document with every element (002 网站规范 §16(二), 000 门户
/// §17); the message lists every gap at once.
pub fn check_complete(
    content: &Content,
    kind: ColumnKind,
    id: ArticleId,
    now: Instant,
) -> Result<(), SiteError> {
    let mut problems = Vec::new();
    required(&mut problems, "标题", &content.title);
    required(&mut problems, "信息来源", &content.source);
    required(&mut problems, "正文", &content.body);
    match &content.policy {
        None if kind == ColumnKind::Policy => {
            problems.push(
                "政策文件类栏目的稿件应填写索引号、发文机关、文号、成文日期和主题分类".to_owned(),
            );
        }
        None => {}
        Some(policy) => {
            required(&mut problems, "索引号", &policy.index_number);
            required(&mut problems, "发文机关", &policy.issuer);
            required(&mut problems, "文号", &policy.document_number);
            required(&mut problems, "主题分类", &policy.subject);
            if policy.written_on > now.local_date() {
                problems.push("成文日期不能晚于今天".to_owned());
            }
            if policy.interpretations.contains(&id) {
                problems.push("政策文件不能关联自身作为解读".to_owned());
            }
        }
    }
    problems_to_result(problems)
}

/// What `command` by `acting` does to `article` in `place` at `now`.
pub fn apply(
    article: &Article,
    command: &Command,
    acting: &Acting,
    place: Place<'_>,
    now: Instant,
) -> Result<(Article, Vec<Event>), SiteError> {
    let kind = command.kind();
    if !table::allows(article.status, kind) {
        return Err(SiteError::InvalidTransition {
            from: article.status.label_zh(),
            command: kind.label_zh(),
        });
    }
    if place.column.id != article.column || place.site.id != article.site {
        return Err(SiteError::invalid("稿件不属于该网站或栏目"));
    }
    permits(article, place, acting, kind)?;
    fits(article, kind)?;
    let mut next = article.clone();
    let mut events = Vec::new();
    let operator = place.site.registration().operator_unit;
    let title = &article.content.title;
    match command {
        Command::Edit { content, major } => {
            let content = (**content).clone();
            if content.title.trim().is_empty() {
                return Err(SiteError::invalid("请填写标题"));
            }
            if content == article.content && *major == article.major {
                return Err(SiteError::invalid("稿件没有修改"));
            }
            next.content = content;
            next.major = *major;
            next.revision += 1;
            if !next.contributors.contains(&acting.user) {
                next.contributors.push(acting.user);
            }
            events.push(Event::Edited {
                revision: next.revision,
            });
        }
        Command::Submit => {
            check_place(place)?;
            check_complete(&article.content, place.column.kind, article.id, now)?;
            marks::check_map_ready(article)?;
            next.round += 1;
            next.status = Status::AtReviewer;
            events.push(Event::Notify {
                to: Recipient::Reviewers(place.column.responsible_unit),
                rule: "WEB-REVIEW",
                text: format!("稿件“{title}”已提交，待审核"),
            });
        }
        Command::Review { opinion } => {
            sign(&mut next, Stage::Review, acting, opinion, now, &mut events);
            if article.major {
                next.status = Status::AtLeader;
                events.push(Event::Notify {
                    to: Recipient::Leaders(place.column.responsible_unit),
                    rule: "WEB-REVIEW",
                    text: format!("重大信息“{title}”已审核，待领导审批"),
                });
            } else {
                next.status = Status::AtPublisher;
                events.push(Event::Notify {
                    to: Recipient::Publishers(operator),
                    rule: "WEB-REVIEW",
                    text: format!("稿件“{title}”已审核，待签发"),
                });
            }
        }
        Command::ApproveMajor { opinion } => {
            sign(&mut next, Stage::Leader, acting, opinion, now, &mut events);
            next.status = Status::AtPublisher;
            events.push(Event::Notify {
                to: Recipient::Publishers(operator),
                rule: "WEB-REVIEW",
                text: format!("重大信息“{title}”已经领导审批，待签发"),
            });
        }
        Command::SendBack { reason } => {
            // WEB-REVIEW: each step can send back, always with the reason.
            if reason.trim().is_empty() {
                return Err(SiteError::invalid("请填写退回理由"));
            }
            let stage = stage_of(article.status);
            next.send_backs.push(SendBack {
                round: article.round,
                stage,
                by: acting.user,
                at: now,
                reason: reason.trim().to_owned(),
            });
            next.status = Status::Draft;
            next.publish_at = None;
            events.push(Event::SentBack {
                stage,
                round: article.round,
            });
            events.push(Event::Notify {
                to: Recipient::ColumnEditors(article.column),
                rule: "WEB-REVIEW",
                text: format!(
                    "稿件“{title}”在{}环节被退回：{}",
                    stage.label_zh(),
                    reason.trim()
                ),
            });
        }
        Command::Publish { at } => {
            check_place(place)?;
            marks::check_map_ready(article)?;
            sign(&mut next, Stage::Publish, acting, "签发", now, &mut events);
            // SEC-TAMPER: what the publisher approved is what may be served.
            next.approved_digest = Some(article.content.digest());
            match at.filter(|at| *at > now) {
                Some(at) => {
                    next.status = Status::Scheduled;
                    next.publish_at = Some(at);
                    events.push(Event::Scheduled { at: at.millis() });
                }
                None => publish(&mut next, now, &mut events),
            }
        }
        Command::Unschedule => {
            next.publish_at = None;
            next.approved_digest = None;
            next.status = Status::AtPublisher;
        }
        Command::PublishDue => {
            let Some(due) = article.publish_at else {
                return Err(SiteError::invalid("该稿件没有定时发布时间"));
            };
            if now < due {
                return Err(SiteError::NotYetDue {
                    what: "定时发布",
                    due,
                });
            }
            check_place(place)?;
            publish(&mut next, now, &mut events);
        }
        Command::Withdraw { reason } | Command::WithdrawError { reason } => {
            if reason.trim().is_empty() {
                return Err(SiteError::invalid("请填写撤稿理由"));
            }
            let error = kind == crate::article::CommandKind::WithdrawError;
            next.withdrawal = Some(Withdrawal {
                by: acting.user,
                at: now,
                reason: reason.trim().to_owned(),
                error,
            });
            next.status = Status::Withdrawn;
            next.planned_withdrawal = None;
            events.push(Event::Withdrawn);
            if error {
                // WEB-ACCOUNT (000 门户 §26): an error on the site is the unit's to examine.
                events.push(Event::Accountable {
                    kind: AccountKind::Error,
                    due: None,
                });
            }
        }
        Command::ScheduleWithdrawal { at, reason } => {
            if reason.trim().is_empty() {
                return Err(SiteError::invalid("请填写撤稿理由"));
            }
            if *at <= now {
                return Err(SiteError::invalid(
                    "定时撤稿的时间须晚于现在；立即撤稿请用“撤稿”",
                ));
            }
            next.planned_withdrawal = Some(PlannedWithdrawal {
                by: acting.user,
                at: *at,
                reason: reason.trim().to_owned(),
            });
            events.push(Event::WithdrawalPlanned {
                at: Some(at.millis()),
            });
        }
        Command::CancelWithdrawal => {
            next.planned_withdrawal = None;
            events.push(Event::WithdrawalPlanned { at: None });
        }
        Command::WithdrawDue => {
            let Some(planned) = article.planned_withdrawal.clone() else {
                return Err(SiteError::invalid("该稿件没有定时撤稿"));
            };
            if now < planned.at {
                return Err(SiteError::NotYetDue {
                    what: "定时撤稿",
                    due: planned.at,
                });
            }
            next.withdrawal = Some(Withdrawal {
                by: planned.by,
                at: now,
                reason: planned.reason,
                error: false,
            });
            next.planned_withdrawal = None;
            next.status = Status::Withdrawn;
            events.push(Event::Withdrawn);
        }
        Command::Annotate { marks: given } => {
            // WEB-MAP, WEB-REPOST: the marks read right; the source list is the caller's.
            marks::check_marks(given, now)?;
            let given = Marks {
                map: given.map.as_ref().map(|map| MapMark {
                    approval: map.approval.trim().to_owned(),
                }),
                repost: given.repost.as_ref().map(|repost| Repost {
                    source: repost.source.trim().to_owned(),
                    notice_at: repost.notice_at,
                }),
            };
            if given == article.marks() {
                return Err(SiteError::invalid("地图和转载标注没有修改"));
            }
            next.map = given.map;
            next.repost = given.repost;
            events.push(Event::Annotated {
                map: next.map.is_some(),
                repost: next.repost.is_some(),
            });
        }
        Command::MarkValidity {
            validity,
            since,
            note,
        } => {
            // PUB-ABOLISH: marked 废止 or 失效, never deleted; 有效 is the unmarked state.
            let mut problems = Vec::new();
            if *validity == crate::article::Validity::Valid {
                problems.push("只能标注为“废止”或“失效”".to_owned());
            }
            if let Some(policy) = &article.content.policy
                && *since < policy.written_on
            {
                problems.push("废止或失效日期不能早于成文日期".to_owned());
            }
            required(&mut problems, "废止或失效的依据", note);
            problems_to_result(problems)?;
            next.validity = Some(ValidityMark {
                validity: *validity,
                since: *since,
                note: note.trim().to_owned(),
                by: acting.user,
                at: now,
            });
            events.push(Event::ValidityMarked {
                validity: *validity,
            });
        }
        Command::LinkInterpretation { interpretation } => {
            // PUB-INTERPRET: the policy document and its interpretation are linked.
            if *interpretation == article.id {
                return Err(SiteError::invalid("政策文件不能关联自身作为解读"));
            }
            let Some(policy) = next.content.policy.as_mut() else {
                return Err(SiteError::invalid("只有政策文件可以关联政策解读"));
            };
            if policy.interpretations.contains(interpretation) {
                return Err(SiteError::invalid("该解读已关联"));
            }
            policy.interpretations.push(*interpretation);
            // SEC-TAMPER: the page now shows the link; its approved digest follows.
            let digest = next.content.digest();
            next.approved_digest = Some(digest.clone());
            events.push(Event::InterpretationLinked {
                interpretation: *interpretation,
                digest,
            });
        }
    }
    events.insert(
        0,
        Event::Transitioned {
            from: article.status,
            to: next.status,
            command: kind,
        },
    );
    Ok((next, events))
}

/// A sign-off of the current round at `stage`.
fn sign(
    next: &mut Article,
    stage: Stage,
    acting: &Acting,
    opinion: &str,
    now: Instant,
    events: &mut Vec<Event>,
) {
    let opinion = match opinion.trim() {
        "" => "同意",
        text => text,
    };
    next.sign_offs.push(SignOff {
        round: next.round,
        stage,
        by: acting.user,
        unit: acting.unit,
        at: now,
        opinion: opinion.to_owned(),
    });
    events.push(Event::SignedOff {
        stage,
        round: next.round,
    });
}

/// Out on the site at `now` (发布日期), with the approved digest (SEC-TAMPER).
fn publish(next: &mut Article, now: Instant, events: &mut Vec<Event>) {
    next.status = Status::Published;
    next.published_at = Some(now);
    next.publish_at = None;
    let digest = next
        .approved_digest
        .clone()
        .unwrap_or_else(|| next.content.digest());
    next.approved_digest = Some(digest.clone());
    events.push(Event::Published { digest });
}
