//! PUB-APPLY, PUB-ANSWER, CAL-PAUSE: the rules of a disclosure application besides its table —
//! registration by channel, the answer clock from the profile, the one supplement notice and
//! the clock's restart, consultations that pause it, the one extension, every outcome's
//! notice, withdrawal.

use openness::ErrorKind;
use openness::application::{
    AnswerInput, CannotProvideReason, Channel, ClockKind, Command, Event, Form, NotDisclosedReason,
    NotProcessedReason, OtherReason, Outcome, Status, ThirdPartyOpinion, apply, register,
};
use openness::{ApplicationId, Issuer};

use crate::*;

fn due_of(application: &openness::application::Application) -> Instant {
    application.answer_clock().unwrap().due(&CAL)
}

fn answer(outcome: Outcome) -> Command {
    Command::Answer {
        outcome,
        input: AnswerInput {
            reasoning: "经检索，理由如下".into(),
            provided: if outcome.provides_information() {
                vec!["批复.pdf".into()]
            } else {
                Vec::new()
            },
            form: outcome.provides_information().then_some(Form::Paper),
            refer_to: "第2026-0001号申请".into(),
            ..AnswerInput::default()
        },
    }
}

/// PUB-APPLY: the answer clock starts at receipt with the profile's limit (20 WD; fenggang
/// keeps its historical 15 WD).
#[test]
fn pub_apply_answer_clock_runs_the_profiles_limit_from_receipt() {
    let application = received();
    assert_eq!(due_of(&application), CAL.due(t0(), wd(20)).at);
    let clock = application.answer_clock().unwrap();
    assert_eq!(
        clock.clock.limit(),
        PROFILE.openness.application_answer.limit()
    );
    assert_eq!(clock.unit, Some(OFFICE));
    let (fenggang, _) = register(
        ApplicationId(2),
        OFFICE,
        filing(person(), Channel::Online),
        &Issuer::Applicant,
        t0(),
        fenggang_rules(),
    )
    .unwrap();
    assert_eq!(fenggang.answer_clock().unwrap().clock.limit(), wd(15));
}

/// PUB-APPLY: letters and walk-ins are registered by the officer, who is recorded as having
/// filled in the form (代为填写); online only by the applicant; every problem at once.
#[test]
fn pub_apply_channels_decide_who_registers() {
    let walk_in = filing(company(), Channel::WalkIn);
    let officer = staff(officer());
    let (application, events) = register(
        ApplicationId(3),
        OFFICE,
        walk_in.clone(),
        &officer,
        t0(),
        rules(),
    )
    .unwrap();
    assert_eq!(application.filing.registered_by, Some(officer_user()));
    assert!(matches!(
        events[0],
        Event::Registered {
            channel: Channel::WalkIn
        }
    ));
    let refused = register(
        ApplicationId(4),
        OFFICE,
        walk_in,
        &Issuer::Applicant,
        t0(),
        rules(),
    );
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    let online = filing(person(), Channel::Online);
    let refused = register(ApplicationId(5), OFFICE, online, &officer, t0(), rules());
    assert_eq!(refused.unwrap_err().kind(), ErrorKind::NotPermitted);
    let mut empty = filing(company(), Channel::Letter);
    empty.applicant.name.clear();
    empty.applicant.contact_person.clear();
    empty.description = " ".into();
    let error = register(ApplicationId(6), OFFICE, empty, &officer, t0(), rules()).unwrap_err();
    let message = error.to_string();
    for part in ["名称不能为空", "联系人", "特征性描述"] {
        assert!(message.contains(part), "{message}");
    }
    let by_stranger = register(
        ApplicationId(7),
        OTHER,
        filing(person(), Channel::Letter),
        &officer,
        t0(),
        rules(),
    );
    assert_eq!(by_stranger.unwrap_err().kind(), ErrorKind::NotPermitted);
}

fn officer_user() -> UserId {
    officer().user
}

fn supplement_notice() -> Command {
    Command::RequestSupplement {
        items: vec!["请写明文件的文号".into(), "请写明形成时间".into()],
        period: wd(10),
    }
}

