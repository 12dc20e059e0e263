//! MSG-KINDS, MSG-LIMITS, MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY: the rules of the
//! message machine beyond its table — the reply limit of each channel in each jurisdiction,
//! the complex case and the extension, routing that keeps the one clock, who reviews, the
//! publication the writer refused, the rating; every refusal in Chinese, nothing changed.

use participation::ErrorKind;
use participation::message::{
    Channel, Command, CommandKind, Issuer, Message, Status, WithholdReason, apply,
};
use participation::{Rules, UnitId};

use crate::message_table::{reach, sample};
use crate::*;

fn due(message: &Message) -> Instant {
    message.reply_clock().unwrap().due(&CAL)
}

fn due_in(profile: &platform::profile::RuleProfile, channel: Channel) -> Instant {
    let rules = Rules {
        profile,
        calendar: &CAL,
    };
    due(&received_on(channel, true, rules))
}

/// MSG-KINDS, MSG-LIMITS: the five channels and their reply limits per jurisdiction —
/// ganzhou mailbox 5 WD and error reports 3 WD; chengde all 5 WD; xingning 2 WD; fenggang
/// consultations 15 WD and complaints 20 WD. The clock starts at receipt.
#[test]
fn msg_limits_each_channel_runs_the_jurisdictions_reply_limit() {
    assert_eq!(Channel::ALL.len(), 5);
    let cases = [
        ("ganzhou", Channel::LeaderMailbox, 5),
        ("ganzhou", Channel::Consultation, 5),
        ("ganzhou", Channel::SiteError, 3),
        ("chengde", Channel::SiteError, 5),
        ("chengde", Channel::Complaint, 5),
        ("xingning", Channel::LeaderMailbox, 2),
        ("xingning", Channel::SiteError, 2),
        ("fenggang", Channel::Consultation, 15),
        ("fenggang", Channel::Complaint, 20),
    ];
    for (name, channel, days) in cases {
        let profile = profile(name);
        let expected = CAL.due(t0(), wd(days)).at;
        assert_eq!(due_in(&profile, channel), expected, "{name} {channel:?}");
    }
    let message = received();
    assert_eq!(message.reply_clock().unwrap().unit, Some(SITE));
    assert_eq!(message.status, Status::Received);
}

/// MSG-LIMITS: xingning's complex case has 10 WD in all (the leader's mark adds 8 WD); ganzhou
/// sets none, so the mark is refused with a clear message and nothing changes.
#[test]
fn msg_limits_complex_case_only_where_the_profile_sets_it() {
    let xingning = profile("xingning");
    let rules = Rules {
        profile: &xingning,
        calendar: &CAL,
    };
    let message = received_on(Channel::Consultation, true, rules);
    let routed = apply(
        &message,
        &sample(CommandKind::Route).0,
        &editor(),
        t0(),
        rules,
    )
    .unwrap()
    .0;
    let (command, leader) = sample(CommandKind::MarkComplex);
    let complex = apply(&routed, &command, &leader, t0(), rules).unwrap().0;
    assert_eq!(due(&complex), CAL.due(t0(), wd(10)).at);
    let again = apply(&complex, &command, &leader, t0(), rules).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::LimitReached);
    // Only the unit's leader marks it.
    let refused = apply(&routed, &command, &handler(), t0(), rules).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotPermitted);

    let ganzhou = reach(Status::Routed);
    let refused = apply(&ganzhou, &command, &leader, t0(), crate::rules()).unwrap_err();
    assert!(refused.to_string().contains("未设复杂留言"), "{refused}");
}

