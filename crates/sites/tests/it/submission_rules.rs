//! The rules of a submission (WEB-SUBMIT; 004 §26–28, 40), pure: what it carries (unit,
//! author, mobile, title, images named), who approves it (a leader of the unit; a major item
//! as its principal), the editors' clock from receipt with its limit from the profile, the
//! editors of the column only; and the weekly quota with its runs of late weeks.

use calendar::{Limit, LimitUnit};
use chrono::NaiveDate;
use platform::profile::{RuleProfile, TimeLimit, preset};
use platform::roles::Role;
use platform::workflow::ClockChange;
use sites::registry::Rules;
use sites::submission::quota::{self, LateRun, Quota, Receipt, WeekStatus, WeekTally};
use sites::submission::{
    self, ClockKind, Command, Event, Outcome, Place, Recipient, Status, SubmissionInput,
};
use sites::{Acting, ArticleId, ErrorKind, SubmissionId, UnitId, UserId};

use crate::submission_table::{approve, created, in_status, input, place_parts, run, writer};
use crate::{CAL, DEPT, IT, OTHER, at, date, dept_leader, editor_a, rules, stranger, t0};

/// WEB-SUBMIT (004 §28): a submission without author, with a landline, without title or text
/// and with an unnamed image is refused with every problem at once.
#[test]
fn web_submit_a_submission_names_author_mobile_title_and_every_image() {
    let (site, column) = place_parts();
    let bad = SubmissionInput {
        author: " ".into(),
        mobile: "0936-8212345".into(),
        title: String::new(),
        body: "<img src=\"/a.jpg\"><img src=\"/b.jpg\" alt=\"  \"><script>x</script>".into(),
        ..input(&column)
    };
    let place = Place {
        site: &site,
        column: &column,
    };
    let error =
        submission::create(SubmissionId(1), &bad, place, &writer(), "区教育局", t0()).unwrap_err();
    let message = error.to_string();
    for part in ["作者姓名", "手机号码", "信息名称", "正文", "2 张图片未命名"] {
        assert!(message.contains(part), "{part} in {message}");
    }
    let good = created(&site, &column);
    assert_eq!(good.status, Status::Draft);
    assert_eq!((good.unit, good.writer), (DEPT, writer().user));
    assert_eq!(good.author, "张晓明");
    // The body is cleaned; the mobile is not in the snapshot.
    let json = serde_json::to_string(&good).unwrap();
    assert!(!json.contains("13912345678"));
    assert!(good.body.contains("alt=\"会议现场\""));
}

/// WEB-SUBMIT: an image is named by its `alt`; the sanitiser's output is what is judged.
#[test]
fn web_submit_images_are_named_by_their_alt() {
    let cases = [
        ("<p>无图</p>", 0),
        ("<img src=\"/a.jpg\" alt=\"会场\">", 0),
        ("<IMG SRC=\"/a.jpg\" ALT=\"会场\">", 0),
        ("<img src=\"/a.jpg\">", 1),
        ("<img src=\"/a.jpg\" alt=\"\">", 1),
        ("<img alt=\"&nbsp;\" src=\"/a.jpg\">", 1),
        ("<img src=\"/a.jpg\" alt=\"甲\"><img src=\"/b.jpg\">", 1),
    ];
    for (html, unnamed) in cases {
        let cleaned = sites::sanitize::clean(html);
        assert_eq!(submission::unnamed_images(&cleaned), unnamed, "{html}");
    }
}

/// WEB-SUBMIT (004 §26): only a leader of the submitting unit approves, never the one who
/// wrote it; a major item is approved as by the unit's principal, and the leaders are told so.
#[test]
fn web_submit_the_units_leader_approves_a_major_item_as_principal() {
    let (site, column) = place_parts();
    let parts = (&site, &column);
    let place = Place {
        site: &site,
        column: &column,
    };
    let mut major = created(&site, &column);
    major.major = true;
    let (at_leader, events) =
        submission::apply(&major, &Command::Submit, &writer(), place, t0(), rules()).unwrap();
    assert!(events.iter().any(|e| matches!(e,
        Event::Notify { to: Recipient::Leaders(unit), text, .. }
            if *unit == DEPT && text.contains("主要领导"))));
    let other_leader = Acting::new(UserId(70), OTHER, &[Role::UnitLeader]);
    for who in [writer(), editor_a(), other_leader, stranger()] {
        let refused =
            submission::apply(&at_leader, &approve(), &who, place, t0(), rules()).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::NotPermitted, "{:?}", who.user);
    }
    let refused =
        submission::apply(&at_leader, &approve(), &editor_a(), place, t0(), rules()).unwrap_err();
    assert!(refused.to_string().contains("主要领导"), "{refused}");
    // A leader who wrote it does not approve it.
    let mut own = at_leader.clone();
    own.writer = dept_leader().user;
    let refused =
        submission::apply(&own, &approve(), &dept_leader(), place, t0(), rules()).unwrap_err();
    assert!(refused.to_string().contains("本人"), "{refused}");
    let approved = run(&at_leader, approve(), &dept_leader(), parts, t0());
    let approval = approved.approval.unwrap();
    assert!(approval.as_principal);
    assert_eq!(approval.by, dept_leader().user);
}