/// PUB-APPLY: one supplement notice within 7 WD of receipt; the answer clock stops, and
/// restarts with the full limit from the corrected application; a second notice is refused.
#[test]
fn pub_apply_one_supplement_notice_and_the_clock_restarts_from_the_correction() {
    let officer = staff(officer());
    let late = CAL
        .due(t0(), PROFILE.openness.application_supplement.limit())
        .at;
    let too_late = apply(
        &received(),
        &supplement_notice(),
        &officer,
        at("2026-03-12T09:00"),
        rules(),
    );
    assert!(at("2026-03-12T09:00") > late);
    let error = too_late.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::LimitReached);
    assert!(
        error.to_string().contains("7wd") || error.to_string().contains("7个工作日"),
        "{error}"
    );

    let noticed = run(
        &received(),
        supplement_notice(),
        &officer,
        at("2026-03-04T10:00"),
    );
    assert_eq!(noticed.status, Status::Supplementing);
    assert!(noticed.answer_clock().is_none(), "the answer clock stops");
    let corrected_at = at("2026-03-09T15:00");
    let corrected = run(
        &noticed,
        Command::Supplemented {
            description: "县发改字〔2025〕12号".into(),
        },
        &Issuer::Applicant,
        corrected_at,
    );
    assert_eq!(corrected.status, Status::Received);
    assert_eq!(due_of(&corrected), CAL.due(corrected_at, wd(20)).at);
    assert_eq!(corrected.filing.description, "县发改字〔2025〕12号");
    let again = apply(
        &corrected,
        &supplement_notice(),
        &officer,
        corrected_at,
        rules(),
    );
    let error = again.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::LimitReached);
    assert!(error.to_string().contains("一次"), "{error}");
}

/// PUB-APPLY: without a correction in the applicant's period, 其他处理 1 — not before.
#[test]
fn pub_apply_no_correction_in_time_ends_as_other_handling() {
    let officer = staff(officer());
    let noticed = run(&received(), supplement_notice(), &officer, t0());
    let early = apply(
        &noticed,
        &Command::CloseUnsupplemented,
        &officer,
        at("2026-03-10T09:00"),
        rules(),
    );
    assert_eq!(early.unwrap_err().kind(), ErrorKind::NotYetDue);
    let closed = run(
        &noticed,
        Command::CloseUnsupplemented,
        &officer,
        at("2026-03-20T09:00"),
    );
    let answer = closed.answer.as_ref().unwrap();
    assert_eq!(
        answer.outcome,
        Outcome::Other(OtherReason::NoSupplementInTime)
    );
    assert_eq!(answer.notice.title, "政府信息公开申请终止处理告知书");
    assert!(closed.clocks.iter().all(|c| !c.is_running()));
    // It cannot be chosen as an ordinary answer.
    let handling = run(&received(), Command::StartHandling, &officer, t0());
    let direct = apply(
        &handling,
        &answer_other_no_supplement(),
        &officer,
        t0(),
        rules(),
    );
    assert_eq!(direct.unwrap_err().kind(), ErrorKind::Invalid);
}

fn answer_other_no_supplement() -> Command {
    answer(Outcome::Other(OtherReason::NoSupplementInTime))
}

