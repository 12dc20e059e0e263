//! PUB-MEETING (002 “五公开”融入办会 §2): a meeting plan in the document register states
//! whether people are invited to attend, whether and how the meeting is made public, and how
//! the opinions of an earlier consultation were adopted — as a table of plans, each accepted
//! or returned (退文) with the problem expected; other documents carry no meeting opinions.

use openness::DocumentId;
use openness::register::{
    Attribute, DocumentKind, Draft, Invitee, MeetingDraft, Way, accept_draft,
};

use crate::register_gate::draft;
use crate::*;

/// A complete plan: a major livelihood matter, the public's representatives invited, broadcast
/// online and reported, consulted before with its adoption statement.
fn plan() -> MeetingDraft {
    MeetingDraft {
        major: true,
        invite: Some(true),
        invitees: vec![Invitee::PublicRepresentatives, Invitee::Media],
        public: Some(true),
        ways: vec![Way::Internet, Way::NewsReport],
        not_public_reason: String::new(),
        consulted: true,
        adoption: "收到意见42条，采纳29条".into(),
    }
}

fn meeting_plan(meeting: Option<MeetingDraft>) -> Draft {
    Draft {
        kind: Some(DocumentKind::MeetingPlan),
        meeting,
        ..draft(Attribute::Proactive)
    }
}

/// PUB-MEETING: each plan, accepted (None) or returned with the words expected.
#[test]
fn pub_meeting_a_plan_states_attendance_openness_and_adoption() {
    let cases: Vec<(&str, Option<MeetingDraft>, Option<&str>)> = vec![
        ("complete", Some(plan()), None),
        ("no opinions at all", None, Some("会议方案须提出列席")),
        (
            "no opinion on attendance",
            Some(MeetingDraft {
                invite: None,
                ..plan()
            }),
            Some("是否邀请有关方面人员列席"),
        ),
        (
            "invited nobody",
            Some(MeetingDraft {
                invitees: vec![],
                ..plan()
            }),
            Some("请选择邀请列席的人员"),
        ),
        (
            "no opinion on openness",
            Some(MeetingDraft {
                public: None,
                ..plan()
            }),
            Some("是否公开及公开方式"),
        ),
        (
            "public without a way",
            Some(MeetingDraft {
                ways: vec![],
                ..plan()
            }),
            Some("请选择会议的公开方式"),
        ),
        (
            "major and not public",
            Some(MeetingDraft {
                public: Some(false),
                not_public_reason: "内部研究".into(),
                ..plan()
            }),
            Some("应当通过电视、网络"),
        ),
        (
            "ordinary, not public, no reason",
            Some(MeetingDraft {
                major: false,
                public: Some(false),
                ..plan()
            }),
            Some("须说明理由"),
        ),
        (
            "ordinary, not public, with a reason",
            Some(MeetingDraft {
                major: false,
                invite: Some(false),
                public: Some(false),
                not_public_reason: "研究干部人事事项".into(),
                consulted: false,
                ..plan()
            }),
            None,
        ),
        (
            "consulted without the adoption statement",
            Some(MeetingDraft {
                adoption: " ".into(),
                ..plan()
            }),
            Some("意见收集和采纳情况的说明"),
        ),
    ];
    for (case, meeting, expected) in cases {
        let result = accept_draft(DocumentId(1), OFFICE, meeting_plan(meeting), t0());
        match (expected, result) {
            (None, Ok(document)) => assert!(document.meeting.is_some(), "{case}"),
            (Some(words), Err(refusal)) => {
                assert_eq!(refusal.rule, "PUB-MEETING", "{case}");
                assert!(
                    refusal.message.contains(words),
                    "{case}: {}",
                    refusal.message
                );
            }
            (_, result) => panic!("{case}: {result:?}"),
        }
    }
}

/// PUB-MEETING: what the register keeps — invitees only when inviting, ways only when public,
/// the reason only when not, each choice once; a document of another kind keeps no opinions.
#[test]
fn pub_meeting_the_register_keeps_what_applies() {
    let kept = accept_draft(
        DocumentId(1),
        OFFICE,
        meeting_plan(Some(MeetingDraft {
            major: false,
            invite: Some(false),
            public: Some(false),
            not_public_reason: " 研究干部人事事项 ".into(),
            ways: vec![Way::Internet, Way::Internet],
            ..plan()
        })),
        t0(),
    )
    .unwrap()
    .meeting
    .unwrap();
    assert!(kept.invitees.is_empty() && kept.ways.is_empty());
    assert_eq!(kept.not_public_reason, "研究干部人事事项");
    let public = accept_draft(
        DocumentId(1),
        OFFICE,
        meeting_plan(Some(MeetingDraft {
            ways: vec![Way::Internet, Way::Internet, Way::Television],
            ..plan()
        })),
        t0(),
    )
    .unwrap()
    .meeting
    .unwrap();
    assert_eq!(public.ways, [Way::Internet, Way::Television]);
    assert_eq!(public.adoption.as_deref(), Some("收到意见42条，采纳29条"));
    let other = Draft {
        meeting: Some(plan()),
        ..draft(Attribute::Proactive)
    };
    let document = accept_draft(DocumentId(1), OFFICE, other, t0()).unwrap();
    assert!(document.meeting.is_none());
}
