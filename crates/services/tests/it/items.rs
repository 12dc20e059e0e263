//! Item tests: guide elements, types, themes, lifecycle and the negative list
//! (SVC-ITEM-FIELDS, SVC-ITEM-TYPES, SVC-ITEM-LIFE, SVC-NEG-LIST).

use std::collections::HashSet;

use services::ErrorKind;
use services::item::{
    ApprovingDocument, ITEM_TRANSITIONS, ItemCommand, ItemCommandKind, ItemRecord, ItemStatus,
    ItemType, Materials, NegativeListEntry, ReviewOutcome, Target, Theme, apply,
};

use crate::*;

#[test]
fn svc_item_fields_a_complete_guide_validates() {
    assert!(item().validate().is_ok());
    assert!(instant().validate().is_ok());
}

#[test]
fn svc_item_fields_every_problem_is_listed_at_once_in_chinese() {
    let mut bad = item();
    bad.basic.promised_limit = limit("30wd");
    bad.basic.main_name = " ".into();
    bad.materials = Materials::List(Vec::new());
    bad.process.stages[0].limit = limit("29wd");
    let message = bad.validate().unwrap_err().to_string();
    for part in [
        "主项名称不能为空",
        "不能超过法定办结时限",
        "至少列出一项申请材料",
        "各办理环节时限之和",
    ] {
        assert!(message.contains(part), "{message}");
    }
}

#[test]
fn svc_item_fields_an_instant_item_has_promised_limit_zero() {
    let mut bad = instant();
    bad.basic.promised_limit = limit("1wd");
    assert!(bad.validate().unwrap_err().to_string().contains("即办件"));
}

#[test]
fn svc_item_types_eleven_types_with_chinese_labels_and_two_theme_lists() {
    let labels: HashSet<&str> = ItemType::ALL.iter().map(|t| t.label_zh()).collect();
    assert_eq!(labels.len(), 11);
    assert!(labels.contains("行政许可") && labels.contains("公共服务"));
    assert!(Theme::parse(Target::NaturalPerson, "婚姻登记").is_ok());
    assert!(Theme::parse(Target::LegalPerson, "婚姻登记").is_err());
    assert!(Theme::parse(Target::LegalPerson, "法人注销").is_ok());
}

fn edit() -> ItemCommand {
    let mut edited = item();
    edited.basic.office_hours = "工作日 09:00-17:00".into();
    ItemCommand::Edit {
        item: Box::new(edited),
    }
}

fn step(record: &ItemRecord, command: ItemCommand) -> ItemRecord {
    apply(record, &command, t0()).unwrap().0
}

fn published() -> ItemRecord {
    let record = ItemRecord::claim(ItemId(10), DEPT, item());
    let record = step(&record, ItemCommand::Submit { legal_first: false });
    let record = step(
        &record,
        ItemCommand::Review {
            outcome: ReviewOutcome::Pass,
            chain: Vec::new(),
        },
    );
    step(&record, ItemCommand::Publish)
}

#[test]
fn svc_item_life_claim_submit_review_publish_then_change_keeps_the_public_version() {
    let record = published();
    assert_eq!(record.status, ItemStatus::Published);
    assert_eq!(record.public().unwrap().number, 1);
    let changing = step(&record, edit());
    assert_eq!(changing.versions.len(), 2);
    assert_eq!(changing.public().unwrap().number, 1);
    let changing = step(&changing, ItemCommand::Submit { legal_first: false });
    let changing = step(
        &changing,
        ItemCommand::Review {
            outcome: ReviewOutcome::Pass,
            chain: Vec::new(),
        },
    );
    let republished = step(&changing, ItemCommand::Publish);
    assert_eq!(republished.public().unwrap().number, 2);
}

#[test]
fn svc_item_life_a_changed_legal_basis_goes_to_legal_review() {
    let mut changed = item();
    changed.basic.legal_basis = "《食品经营许可和备案管理办法》第十条".into();
    let record = step(
        &published(),
        ItemCommand::Edit {
            item: Box::new(changed),
        },
    );
    let record = step(&record, ItemCommand::Submit { legal_first: false });
    let record = step(
        &record,
        ItemCommand::Review {
            outcome: ReviewOutcome::Pass,
            chain: Vec::new(),
        },
    );
    assert_eq!(record.status, ItemStatus::LegalReview);
    let record = step(
        &record,
        ItemCommand::LegalReview {
            outcome: ReviewOutcome::Pass,
        },
    );
    assert_eq!(record.status, ItemStatus::Approved);
}

