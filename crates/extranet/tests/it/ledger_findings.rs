//! NET-LEDGER, pure: every (status, command) of a security finding against
//! [`FINDING_TRANSITIONS`] — each row allowed with its target, every other pair refused as an
//! invalid transition — the cut-off refused before the fix clock runs out and allowed after,
//! a rejected report starting a new fix clock from the profile, the wrong side refused, and
//! the ledger's entry checks.

use extranet::ErrorKind;
use extranet::application::{AccessMode, Owner};
use extranet::ledger::finding::{self, available};
use extranet::ledger::{
    self, FINDING_TRANSITIONS, Finding, FindingCommand, FindingCommandKind, FindingId,
    FindingStatus, NewPoint,
};

use crate::{Fixture, OFFICE, UNIT, at, office, stranger, unit_staff};

fn sent(fixture: &Fixture) -> Finding {
    let (finding, events) = finding::send(
        FindingId(1),
        OFFICE,
        UNIT,
        "办公区发现私接无线路由器",
        "三楼会议室私接无线路由器，须立即拆除并报送整改情况",
        &office(),
        at("2025-03-03T09:00:00+08:00"),
        fixture.rules(),
    )
    .unwrap();
    assert_eq!(events.len(), 2, "sent and the fix clock started");
    finding
}

fn command(kind: FindingCommandKind) -> FindingCommand {
    FindingCommand::of(kind, "已拆除无线设备".into())
}

fn acting_for(kind: FindingCommandKind) -> extranet::Acting {
    match kind.owner() {
        Owner::Office => office(),
        Owner::Unit => unit_staff(),
    }
}

/// NET-LEDGER: the table decides every pair; the cut-off is judged long after the deadline.
#[test]
fn net_ledger_every_pair_of_status_and_command_is_decided_by_the_table() {
    let fixture = Fixture::new();
    let late = at("2025-06-03T10:00:00+08:00");
    let mut allowed = 0;
    for status in FindingStatus::ALL {
        for kind in FindingCommandKind::ALL {
            let mut finding = sent(&fixture);
            finding.status = status;
            let row = FINDING_TRANSITIONS
                .iter()
                .find(|(from, command, _)| *from == status && *command == kind);
            let outcome = finding::apply(
                &finding,
                &command(kind),
                &acting_for(kind),
                late,
                fixture.rules(),
            );
            match row {
                Some((_, _, to)) => {
                    let (next, _) = outcome.unwrap_or_else(|e| panic!("{status:?} {kind:?}: {e}"));
                    assert_eq!(next.status, *to);
                    allowed += 1;
                }
                None => {
                    let error = outcome.unwrap_err();
                    assert_eq!(
                        error.kind(),
                        ErrorKind::InvalidTransition,
                        "{status:?} {kind:?}"
                    );
                }
            }
        }
    }
    assert_eq!(allowed, FINDING_TRANSITIONS.len());
}

/// NET-LEDGER §15: a unit is cut off only after its fix clock (`extranet.finding_fix`, 10
/// working days by default) ran out, and the cut-off orders the fix within the limit again
/// (责令限期整改); the unit must report, and the office restores.
#[test]
fn net_ledger_cut_off_only_past_the_deadline_then_restored() {
    let fixture = Fixture::new();
    let finding = sent(&fixture);
    let due = finding.fix_due(&fixture.calendar).unwrap();
    assert_eq!(
        due.local_date().to_string(),
        "2025-03-17",
        "10 working days"
    );
    let cut = FindingCommand::CutOff {
        reason: "逾期未整改".into(),
    };
    let early = finding::apply(
        &finding,
        &cut,
        &office(),
        at("2025-03-14T10:00:00+08:00"),
        fixture.rules(),
    )
    .unwrap_err();
    assert_eq!(early.kind(), ErrorKind::Invalid);
    assert!(early.to_string().contains("NET-LEDGER"));
    let late = at("2025-03-18T10:00:00+08:00");
    let (cut_off, _) = finding::apply(&finding, &cut, &office(), late, fixture.rules()).unwrap();
    assert_eq!(cut_off.status, FindingStatus::CutOff);
    assert!(cut_off.status.cuts_off());
    assert_eq!(cut_off.cut_off_at, Some(late));
    assert!(cut_off.went_overdue(&fixture.calendar, late));
    // §15 责令限期整改: the cut-off starts the fix clock again, 10 working days from it.
    let again = cut_off.fix_due(&fixture.calendar).unwrap();
    assert_eq!(
        again.local_date().to_string(),
        "2025-04-01",
        "10 working days"
    );
    assert_eq!(
        cut_off.clocks.len(),
        2,
        "the first clock stopped, a new one runs"
    );
    // Only the unit reports; only the office restores.
    let report = command(FindingCommandKind::ReportFix);
    let wrong = finding::apply(&cut_off, &report, &office(), late, fixture.rules()).unwrap_err();
    assert_eq!(wrong.kind(), ErrorKind::NotPermitted);
    let other = finding::apply(&cut_off, &report, &stranger(), late, fixture.rules()).unwrap_err();
    assert_eq!(other.kind(), ErrorKind::NotPermitted);
    let (reported, _) =
        finding::apply(&cut_off, &report, &unit_staff(), late, fixture.rules()).unwrap();
    assert_eq!(
        available(&reported, &office()).len(),
        2,
        "reject or restore"
    );
    assert!(available(&reported, &unit_staff()).is_empty());
    let restore = command(FindingCommandKind::Restore);
    let (restored, _) =
        finding::apply(&reported, &restore, &office(), late, fixture.rules()).unwrap();
    assert_eq!(restored.status, FindingStatus::Fixed);
    assert!(!restored.status.cuts_off());
}

