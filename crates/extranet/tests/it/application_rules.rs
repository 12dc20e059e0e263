//! NET-ELIGIBLE and NET-ACCESS beyond the table: the filing's checks (every problem at
//! once), who runs each step, a failed business test going back to implementation until a
//! test passes, a test "passed" before implementation refused, closing as a change request,
//! and each step's clock from the profile, filed under the step's owner.

use calendar::Limit;
use extranet::ErrorKind;
use extranet::application::{
    self, AccessClock, ApplicationId, ApplicationKind, Command, Eligibility, RequestedBlock, Status,
};
use platform::profile::TimeLimit;

use crate::{Fixture, OFFICE, UNIT, at, filing, office, registered, stranger, unit_staff};

fn run(
    fixture: &Fixture,
    application: &application::Application,
    command: Command,
    acting: &extranet::Acting,
    when: &str,
) -> application::Application {
    application::apply(application, &command, acting, at(when), fixture.rules())
        .unwrap()
        .0
}

/// NET-ACCESS: application → review → plan → implementation → a failed test → troubleshooting
/// and implementation again → a passed test → in operation; each step's clock started for
/// its owner with the profile's limit and stopped by the next step.
#[test]
fn an_access_runs_through_a_failed_test_to_operation() {
    let fixture = Fixture::new();
    let applied = registered(&fixture, ApplicationKind::Access);
    let review = &applied.clocks[0];
    assert_eq!(review.kind, AccessClock::Review);
    assert_eq!(review.unit, Some(OFFICE));
    assert_eq!(
        review.clock.limit(),
        fixture.profile.extranet.review.limit()
    );
    let approved = run(
        &fixture,
        &applied,
        Command::Approve {
            opinion: String::new(),
        },
        &office(),
        "2025-03-04T09:00:00+08:00",
    );
    let planned = run(
        &fixture,
        &approved,
        Command::SubmitPlan {
            plan: "光纤专线接入城域网汇聚节点".into(),
        },
        &unit_staff(),
        "2025-03-05T09:00:00+08:00",
    );
    let implemented = run(
        &fixture,
        &planned,
        Command::Implement {
            note: "链路开通，地址已配置".into(),
        },
        &office(),
        "2025-03-06T09:00:00+08:00",
    );
    let failed = run(
        &fixture,
        &implemented,
        Command::ReportTest {
            passed: false,
            result: "无法访问省平台".into(),
        },
        &unit_staff(),
        "2025-03-07T09:00:00+08:00",
    );
    assert_eq!(failed.status, Status::Troubleshooting);
    let again = run(
        &fixture,
        &failed,
        Command::Implement {
            note: "调整路由后重新实施".into(),
        },
        &office(),
        "2025-03-10T09:00:00+08:00",
    );
    let passed = run(
        &fixture,
        &again,
        Command::ReportTest {
            passed: true,
            result: "业务访问正常".into(),
        },
        &unit_staff(),
        "2025-03-11T09:00:00+08:00",
    );
    assert_eq!(passed.status, Status::InOperation);
    assert_eq!(passed.test_rounds, 2);
    let kinds: Vec<(AccessClock, Option<extranet::UnitId>)> =
        passed.clocks.iter().map(|c| (c.kind, c.unit)).collect();
    assert_eq!(
        kinds,
        vec![
            (AccessClock::Review, Some(OFFICE)),
            (AccessClock::Plan, Some(UNIT)),
            (AccessClock::Implement, Some(OFFICE)),
            (AccessClock::Test, Some(UNIT)),
            (AccessClock::Implement, Some(OFFICE)),
            (AccessClock::Test, Some(UNIT)),
        ]
    );
    assert!(passed.clocks.iter().all(|c| !c.is_running()));
    assert_eq!(passed.steps.len(), 6);
}

/// NET-ACCESS: a business test reported as passed before the implementation is refused
/// with a Chinese message, and changes nothing.
#[test]
fn a_test_passed_before_implementation_is_refused() {
    let fixture = Fixture::new();
    let mut planned = registered(&fixture, ApplicationKind::Access);
    planned.status = Status::Planned;
    let error = application::apply(
        &planned,
        &Command::ReportTest {
            passed: true,
            result: "正常".into(),
        },
        &unit_staff(),
        at("2025-03-05T09:00:00+08:00"),
        fixture.rules(),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidTransition);
    assert_eq!(
        error.to_string(),
        "当前状态“待实施”下不能执行“业务测试正常”"
    );
}

