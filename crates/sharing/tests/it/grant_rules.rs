//! The grant (DATA-GRANT): made from the recorded approval time for the days asked, ending by
//! itself; suspend, resume, revoke, terminate by whom; an API grant unused for 3 months is
//! revocable by the provider; no command lengthens it (renewal is a new request).

use sharing::entry::SharingClass;
use sharing::grant::{Command, Grant, Status, TRANSITIONS};
use sharing::request::{self, Command as RequestCommand};
use sharing::{ErrorKind, GrantId, RequestId};

use crate::request_table::filing;
use crate::{administrator, at, consumer, own_rules, provider, published, t0};

fn grant(resource: i64, days: u32) -> Grant {
    let entry = published(SharingClass::Unconditional);
    let mut filing = filing(resource);
    filing.days = days;
    if resource == 2 {
        filing.form_attachment = Some(7);
    }
    let (request, _) =
        request::submit(RequestId(1), filing, &entry, &consumer(), t0(), own_rules()).unwrap();
    let approved_at = at("2026-03-03T15:00");
    let (request, _) = request::apply(
        &request,
        &RequestCommand::Approve,
        &administrator(),
        approved_at,
        own_rules(),
    )
    .unwrap();
    Grant::from_request(GrantId(1), &request).unwrap()
}

#[test]
fn data_grant_runs_its_days_from_the_recorded_approval_and_ends_by_itself() {
    let grant = grant(1, 30);
    assert_eq!(grant.approved_at, at("2026-03-03T15:00"));
    assert_eq!(grant.ends_at, at("2026-04-02T15:00"));
    assert_eq!(grant.fields, vec!["uscc".to_owned(), "name".to_owned()]);
    assert_eq!(grant.state_at(at("2026-04-02T14:59")), Status::Active);
    assert!(grant.may_call(at("2026-04-02T14:59")).is_ok());
    assert_eq!(grant.state_at(at("2026-04-02T15:00")), Status::Expired);
    assert!(
        grant
            .may_call(at("2026-04-02T15:00"))
            .unwrap_err()
            .contains("重新申请")
    );
    // Nothing runs on an expired grant: renewal is a new request.
    let resume = grant.apply(
        &Command::Resume,
        &administrator(),
        at("2026-05-01T09:00"),
        own_rules(),
    );
    assert_eq!(resume.unwrap_err().kind(), ErrorKind::InvalidTransition);
}

#[test]
fn data_grant_an_unapproved_request_makes_no_grant() {
    let entry = published(SharingClass::Unconditional);
    let (request, _) = request::submit(
        RequestId(1),
        filing(1),
        &entry,
        &consumer(),
        t0(),
        own_rules(),
    )
    .unwrap();
    assert!(Grant::from_request(GrantId(1), &request).is_err());
}

#[test]
fn data_grant_suspend_resume_revoke_terminate_by_whom() {
    let grant = grant(1, 365);
    let now = at("2026-03-10T09:00");
    let suspend = Command::Suspend {
        reason: "违规使用核查".into(),
    };
    assert_eq!(
        grant
            .apply(&suspend, &consumer(), now, own_rules())
            .unwrap_err()
            .kind(),
        ErrorKind::NotPermitted
    );
    let suspended = grant
        .apply(&suspend, &provider(), now, own_rules())
        .unwrap();
    assert_eq!(suspended.status, Status::Suspended);
    assert!(suspended.may_call(now).is_err());
    let resumed = suspended
        .apply(&Command::Resume, &administrator(), now, own_rules())
        .unwrap();
    assert!(resumed.may_call(now).is_ok());
    let terminated = resumed
        .apply(
            &Command::Terminate {
                reason: "业务停止".into(),
            },
            &consumer(),
            now,
            own_rules(),
        )
        .unwrap();
    assert_eq!(terminated.status, Status::Terminated);
    let revoke = Command::Revoke {
        reason: String::new(),
    };
    assert!(
        resumed
            .apply(&revoke, &provider(), now, own_rules())
            .is_err()
    );
    for (from, _, _) in TRANSITIONS {
        assert_ne!(*from, Status::Expired);
    }
}

#[test]
fn data_grant_an_api_grant_unused_for_three_months_is_revocable_by_the_provider() {
    let api = grant(2, 1000);
    let early = at("2026-05-01T09:00");
    assert!(!api.revocable_unused(early, own_rules()));
    assert!(
        api.apply(&Command::RevokeUnused, &provider(), early, own_rules())
            .is_err()
    );
    let late = at("2026-06-02T09:00");
    assert!(api.revocable_unused(late, own_rules()));
    assert_eq!(
        api.apply(&Command::RevokeUnused, &administrator(), late, own_rules())
            .unwrap_err()
            .kind(),
        ErrorKind::NotPermitted
    );
    let revoked = api
        .apply(&Command::RevokeUnused, &provider(), late, own_rules())
        .unwrap();
    assert_eq!(revoked.status, Status::Revoked);
    // A call resets the idle period.
    let mut used = api.clone();
    used.last_used_at = Some(at("2026-05-20T09:00"));
    assert!(!used.revocable_unused(late, own_rules()));
    // A table grant is never revoked as an idle API.
    let table = grant(1, 1000);
    assert!(!table.revocable_unused(late, own_rules()));
}