/// NET-LEDGER: a rejected report is a new 限期整改 — the profile's limit again from the
/// rejection; a report in time is not overdue.
#[test]
fn net_ledger_rejected_report_starts_a_new_fix_clock() {
    let mut fixture = Fixture::new();
    fixture.profile.extranet.finding_fix = platform::profile::TimeLimit(
        <calendar::Limit as std::str::FromStr>::from_str("3wd").unwrap(),
    );
    let finding = sent(&fixture);
    let t = at("2025-03-04T10:00:00+08:00");
    let (reported, _) = finding::apply(
        &finding,
        &command(FindingCommandKind::ReportFix),
        &unit_staff(),
        t,
        fixture.rules(),
    )
    .unwrap();
    assert!(!reported.went_overdue(&fixture.calendar, at("2025-04-01T10:00:00+08:00")));
    let empty = FindingCommand::Reject {
        reason: "  ".into(),
    };
    let refused = finding::apply(&reported, &empty, &office(), t, fixture.rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Invalid, "a rejection says why");
    let (open, events) = finding::apply(
        &reported,
        &command(FindingCommandKind::Reject),
        &office(),
        t,
        fixture.rules(),
    )
    .unwrap();
    assert_eq!(open.status, FindingStatus::Open);
    assert_eq!(events.len(), 2, "stepped and the clock started again");
    assert_eq!(
        open.fix_due(&fixture.calendar)
            .unwrap()
            .local_date()
            .to_string(),
        "2025-03-07",
        "3 working days from the rejection"
    );
}

/// NET-LEDGER: only the office sends; every problem of a finding is named at once.
#[test]
fn net_ledger_sending_is_the_offices_and_checked() {
    let fixture = Fixture::new();
    let now = at("2025-03-03T09:00:00+08:00");
    let by_unit = finding::send(
        FindingId(1),
        OFFICE,
        UNIT,
        "问题",
        "说明",
        &unit_staff(),
        now,
        fixture.rules(),
    );
    assert_eq!(by_unit.unwrap_err().kind(), ErrorKind::NotPermitted);
    let empty = finding::send(
        FindingId(1),
        OFFICE,
        OFFICE,
        " ",
        "",
        &office(),
        now,
        fixture.rules(),
    )
    .unwrap_err();
    let message = empty.to_string();
    assert!(
        message.contains("接入单位")
            && message.contains("问题名称")
            && message.contains("整改要求")
    );
}

/// NET-LEDGER §16: the ledger's entries — a point needs its place, the leader and staff are
/// two of the unit's people, the declaration is confirmed.
#[test]
fn net_ledger_entry_checks() {
    let point = NewPoint {
        location: " ".into(),
        mode: AccessMode::DedicatedLine,
        allocation: None,
        note: "备".repeat(501),
    };
    let message = ledger::check_point(&point).unwrap_err().to_string();
    assert!(message.contains("接入点位置") && message.contains("500"));
    assert!(
        ledger::check_point(&NewPoint {
            location: "机关三楼机房".into(),
            note: String::new(),
            ..point
        })
        .is_ok()
    );
    assert!(ledger::check_people(1, 2, Some(true), Some(true)).is_ok());
    assert!(ledger::check_people(1, 1, Some(true), Some(true)).is_err());
    assert!(ledger::check_people(1, 2, Some(false), Some(true)).is_err());
    assert!(ledger::check_people(1, 2, None, Some(true)).is_err());
    assert!(ledger::check_people(1, 2, Some(true), None).is_err());
    assert!(ledger::check_declaration(false, "").is_err());
    assert!(ledger::check_declaration(true, "").is_ok());
}
