//! The request machine (DATA-REQUEST, DATA-CROSS): routing (unconditional and urgent to the
//! administrator in 3 WD, conditional to the provider in 10 WD; everything to the
//! administrator in the forward-upward mode), every (status, command) pair, refusals with
//! reason and basis, the filing's flow and use unchanged by every command.

use sharing::entry::{Entry, SharingClass};
use sharing::request::{self, Command, CommandKind, Filing, Refusal, Request, Status, TRANSITIONS};
use sharing::{ErrorKind, RequestId, ResourceId};

use crate::{CAL, PROVIDER, administrator, consumer, own_rules, provider, published, rules, t0};

fn conditional() -> Entry {
    published(SharingClass::Conditional {
        materials: vec!["业务需求说明".into()],
    })
}

pub fn filing(resource: i64) -> Filing {
    Filing {
        entry: sharing::EntryId(1),
        resource: ResourceId(resource),
        fields: vec!["uscc".into(), "name".into()],
        purpose: "社保登记核验企业身份".into(),
        flow: "社保业务系统".into(),
        days: 365,
        urgent: false,
        materials: vec!["见附件".into()],
        form_attachment: None,
    }
}

fn submitted(entry: &Entry, filing: Filing, rules: sharing::Rules<'_>) -> Request {
    request::submit(RequestId(1), filing, entry, &consumer(), t0(), rules)
        .unwrap()
        .0
}

#[test]
fn data_request_unconditional_goes_to_the_administrator_within_three_working_days() {
    let entry = published(SharingClass::Unconditional);
    let request = submitted(&entry, filing(1), own_rules());
    assert_eq!(request.status, Status::AtAdministrator);
    assert_eq!(request.clocks[0].unit, None);
    assert_eq!(
        request.clocks[0].due(&CAL).local_date().to_string(),
        "2026-03-05"
    );
    let refused = request::apply(&request, &Command::Approve, &provider(), t0(), own_rules());
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    let (approved, events) = request::apply(
        &request,
        &Command::Approve,
        &administrator(),
        t0(),
        own_rules(),
    )
    .unwrap();
    assert_eq!(approved.status, Status::Approved);
    assert_eq!(approved.decided_at, Some(t0()));
    assert!(events.contains(&request::Event::Approved { at: t0() }));
}

#[test]
fn data_request_conditional_goes_to_the_provider_within_ten_working_days() {
    let request = submitted(&conditional(), filing(1), own_rules());
    assert_eq!(request.status, Status::AtProvider);
    assert_eq!(request.clocks[0].unit, Some(PROVIDER));
    assert_eq!(
        request.clocks[0].due(&CAL).local_date().to_string(),
        "2026-03-16"
    );
    let by_admin = request::apply(
        &request,
        &Command::Approve,
        &administrator(),
        t0(),
        own_rules(),
    );
    assert_eq!(by_admin.unwrap_err().kind(), ErrorKind::NotPermitted);
    let (approved, _) =
        request::apply(&request, &Command::Approve, &provider(), t0(), own_rules()).unwrap();
    assert_eq!(approved.status, Status::Approved);
}

#[test]
fn data_request_urgent_conditional_goes_to_the_administrator_who_passes_it_on() {
    let mut urgent = filing(1);
    urgent.urgent = true;
    let request = submitted(&conditional(), urgent, own_rules());
    assert_eq!(request.status, Status::AtAdministrator);
    let (passed, _) = request::apply(
        &request,
        &Command::PassToProvider,
        &administrator(),
        t0(),
        own_rules(),
    )
    .unwrap();
    assert_eq!(passed.status, Status::AtProvider);
    assert_eq!(passed.clocks.iter().filter(|c| c.is_running()).count(), 1);
    assert_eq!(passed.clocks[1].unit, Some(PROVIDER));
}

#[test]
fn data_request_the_filing_is_checked_whole() {
    let entry = conditional();
    let mut bad = filing(2);
    bad.fields = vec!["uscc".into(), "salary".into()];
    bad.purpose = " ".into();
    bad.days = 5000;
    bad.materials = vec![];
    let error = request::submit(RequestId(1), bad, &entry, &consumer(), t0(), own_rules())
        .unwrap_err()
        .to_string();
    for needle in [
        "salary",
        "用途",
        "1 至 1095 天",
        "业务需求说明",
        "服务接口申请表",
    ] {
        assert!(error.contains(needle), "{needle} missing in {error}");
    }
    let not_shared = published(SharingClass::Unconditional);
    let mut not_shared = not_shared;
    not_shared.draft.class = SharingClass::NotShared {
        reason: "涉密".into(),
        basis: "法".into(),
    };
    assert!(
        request::submit(
            RequestId(1),
            filing(1),
            &not_shared,
            &consumer(),
            t0(),
            own_rules()
        )
        .is_err()
    );
}