/// CAL-PAUSE, PUB-APPLY: a third-party consultation pauses the answer clock and gives the third
/// party the profile's 15 WD; its silence is recorded only after them; the due instant moves
/// by exactly the paused working time.
#[test]
fn cal_pause_third_party_consultation_pauses_the_answer_clock() {
    let officer = staff(officer());
    let handling = run(&received(), Command::StartHandling, &officer, t0());
    let before = due_of(&handling);
    let consult = Command::ConsultThirdParty {
        party: "某路桥公司".into(),
        matter: "投标报价".into(),
    };
    let paused_at = at("2026-03-05T09:00");
    let consulting = run(&handling, consult, &officer, paused_at);
    assert!(consulting.answer_clock().unwrap().clock.is_paused());
    let third = consulting
        .clocks
        .iter()
        .find(|c| c.kind == ClockKind::ThirdPartyOpinion)
        .unwrap();
    assert_eq!(
        third.clock.limit(),
        PROFILE.openness.third_party_opinion.limit()
    );
    let silence = Command::ThirdPartyReplied {
        opinion: ThirdPartyOpinion::NoAnswer,
        reply: String::new(),
    };
    let early = apply(
        &consulting,
        &silence,
        &officer,
        at("2026-03-10T09:00"),
        rules(),
    );
    assert_eq!(early.unwrap_err().kind(), ErrorKind::NotYetDue);
    let resumed_at = at("2026-03-27T09:00");
    let (back, events) = apply(&consulting, &silence, &officer, resumed_at, rules()).unwrap();
    assert_eq!(back.status, Status::InHandling);
    let paused = CAL.working_millis_between(paused_at, resumed_at);
    assert_eq!(due_of(&back), CAL.add_working_millis(before, paused).at);
    assert!(
        events
            .iter()
            .filter_map(Event::clock)
            .any(|e| e.cause() == "PUB-APPLY")
    );
    assert_eq!(
        back.consultations[0].opinion,
        Some(ThirdPartyOpinion::NoAnswer)
    );
    // Another agency's consultation pauses it too.
    let agency = Command::ConsultAgency {
        agency: "县发改委".into(),
        matter: "是否可以公开".into(),
    };
    let asking = run(&back, agency, &officer, resumed_at);
    assert!(asking.answer_clock().unwrap().clock.is_paused());
}

/// PUB-APPLY: one extension of at most the profile's 20 WD, by the office head, told to the
/// applicant; a longer or a second one is refused in Chinese.
#[test]
fn pub_apply_one_extension_of_at_most_the_profiles_limit() {
    let officer = staff(officer());
    let head = staff(head());
    let handling = run(&received(), Command::StartHandling, &officer, t0());
    let before = due_of(&handling);
    let extend = |days| Command::Extend {
        amount: wd(days),
        reason: "档案量大".into(),
    };
    let too_long = apply(&handling, &extend(21), &head, t0(), rules()).unwrap_err();
    assert_eq!(too_long.kind(), ErrorKind::LimitReached);
    assert!(
        too_long.to_string().contains("最长不得超过20个工作日"),
        "{too_long}"
    );
    let by_officer = apply(&handling, &extend(20), &officer, t0(), rules()).unwrap_err();
    assert_eq!(by_officer.kind(), ErrorKind::NotPermitted);
    let (extended, events) = apply(&handling, &extend(20), &head, t0(), rules()).unwrap();
    assert_eq!(due_of(&extended), CAL.due(t0(), wd(40)).at);
    assert!(due_of(&extended) > before);
    assert!(
        events
            .iter()
            .any(|e| e.tells_applicant() && matches!(e, Event::Extended { .. }))
    );
    assert_eq!(
        extended.extension.as_ref().unwrap().approved_by,
        head_user()
    );
    let second = apply(&extended, &extend(1), &head, t0(), rules()).unwrap_err();
    assert_eq!(second.kind(), ErrorKind::LimitReached);
    assert!(second.to_string().contains("只能延长一次"), "{second}");
    // fenggang's historical value: at most 15 WD.
    let fenggang =
        openness::application::apply(&handling, &extend(16), &head, t0(), fenggang_rules());
    assert_eq!(fenggang.unwrap_err().kind(), ErrorKind::LimitReached);
    // Not after the answer is due.
    let overdue = apply(
        &handling,
        &extend(5),
        &head,
        at("2026-04-30T09:00"),
        rules(),
    );
    assert_eq!(overdue.unwrap_err().kind(), ErrorKind::LimitReached);
}

fn head_user() -> UserId {
    head().user
}

