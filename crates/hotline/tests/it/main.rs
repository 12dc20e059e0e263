//! Integration tests of the hotline domain core, built as one binary; helpers build orders
//! in every status by the ordinary path of commands.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cases;
mod catalogue;
mod citizen;
mod collab;
mod contacts;
mod counters;
mod credit;
mod evidence;
mod flow;
mod held_files;
mod input;
mod kb_store;
mod open311;
mod privacy;
mod properties;
mod publication;
mod query_codes;
mod rates;
mod reindex;
mod reports;
mod result_files;
mod rules;
mod rules_audit;
mod search;
mod sms;
mod store;
mod supervise;
mod supervision;
mod transitions;
mod usecase;
mod values;

use std::sync::LazyLock;

use calendar::{Calendar, Instant, Limit};
use hotline::UnitId;
use hotline::appeal::{Category, Channel, HandlingClass, Intake, Origin};
use hotline::evaluation::Rating;
use hotline::kb::{EntryId, EntryRef, EntryStatus};
use hotline::order::{
    Approval, ArchiveItem, Command, ContactOutcome, Decision, Event, FormFinding, HandlingResult,
    Order, ReplyChannel, ReviewFinding, ReviewForm, Seal, Status, UnitView, apply, register,
};
use hotline::refuse::RefuseReason;
use platform::profile::RuleProfile;

pub static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
pub static PROFILE: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);

pub const LEAD: UnitId = UnitId(1);
pub const ASSIST: UnitId = UnitId(2);
pub const STRANGER: UnitId = UnitId(9);

/// `2025-03-03T09:00` (Asia/Shanghai) or full RFC 3339. 2025-03-03 is a Monday.
pub fn at(text: &str) -> Instant {
    let full = if text.len() == 16 {
        format!("{text}:00+08:00")
    } else {
        text.to_owned()
    };
    Instant::parse_rfc3339(&full).unwrap()
}

/// The instant every fixture step happens at: Monday 2025-03-03 09:10.
pub fn t0() -> Instant {
    at("2025-03-03T09:10")
}

pub fn limit(text: &str) -> Limit {
    text.parse().unwrap()
}

pub fn intake(channel: Channel, origin: Origin) -> Intake {
    Intake::parse(
        channel,
        Category::ComplaintReport,
        origin,
        "小区夜间施工噪音扰民",
        "甘州区某小区",
        false,
    )
    .unwrap()
}

pub fn registered() -> Order {
    register(intake(Channel::Web, Origin::Local), at("2025-03-03T09:00")).0
}

pub fn run(order: &Order, command: Command, now: Instant) -> Order {
    apply(order, &command, now, &PROFILE, &CAL)
        .unwrap_or_else(|error| panic!("{command:?} from {:?}: {error}", order.status))
        .0
}

pub fn run_events(order: &Order, command: Command, now: Instant) -> (Order, Vec<Event>) {
    apply(order, &command, now, &PROFILE, &CAL).unwrap()
}

pub fn published_entry() -> EntryRef {
    EntryRef {
        id: EntryId(7),
        version: 2,
        status: EntryStatus::Published,
    }
}

pub fn dispatch(class: HandlingClass) -> Command {
    Command::Dispatch {
        class,
        lead: LEAD,
        assisting: vec![ASSIST],
        terms: hotline::order::DispatchTerms::default(),
    }
}

pub fn return_command(legal_basis: &str, call_record: &str) -> Command {
    Command::Return {
        unit: LEAD,
        legal_basis: legal_basis.into(),
        call_record: call_record.into(),
    }
}

pub fn good_return() -> Command {
    return_command(
        "《城市房地产管理法》第三条：物业纠纷由住建部门主管",
        "09:20 与热线话务员王某电话沟通，同意退回",
    )
}

pub fn result() -> HandlingResult {
    HandlingResult::parse(
        "已受理并现场核查",
        "3月3日现场核查，约谈施工单位",
        "责令夜间停止施工",
        "施工单位已停止夜间施工",
        UnitView::Satisfied,
    )
    .unwrap()
}

pub fn submit() -> Command {
    Command::SubmitResult {
        unit: LEAD,
        result: result(),
    }
}

pub fn approve() -> Command {
    Command::ApproveResult {
        unit: LEAD,
        decision: Approval::Approve,
    }
}

pub fn reply(outcome: ContactOutcome) -> Command {
    Command::ReplyAttempt {
        channel: ReplyChannel::Phone,
        outcome,
        note: "电话回复办理结果".into(),
    }
}

pub fn callback(rating: Rating) -> Command {
    Command::Callback {
        rating,
        comment: "回访".into(),
    }
}

