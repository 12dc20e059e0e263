//! Tests that prove the article workflow's rules, each naming its rule ID: WEB-REVIEW (three
//! reviews by three people, major items to a leader, send-backs with reasons, scheduled
//! publication, withdrawal, who is offered what) and WEB-COLUMNS (only the column's editors
//! write; no article into a closed site or an unapproved special column).

use platform::roles::Role;
use sites::ErrorKind;
use sites::article::{
    self, Command, CommandKind, Event, Place, Recipient, Stage, Status, apply, available,
};
use sites::column::ColumnKind;

use crate::article_table::{Fixture, publish_now, reach, review, send_back, withdraw};
use crate::*;

pub fn refuse(
    article: &Article,
    command: Command,
    by: &Acting,
    (site, column): (&Site, &Column),
    now: Instant,
) -> sites::SiteError {
    apply(article, &command, by, Place { site, column }, now).unwrap_err()
}

/// WEB-REVIEW: nobody reviews a draft they wrote or edited — not the author holding the
/// reviewer's role, not the B editor who changed it.
#[test]
fn web_review_reviewing_ones_own_draft_is_refused() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let author_reviewer = Acting::new(editor_a().user, DEPT, &[Role::SiteEditor, Role::Reviewer]);
    let draft = drafted(&site, &column, false);
    let submitted = run_article(&draft, Command::Submit, &author_reviewer, parts, t0());
    let error = refuse(&submitted, review(), &author_reviewer, parts, t0());
    assert_eq!(error.kind(), ErrorKind::NotPermitted);
    assert_eq!(
        error.to_string(),
        "不能审核或签发本人撰写、修改的稿件（WEB-REVIEW：三审应由不同人员完成）"
    );
    let mut content = policy_content();
    content.body.push_str("<p>补充说明</p>");
    let edit = Command::Edit {
        content: Box::new(content),
        major: false,
    };
    let edited = run_article(&draft, edit, &editor_b(), parts, t0());
    assert_eq!((edited.revision, edited.contributors.len()), (2, 2));
    let editor_b_reviewer = Acting::new(editor_b().user, DEPT, &[Role::SiteEditor, Role::Reviewer]);
    let submitted = run_article(&edited, Command::Submit, &editor_a(), parts, t0());
    assert_eq!(
        refuse(&submitted, review(), &editor_b_reviewer, parts, t0()).kind(),
        ErrorKind::NotPermitted
    );
}

/// WEB-REVIEW: publishing without the reviews is refused — from a draft, before the review,
/// and a major article before the leader's approval.
#[test]
fn web_review_publishing_without_the_reviews_is_refused() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    for fixture in [Fixture::Draft, Fixture::AtReviewer, Fixture::AtLeader] {
        let article = reach(fixture, parts);
        let error = refuse(&article, publish_now(), &publisher(), parts, t0());
        assert_eq!(error.kind(), ErrorKind::InvalidTransition, "{fixture:?}");
    }
    let draft = reach(Fixture::Draft, parts);
    assert_eq!(
        refuse(&draft, publish_now(), &publisher(), parts, t0()).to_string(),
        "当前状态“草稿”下不能执行“签发”"
    );
}

/// WEB-COLUMNS: only the column's A/B editors write into it; a site editor of the same unit
/// who is not one of them is refused, with the column named.
#[test]
fn web_columns_only_the_columns_ab_editors_write_into_it() {
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    let outsider = Acting::new(UserId(39), DEPT, &[Role::SiteEditor]);
    let error = article::draft(
        ArticleId(1),
        place,
        &outsider,
        policy_content(),
        false,
        t0(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "只有栏目“政策文件类栏目”的A岗、B岗编辑可以修改稿件（WEB-COLUMNS）"
    );
    let not_an_editor_role = Acting::new(editor_a().user, DEPT, &[Role::Reviewer]);
    assert!(
        article::draft(
            ArticleId(1),
            place,
            &not_an_editor_role,
            policy_content(),
            false,
            t0()
        )
        .is_err()
    );
    let draft = drafted(&site, &column, false);
    let error = refuse(&draft, Command::Submit, &outsider, (&site, &column), t0());
    assert_eq!(error.kind(), ErrorKind::NotPermitted);
    let by_b = run_article(&draft, Command::Submit, &editor_b(), (&site, &column), t0());
    assert_eq!(by_b.status, Status::AtReviewer);
}

/// WEB-REVIEW: a major article goes from the reviewer to a leader of the responsible or host
/// unit, then to the publisher; no other leader approves it, nor the reviewer.
#[test]
fn web_review_a_major_article_needs_a_leaders_approval_before_the_publisher() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let at_leader = reach(Fixture::AtLeader, parts);
    assert_eq!(at_leader.status, Status::AtLeader);
    for by in [office_leader(), stranger()] {
        let approve = Command::ApproveMajor {
            opinion: "同意".into(),
        };
        let error = refuse(&at_leader, approve, &by, parts, t0());
        assert_eq!(error.kind(), ErrorKind::NotPermitted, "{by:?}");
    }
    let reviewer_leader = Acting::new(reviewer().user, DEPT, &[Role::Reviewer, Role::UnitLeader]);
    let approve = Command::ApproveMajor {
        opinion: "同意".into(),
    };
    assert_eq!(
        refuse(&at_leader, approve.clone(), &reviewer_leader, parts, t0()).to_string(),
        "同一稿件的审核、领导审批和签发应由不同人员完成（WEB-REVIEW）"
    );
    let approved = run_article(&at_leader, approve, &dept_leader(), parts, t0());
    assert_eq!(approved.status, Status::AtPublisher);
    let stages: Vec<Stage> = approved.current_sign_offs().map(|s| s.stage).collect();
    assert_eq!(stages, [Stage::Review, Stage::Leader]);
    let published = run_article(&approved, publish_now(), &publisher(), parts, t0());
    assert_eq!(published.status, Status::Published);
}

