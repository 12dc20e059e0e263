//! Integration tests of the services domain core, built as one binary; helpers build items
//! and cases in every status by the ordinary path of commands.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod annual;
mod available;
mod case_table;
mod catalogue_import;
mod citizen;
mod clock_units;
mod enterprise;
mod fixture;
mod item_office;
mod item_window_diff;
mod items;
mod legal_order;
mod one_door;
mod phone_check;
mod portal;
mod progress_email;
mod properties;
mod query_codes;
mod queue;
mod reindex;
mod rules;
mod search;
mod sms;
mod store;
mod supervision;
mod supplement;
mod transitions;
mod usecase;
mod window_notice;
mod window_sign;

use std::sync::LazyLock;

use calendar::{Calendar, Instant, Limit};
use platform::profile::RuleProfile;
use services::case::{
    Application, Case, Channel, Command, Decision, Event, MaterialDefect, MaterialSource,
    SubmittedMaterial, apply, submit,
};
use services::item::{
    Basic, CaseType, CrossRegion, DeliveryMethod, Fee, Item, ItemType, Material, MaterialKind,
    Materials, ParallelPart, Process, ResultSpec, SourceChannel, SpecialProcedure, SpecialStage,
    Stage, Target, Theme, WindowMode,
};
use services::item::{MaterialMore, MoreElements};
use services::{ApplicantId, AttachmentId, CaseId, ItemId, UnitId};

pub static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
pub static PROFILE: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);
pub static LENIENT: LazyLock<RuleProfile> = LazyLock::new(|| {
    let mut profile = RuleProfile::default();
    profile.services.one_time_notice_only = false;
    profile
});

/// The implementing department.
pub const DEPT: UnitId = UnitId(1);
/// The comprehensive window of the service centre.
pub const WINDOW: UnitId = UnitId(2);
/// A co-approving department.
pub const PARTNER: UnitId = UnitId(3);
pub const STRANGER: UnitId = UnitId(9);
pub const APPLICANT: ApplicantId = ApplicantId(100);

/// `2025-03-03T09:00` (Asia/Shanghai). 2025-03-03 is a Monday.
pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

/// When fixtures submit: Monday 2025-03-03 09:00.
pub fn t_submit() -> Instant {
    at("2025-03-03T09:00")
}

/// When fixture steps happen: Monday 2025-03-03 09:10.
pub fn t0() -> Instant {
    at("2025-03-03T09:10")
}

pub fn limit(text: &str) -> Limit {
    text.parse().unwrap()
}

fn material(code: &str, name: &str, required: bool, licence: Option<&str>) -> Material {
    Material {
        code: code.into(),
        name: name.into(),
        kind: MaterialKind::Original,
        source: SourceChannel::Applicant,
        criteria: "内容完整、清晰".into(),
        requirements: "签字或盖章".into(),
        copies: 1,
        required,
        licence_type: licence.map(str::to_owned),
        sample: Some(AttachmentId(1)),
        blank_form: None,
        more: MaterialMore {
            legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
            ..MaterialMore::default()
        },
    }
}

/// A licensing item with pre-review, two stages (3 + 2 WD), promised 10 WD, a site
/// inspection of 5 WD, accepted by the comprehensive window or the department.
pub fn item() -> Item {
    Item {
        basic: Basic {
            main_name: "食品经营许可".into(),
            sub_name: "新办".into(),
            item_type: ItemType::Licensing,
            case_type: CaseType::Promised,
            department: DEPT,
            authority_source: "法定本级行使".into(),
            exercise_level: "县级".into(),
            legal_limit: limit("20wd"),
            promised_limit: limit("10wd"),
            acceptance_limit: limit("2wd"),
            fee: Fee::Free,
            result: ResultSpec {
                name: "食品经营许可证".into(),
                sample: Some(AttachmentId(2)),
                licence_type: Some("食品经营许可证".into()),
            },
            delivery: vec![
                DeliveryMethod::PickUp,
                DeliveryMethod::Post,
                DeliveryMethod::Electronic,
            ],
            onsite_visits: 0,
            cross_region: CrossRegion::Province,
            supervision_phone: "0936-12345".into(),
            consultation_phone: "0936-8888888".into(),
            office_hours: "工作日 08:30-12:00, 14:30-18:00".into(),
            office_address: "甘州区政务服务中心二楼".into(),
            intermediary_services: Vec::new(),
            acceptance_criteria: "具有与经营的食品品种相适应的经营场所".into(),
            legal_basis: "《中华人民共和国食品安全法》第三十五条".into(),
            targets: vec![Target::LegalPerson, Target::NaturalPerson],
            themes: vec![Theme::parse(Target::LegalPerson, "准营准办").unwrap()],
            topics: vec!["企业开办".into()],
            offers_prereview: true,
            window: WindowMode::Comprehensive { window: WINDOW },
            more: MoreElements::default(),
        },
        process: Process {
            stages: vec![
                Stage {
                    name: "审查".into(),
                    department: DEPT,
                    handler_role: "审核人".into(),
                    limit: limit("3wd"),
                    window: String::new(),
                },
                Stage {
                    name: "决定".into(),
                    department: DEPT,
                    handler_role: "分管领导".into(),
                    limit: limit("2wd"),
                    window: String::new(),
                },
            ],
            special: vec![SpecialStage {
                procedure: SpecialProcedure::SiteInspection,
                limit: limit("5wd"),
            }],
            parallel: Vec::new(),
        },
        materials: Materials::List(vec![
            material("id_card", "法定代表人身份证", true, Some("居民身份证")),
            material("form", "食品经营许可申请书", true, None),
            material("lease", "经营场所租赁合同", false, None),
        ]),
    }
}

