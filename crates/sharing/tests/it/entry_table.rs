//! The catalogue entry machine (DATA-CLASS, DATA-CATALOG, DATA-RESOURCE, DATA-WITHDRAW): every
//! (status, command) pair, allowed by the table or refused; who may act; the change clock of
//! 10 WD extended once to 20 WD; withdrawal only after every resource is offline.

use platform::roles::Role;
use sharing::entry::{
    self, Command, CommandKind, Entry, Event, ResourceKind, SharingClass, Status, TRANSITIONS,
};
use sharing::{EntryId, ErrorKind, ResourceId};

use crate::{PROVIDER, acting, administrator, at, draft, provider, published, rules, t0};

fn command(kind: CommandKind) -> Command {
    match kind {
        CommandKind::Edit => Command::Edit {
            draft: draft(SharingClass::Unconditional),
        },
        CommandKind::Submit => Command::Submit,
        CommandKind::Publish => Command::Publish,
        CommandKind::File => Command::File,
        CommandKind::Return => Command::Return {
            reason: "字段说明不全".into(),
        },
        CommandKind::StartChange => Command::StartChange {
            reason: "新增字段".into(),
        },
        CommandKind::ExtendChange => Command::ExtendChange {
            reason: "系统改造".into(),
        },
        CommandKind::CompleteChange => Command::CompleteChange {
            draft: draft(SharingClass::Unconditional),
        },
        CommandKind::TakeOffline => Command::TakeOffline {
            resource: ResourceId(1),
        },
        CommandKind::PutOnline => Command::PutOnline {
            resource: ResourceId(1),
        },
        CommandKind::ApplyWithdrawal => Command::ApplyWithdrawal {
            basis: "《某条例》修订".into(),
        },
        CommandKind::ApproveWithdrawal => Command::ApproveWithdrawal,
        CommandKind::RefuseWithdrawal => Command::RefuseWithdrawal {
            reason: "仍有部门在用".into(),
        },
    }
}

/// An entry in `status`, shaped so that the table's command from it can pass its rules.
fn entry_in(status: Status, kind: CommandKind) -> Entry {
    let mut entry = published(SharingClass::Unconditional);
    entry.status = status;
    if kind == CommandKind::File {
        entry.draft = draft(SharingClass::NotShared {
            reason: "涉及国家秘密".into(),
            basis: "《保守国家秘密法》".into(),
        });
    }
    if kind == CommandKind::PutOnline || kind == CommandKind::ApplyWithdrawal {
        for resource in &mut entry.draft.resources {
            resource.online = false;
        }
    }
    if kind == CommandKind::ExtendChange || kind == CommandKind::CompleteChange {
        let (changing, _) = entry::apply(
            &published(SharingClass::Unconditional),
            &command(CommandKind::StartChange),
            &provider(),
            t0(),
            rules(),
        )
        .unwrap();
        entry = changing;
    }
    entry.status = status;
    entry
}

fn actor_of(kind: CommandKind) -> sharing::Acting {
    if kind.is_administrator_s() {
        administrator()
    } else {
        provider()
    }
}

