//! The listed cases of the case machine: every table row with an allowed case, and the
//! guarded refusals (SVC-PREREVIEW, SVC-ACCEPT, SVC-SPECIAL, SVC-PARALLEL, SVC-WINDOW,
//! SVC-PROMISE).

use services::ErrorKind;
use services::case::{Command, Decision, Status};
use services::item::{DeliveryMethod, Item, SpecialProcedure};

use crate::transitions::{Fixture, joint, reject};
use crate::*;

pub type Expect = Result<Status, ErrorKind>;

pub struct Case_ {
    pub name: &'static str,
    pub item: fn() -> Item,
    pub from: Fixture,
    pub command: Command,
    pub now: &'static str,
    pub lenient: bool,
    pub expect: Expect,
}

fn case(
    name: &'static str,
    item: fn() -> Item,
    from: Fixture,
    command: Command,
    expect: Expect,
) -> Case_ {
    Case_ {
        name,
        item,
        from,
        command,
        now: "2025-03-03T10:00",
        lenient: false,
        expect,
    }
}

fn late(mut case: Case_) -> Case_ {
    case.now = "2025-04-30T10:00";
    case
}

pub fn cases() -> Vec<Case_> {
    use ErrorKind as E;
    use Fixture as F;
    use Status as S;
    let mut lenient_amend = case(
        "SVC-ACCEPT amending the notice of the same submission when the profile allows it",
        item,
        F::AwaitingSupplement,
        notice("身份证"),
        Ok(S::AwaitingSupplement),
    );
    lenient_amend.lenient = true;
    // SVC-WINDOW 限时签收: the listed cases of the department's signature.
    let window_cases = crate::window_sign::cases();
    let mut lenient_second_supplement = case(
        "SVC-SPECIAL a second 补齐补正 when the profile allows amended notices",
        item,
        F::Supplemented,
        notice("身份证"),
        Ok(S::Special),
    );
    lenient_second_supplement.lenient = true;
    vec![
        case(
            "SVC-PREREVIEW opinion",
            item,
            F::Submitted,
            prereview(),
            Ok(S::PreReviewed),
        ),
        case(
            "SVC-PREREVIEW an online application to a pre-review item is not accepted before the opinion",
            item,
            F::Submitted,
            accept(DEPT),
            Err(E::Invalid),
        ),
        case(
            "SVC-PREREVIEW a walk-in application is accepted at the window without pre-review",
            item,
            F::WalkIn,
            accept(WINDOW),
            Ok(S::InReview),
        ),
        case(
            "SVC-PREREVIEW a walk-in application is not pre-reviewed",
            item,
            F::WalkIn,
            prereview(),
            Err(E::Invalid),
        ),
        case(
            "SVC-ACCEPT accept without pre-review",
            plain,
            F::Submitted,
            accept(DEPT),
            Ok(S::InReview),
        ),
        case(
            "SVC-ACCEPT instant item goes to the decision",
            instant,
            F::Submitted,
            accept(DEPT),
            Ok(S::AwaitingDecision),
        ),
        case(
            "SVC-ACCEPT reject",
            item,
            F::Submitted,
            reject(),
            Ok(S::Rejected),
        ),
        case(
            "SVC-ACCEPT notice",
            plain,
            F::Submitted,
            notice("申请书"),
            Ok(S::AwaitingSupplement),
        ),
        case(
            "SVC-ACCEPT accept after pre-review",
            item,
            F::PreReviewed,
            accept(DEPT),
            Ok(S::InReview),
        ),
        case(
            "SVC-ACCEPT instant item after pre-review",
            instant_prereview,
            F::PreReviewed,
            accept(DEPT),
            Ok(S::AwaitingDecision),
        ),
        case(
            "SVC-WINDOW the comprehensive window accepts",
            item,
            F::PreReviewed,
            accept(WINDOW),
            Ok(S::InReview),
        ),
        case(
            "SVC-ACCEPT reject after pre-review",
            item,
            F::PreReviewed,
            reject(),
            Ok(S::Rejected),
        ),
        case(
            "SVC-ACCEPT notice after pre-review",
            item,
            F::PreReviewed,
            notice("申请书"),
            Ok(S::AwaitingSupplement),
        ),
        lenient_amend,
        case(
            "SVC-ACCEPT resubmission",
            item,
            F::AwaitingSupplement,
            resubmit(),
            Ok(S::Resubmitted),
        ),
        case(
            "SVC-ACCEPT accept after resubmission",
            item,
            F::Resubmitted,
            accept(DEPT),
            Ok(S::InReview),
        ),
        case(
            "SVC-ACCEPT instant accept after resubmission",
            instant,
            F::Resubmitted,
            accept(DEPT),
            Ok(S::AwaitingDecision),
        ),
        case(
            "SVC-ACCEPT reject after resubmission",
            item,
            F::Resubmitted,
            reject(),
            Ok(S::Rejected),
        ),
        case(
            "SVC-ACCEPT notice on the same material after resubmission",
            item,
            F::Resubmitted,
            notice("申请书"),
            Ok(S::AwaitingSupplement),
        ),
        case(
            "stage done, next stage",
            item,
            F::InReview,
            complete(),
            Ok(S::InReview),
        ),
        case(
            "last stage done",
            instant_one_stage,
            F::InReview,
            complete(),
            Ok(S::AwaitingDecision),
        ),
        case(
            "SVC-SPECIAL during review",
            item,
            F::InReview,
            site_inspection(),
            Ok(S::Special),
        ),
        case(
            "SVC-SPECIAL before the decision",
            item,
            F::AwaitingDecision,
            site_inspection(),
            Ok(S::Special),
        ),
        case(
            "SVC-SPECIAL end back to review",
            item,
            F::Special,
            end_special(),
            Ok(S::InReview),
        ),
        case(
            "SVC-SPECIAL end back to the decision",
            item,
            F::SpecialAtDecision,
            end_special(),
            Ok(S::AwaitingDecision),
        ),
        case(
            "SVC-PARALLEL opinion in review",
            parallel,
            F::InReview,
            joint(true),
            Ok(S::InReview),
        ),
        case(
            "SVC-PARALLEL opinion in a special procedure",
            parallel,
            F::Special,
            joint(true),
            Ok(S::Special),
        ),
        case(
            "SVC-PARALLEL opinion before the decision",
            parallel_no_stage,
            F::AwaitingDecision,
            joint(true),
            Ok(S::AwaitingDecision),
        ),
        case(
            "decide",
            item,
            F::AwaitingDecision,
            approve(),
            Ok(S::Decided),
        ),
        case(
            "deliver",
            item,
            F::Decided,
            deliver(DEPT, DeliveryMethod::Post),
            Ok(S::Concluded),
        ),
        late(case(
            "SVC-PROMISE overdue in review",
            item,
            F::InReview,
            Command::FlagOverdue,
            Ok(S::InReview),
        )),
        late(case(
            "SVC-PROMISE overdue before the decision",
            item,
            F::AwaitingDecision,
            Command::FlagOverdue,
            Ok(S::AwaitingDecision),
        )),
        late(case(
            "SVC-PROMISE a clock paused after its due time stays overdue",
            item,
            F::SpecialLate,
            Command::FlagOverdue,
            Ok(S::Special),
        )),
        late(case(
            "SVC-SPECIAL paused time does not count towards overdue",
            item,
            F::Special,
            Command::FlagOverdue,
            Err(E::NotYetDue),
        )),
        case(
            "withdraw submitted",
            item,
            F::Submitted,
            withdraw(),
            Ok(S::Withdrawn),
        ),
        case(
            "withdraw pre-reviewed",
            item,
            F::PreReviewed,
            withdraw(),
            Ok(S::Withdrawn),
        ),
        case(
            "withdraw awaiting supplement",
            item,
            F::AwaitingSupplement,
            withdraw(),
            Ok(S::Withdrawn),
        ),
        case(
            "withdraw resubmitted",
            item,
            F::Resubmitted,
            withdraw(),
            Ok(S::Withdrawn),
        ),
        case(
            "withdraw in review",
            item,
            F::InReview,
            withdraw(),
            Ok(S::Withdrawn),
        ),
        case(
            "withdraw in a special procedure",
            item,
            F::Special,
            withdraw(),
            Ok(S::Withdrawn),
        ),
        case(
            "withdraw before the decision",
            item,
            F::AwaitingDecision,
            withdraw(),
            Ok(S::Withdrawn),
        ),
        // Refused by a guard although the pair is in the table.
        case(
            "SVC-ACCEPT a second notice for the same submission is refused",
            item,
            F::AwaitingSupplement,
            notice("申请书"),
            Err(E::NoticeAlreadyGiven),
        ),
        case(
            "SVC-ACCEPT a later notice may not raise a new material",
            item,
            F::Resubmitted,
            notice("身份证"),
            Err(E::NoticeAlreadyGiven),
        ),
        case(
            "SVC-PREREVIEW accepting before the pre-review opinion is refused",
            item,
            F::Submitted,
            accept(DEPT),
            Err(E::Invalid),
        ),
        case(
            "SVC-PREREVIEW pre-review of an item without it is refused",
            plain,
            F::Submitted,
            prereview(),
            Err(E::Invalid),
        ),
        case(
            "SVC-WINDOW a stranger cannot accept",
            item,
            F::PreReviewed,
            accept(STRANGER),
            Err(E::NotAssigned),
        ),
        case(
            "SVC-WINDOW the window cannot decide",
            item,
            F::AwaitingDecision,
            Command::Decide {
                by: WINDOW,
                decision: Decision::Approve,
            },
            Err(E::NotAssigned),
        ),
        case(
            "SVC-WINDOW only the accepting unit delivers",
            item,
            F::Decided,
            deliver(WINDOW, DeliveryMethod::PickUp),
            Err(E::NotAssigned),
        ),
        case(
            "SVC-SPECIAL a procedure the item does not publish is refused",
            item,
            F::InReview,
            Command::StartSpecial {
                procedure: SpecialProcedure::Hearing,
                reason: "听证".into(),
            },
            Err(E::Invalid),
        ),
        case(
            "SVC-PROMISE flagging before the due time is refused",
            item,
            F::InReview,
            Command::FlagOverdue,
            Err(E::NotYetDue),
        ),
        case(
            "SVC-PARALLEL an item without co-approval refuses joint opinions",
            item,
            F::InReview,
            joint(true),
            Err(E::NotAssigned),
        ),
        case(
            "SVC-PARALLEL deciding before every joint opinion is refused",
            parallel_pending,
            F::AwaitingDecision,
            approve(),
            Err(E::Invalid),
        ),
        case(
            "SVC-ACCEPT a rejection needs a reason",
            item,
            F::PreReviewed,
            Command::Reject {
                by: DEPT,
                reason: " ".into(),
            },
            Err(E::Invalid),
        ),
        // Refused because the pair is not in the table.
        case(
            "deciding before acceptance is refused",
            item,
            F::Submitted,
            approve(),
            Err(E::InvalidTransition),
        ),
        case(
            "deciding after pre-review, before acceptance, is refused",
            item,
            F::PreReviewed,
            approve(),
            Err(E::InvalidTransition),
        ),
        case(
            "SVC-SPECIAL resuming a clock that is not paused is refused",
            item,
            F::InReview,
            end_special(),
            Err(E::InvalidTransition),
        ),
        case(
            "SVC-SPECIAL deciding while the clock is paused is refused",
            item,
            F::SpecialAtDecision,
            approve(),
            Err(E::InvalidTransition),
        ),
        case(
            "SVC-SPECIAL 补齐补正 asked for in review pauses the promised clock",
            item,
            F::InReview,
            notice("申请书"),
            Ok(S::Special),
        ),
        case(
            "SVC-SPECIAL 补齐补正 asked for while awaiting the decision",
            item,
            F::AwaitingDecision,
            notice("申请书"),
            Ok(S::Special),
        ),
        case(
            "SVC-SPECIAL the applicant's upload ends 补齐补正 and returns to review",
            item,
            F::Supplementing,
            resubmit(),
            Ok(S::InReview),
        ),
        case(
            "SVC-SPECIAL the applicant's upload ends 补齐补正 and returns to the decision",
            item,
            F::SupplementingAtDecision,
            resubmit(),
            Ok(S::AwaitingDecision),
        ),
        case(
            "SVC-SPECIAL the department may end 补齐补正 without the upload",
            item,
            F::Supplementing,
            end_special(),
            Ok(S::InReview),
        ),
        case(
            "SVC-SPECIAL an upload during another special procedure is refused",
            item,
            F::Special,
            resubmit(),
            Err(E::Invalid),
        ),
        case(
            "SVC-SPECIAL no second request while 补齐补正 is under way",
            item,
            F::Supplementing,
            notice("申请书"),
            Err(E::InvalidTransition),
        ),
        case(
            "SVC-SPECIAL 补齐补正 is asked for once under one_time_notice_only",
            item,
            F::Supplemented,
            notice("身份证"),
            Err(E::NoticeAlreadyGiven),
        ),
        lenient_second_supplement,
        case(
            "SVC-SPECIAL the window does not ask for 补齐补正 after acceptance",
            item,
            F::InReview,
            Command::RequestSupplement {
                by: WINDOW,
                defects: vec![MaterialDefect {
                    material: "申请书".into(),
                    problem: "未签字".into(),
                }],
            },
            Err(E::NotAssigned),
        ),
        case(
            "SVC-SPECIAL 补齐补正 lists at least one material",
            item,
            F::InReview,
            Command::RequestSupplement {
                by: DEPT,
                defects: Vec::new(),
            },
            Err(E::Invalid),
        ),
        case(
            "SVC-SPECIAL 补齐补正 is not started as a published procedure",
            item,
            F::InReview,
            Command::StartSpecial {
                procedure: SpecialProcedure::Supplement,
                reason: "缺材料".into(),
            },
            Err(E::Invalid),
        ),
    ]
    .into_iter()
    .chain(window_cases)
    .collect()
}

fn instant_one_stage() -> Item {
    let mut item = plain();
    item.process.stages.truncate(1);
    item
}

fn parallel_no_stage() -> Item {
    let mut item = parallel();
    item.process.stages.clear();
    item
}

/// A parallel item; the fixture before the decision has no joint opinion yet.
fn parallel_pending() -> Item {
    parallel()
}

fn instant_prereview() -> Item {
    let mut item = instant();
    item.basic.offers_prereview = true;
    item
}