/// [`item`] without pre-review.
pub fn plain() -> Item {
    let mut item = item();
    item.basic.offers_prereview = false;
    item
}

/// An instant item (即办件): promised 0, no stages, no pre-review.
pub fn instant() -> Item {
    let mut item = plain();
    item.basic.case_type = CaseType::Instant;
    item.basic.promised_limit = limit("0wd");
    item.process.stages.clear();
    item
}

/// [`item`] with a co-approving department of 5 WD (SVC-PARALLEL).
pub fn parallel() -> Item {
    let mut item = item();
    item.process.parallel = vec![ParallelPart {
        department: PARTNER,
        limit: limit("5wd"),
    }];
    item
}

pub fn uploaded(code: &str) -> SubmittedMaterial {
    SubmittedMaterial {
        code: code.into(),
        source: MaterialSource::Uploaded(AttachmentId(50)),
    }
}

pub fn application(channel: Channel) -> Application {
    Application {
        id: CaseId(1),
        item: ItemId(10),
        item_version: 1,
        applicant: APPLICANT,
        channel,
        materials: vec![uploaded("id_card"), uploaded("form")],
    }
}

pub fn submitted(item: &Item) -> Case {
    submit(
        application(Channel::Online),
        item,
        t_submit(),
        &PROFILE,
        &CAL,
    )
    .unwrap()
    .0
}

pub fn run(case: &Case, item: &Item, command: Command, now: Instant) -> Case {
    run_events(case, item, command, now).0
}

pub fn run_events(case: &Case, item: &Item, command: Command, now: Instant) -> (Case, Vec<Event>) {
    apply(case, item, &command, now, &PROFILE, &CAL)
        .unwrap_or_else(|error| panic!("{command:?} from {:?}: {error}", case.status))
}

pub fn prereview() -> Command {
    Command::PreReview {
        by: DEPT,
        opinion: "材料齐全，请提交正式申请，受理后10个工作日内办结".into(),
    }
}

pub fn accept(by: UnitId) -> Command {
    Command::Accept { by }
}

pub fn notice(material: &str) -> Command {
    Command::RequestSupplement {
        by: DEPT,
        defects: vec![MaterialDefect {
            material: material.into(),
            problem: "未签字".into(),
        }],
    }
}

pub fn resubmit() -> Command {
    Command::Resubmit {
        materials: vec![uploaded("form")],
    }
}

pub fn complete() -> Command {
    Command::CompleteStage {
        by: DEPT,
        opinion: "同意".into(),
    }
}

pub fn site_inspection() -> Command {
    Command::StartSpecial {
        procedure: SpecialProcedure::SiteInspection,
        reason: "需现场核查经营场所".into(),
    }
}

pub fn end_special() -> Command {
    Command::EndSpecial {
        outcome: "现场核查合格".into(),
    }
}

pub fn approve() -> Command {
    Command::Decide {
        by: DEPT,
        decision: Decision::Approve,
    }
}

pub fn deliver(by: UnitId, method: DeliveryMethod) -> Command {
    Command::Deliver { by, method }
}

pub fn withdraw() -> Command {
    Command::Withdraw {
        reason: "不再需要".into(),
    }
}

/// The case of `item` accepted by the department (after pre-review when offered).
pub fn accepted(item: &Item) -> Case {
    let mut case = submitted(item);
    if item.basic.offers_prereview {
        case = run(&case, item, prereview(), t0());
    }
    run(&case, item, accept(DEPT), t0())
}