#[test]
fn data_catalog_every_pair_of_the_entry_table_is_allowed_or_refused() {
    for status in Status::ALL {
        for kind in CommandKind::ALL {
            let row = TRANSITIONS
                .iter()
                .find(|(from, row, _)| *from == status && *row == kind);
            let entry = entry_in(status, kind);
            let result = entry::apply(&entry, &command(kind), &actor_of(kind), t0(), rules());
            match row {
                Some((_, _, to)) => {
                    let (next, events) = result.unwrap_or_else(|error| {
                        panic!("{status:?} × {kind:?} should pass: {error}")
                    });
                    assert_eq!(next.status, *to, "{status:?} × {kind:?}");
                    assert!(matches!(events[0], Event::Stepped { .. }));
                }
                None => {
                    let error = result.expect_err("not in the table");
                    assert_eq!(
                        error.kind(),
                        ErrorKind::InvalidTransition,
                        "{status:?} × {kind:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn data_catalog_the_administrator_publishes_and_the_provider_cannot() {
    let (entry, _) =
        entry::register(EntryId(1), draft(SharingClass::Unconditional), &provider()).unwrap();
    let (entry, _) = entry::apply(&entry, &Command::Submit, &provider(), t0(), rules()).unwrap();
    let refused = entry::apply(&entry, &Command::Publish, &provider(), t0(), rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotPermitted);
    let stranger = acting(70, sharing::UnitId(9), &[Role::UnitHandler]);
    let refused = entry::apply(
        &entry,
        &Command::Edit {
            draft: draft(SharingClass::Unconditional),
        },
        &stranger,
        t0(),
        rules(),
    );
    assert!(refused.is_err());
    let (entry, _) =
        entry::apply(&entry, &Command::Publish, &administrator(), t0(), rules()).unwrap();
    assert_eq!(entry.status, Status::Published);
    assert_eq!(entry.published_at, Some(t0()));
    assert_eq!(entry.provider, PROVIDER);
}

#[test]
fn data_class_conditional_lists_materials_and_not_shared_gives_its_basis() {
    let conditional = draft(SharingClass::Conditional { materials: vec![] });
    let error = conditional.check().unwrap_err().to_string();
    assert!(error.contains("全部材料"), "{error}");
    let not_shared = draft(SharingClass::NotShared {
        reason: "涉密".into(),
        basis: String::new(),
    });
    let error = not_shared.check().unwrap_err().to_string();
    assert!(error.contains("依据"), "{error}");
    // A not-shared entry is filed, never published.
    let mut entry = published(SharingClass::Unconditional);
    entry.status = Status::Submitted;
    entry.draft = draft(SharingClass::NotShared {
        reason: "涉密".into(),
        basis: "《保守国家秘密法》".into(),
    });
    let error =
        entry::apply(&entry, &Command::Publish, &administrator(), t0(), rules()).unwrap_err();
    assert!(error.to_string().contains("备案"));
    let (filed, _) = entry::apply(&entry, &Command::File, &administrator(), t0(), rules()).unwrap();
    assert_eq!(filed.status, Status::Filed);
    assert!(!filed.status.is_published());
}

#[test]
fn data_resource_each_kind_says_what_its_article_asks() {
    let mut bad = draft(SharingClass::Unconditional);
    bad.resources[0].kind = ResourceKind::Table {
        frequency: " ".into(),
    };
    bad.resources[1].kind = ResourceKind::Api {
        url: "ftp://x".into(),
        method: "PUT".into(),
        document: String::new(),
        self_checked: false,
    };
    let error = bad.check().unwrap_err().to_string();
    for needle in ["更新频率", "http://", "GET 或 POST", "接口描述文档", "自检"] {
        assert!(error.contains(needle), "{needle} missing in {error}");
    }
    bad.resources = vec![];
    assert!(
        bad.check()
            .unwrap_err()
            .to_string()
            .contains("至少一个资源")
    );
}

#[test]
fn data_catalog_a_change_runs_ten_working_days_extended_once_to_twenty() {
    let entry = published(SharingClass::Unconditional);
    let (changing, events) = entry::apply(
        &entry,
        &Command::StartChange {
            reason: "新增字段".into(),
        },
        &provider(),
        t0(),
        rules(),
    )
    .unwrap();
    assert!(events.iter().any(|e| matches!(e, Event::Clock(_))));
    // Monday 2 March + 10 WD = Monday 16 March, end of day.
    assert_eq!(
        changing.clocks[0].due(&crate::CAL).local_date().to_string(),
        "2026-03-16"
    );
    assert_eq!(changing.clocks[0].unit, Some(PROVIDER));
    let extend = Command::ExtendChange {
        reason: "系统改造".into(),
    };
    let refused = entry::apply(&changing, &extend, &provider(), t0(), rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotPermitted);
    let (extended, _) = entry::apply(&changing, &extend, &administrator(), t0(), rules()).unwrap();
    assert_eq!(
        extended.clocks[0].due(&crate::CAL).local_date().to_string(),
        "2026-03-30"
    );
    let twice = entry::apply(&extended, &extend, &administrator(), t0(), rules()).unwrap_err();
    assert!(twice.to_string().contains("已延长过"));
    let (done, events) = entry::apply(
        &extended,
        &Command::CompleteChange {
            draft: draft(SharingClass::Unconditional),
        },
        &provider(),
        at("2026-03-20T10:00"),
        rules(),
    )
    .unwrap();
    assert_eq!(done.status, Status::Published);
    assert!(!done.clocks[0].is_running());
    assert!(events.iter().any(|e| matches!(e, Event::Clock(_))));
}

#[test]
fn data_withdraw_resources_go_offline_first_and_users_are_told() {
    let entry = published(SharingClass::Unconditional);
    let apply = Command::ApplyWithdrawal {
        basis: "《某条例》修订".into(),
    };
    let refused = entry::apply(&entry, &apply, &provider(), t0(), rules()).unwrap_err();
    let message = refused.to_string();
    assert!(
        message.contains("企业登记库表") && message.contains("企业核验接口"),
        "{message}"
    );
    let mut current = entry;
    for id in [ResourceId(1), ResourceId(2)] {
        let (next, events) = entry::apply(
            &current,
            &Command::TakeOffline { resource: id },
            &provider(),
            t0(),
            rules(),
        )
        .unwrap();
        assert!(events.contains(&Event::ResourceOffline { resource: id }));
        current = next;
    }
    let without_basis = Command::ApplyWithdrawal { basis: " ".into() };
    assert!(entry::apply(&current, &without_basis, &provider(), t0(), rules()).is_err());
    let (applied, events) = entry::apply(&current, &apply, &provider(), t0(), rules()).unwrap();
    assert!(events.contains(&Event::WithdrawalAnnounced));
    assert_eq!(applied.status, Status::WithdrawalApplied);
    let (withdrawn, _) = entry::apply(
        &applied,
        &Command::ApproveWithdrawal,
        &administrator(),
        t0(),
        rules(),
    )
    .unwrap();
    assert_eq!(withdrawn.status, Status::Withdrawn);
    assert!(!withdrawn.status.is_published());
}
