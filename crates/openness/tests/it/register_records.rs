//! PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET: what the register records and refuses — the
//! attribute at drafting (退文 without it or its reason), the signer's confirmation, the
//! review with its basis, the determination, declassification, consents, and coordination
//! with its clocks from the profile.

use openness::DocumentId;
use openness::register::{
    Attribute, ConsentBasis, DocumentKind, Draft, InterestKind, ReviewOpinion, Secrecy,
    SecrecyLevel, accept_draft, confirm_attribute, record_consent, record_declassification,
    record_determination, record_review, reply_coordination, request_coordination,
};

use crate::register_gate::{confirmed, draft, ready};
use crate::*;

/// PUB-ATTR: drafts without an attribute, without the reason of 依申请公开/不予公开, or a
/// 请示/报告 not marked 不予公开, are returned (退文) with every problem; the notes.
#[test]
fn pub_attr_drafts_without_attribute_or_reason_are_returned() {
    let cases: Vec<(Draft, Option<&str>)> = vec![
        (draft(Attribute::Proactive), None),
        (draft(Attribute::OnApplication), None),
        (draft(Attribute::NotDisclosed), None),
        (
            Draft {
                attribute: None,
                ..draft(Attribute::Proactive)
            },
            Some("未标注公开属性"),
        ),
        (
            Draft {
                attribute_reason: " ".into(),
                ..draft(Attribute::OnApplication)
            },
            Some("须说明理由"),
        ),
        (
            Draft {
                attribute_reason: String::new(),
                ..draft(Attribute::NotDisclosed)
            },
            Some("须说明理由"),
        ),
        (
            Draft {
                kind: Some(DocumentKind::RequestOrReport),
                ..draft(Attribute::Proactive)
            },
            Some("请示、报告"),
        ),
        (
            Draft {
                kind: Some(DocumentKind::RequestOrReport),
                ..draft(Attribute::NotDisclosed)
            },
            None,
        ),
    ];
    for (draft, refused) in cases {
        let result = accept_draft(DocumentId(1), OFFICE, draft.clone(), t0());
        match refused {
            None => assert!(result.is_ok(), "{draft:?}"),
            Some(part) => {
                let refusal = result.unwrap_err();
                assert_eq!(refusal.rule, "PUB-ATTR");
                assert!(refusal.message.starts_with("退文："), "{refusal}");
                assert!(refusal.message.contains(part), "{refusal}");
            }
        }
    }
    assert_eq!(Attribute::Proactive.note(), "此件主动公开");
}

/// PUB-ATTR: only a leader of the issuing unit confirms, once.
#[test]
fn pub_attr_the_signer_confirms_the_attribute_once() {
    let document = accept_draft(DocumentId(1), OFFICE, draft(Attribute::Proactive), t0()).unwrap();
    assert_eq!(
        confirm_attribute(&document, &officer(), t0())
            .unwrap_err()
            .rule,
        "PUB-ATTR"
    );
    let other_leader = acting(11, OTHER, &[Role::UnitLeader]);
    assert!(confirm_attribute(&document, &other_leader, t0()).is_err());
    let signed = confirm_attribute(&document, &head(), t0()).unwrap();
    assert_eq!(signed.confirmation.as_ref().unwrap().signer, head().user);
    assert!(confirm_attribute(&signed, &head(), t0()).is_err());
}

/// PUB-CONFID: the review needs its basis, a reason for 免于公开/需报审, a redaction only with
/// 公开; a marked document gets 公开 only after declassification; the determination only for
/// 需报审.
#[test]
fn pub_confid_the_review_records_opinion_basis_and_reason() {
    let document = confirmed(draft(Attribute::Proactive));
    let review = |opinion, basis: &str, reason: &str| {
        record_review(&document, opinion, basis, reason, None, &officer(), t0())
    };
    assert!(
        review(ReviewOpinion::Disclose, "", "")
            .unwrap_err()
            .message
            .contains("依据")
    );
    for opinion in [ReviewOpinion::Exempt, ReviewOpinion::Refer] {
        let refusal = review(opinion, "保密法", "").unwrap_err();
        assert_eq!(refusal.rule, "PUB-CONFID");
        assert!(refusal.message.contains(opinion.label_zh()), "{refusal}");
    }
    let reviewed = review(ReviewOpinion::Disclose, "保密法", "").unwrap();
    assert!(
        record_review(
            &reviewed,
            ReviewOpinion::Disclose,
            "保密法",
            "",
            None,
            &officer(),
            t0()
        )
        .is_err()
    );
    let stranger = acting(99, OTHER, &[Role::OpennessOfficer]);
    assert!(
        record_review(
            &document,
            ReviewOpinion::Disclose,
            "保密法",
            "",
            None,
            &stranger,
            t0()
        )
        .is_err()
    );
    let mut marked = document.clone();
    marked.secrecy = Some(Secrecy {
        level: SecrecyLevel::Confidential,
        until: None,
    });
    let refusal = record_review(
        &marked,
        ReviewOpinion::Disclose,
        "保密法",
        "",
        None,
        &officer(),
        t0(),
    )
    .unwrap_err();
    assert!(refusal.message.contains("解密"), "{refusal}");
    assert!(record_determination(&reviewed, determination_of()).is_err());
}