/// WEB-REVIEW: each step sends back with a required reason, kept with its stage and told to
/// the column's editors; the resubmission is a new round the same reviewer reviews again.
#[test]
fn web_review_each_step_sends_back_with_a_required_reason() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let cases = [
        (Fixture::AtReviewer, reviewer(), Stage::Review),
        (Fixture::AtLeader, dept_leader(), Stage::Leader),
        (Fixture::AtPublisher, publisher(), Stage::Publish),
    ];
    for (fixture, by, stage) in cases {
        let article = reach(fixture, parts);
        let blank = Command::SendBack { reason: " ".into() };
        assert_eq!(
            refuse(&article, blank, &by, parts, t0()).to_string(),
            "请填写退回理由"
        );
        let place = Place {
            site: &site,
            column: &column,
        };
        let (back, events) = apply(&article, &send_back(), &by, place, t0()).unwrap();
        assert_eq!(back.status, Status::Draft, "{fixture:?}");
        let record = back.open_send_back().unwrap();
        assert_eq!(
            (record.stage, record.reason.as_str()),
            (stage, "文号有误，请核对")
        );
        assert!(events.iter().any(|event| matches!(
            event,
            Event::Notify { to: Recipient::ColumnEditors(ColumnId(5)), text, .. }
                if text.ends_with("被退回：文号有误，请核对")
        )));
    }
    let back = run_article(
        &reach(Fixture::AtReviewer, parts),
        send_back(),
        &reviewer(),
        parts,
        t0(),
    );
    let again = run_article(&back, Command::Submit, &editor_a(), parts, t0());
    assert_eq!(again.round, 2);
    assert!(again.open_send_back().is_none());
    let reviewed = run_article(&again, review(), &reviewer(), parts, t0());
    assert_eq!(reviewed.status, Status::AtPublisher);
}

/// WEB-REVIEW: three reviews are three people — one who reviewed may not sign it out, even
/// holding the publisher's role in the operator unit.
#[test]
fn web_review_three_reviews_are_three_people() {
    let mut registration = dept_registration();
    registration.operator_unit = DEPT;
    let site = site_of(registration, true);
    let column = column(5, ColumnKind::Policy);
    let parts = (&site, &column);
    let both = Acting::new(reviewer().user, DEPT, &[Role::Reviewer, Role::Publisher]);
    let submitted = run_article(
        &drafted(&site, &column, false),
        Command::Submit,
        &editor_a(),
        parts,
        t0(),
    );
    let reviewed = run_article(&submitted, review(), &both, parts, t0());
    let error = refuse(&reviewed, publish_now(), &both, parts, t0());
    assert_eq!(
        error.to_string(),
        "同一稿件的审核、领导审批和签发应由不同人员完成（WEB-REVIEW）"
    );
    let other = Acting::new(UserId(35), DEPT, &[Role::Publisher]);
    assert_eq!(
        run_article(&reviewed, publish_now(), &other, parts, t0()).status,
        Status::Published
    );
}

/// WEB-REVIEW (002 网站规范 §18(一)4, 000 门户 §5): only a publisher of the site's operator
/// unit signs it out.
#[test]
fn web_review_only_the_operator_units_publisher_signs_out() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let at_publisher = reach(Fixture::AtPublisher, parts);
    let dept_publisher = Acting::new(UserId(36), DEPT, &[Role::Publisher]);
    for by in [dept_publisher, stranger(), reviewer()] {
        let error = refuse(&at_publisher, publish_now(), &by, parts, t0());
        assert_eq!(
            error.to_string(),
            "只有“甘州区教育局”承办单位的发布人员可以签发（WEB-REVIEW）"
        );
    }
}