/// MSG-LIMITS: fenggang extends once by at most 30 WD; ganzhou allows no extension.
#[test]
fn msg_limits_extension_up_to_the_profiles_maximum_once() {
    let fenggang = profile("fenggang");
    let rules = Rules {
        profile: &fenggang,
        calendar: &CAL,
    };
    let message = received_on(Channel::Consultation, true, rules);
    let routed = apply(
        &message,
        &sample(CommandKind::Route).0,
        &editor(),
        t0(),
        rules,
    )
    .unwrap()
    .0;
    let extend = |amount| Command::Extend {
        amount: wd(amount),
        reason: "需调查核实".into(),
    };
    let too_long = apply(&routed, &extend(31), &leader(), t0(), rules).unwrap_err();
    assert!(too_long.to_string().contains("延期最长"), "{too_long}");
    let extended = apply(&routed, &extend(30), &leader(), t0(), rules)
        .unwrap()
        .0;
    assert_eq!(due(&extended), CAL.due(t0(), wd(45)).at);
    let twice = apply(&extended, &extend(1), &leader(), t0(), rules).unwrap_err();
    assert!(twice.to_string().contains("只能一次"), "{twice}");
    let no_reason = Command::Extend {
        amount: wd(5),
        reason: " ".into(),
    };
    assert_eq!(
        apply(&routed, &no_reason, &leader(), t0(), rules)
            .unwrap_err()
            .kind(),
        ErrorKind::Invalid
    );

    let ganzhou = reach(Status::Routed);
    let refused = apply(&ganzhou, &extend(5), &leader(), t0(), crate::rules()).unwrap_err();
    assert!(refused.to_string().contains("不允许延期"), "{refused}");
}

/// MSG-ROUTE: routing moves the one reply clock to the competent unit with its due instant
/// kept (counted from receipt); a return moves it back to the site; another unit cannot reply
/// to the message (clear message, nothing changed).
#[test]
fn msg_route_one_clock_moves_with_the_message_and_other_units_cannot_reply() {
    let message = received();
    let due_at_receipt = due(&message);
    let later = at("2026-03-04T10:00");
    let routed = run(&message, sample(CommandKind::Route).0, &editor(), later);
    assert_eq!(routed.unit, Some(DEPT));
    assert_eq!(routed.reply_clock().unwrap().unit, Some(DEPT));
    assert_eq!(due(&routed), due_at_receipt);
    assert_eq!(routed.clocks.iter().filter(|c| c.is_running()).count(), 1);

    let (reply, _) = sample(CommandKind::Reply);
    let refused = apply(&routed, &reply, &other_handler(), later, rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotPermitted);
    assert!(refused.to_string().contains("本单位"), "{refused}");

    let returned = run(&routed, sample(CommandKind::Return).0, &handler(), later);
    assert_eq!(returned.status, Status::Received);
    assert_eq!(returned.unit, None);
    assert_eq!(returned.reply_clock().unwrap().unit, Some(SITE));
    assert_eq!(due(&returned), due_at_receipt);
    assert_eq!(
        returned.routings[0].returned.as_deref(),
        Some("不属本单位职责")
    );

    // MSG-ROUTE: only the site's editors or the petition bureau route.
    let (route, _) = sample(CommandKind::Route);
    let refused = apply(&message, &route, &handler(), later, rules()).unwrap_err();
    assert!(refused.to_string().contains("分办"), "{refused}");
    assert!(apply(&message, &route, &bureau(), later, rules()).is_ok());

    // The transfer to 12345 stops the message's clock: the order's runs instead.
    let transferred = run(
        &message,
        sample(CommandKind::TransferToHotline).0,
        &bureau(),
        later,
    );
    assert!(transferred.reply_clock().is_none());
    assert!(transferred.transfer.is_some());
}

/// MSG-REVIEW: the leader mailbox's replies are reviewed by the petition bureau, the error
/// reports' by the site's editors, the others' by the replying unit's leader; the review
/// stops the clock and records whether the reply was in time; a sent-back reply returns to
/// the unit.
#[test]
fn msg_review_by_channel_before_publication() {
    let route = Command::Route {
        unit: DEPT,
        note: String::new(),
    };
    let (reply, _) = sample(CommandKind::Reply);
    let (approve, _) = sample(CommandKind::Approve);
    for (channel, reviewer, not_reviewer) in [
        (Channel::LeaderMailbox, bureau(), leader()),
        (Channel::SiteError, editor(), leader()),
        (Channel::Complaint, leader(), editor()),
    ] {
        let message = received_on(channel, true, rules());
        let replied = run(
            &run(&message, route.clone(), &editor(), t0()),
            reply.clone(),
            &handler(),
            t0(),
        );
        let refused = apply(&replied, &approve, &not_reviewer, t0(), rules()).unwrap_err();
        assert!(
            refused.to_string().contains("MSG-REVIEW"),
            "{channel:?}: {refused}"
        );
        let approved = run(&replied, approve.clone(), &reviewer, t0());
        assert_eq!(approved.status, Status::Approved);
        assert_eq!(approved.in_time, Some(true));
        assert!(approved.reply_clock().is_none());
    }
    let replied = reach(Status::Replied);
    let late = at("2026-03-20T09:00");
    assert_eq!(run(&replied, approve, &leader(), late).in_time, Some(false));
    let sent_back = run(&replied, sample(CommandKind::SendBack).0, &leader(), t0());
    assert_eq!(sent_back.status, Status::Routed);
    assert_eq!(sent_back.reviews.len(), 1);
}