/// PUB-ANSWER: every outcome an officer may choose produces its notice — title, the outcome's
/// label, the legal basis, the remedies — and the answer is on time or not by the clock.
#[test]
fn pub_answer_every_outcome_produces_its_notice() {
    let officer = staff(officer());
    let noticed = run(&received(), supplement_notice(), &officer, t0());
    let corrected = run(
        &noticed,
        Command::Supplemented {
            description: "补正后的描述".into(),
        },
        &Issuer::Applicant,
        t0(),
    );
    for outcome in Outcome::ALL {
        if outcome == Outcome::Other(OtherReason::NoSupplementInTime) {
            continue;
        }
        let answered = run(
            &corrected,
            answer(outcome),
            &officer,
            at("2026-03-10T10:00"),
        );
        let record = answered.answer.as_ref().unwrap();
        assert_eq!(record.outcome, outcome);
        assert!(record.in_time);
        let notice = &record.notice;
        assert_eq!(notice.title, outcome.notice_title());
        assert!(notice.title.ends_with("告知书"));
        assert_eq!(notice.addressee, "张三");
        assert!(notice.opening.contains("补正后的描述"));
        assert_eq!(notice.fields[0].value, outcome.notice_label());
        assert_eq!(notice.issued_on, "2026年3月10日");
        if outcome != Outcome::Other(OtherReason::Other) {
            assert!(
                notice
                    .basis
                    .starts_with("《中华人民共和国政府信息公开条例》第"),
                "{outcome:?}"
            );
        }
        assert!(notice.remedy.contains("行政复议"));
        assert_eq!(Outcome::from_code(&outcome.code()), Some(outcome));
    }
    let late = run(
        &received(),
        answer(Outcome::Disclosed),
        &officer,
        at("2026-04-30T10:00"),
    );
    assert!(!late.answer.unwrap().in_time);
}

/// PUB-ANSWER: an answer missing what its outcome needs is refused with every problem, and an
/// already public item is answered under §36(一).
#[test]
fn pub_answer_refuses_an_answer_without_what_its_outcome_needs() {
    let officer = staff(officer());
    let bare = |outcome| Command::Answer {
        outcome,
        input: AnswerInput::default(),
    };
    for outcome in [
        Outcome::Disclosed,
        Outcome::PartlyDisclosed,
        Outcome::NotDisclosed(NotDisclosedReason::StateSecret),
        Outcome::NotProcessed(NotProcessedReason::Repeat),
        Outcome::CannotProvide(CannotProvideReason::StillUnclearAfterSupplement),
    ] {
        let refused = apply(&received(), &bare(outcome), &officer, t0(), rules()).unwrap_err();
        assert_eq!(refused.kind(), ErrorKind::Invalid, "{outcome:?}");
    }
    let partly = apply(
        &received(),
        &bare(Outcome::PartlyDisclosed),
        &officer,
        t0(),
        rules(),
    );
    let message = partly.unwrap_err().to_string();
    assert!(
        message.contains("列明提供的信息") && message.contains("理由"),
        "{message}"
    );
    let public = Command::Answer {
        outcome: Outcome::Disclosed,
        input: AnswerInput {
            already_public_at: "县政府门户网站 政府信息公开专栏".into(),
            ..AnswerInput::default()
        },
    };
    let answered = run(&received(), public, &officer, t0());
    assert!(
        answered
            .answer
            .unwrap()
            .notice
            .basis
            .ends_with("第三十六条第（一）项")
    );
}

/// PUB-APPLY: the applicant withdraws before the answer; the application concludes as 其他处理
/// （3.其他） for table 三 and every clock stops.
#[test]
fn pub_apply_withdrawal_concludes_as_other_handling() {
    let officer = staff(officer());
    let handling = run(&received(), Command::StartHandling, &officer, t0());
    let consulting = run(
        &handling,
        Command::ConsultAgency {
            agency: "县发改委".into(),
            matter: "是否可以公开".into(),
        },
        &officer,
        t0(),
    );
    let withdrawn = run(
        &consulting,
        Command::Withdraw {
            reason: String::new(),
        },
        &Issuer::Applicant,
        at("2026-03-04T09:00"),
    );
    assert_eq!(withdrawn.status, Status::Concluded);
    assert_eq!(
        withdrawn.outcome(),
        Some(Outcome::Other(OtherReason::Other))
    );
    assert_eq!(withdrawn.decided_at(), Some(at("2026-03-04T09:00")));
    assert_eq!(withdrawn.withdrawal.as_deref(), Some("申请人撤回申请"));
    assert!(withdrawn.clocks.iter().all(|c| !c.is_running()));
}