/// WEB-REVIEW: a publication scheduled for an instant goes out at it and not before; a
/// cancelled schedule returns to the publisher, who may sign it out again.
#[test]
fn web_review_scheduled_publication_goes_out_at_its_instant() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let scheduled = reach(Fixture::Scheduled, parts);
    assert_eq!(scheduled.publish_at, Some(at("2025-03-05T09:00")));
    assert_eq!(scheduled.published_at, None);
    let early = refuse(
        &scheduled,
        Command::PublishDue,
        &Acting::system(),
        parts,
        at("2025-03-05T08:59"),
    );
    assert_eq!(early.kind(), ErrorKind::NotYetDue);
    assert!(
        early
            .to_string()
            .starts_with("定时发布的时间 2025-03-05T09:00:00+08:00")
    );
    let place = Place {
        site: &site,
        column: &column,
    };
    let (out, events) = apply(
        &scheduled,
        &Command::PublishDue,
        &Acting::system(),
        place,
        at("2025-03-05T09:01"),
    )
    .unwrap();
    assert_eq!(
        (out.status, out.published_at),
        (Status::Published, Some(at("2025-03-05T09:01")))
    );
    assert!(events.iter().any(|e| matches!(e, Event::Published { .. })));
    let back = run_article(&scheduled, Command::Unschedule, &publisher(), parts, t0());
    assert_eq!((back.status, back.publish_at), (Status::AtPublisher, None));
    let now = run_article(&back, publish_now(), &publisher(), parts, t0());
    assert_eq!(now.published_at, Some(t0()));
    let past = Command::Publish {
        at: Some(at("2025-03-01T09:00")),
    };
    let at_once = run_article(
        &reach(Fixture::AtPublisher, parts),
        past,
        &publisher(),
        parts,
        t0(),
    );
    assert_eq!(
        (at_once.status, at_once.published_at),
        (Status::Published, Some(t0()))
    );
}

/// WEB-REVIEW, WEB-ARCHIVE: a withdrawal needs its reason; the withdrawn article keeps its
/// content and publication date and is offered nothing more.
#[test]
fn web_review_a_withdrawn_article_stays_in_the_archive() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let published = reach(Fixture::Published, parts);
    let blank = Command::Withdraw { reason: "".into() };
    assert_eq!(
        refuse(&published, blank, &publisher(), parts, t0()).to_string(),
        "请填写撤稿理由"
    );
    let withdrawn = run_article(&published, withdraw(), &publisher(), parts, t0());
    assert_eq!(withdrawn.status, Status::Withdrawn);
    assert_eq!(withdrawn.content, published.content);
    assert_eq!(withdrawn.published_at, published.published_at);
    let place = Place {
        site: &site,
        column: &column,
    };
    for by in [publisher(), editor_a(), reviewer(), dept_leader()] {
        assert!(available(&withdrawn, place, &by).is_empty());
    }
}

/// WEB-REVIEW: the page offers each person exactly the commands of their step.
#[test]
fn web_review_each_person_is_offered_the_commands_of_their_step() {
    use CommandKind as C;
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let place = Place {
        site: &site,
        column: &column,
    };
    let rows: &[(Fixture, Acting, &[C])] = &[
        (
            Fixture::Draft,
            editor_a(),
            &[C::Edit, C::Submit, C::Annotate],
        ),
        (
            Fixture::Draft,
            editor_b(),
            &[C::Edit, C::Submit, C::Annotate],
        ),
        (Fixture::Draft, reviewer(), &[]),
        (Fixture::AtReviewer, reviewer(), &[C::Review, C::SendBack]),
        (Fixture::AtReviewer, editor_a(), &[]),
        (Fixture::AtReviewer, publisher(), &[]),
        (
            Fixture::AtLeader,
            dept_leader(),
            &[C::ApproveMajor, C::SendBack],
        ),
        (Fixture::AtLeader, office_leader(), &[]),
        (
            Fixture::AtPublisher,
            publisher(),
            &[C::Publish, C::SendBack],
        ),
        (Fixture::AtPublisher, stranger(), &[]),
        (Fixture::Scheduled, publisher(), &[C::Unschedule]),
        (
            Fixture::Published,
            publisher(),
            &[
                C::Withdraw,
                C::MarkValidity,
                C::LinkInterpretation,
                C::WithdrawError,
                C::ScheduleWithdrawal,
            ],
        ),
        (
            Fixture::WithdrawalPlanned,
            publisher(),
            &[
                C::Withdraw,
                C::MarkValidity,
                C::LinkInterpretation,
                C::WithdrawError,
                C::ScheduleWithdrawal,
                C::CancelWithdrawal,
            ],
        ),
        (
            Fixture::Published,
            reviewer(),
            &[C::MarkValidity, C::LinkInterpretation],
        ),
        (Fixture::Published, editor_a(), &[]),
    ];
    for (fixture, by, expected) in rows {
        let article = reach(*fixture, parts);
        assert_eq!(
            &available(&article, place, by),
            expected,
            "{fixture:?} {by:?}"
        );
        for kind in available(&article, place, by) {
            assert!(kind != C::PublishDue && kind != C::WithdrawDue);
        }
    }
}