/// MSG-PUBLISH: a writer who refused publication cannot be published (clear message, nothing
/// changed); withholding records the reason, and 其他原因 needs its explanation.
#[test]
fn msg_publish_refused_when_the_writer_chose_not_to_and_reasons_are_recorded() {
    let message = received_on(Channel::Suggestion, false, rules());
    let route = sample(CommandKind::Route).0;
    let replied = run(
        &run(&message, route, &editor(), t0()),
        sample(CommandKind::Reply).0,
        &handler(),
        t0(),
    );
    let approved = run(&replied, sample(CommandKind::Approve).0, &leader(), t0());
    let refused = apply(&approved, &Command::Publish, &editor(), t0(), rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::LimitReached);
    assert!(
        refused.to_string().contains("留言人选择不公开"),
        "{refused}"
    );
    assert_eq!(approved.status, Status::Approved);

    let other = Command::Withhold {
        reason: WithholdReason::Other,
        note: String::new(),
    };
    let refused = apply(&approved, &other, &editor(), t0(), rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Invalid);
    let withheld = run(
        &approved,
        Command::Withhold {
            reason: WithholdReason::WriterRefused,
            note: String::new(),
        },
        &editor(),
        t0(),
    );
    assert_eq!(withheld.status, Status::NotPublished);
    let publication = withheld.publication.unwrap();
    assert_eq!(publication.withheld, Some(WithholdReason::WriterRefused));
    // Only the site's editors decide publication.
    let refused = apply(&approved, &Command::Publish, &leader(), t0(), rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotPermitted);
}

/// MSG-QUERY: the writer rates timeliness and quality once, each 1 to 5; staff cannot rate.
#[test]
fn msg_query_the_writer_rates_once() {
    let published = reach(Status::Published);
    let rate = |timeliness, quality| Command::Rate {
        timeliness,
        quality,
        comment: String::new(),
    };
    let refused = apply(&published, &rate(0, 6), &Issuer::Writer, t0(), rules()).unwrap_err();
    assert!(refused.to_string().contains("及时") && refused.to_string().contains("质量"));
    let refused = apply(&published, &rate(5, 5), &editor(), t0(), rules()).unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::NotPermitted);
    let rated = run(&published, rate(2, 4), &Issuer::Writer, t0());
    assert_eq!(rated.rating.as_ref().unwrap().level(), 2);
    assert_eq!(rated.status, Status::Published);
    let twice = apply(&rated, &rate(5, 5), &Issuer::Writer, t0(), rules()).unwrap_err();
    assert!(twice.to_string().contains("不能重复评价"));
}

/// MSG-KINDS: a filing with every problem at once (name, phone, title, content too long).
#[test]
fn msg_kinds_bad_filing_lists_every_problem() {
    let mut bad = filing(Channel::LeaderMailbox, true);
    bad.writer.name = String::new();
    bad.writer.phone = "123".into();
    bad.title = "标".repeat(101);
    bad.content = "  ".into();
    let error =
        participation::message::submit(participation::MessageId(1), UnitId(1), &bad, t0(), rules())
            .unwrap_err();
    let text = error.to_string();
    for part in ["姓名", "手机号码", "标题不能超过", "留言内容"] {
        assert!(text.contains(part), "{text}");
    }
}