/// PUB-ANSWER: the labels of the outcomes are those of table 三, verbatim (reports.md §1).
#[test]
fn pub_answer_outcome_labels_are_table_three_verbatim() {
    let labels: Vec<String> = Outcome::ALL.iter().map(|o| o.label_zh()).collect();
    assert_eq!(labels.len(), 21);
    assert_eq!(labels[0], "（一）予以公开");
    assert_eq!(
        labels[1],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    );
    assert_eq!(labels[4], "（三）不予公开：3.危及\"三安全一稳定\"");
    assert_eq!(labels[9], "（三）不予公开：8.属于行政查询事项");
    assert_eq!(labels[12], "（四）无法提供：3.补正后申请内容仍不明确");
    assert_eq!(
        labels[17],
        "（五）不予处理：5.要求行政机关确认或重新出具已获取信息"
    );
    assert_eq!(
        labels[19],
        "（六）其他处理：2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    );
    assert_eq!(labels[20], "（六）其他处理：3.其他");
}

/// PUB-ANSWER: against a third party's objection, disclosure needs the public-interest reason;
/// CAL-PAUSE: a withdrawal during a consultation resumes the paused clock before stopping it,
/// so the kernel's table sees the pause end; the corrected description keeps the original.
#[test]
fn pub_answer_an_objection_needs_the_public_interest_and_pauses_end_before_stops() {
    let officer = staff(officer());
    let handling = run(&received(), Command::StartHandling, &officer, t0());
    let consulting = run(
        &handling,
        Command::ConsultThirdParty {
            party: "某路桥公司".into(),
            matter: "投标报价".into(),
        },
        &officer,
        t0(),
    );
    let objected = run(
        &consulting,
        Command::ThirdPartyReplied {
            opinion: ThirdPartyOpinion::Objects,
            reply: "涉及商业秘密，不同意公开".into(),
        },
        &officer,
        at("2026-03-04T09:00"),
    );
    let without_reason = Command::Answer {
        outcome: Outcome::Disclosed,
        input: AnswerInput {
            provided: vec!["报价单.pdf".into()],
            form: Some(Form::Paper),
            ..AnswerInput::default()
        },
    };
    let refused = apply(&objected, &without_reason, &officer, t0(), rules()).unwrap_err();
    assert!(refused.to_string().contains("公共利益"), "{refused}");
    let Command::Answer { outcome, mut input } = without_reason else {
        unreachable!()
    };
    input.reasoning = "工程造价关系重大公共利益".into();
    let answered = run(
        &objected,
        Command::Answer { outcome, input },
        &officer,
        t0(),
    );
    let notice = answered.answer.unwrap().notice;
    assert!(
        notice
            .fields
            .iter()
            .any(|f| f.value == "某路桥公司：不同意公开")
    );

    let withdraw = Command::Withdraw {
        reason: "不再需要".into(),
    };
    let (_, events) = apply(
        &consulting,
        &withdraw,
        &Issuer::Applicant,
        at("2026-03-04T09:00"),
        rules(),
    )
    .unwrap();
    let changes: Vec<&str> = events
        .iter()
        .filter_map(Event::clock)
        .map(|e| e.code())
        .collect();
    assert_eq!(changes, ["clock_resumed", "clock_stopped", "clock_stopped"]);

    let noticed = run(&received(), supplement_notice(), &officer, t0());
    let corrected = run(
        &noticed,
        Command::Supplemented {
            description: "更正后的描述".into(),
        },
        &Issuer::Applicant,
        t0(),
    );
    let supplement = corrected.supplement.unwrap();
    assert_eq!(
        supplement.original_description,
        "2025年本县城区道路改造工程的立项批复文件"
    );
}