/// WEB-COLUMNS, WEB-REGISTRY: no article goes into a closed site, an archived column or a
/// special column the office has not approved; once approved it does.
#[test]
fn web_columns_no_article_goes_into_a_closed_site_or_an_unapproved_special_column() {
    let (site, _) = place_parts();
    let mut special = column(7, ColumnKind::Special);
    let place = Place {
        site: &site,
        column: &special,
    };
    let error = article::draft(
        ArticleId(3),
        place,
        &editor_a(),
        policy_content(),
        false,
        t0(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "专题专栏“专题专栏栏目”须经区政府办公室审核同意后开设（WEB-COLUMNS）"
    );
    special
        .approve_special(&office_leader(), OFFICE, t0())
        .unwrap();
    let place = Place {
        site: &site,
        column: &special,
    };
    assert!(
        article::draft(
            ArticleId(3),
            place,
            &editor_a(),
            policy_content(),
            false,
            t0()
        )
        .is_ok()
    );
    let mut archived = column(8, ColumnKind::News);
    archived.archived_at = Some(t0());
    let place = Place {
        site: &site,
        column: &archived,
    };
    assert!(
        article::draft(
            ArticleId(4),
            place,
            &editor_a(),
            policy_content(),
            false,
            t0()
        )
        .is_err()
    );
    let mut closed = site.clone();
    closed.status = registry::Status::Closed;
    let news = crate::column(6, ColumnKind::News);
    let place = Place {
        site: &closed,
        column: &news,
    };
    let error = article::draft(
        ArticleId(5),
        place,
        &editor_a(),
        policy_content(),
        false,
        t0(),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "网站“甘州区教育局”已永久下线，不能再发布（其页面保留在归档中）"
    );
}

/// WEB-REVIEW (定时撤稿): the publisher plans a withdrawal only for a later instant and with a
/// reason; the scheduler refuses to carry it out early; only the site's publishers plan or
/// cancel it, and the scheduler's command is never offered to a person.
#[test]
fn web_review_a_planned_withdrawal_needs_a_later_instant_a_reason_and_the_publisher() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let published = reach(Fixture::Published, parts);
    let plan = |at_: &str, reason: &str| Command::ScheduleWithdrawal {
        at: at(at_),
        reason: reason.into(),
    };
    let now = at("2025-03-06T09:00");
    let past = refuse(
        &published,
        plan("2025-03-06T08:00", "过时"),
        &publisher(),
        parts,
        now,
    );
    assert_eq!(past.kind(), ErrorKind::Invalid);
    assert!(past.to_string().contains("须晚于现在"), "{past}");
    let blank = refuse(
        &published,
        plan("2025-03-10T09:00", " "),
        &publisher(),
        parts,
        now,
    );
    assert_eq!(blank.to_string(), "请填写撤稿理由");
    let editor = refuse(
        &published,
        plan("2025-03-10T09:00", "过时"),
        &editor_a(),
        parts,
        now,
    );
    assert_eq!(editor.kind(), ErrorKind::NotPermitted, "{editor}");
    let planned = reach(Fixture::WithdrawalPlanned, parts);
    let early = refuse(
        &planned,
        Command::WithdrawDue,
        &Acting::system(),
        parts,
        now,
    );
    assert_eq!(early.kind(), ErrorKind::NotYetDue, "{early}");
    let place = Place {
        site: &site,
        column: &column,
    };
    let offered = available(&planned, place, &publisher());
    assert!(offered.contains(&CommandKind::CancelWithdrawal));
    assert!(!offered.contains(&CommandKind::WithdrawDue));
    assert!(!available(&published, place, &publisher()).contains(&CommandKind::CancelWithdrawal));
    // An immediate withdrawal drops the plan with it.
    let withdrawn = run_article(&planned, withdraw(), &publisher(), parts, now);
    assert!(withdrawn.planned_withdrawal.is_none());
}