/// SVC-ITEM-LIFE: the order of the legal review and the profile's chain (two steps here),
/// per `services.legal_review_first`: the states an item with a changed legal basis passes,
/// and those of an unchanged one (no legal review in either order).
#[test]
fn svc_item_life_legal_review_before_or_after_the_chain_by_the_profile() {
    use ItemStatus::{Approved, LegalReview, Submitted};
    let chain = vec!["审改办审核".to_owned(), "政务公开信息科备案".to_owned()];
    let review = ItemCommand::Review {
        outcome: ReviewOutcome::Pass,
        chain: chain.clone(),
    };
    let legal = ItemCommand::LegalReview {
        outcome: ReviewOutcome::Pass,
    };
    let table: [(bool, bool, &[ItemStatus]); 4] = [
        // (legal first, basis changed, the status after submission and after each step)
        (true, true, &[LegalReview, Submitted, Submitted, Approved]),
        (false, true, &[Submitted, Submitted, LegalReview, Approved]),
        (true, false, &[Submitted, Submitted, Approved]),
        (false, false, &[Submitted, Submitted, Approved]),
    ];
    for (legal_first, changed, expected) in table {
        let mut guide = item();
        if changed {
            guide.basic.legal_basis = "《食品经营许可和备案管理办法》第十条".into();
        }
        let edit = ItemCommand::Edit {
            item: Box::new(guide),
        };
        let mut record = step(
            &step(&published(), edit),
            ItemCommand::Submit { legal_first },
        );
        let mut seen = vec![record.status];
        while record.status != Approved {
            let next = if record.status == LegalReview {
                &legal
            } else {
                &review
            };
            record = step(&record, next.clone());
            seen.push(record.status);
        }
        assert_eq!(
            seen, expected,
            "legal first {legal_first}, changed {changed}"
        );
        let reviews = &record.working().unwrap().reviews;
        assert_eq!(reviews.len(), expected.len() - 1, "{reviews:?}");
    }
    // Returned at the legal review and submitted again: the legal review is done again.
    let mut guide = item();
    guide.basic.legal_basis = "新依据".into();
    let edit = ItemCommand::Edit {
        item: Box::new(guide),
    };
    let record = step(
        &step(&published(), edit),
        ItemCommand::Submit { legal_first: false },
    );
    let record = step(&step(&record, review.clone()), review.clone());
    assert_eq!(record.status, LegalReview);
    let returned = ItemCommand::LegalReview {
        outcome: ReviewOutcome::Return("依据条款引用有误".into()),
    };
    let record = step(&record, returned);
    let record = step(&record, ItemCommand::Submit { legal_first: false });
    let record = step(&step(&record, review.clone()), review);
    assert_eq!(
        record.status, LegalReview,
        "not skipped on the second round"
    );
}

#[test]
fn svc_item_life_every_pair_not_in_the_table_is_refused() {
    let document = ApprovingDocument::parse("甘州政办发〔2025〕1号", "关于调整事项的通知").unwrap();
    let sample = |kind: ItemCommandKind| match kind {
        ItemCommandKind::Edit => edit(),
        ItemCommandKind::Submit => ItemCommand::Submit { legal_first: false },
        ItemCommandKind::Review => ItemCommand::Review {
            outcome: ReviewOutcome::Pass,
            chain: Vec::new(),
        },
        ItemCommandKind::LegalReview => ItemCommand::LegalReview {
            outcome: ReviewOutcome::Pass,
        },
        ItemCommandKind::Publish => ItemCommand::Publish,
        ItemCommandKind::Suspend => ItemCommand::Suspend {
            reason: "系统升级".into(),
            document: document.clone(),
        },
        ItemCommandKind::Resume => ItemCommand::Resume {
            reason: "升级完成".into(),
        },
        ItemCommandKind::Terminate => ItemCommand::Terminate {
            reason: "事项取消".into(),
            document: document.clone(),
        },
    };
    let claimed = ItemRecord::claim(ItemId(10), DEPT, item());
    let mut legal = item();
    legal.basic.legal_basis = "新依据".into();
    let drafting = step(
        &claimed,
        ItemCommand::Edit {
            item: Box::new(legal),
        },
    );
    let submitted = step(&drafting, ItemCommand::Submit { legal_first: false });
    let in_legal = step(
        &submitted,
        ItemCommand::Review {
            outcome: ReviewOutcome::Pass,
            chain: Vec::new(),
        },
    );
    let approved = step(
        &in_legal,
        ItemCommand::LegalReview {
            outcome: ReviewOutcome::Pass,
        },
    );
    let live = step(&approved, ItemCommand::Publish);
    let suspended = step(&live, sample(ItemCommandKind::Suspend));
    let terminated = step(&suspended, sample(ItemCommandKind::Terminate));
    let records = [
        claimed, drafting, submitted, in_legal, approved, live, suspended, terminated,
    ];
    let reached: HashSet<ItemStatus> = records.iter().map(|r| r.status).collect();
    assert_eq!(reached.len(), ItemStatus::ALL.len());
    let mut covered = HashSet::new();
    for record in &records {
        for kind in ItemCommandKind::ALL {
            let listed = ITEM_TRANSITIONS
                .iter()
                .any(|&(f, c, _)| f == record.status && c == kind);
            match apply(record, &sample(kind), t0()) {
                Ok((next, _)) => {
                    assert!(ITEM_TRANSITIONS.contains(&(record.status, kind, next.status)));
                    covered.insert((record.status, kind, next.status));
                }
                Err(error) if !listed => assert_eq!(error.kind(), ErrorKind::InvalidTransition),
                Err(error) => panic!("{:?} {kind:?}: {error}", record.status),
            }
        }
    }
    assert!(covered.len() >= 12, "{covered:?}");
}

#[test]
fn svc_item_life_terminated_items_are_not_public_and_suspended_ones_take_no_applications() {
    let document = ApprovingDocument::parse("文号1", "标题").unwrap();
    let suspended = step(
        &published(),
        ItemCommand::Suspend {
            reason: "调整".into(),
            document: document.clone(),
        },
    );
    assert!(suspended.public().is_some() && !suspended.accepts_applications());
    let terminated = step(
        &suspended,
        ItemCommand::Terminate {
            reason: "取消".into(),
            document,
        },
    );
    assert!(terminated.public().is_none());
}

#[test]
fn svc_neg_list_entry_needs_reason_and_approving_document() {
    let document = ApprovingDocument {
        number: "甘州政发〔2025〕3号".into(),
        title: "负面清单".into(),
    };
    assert!(NegativeListEntry::parse(ItemId(1), "涉密事项", document.clone()).is_ok());
    assert!(NegativeListEntry::parse(ItemId(1), " ", document).is_err());
    let empty = ApprovingDocument {
        number: String::new(),
        title: "x".into(),
    };
    assert!(NegativeListEntry::parse(ItemId(1), "涉密", empty).is_err());
}