fn handling_change(events: &[Event]) -> Vec<ClockChange> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::Clock(clock) if clock.kind == ClockKind::Handling => Some(clock.change.clone()),
            _ => None,
        })
        .collect()
}

/// WEB-SUBMIT (004 §27): the editors' clock starts at receipt with the profile's limit (1 WD:
/// Monday 09:00 is due by Tuesday's close), filed under the site's operator unit, and stops at
/// their decision — met on Tuesday, not on Wednesday. Another profile's limit moves it.
#[test]
fn web_submit_the_editors_clock_runs_from_receipt_with_the_profiles_limit() {
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    let at_leader = in_status(Status::AtLeader, &site, &column);
    let (received, events) =
        submission::apply(&at_leader, &approve(), &dept_leader(), place, t0(), rules()).unwrap();
    assert_eq!(received.received_at, Some(t0()));
    let clock = &received.clocks[0];
    assert_eq!(clock.unit, Some(IT), "filed under the operator unit");
    assert_eq!(
        clock.clock.limit(),
        Limit {
            amount: 1,
            unit: LimitUnit::WorkingDays
        }
    );
    let due = clock.due(&CAL);
    assert_eq!(due.local_date(), date("2025-03-04"));
    assert!(matches!(
        handling_change(&events)[..],
        [ClockChange::Started { .. }]
    ));
    assert!(events.iter().any(|e| matches!(e,
        Event::Notify { to: Recipient::ColumnEditors(c), text, .. }
            if *c == column.id && text.contains("1个工作日"))));
    for (when, met) in [("2025-03-04T17:00", true), ("2025-03-05T09:00", false)] {
        let (decided, events) = submission::apply(
            &received,
            &adopt_at(),
            &editor_a(),
            place,
            at(when),
            rules(),
        )
        .unwrap();
        assert_eq!(decided.status, Status::Adopted);
        assert!(
            matches!(handling_change(&events)[..], [ClockChange::Stopped { met: m, .. }] if m == met),
            "{when}"
        );
    }
    let mut slow = RuleProfile::default();
    slow.website.submission_publish = TimeLimit("3wd".parse().unwrap());
    let slow_rules = Rules {
        profile: &slow,
        calendar: &CAL,
    };
    let (received, _) = submission::apply(
        &at_leader,
        &approve(),
        &dept_leader(),
        place,
        t0(),
        slow_rules,
    )
    .unwrap();
    assert_eq!(
        received.clocks[0].due(&CAL).local_date(),
        date("2025-03-06")
    );
}

fn adopt_at() -> Command {
    Command::Adopt {
        column: None,
        article: Some(ArticleId(501)),
    }
}

/// WEB-SUBMIT: only the column's A/B editors adopt or return; an adoption names its article;
/// a return needs its reason and tells the writer; an edit keeps the column proposed.
#[test]
fn web_submit_the_columns_editors_adopt_or_return_with_a_reason() {
    let (site, column) = place_parts();
    let place = Place {
        site: &site,
        column: &column,
    };
    let received = in_status(Status::AtEditors, &site, &column);
    let other_editor = Acting::new(UserId(40), DEPT, &[Role::SiteEditor]);
    let refused =
        submission::apply(&received, &adopt_at(), &other_editor, place, t0(), rules()).unwrap_err();
    assert!(refused.to_string().contains("A岗、B岗"), "{refused}");
    let no_article = Command::Adopt {
        column: None,
        article: None,
    };
    assert!(submission::apply(&received, &no_article, &editor_a(), place, t0(), rules()).is_err());
    let blank = Command::Return { reason: " ".into() };
    assert!(submission::apply(&received, &blank, &editor_a(), place, t0(), rules()).is_err());
    let back = Command::Return {
        reason: "与已发布信息重复".into(),
    };
    let (returned, events) =
        submission::apply(&received, &back, &editor_a(), place, t0(), rules()).unwrap();
    assert_eq!(returned.return_reason(), Some("与已发布信息重复"));
    assert!(events.iter().any(|e| matches!(e,
        Event::Notify { to: Recipient::User(u), .. } if *u == writer().user)));
    let adopted = run(&received, adopt_at(), &editor_a(), (&site, &column), t0());
    assert_eq!(adopted.article(), Some(ArticleId(501)));
    assert!(matches!(
        adopted.decision.unwrap().outcome,
        Outcome::Adopted { column: c, .. } if c == column.id
    ));
    let draft = created(&site, &column);
    let mut moved = input(&column);
    moved.column = sites::ColumnId(99);
    let edit = Command::Edit {
        input: Box::new(moved),
    };
    assert!(submission::apply(&draft, &edit, &writer(), place, t0(), rules()).is_err());
}

fn week(monday: &str, status: WeekStatus) -> WeekTally {
    WeekTally {
        monday: date(monday),
        submitted: 0,
        adopted: 0,
        status,
    }
}