fn determination_of() -> openness::register::Determination {
    openness::register::Determination {
        disclose: true,
        redaction: None,
        authority: "县保密局".into(),
        basis: "保密事项范围".into(),
        at: t0(),
    }
}

/// SEC-SECRET, PUB-CONFID: declassification needs a mark and a recorded decision, once.
#[test]
fn sec_secret_declassification_is_recorded_with_its_decision() {
    let plain = ready();
    assert_eq!(
        record_declassification(&plain, "决定", &officer(), t0())
            .unwrap_err()
            .rule,
        "SEC-SECRET"
    );
    let mut marked = ready();
    marked.secrecy = Some(Secrecy {
        level: SecrecyLevel::TopSecret,
        until: None,
    });
    assert!(record_declassification(&marked, " ", &officer(), t0()).is_err());
    let done = record_declassification(&marked, "解密决定 第1号", &officer(), t0()).unwrap();
    assert!(record_declassification(&done, "again", &officer(), t0()).is_err());
}

/// PUB-CONFID: consent is recorded per right holder, with its written record.
#[test]
fn pub_confid_consent_is_recorded_for_a_named_holder() {
    let mut with_secret = draft(Attribute::Proactive);
    with_secret.interests = vec![(InterestKind::CommercialSecret, "某路桥公司".into())];
    let document = confirmed(with_secret);
    assert!(
        record_consent(
            &document,
            "某路桥公司",
            ConsentBasis::HolderConsent,
            "",
            &officer(),
            t0()
        )
        .is_err()
    );
    assert!(
        record_consent(
            &document,
            "别的公司",
            ConsentBasis::HolderConsent,
            "同意书",
            &officer(),
            t0()
        )
        .is_err()
    );
    let done = record_consent(
        &document,
        "某路桥公司",
        ConsentBasis::PublicInterest,
        "公共利益认定记录",
        &officer(),
        t0(),
    )
    .unwrap();
    assert!(done.interests[0].consent.is_some());
    let mut nameless = draft(Attribute::Proactive);
    nameless.interests = vec![(InterestKind::Privacy, " ".into())];
    assert!(accept_draft(DocumentId(2), OFFICE, nameless, t0()).is_err());
}

/// PUB-COORD: each unit asked gets a clock of the profile's 5 WD under its own unit; a unit
/// asked twice while pending, the lead unit itself, or a refusal without an opinion is refused;
/// a reply stops its clock.
#[test]
fn pub_coord_each_unit_confirms_within_the_profiles_limit() {
    let document = ready();
    let (asked, events) = request_coordination(
        &document,
        &[DEPT, OTHER],
        "道路改造涉及学校周边",
        &officer(),
        t0(),
        rules(),
    )
    .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(asked.coordination.len(), 2);
    let clock = &asked.coordination[0].clock;
    assert_eq!(
        clock.clock.limit(),
        PROFILE.openness.coordination_confirm.limit()
    );
    assert_eq!(clock.unit, Some(DEPT));
    assert_eq!(clock.due(&CAL), CAL.due(t0(), wd(5)).at);
    let again =
        request_coordination(&asked, &[DEPT], "再次征求", &officer(), t0(), rules()).unwrap_err();
    assert_eq!(again.rule, "PUB-COORD");
    assert!(
        request_coordination(&document, &[OFFICE], "本单位", &officer(), t0(), rules()).is_err()
    );
    assert!(request_coordination(&document, &[], "", &officer(), t0(), rules()).is_err());
    let dept = acting(41, DEPT, &[Role::UnitLeader]);
    assert!(reply_coordination(&asked, false, "", &dept, t0(), &CAL).is_err());
    let late = at("2026-03-20T09:00");
    let (replied, stopped) = reply_coordination(&asked, true, "同意", &dept, late, &CAL).unwrap();
    assert!(!replied.coordination[0].clock.is_running());
    assert!(matches!(
        stopped[0].change,
        platform::workflow::ClockChange::Stopped { met: false, .. }
    ));
    let nobody = acting(42, UnitId(77), &[Role::UnitLeader]);
    assert!(reply_coordination(&asked, true, "", &nobody, t0(), &CAL).is_err());
}