pub fn review(finding: ReviewFinding) -> Command {
    Command::Review {
        finding,
        note: "会同承办单位复核".into(),
    }
}

pub fn review_form() -> Command {
    Command::UploadReviewForm {
        unit: LEAD,
        form: ReviewForm::parse(
            "张某（局长）",
            Seal::Affixed,
            "attachment-31",
            "已两次办理，答复准确",
        )
        .unwrap(),
    }
}

pub fn conclude(finding: FormFinding) -> Command {
    Command::ConcludeFormReview {
        finding,
        note: "核查意见".into(),
    }
}

pub fn archive() -> Command {
    Command::Archive {
        items: vec![ArchiveItem::OriginalMaterial],
    }
}

pub fn withdraw() -> Command {
    Command::Withdraw {
        note: "问题已自行解决".into(),
    }
}

pub fn sign(unit: UnitId) -> Command {
    Command::Sign { unit }
}

/// A complaint order walked by the ordinary path into `status`, every step at [`t0`].
pub fn order_in(status: Status) -> Order {
    let now = t0();
    let dispatched = || run(&registered(), dispatch(HandlingClass::ComplaintReport), now);
    let handling = || {
        let order = run(&dispatched(), sign(LEAD), now);
        run(&order, sign(ASSIST), now)
    };
    let submitted = |order: &Order| {
        let order = run(
            order,
            Command::Contribute {
                unit: ASSIST,
                text: "协办意见：已配合核查".into(),
            },
            now,
        );
        run(&order, submit(), now)
    };
    let replied = |order: &Order| {
        let order = run(&submitted(order), approve(), now);
        run(&order, reply(ContactOutcome::Reached), now)
    };
    match status {
        Status::Registered => registered(),
        Status::AnsweredFromKb => run(
            &registered(),
            Command::AnswerFromKb {
                entry: published_entry(),
            },
            now,
        ),
        Status::Refused => run(
            &registered(),
            Command::Refuse {
                reason: RefuseReason::Unclear,
                explanation: "诉求内容不清，已详细解释".into(),
            },
            now,
        ),
        Status::TransferredToEmergency => run(
            &registered(),
            Command::TransferEmergency {
                line: hotline::appeal::EmergencyLine::Fire119,
                note: "火情，已一键转呼 119".into(),
            },
            now,
        ),
        Status::Merged => run(
            &registered(),
            Command::MergeInto {
                target: hotline::AppealId(41),
                target_status: Status::Handling,
            },
            now,
        ),
        Status::Dispatched => dispatched(),
        Status::Returned => run(&dispatched(), good_return(), now),
        Status::Handling => handling(),
        Status::Hung => {
            let applied = run(&handling(), hang_command(at("2025-04-01T09:00")), now);
            run(&applied, decide_hang(Decision::Approve), now)
        }
        Status::ResultSubmitted => submitted(&handling()),
        Status::ResultApproved => run(&submitted(&handling()), approve(), now),
        Status::Replied => replied(&handling()),
        Status::UnderReview => run(&replied(&handling()), callback(Rating::Unsatisfied), now),
        Status::AwaitingReviewForm => {
            let order = run(
                &order_in(Status::UnderReview),
                review(ReviewFinding::Inadequate),
                now,
            );
            let order = run(&replied(&order), callback(Rating::VeryUnsatisfied), now);
            assert_eq!(order.round, 2);
            order
        }
        Status::FormUnderReview => run(&order_in(Status::AwaitingReviewForm), review_form(), now),
        Status::Closed => run(&replied(&handling()), callback(Rating::Satisfied), now),
        Status::Archived => run(&order_in(Status::Closed), archive(), now),
        Status::Withdrawn => run(&handling(), withdraw(), now),
    }
}

/// HL-HANG: the lead's application, planned for the given (working) day.
pub fn hang_command(planned: Instant) -> Command {
    Command::ApplyHang {
        unit: LEAD,
        scope: "历史遗留问题".into(),
        reason: "老旧小区改造涉及的管网更换需列入明年计划".into(),
        standard: "管网更换完成并通水".into(),
        planned,
    }
}

pub fn decide_hang(decision: Decision) -> Command {
    Command::DecideHang {
        decision,
        note: "同意列入挂账".into(),
    }
}

/// HL-EXTEND: the lead's application.
pub fn extend_command(amount: &str) -> Command {
    Command::ApplyExtension {
        unit: LEAD,
        amount: limit(amount),
        reason: "需多部门协同".into(),
        explanation: "您反映的问题涉及多个部门，需延长办理时间，请谅解".into(),
    }
}

pub fn decide_extension(decision: Decision) -> Command {
    Command::DecideExtension {
        decision,
        note: "同意".into(),
    }
}
