//! Issue 22: the review chain as a profile value, the amended guide elements, the material's
//! legal basis, the online address and the version diff (SVC-ITEM-LIFE, SVC-ITEM-FIELDS,
//! SVC-MATERIAL-BASIS, SVC-ONLINE-URL).

use platform::profile::preset;
use services::item::{
    ItemCommand, ItemRecord, ItemStatus, MaterialMore, Materials, ReviewOutcome, apply, diff,
    guide_lines,
};
use services::{ItemId, UnitId};

use crate::*;

fn run(record: &ItemRecord, command: ItemCommand) -> ItemRecord {
    apply(record, &command, t0()).unwrap().0
}

fn chain(name: &str) -> Vec<String> {
    preset(name)
        .unwrap()
        .build()
        .services
        .item_review_steps()
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// SVC-ITEM-LIFE: the chain is a profile value per jurisdiction; each step passes in order,
/// the last one leads to legal review when the basis changed, a return restarts the chain.
#[test]
fn svc_item_life_review_chain_is_the_profiles_per_jurisdiction() {
    assert_eq!(chain("ganzhou"), ["省级行业主管部门审核"]);
    assert_eq!(chain("chengde"), ["审改办审核", "政务公开信息科备案"]);
    assert_eq!(chain("chengguan"), ["区政务服务管理局审批"]);
    let steps = chain("chengde");
    let review = |outcome| ItemCommand::Review {
        outcome,
        chain: steps.clone(),
    };
    let mut changed = item();
    changed.basic.legal_basis = "《新的设定依据》".into();
    let record = ItemRecord::claim(ItemId(1), UnitId(3), item());
    let record = run(
        &record,
        ItemCommand::Edit {
            item: Box::new(changed),
        },
    );
    let record = run(&record, ItemCommand::Submit { legal_first: false });
    let first = run(&record, review(ReviewOutcome::Pass));
    assert_eq!(first.status, ItemStatus::Submitted);
    let returned = run(&first, review(ReviewOutcome::Return("补充依据".into())));
    assert_eq!(returned.status, ItemStatus::Drafting);
    assert_eq!(returned.working().unwrap().review_step, 0);
    let second = run(&first, review(ReviewOutcome::Pass));
    assert_eq!(second.status, ItemStatus::LegalReview);
    let reviews = &second.working().unwrap().reviews;
    assert!(reviews[0].starts_with("审改办审核通过"), "{reviews:?}");
    assert!(
        reviews[1].starts_with("政务公开信息科备案通过"),
        "{reviews:?}"
    );
}

/// SVC-MATERIAL-BASIS: a material without a legal basis refuses the guide, in Chinese.
#[test]
fn svc_material_basis_a_material_without_basis_is_refused() {
    let mut bad = item();
    if let Materials::List(list) = &mut bad.materials {
        list[0].more = MaterialMore::default();
    }
    let message = bad.validate().unwrap_err().to_string();
    assert!(message.contains("没有设定依据"), "{message}");
}

/// SVC-ONLINE-URL: a 缴费、查询、咨询 item needs an address; a malformed one is refused.
#[test]
fn svc_online_url_required_for_payment_query_consultation_and_well_formed() {
    let mut bad = item();
    bad.basic.more.needs_online_address = true;
    assert!(
        bad.clone()
            .validate()
            .unwrap_err()
            .to_string()
            .contains("必须提供网上办理地址")
    );
    bad.basic.more.online_url = "http://zwfw.gansu.gov.cn/".into();
    assert!(
        bad.clone()
            .validate()
            .unwrap_err()
            .to_string()
            .contains("https")
    );
    bad.basic.more.online_url = "https://zwfw.gansu.gov.cn/item/1".into();
    assert!(bad.validate().is_ok());
}

/// SVC-ITEM-LIFE: the diff names exactly the changed elements, new ones included.
#[test]
fn svc_item_life_diff_names_the_changed_elements() {
    let old = item();
    let mut new = item();
    new.basic.more.directions = "乘 1 路公交车".into();
    new.basic.more.permit_quantity = "不限".into();
    let lines = diff(&old, &new);
    let labels: Vec<&str> = lines.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels, ["许可数量", "交通指引"]);
    assert!(diff(&old, &old).is_empty());
    assert!(
        guide_lines(&old)
            .iter()
            .any(|(l, _)| l.ends_with("·设定依据"))
    );
}