#[test]
fn data_request_a_refusal_needs_reason_and_basis_and_never_a_missing_paper_form() {
    let request = submitted(
        &published(SharingClass::Unconditional),
        filing(1),
        own_rules(),
    );
    let refuse = |reason: &str, basis: &str| {
        request::apply(
            &request,
            &Command::Refuse {
                reason: reason.into(),
                basis: basis.into(),
            },
            &administrator(),
            t0(),
            own_rules(),
        )
    };
    assert!(refuse("", "").unwrap_err().to_string().contains("理由"));
    assert!(
        refuse("超出履职范围", "")
            .unwrap_err()
            .to_string()
            .contains("依据")
    );
    assert!(
        refuse("未收到纸质申请", "§9")
            .unwrap_err()
            .to_string()
            .contains("纸质")
    );
    let (refused, _) = refuse("超出履职范围", "000 共享 §5(一)").unwrap();
    assert_eq!(refused.status, Status::Refused);
    assert_eq!(refused.refusal.as_ref().unwrap().basis, "000 共享 §5(一)");
}

#[test]
fn data_cross_in_the_forward_upward_mode_the_district_forwards_level_by_level() {
    let request = submitted(&conditional(), filing(1), rules());
    assert_eq!(
        request.status,
        Status::AtAdministrator,
        "ganzhou: every request to the administrator"
    );
    let decided = request::apply(&request, &Command::Approve, &administrator(), t0(), rules());
    assert!(decided.unwrap_err().to_string().contains("上级平台"));
    let available = request::available(&request, &administrator(), rules());
    assert!(available.contains(&CommandKind::ForwardUpward));
    assert!(!available.contains(&CommandKind::Approve));
    let forward = |request: &Request, level: &str| {
        request::apply(
            request,
            &Command::ForwardUpward {
                level: level.into(),
            },
            &administrator(),
            t0(),
            rules(),
        )
    };
    let (city, _) = forward(&request, "张掖市政务数据共享平台").unwrap();
    assert!(
        !city.clocks[0].is_running(),
        "the district's clock stops when it forwards"
    );
    assert!(forward(&city, "张掖市政务数据共享平台").is_err());
    let (province, _) = forward(&city, "甘肃省政务数据共享平台").unwrap();
    assert_eq!(province.levels.len(), 2);
    let (approved, events) = request::apply(
        &province,
        &Command::RecordUpperDecision {
            approved: true,
            refusal: None,
        },
        &administrator(),
        t0(),
        rules(),
    )
    .unwrap();
    assert_eq!(approved.status, Status::Approved);
    assert!(events.contains(&request::Event::Approved { at: t0() }));
    let refused = request::apply(
        &province,
        &Command::RecordUpperDecision {
            approved: false,
            refusal: Some(Refusal {
                reason: "超范围".into(),
                basis: String::new(),
            }),
        },
        &administrator(),
        t0(),
        rules(),
    );
    assert!(
        refused.is_err(),
        "an upper refusal is recorded with its basis"
    );
}

fn command(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Approve => Command::Approve,
        CommandKind::Refuse => Command::Refuse {
            reason: "超出履职范围".into(),
            basis: "§5(一)".into(),
        },
        CommandKind::PassToProvider => Command::PassToProvider,
        CommandKind::ForwardUpward => Command::ForwardUpward {
            level: "市级平台".into(),
        },
        CommandKind::RecordUpperDecision => Command::RecordUpperDecision {
            approved: true,
            refusal: None,
        },
        CommandKind::Withdraw => Command::Withdraw,
    }
}

#[test]
fn data_request_every_pair_of_the_table_and_the_filing_never_changes() {
    let mut urgent = filing(1);
    urgent.urgent = true;
    let base = submitted(&conditional(), urgent, own_rules());
    for status in Status::ALL {
        for kind in CommandKind::ALL {
            let mut request = base.clone();
            request.status = status;
            let actor = match (kind, status) {
                (CommandKind::Withdraw, _) => consumer(),
                (_, Status::AtProvider) => provider(),
                _ => administrator(),
            };
            let allowed = TRANSITIONS
                .iter()
                .any(|(from, row, _)| *from == status && *row == kind);
            match request::apply(&request, &command(kind), &actor, t0(), own_rules()) {
                Ok((next, _)) => {
                    assert!(allowed, "{status:?} × {kind:?} passed outside the table");
                    assert_eq!(
                        next.filing, request.filing,
                        "DATA-REQUEST: flow and use fixed"
                    );
                    assert_eq!(next.consumer, request.consumer);
                }
                Err(error) => {
                    assert!(!allowed, "{status:?} × {kind:?} refused: {error}");
                    assert_eq!(error.kind(), ErrorKind::InvalidTransition);
                }
            }
        }
    }
}