/// WEB-SUBMIT (004 §40: 连续3次以上不及时): runs of at least three missed weeks in a row, each
/// once however long; a met, open or untracked week ends a run; a run length of 0 finds none.
#[test]
fn web_submit_three_missed_weeks_in_a_row_are_one_run() {
    use WeekStatus::{Met, Missed, NotTracked, Open};
    let mondays = [
        "2025-03-03",
        "2025-03-10",
        "2025-03-17",
        "2025-03-24",
        "2025-03-31",
        "2025-04-07",
        "2025-04-14",
    ];
    /// The weeks' statuses, the run length, and the runs found (first and last index).
    type Case<'a> = (&'a [WeekStatus], u32, &'a [(usize, usize)]);
    let table: &[Case<'_>] = &[
        (&[Missed, Missed, Missed], 3, &[(0, 2)]),
        (&[Missed, Missed, Met, Missed, Missed], 3, &[]),
        (&[Met, Missed, Missed, Missed, Missed, Met], 3, &[(1, 4)]),
        (
            &[Missed, Missed, Missed, Met, Missed, Missed, Missed],
            3,
            &[(0, 2), (4, 6)],
        ),
        (&[NotTracked, Missed, Missed, Open], 3, &[]),
        (&[Missed, Missed], 2, &[(0, 1)]),
        (&[Missed, Missed, Missed], 0, &[]),
    ];
    for (statuses, length, expected) in table {
        let weeks: Vec<WeekTally> = statuses
            .iter()
            .zip(mondays)
            .map(|(status, monday)| week(monday, *status))
            .collect();
        let found = quota::late_runs(&weeks, *length);
        let want: Vec<LateRun> = expected
            .iter()
            .map(|&(first, last)| LateRun {
                first: date(mondays[first]),
                last: date(mondays[last]),
                weeks: u32::try_from(last - first + 1).unwrap(),
            })
            .collect();
        assert_eq!(found, want, "{statuses:?} run {length}");
    }
}

/// WEB-SUBMIT (004 §26): xingning asks each unit for one submission a week, ganzhou for none;
/// a week counts what reached the editors in it (adopted beside); a week not over is open,
/// weeks before the group are not tracked.
#[test]
fn web_submit_the_weekly_quota_of_each_unit() {
    let xingning = preset("xingning").unwrap().build();
    assert_eq!(xingning.website.unit_weekly_submissions, 1);
    assert_eq!(RuleProfile::default().website.unit_weekly_submissions, 0);
    assert_eq!(xingning.website.submission_late_run, 3);
    let receipts = [
        Receipt {
            unit: DEPT,
            on: date("2025-03-04"),
            adopted: true,
        },
        Receipt {
            unit: DEPT,
            on: date("2025-03-09"),
            adopted: false,
        },
        Receipt {
            unit: OTHER,
            on: date("2025-03-18"),
            adopted: false,
        },
    ];
    let quota = Quota {
        per_week: xingning.website.unit_weekly_submissions,
        tracked_from: Some(date("2025-03-05")),
        today: date("2025-03-19"),
    };
    let units = [DEPT, UnitId(50)];
    let table = quota::tally(&units, &receipts, date("2025-02-26"), 4, quota);
    /// A week as compared: Monday, submitted, adopted, status.
    type Row = (NaiveDate, u32, u32, WeekStatus);
    let rows: Vec<(UnitId, Vec<Row>)> = table
        .iter()
        .map(|unit| {
            let weeks = unit
                .weeks
                .iter()
                .map(|w| (w.monday, w.submitted, w.adopted, w.status))
                .collect();
            (unit.unit, weeks)
        })
        .collect();
    use WeekStatus::{Met, Missed, NotTracked, Open};
    let weeks = |statuses: [(u32, u32, WeekStatus); 4]| {
        ["2025-02-24", "2025-03-03", "2025-03-10", "2025-03-17"]
            .iter()
            .zip(statuses)
            .map(|(monday, (s, a, status))| (date(monday), s, a, status))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows,
        [
            (
                DEPT,
                weeks([
                    (0, 0, NotTracked),
                    (2, 1, Met),
                    (0, 0, Missed),
                    (0, 0, Open)
                ])
            ),
            (
                UnitId(50),
                weeks([
                    (0, 0, NotTracked),
                    (0, 0, Missed),
                    (0, 0, Missed),
                    (0, 0, Open)
                ])
            ),
            (
                OTHER,
                weeks([
                    (0, 0, NotTracked),
                    (0, 0, Missed),
                    (0, 0, Missed),
                    (1, 0, Met)
                ])
            ),
        ]
    );
    assert_eq!(
        (table[0].submitted(), table[0].adopted(), table[0].missed()),
        (2, 1, 1)
    );
    let none = Quota {
        per_week: 0,
        ..quota
    };
    let relaxed = quota::tally(&units, &receipts, date("2025-03-03"), 1, none);
    assert_eq!(relaxed[0].weeks[0].status, WeekStatus::NotRequired);
    assert_eq!(quota::week_of(date("2025-03-09")), date("2025-03-03"));
}