/// NET-ACCESS §10(二): a refusal needs its reason, which is kept for the unit.
#[test]
fn a_refusal_says_why() {
    let fixture = Fixture::new();
    let applied = registered(&fixture, ApplicationKind::Access);
    let now = at("2025-03-04T09:00:00+08:00");
    let error = application::apply(
        &applied,
        &Command::Refuse {
            reason: "  ".into(),
        },
        &office(),
        now,
        fixture.rules(),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let (refused, _) = application::apply(
        &applied,
        &Command::Refuse {
            reason: "申请依据不足".into(),
        },
        &office(),
        now,
        fixture.rules(),
    )
    .unwrap();
    assert_eq!(refused.status, Status::Refused);
    assert_eq!(refused.refusal.as_deref(), Some("申请依据不足"));
    assert!(refused.clocks.iter().all(|c| !c.is_running()));
}

/// NET-ACCESS: closing is a change request the office approves, then closes the link with a
/// written notice; it is never built or tested.
#[test]
fn closing_is_approved_then_the_link_closed_with_a_notice() {
    let fixture = Fixture::new();
    let applied = registered(&fixture, ApplicationKind::Closing);
    let approved = run(
        &fixture,
        &applied,
        Command::Approve {
            opinion: "同意关闭".into(),
        },
        &office(),
        "2025-03-04T09:00:00+08:00",
    );
    assert_eq!(approved.clocks[1].kind, AccessClock::CloseLink);
    let plan = application::apply(
        &approved,
        &Command::SubmitPlan {
            plan: "方案".into(),
        },
        &unit_staff(),
        at("2025-03-04T10:00:00+08:00"),
        fixture.rules(),
    );
    assert_eq!(plan.unwrap_err().kind(), ErrorKind::InvalidTransition);
    let closed = run(
        &fixture,
        &approved,
        Command::CloseLink {
            notice: "贵单位政务外网接入链路已于今日关闭".into(),
        },
        &office(),
        "2025-03-05T09:00:00+08:00",
    );
    assert_eq!(closed.status, Status::Closed);
    assert!(closed.closing_notice.is_some());
}

/// NET-ACCESS: the office reviews and implements, the unit plans and tests; nobody else.
#[test]
fn each_step_is_run_by_its_owner_only() {
    let fixture = Fixture::new();
    let applied = registered(&fixture, ApplicationKind::Access);
    let now = at("2025-03-04T09:00:00+08:00");
    for acting in [unit_staff(), stranger()] {
        let error = application::apply(
            &applied,
            &Command::Approve {
                opinion: String::new(),
            },
            &acting,
            now,
            fixture.rules(),
        )
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::NotPermitted, "{error}");
    }
    let mut approved = applied.clone();
    approved.status = Status::Approved;
    for acting in [office(), stranger()] {
        let error = application::apply(
            &approved,
            &Command::SubmitPlan {
                plan: "方案".into(),
            },
            &acting,
            now,
            fixture.rules(),
        )
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::NotPermitted, "{error}");
    }
}

/// NET-ELIGIBLE: a filing without basis or scope, an access without addresses, a change not
/// naming its access, a block of a wrong length — every problem named at once.
#[test]
fn a_bad_filing_names_every_problem() {
    let fixture = Fixture::new();
    let mut bad = filing(ApplicationKind::Access);
    bad.basis = " ".into();
    bad.scope = String::new();
    bad.addresses = vec![];
    let error = application::register(
        ApplicationId(1),
        OFFICE,
        bad,
        &unit_staff(),
        at("2025-03-03T09:00:00+08:00"),
        fixture.rules(),
    )
    .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("请填写申请依据（NET-ELIGIBLE）"),
        "{message}"
    );
    assert!(message.contains("请填写接入范围"), "{message}");
    assert!(
        message.contains("接入申请须写明所需的接入地址"),
        "{message}"
    );
    let mut change = filing(ApplicationKind::Change);
    change.of_access = None;
    change.eligibility = Eligibility::OtherNeed;
    change.addresses = vec![RequestedBlock {
        v6: false,
        length: 8,
    }];
    let error = application::register(
        ApplicationId(1),
        OFFICE,
        change,
        &unit_staff(),
        at("2025-03-03T09:00:00+08:00"),
        fixture.rules(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        error.contains("变更申请须指明所变更或关闭的接入"),
        "{error}"
    );
    assert!(error.contains("/8 不在 /16 到 /32 之间"), "{error}");
    let error = application::register(
        ApplicationId(1),
        OFFICE,
        filing(ApplicationKind::Access),
        &stranger(),
        at("2025-03-03T09:00:00+08:00"),
        fixture.rules(),
    )
    .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotPermitted);
}

/// NET-ACCESS: the limits are the profile's — a jurisdiction that gives the review two
/// working days gets a review clock of two working days.
#[test]
fn the_review_clock_takes_its_limit_from_the_profile() {
    let mut fixture = Fixture::new();
    let default_due =
        registered(&fixture, ApplicationKind::Access).clocks[0].due(&fixture.calendar);
    fixture.profile.extranet.review = TimeLimit("2wd".parse().unwrap());
    let applied = registered(&fixture, ApplicationKind::Access);
    assert_eq!(
        applied.clocks[0].clock.limit(),
        "2wd".parse::<Limit>().unwrap()
    );
    assert!(applied.clocks[0].due(&fixture.calendar) < default_due);
}
