//! SEC-SECRET, PUB-ATTR, PUB-CONFID, PUB-COORD: the publication gate as a table — documents
//! at every point of the register, each tried on every publishing channel (site, catalogue,
//! message reply, data sharing), allowed or refused by the rule expected.

use openness::DocumentId;
use openness::register::{
    Attribute, ConsentBasis, Determination, Document, Draft, InterestKind, PublishChannel,
    Redaction, ReviewOpinion, Secrecy, SecrecyLevel, Stage, Version, accept_draft,
    confirm_attribute, may_publish, may_publish_on, publishable_version, record_consent,
    record_declassification, record_determination, record_review, reply_coordination,
    request_coordination, stage,
};

use crate::*;

fn dept_officer() -> openness::Acting {
    acting(40, DEPT, &[Role::OpennessOfficer])
}

pub fn draft(attribute: Attribute) -> Draft {
    Draft {
        title: "关于印发《县城区道路改造实施方案》的通知".into(),
        number: "县府办发〔2026〕3号".into(),
        kind: None,
        attribute: Some(attribute),
        attribute_reason: if attribute == Attribute::Proactive {
            String::new()
        } else {
            "涉及内部管理事项".into()
        },
        secrecy: None,
        topic: None,
        meeting: None,
        interests: Vec::new(),
    }
}

/// Accepted and confirmed by the signer.
pub fn confirmed(draft: Draft) -> Document {
    let document = accept_draft(DocumentId(1), OFFICE, draft, t0()).unwrap();
    confirm_attribute(&document, &head(), t0()).unwrap()
}

fn reviewed(document: &Document, opinion: ReviewOpinion, redaction: Option<Redaction>) -> Document {
    record_review(
        document,
        opinion,
        "《保密法》及本县保密事项范围",
        "含敏感内容",
        redaction,
        &officer(),
        t0(),
    )
    .unwrap()
}

/// 主动公开, confirmed, reviewed 公开: ready to publish.
pub fn ready() -> Document {
    reviewed(
        &confirmed(draft(Attribute::Proactive)),
        ReviewOpinion::Disclose,
        None,
    )
}

fn redaction() -> Redaction {
    Redaction {
        removed: "附件3中的个人身份信息".into(),
        reason: "涉及个人隐私".into(),
    }
}

fn determination(disclose: bool) -> Determination {
    Determination {
        disclose,
        redaction: None,
        authority: "县保密局 县保函〔2026〕1号".into(),
        basis: "保密事项范围第5项".into(),
        at: t0(),
    }
}

/// Every case: a name, the document, and the rule that refuses it (`None`: published).
fn cases() -> Vec<(&'static str, Document, Option<&'static str>)> {
    let mut cases = vec![("ready", ready(), None)];
    for level in SecrecyLevel::ALL {
        let mut marked = ready();
        marked.secrecy = Some(Secrecy { level, until: None });
        cases.push((level.label_zh(), marked, Some("SEC-SECRET")));
    }
    let mut expired = ready();
    expired.secrecy = Some(Secrecy {
        level: SecrecyLevel::Secret,
        until: Some(at("2025-12-31T00:00")),
    });
    cases.push((
        "secrecy period over, not declassified",
        expired,
        Some("SEC-SECRET"),
    ));
    let mut marked = confirmed(draft(Attribute::Proactive));
    marked.secrecy = Some(Secrecy {
        level: SecrecyLevel::Secret,
        until: Some(at("2025-12-31T00:00")),
    });
    let declassified = record_declassification(
        &marked,
        "县保密局解密决定 县保〔2026〕2号",
        &officer(),
        t0(),
    )
    .unwrap();
    let declassified = reviewed(&declassified, ReviewOpinion::Disclose, None);
    cases.push(("declassified and reviewed", declassified, None));
    cases.push((
        "依申请公开",
        reviewed(
            &confirmed(draft(Attribute::OnApplication)),
            ReviewOpinion::Disclose,
            None,
        ),
        Some("PUB-ATTR"),
    ));
    cases.push((
        "不予公开",
        reviewed(
            &confirmed(draft(Attribute::NotDisclosed)),
            ReviewOpinion::Disclose,
            None,
        ),
        Some("PUB-ATTR"),
    ));
    let mut unconfirmed = ready();
    unconfirmed.confirmation = None;
    cases.push(("not confirmed by the signer", unconfirmed, Some("PUB-ATTR")));
    cases.push((
        "not reviewed",
        confirmed(draft(Attribute::Proactive)),
        Some("PUB-CONFID"),
    ));
    let base = confirmed(draft(Attribute::Proactive));
    cases.push((
        "免于公开",
        reviewed(&base, ReviewOpinion::Exempt, None),
        Some("PUB-CONFID"),
    ));
    let referred = reviewed(&base, ReviewOpinion::Refer, None);
    cases.push((
        "需报审 without determination",
        referred.clone(),
        Some("PUB-CONFID"),
    ));
    cases.push((
        "需报审, determined 公开",
        record_determination(&referred, determination(true)).unwrap(),
        None,
    ));
    cases.push((
        "需报审, determined 不予公开",
        record_determination(&referred, determination(false)).unwrap(),
        Some("PUB-CONFID"),
    ));
    cases.push((
        "删减后公开",
        reviewed(&base, ReviewOpinion::Disclose, Some(redaction())),
        None,
    ));
    let mut with_privacy = draft(Attribute::Proactive);
    with_privacy.interests = vec![(InterestKind::Privacy, "王五".into())];
    let with_privacy = reviewed(&confirmed(with_privacy), ReviewOpinion::Disclose, None);
    cases.push((
        "privacy without consent",
        with_privacy.clone(),
        Some("PUB-CONFID"),
    ));
    let consented = record_consent(
        &with_privacy,
        "王五",
        ConsentBasis::HolderConsent,
        "王五书面同意书",
        &officer(),
        t0(),
    )
    .unwrap();
    cases.push(("privacy with consent", consented, None));
    let (asked, _) = request_coordination(
        &ready(),
        &[DEPT],
        "道路改造涉及学校周边",
        &officer(),
        t0(),
        rules(),
    )
    .unwrap();
    cases.push(("coordination pending", asked.clone(), Some("PUB-COORD")));
    let (agreed, _) = reply_coordination(&asked, true, "", &dept_officer(), t0(), &CAL).unwrap();
    cases.push(("coordination confirmed", agreed, None));
    let (refused, _) = reply_coordination(
        &asked,
        false,
        "学校周边段另行安排",
        &dept_officer(),
        t0(),
        &CAL,
    )
    .unwrap();
    cases.push(("coordination refused", refused, Some("PUB-COORD")));
    cases
}

/// SEC-SECRET, PUB-ATTR, PUB-CONFID, PUB-COORD: every case on every channel — the same
/// answer from the one gate, refused by the expected rule with a Chinese message naming the
/// channel.
#[test]
fn sec_secret_every_channel_calls_the_one_gate() {
    for (name, document, refused_by) in cases() {
        let gate = may_publish(&document);
        assert_eq!(
            gate.as_ref().err().map(|r| r.rule),
            refused_by,
            "{name}: {gate:?}"
        );
        for channel in PublishChannel::ALL {
            let result = may_publish_on(channel, &document);
            assert_eq!(
                result.as_ref().err().map(|r| r.rule),
                refused_by,
                "{name} on {channel:?}"
            );
            if let Err(refusal) = result {
                assert!(
                    refusal.to_string().starts_with(channel.label_zh()),
                    "{refusal}"
                );
                assert!(refusal.to_string().contains(refusal.rule));
            }
        }
    }
}

/// SEC-SECRET, PUB-CONFID: the stage a page shows agrees with the gate — publishable exactly
/// when it passes, and otherwise named after the rule that refuses.
#[test]
fn sec_secret_the_stage_agrees_with_the_gate() {
    for (name, document, refused_by) in cases() {
        let stage = stage(&document);
        assert_eq!(
            stage == Stage::Publishable,
            refused_by.is_none(),
            "{name}: {stage:?}"
        );
        let rule = match stage {
            Stage::Classified => Some("SEC-SECRET"),
            Stage::NotForPublication | Stage::AwaitingConfirmation => Some("PUB-ATTR"),
            Stage::AwaitingReview
            | Stage::AwaitingDetermination
            | Stage::Withheld
            | Stage::AwaitingConsent => Some("PUB-CONFID"),
            Stage::AwaitingCoordination => Some("PUB-COORD"),
            Stage::Publishable => None,
        };
        assert_eq!(rule, refused_by, "{name}: {stage:?}");
        assert!(!stage.label_zh().is_empty());
    }
}

/// SEC-SECRET: a mark refuses publication whatever else is recorded, and the message names the
/// mark and what to do when the period is over.
#[test]
fn sec_secret_marked_documents_never_pass_the_gate() {
    for level in SecrecyLevel::ALL {
        let mut marked = ready();
        marked.secrecy = Some(Secrecy { level, until: None });
        let refusal = may_publish(&marked).unwrap_err();
        assert!(refusal.message.contains(level.label_zh()));
        marked.secrecy = Some(Secrecy {
            level,
            until: Some(at("2025-01-01T00:00")),
        });
        let refusal = may_publish(&marked).unwrap_err();
        assert!(refusal.message.contains("解密手续"), "{refusal}");
    }
}

/// PUB-CONFID: a redacted review (or determination) publishes the redacted version.
#[test]
fn pub_confid_redacted_disclosure_publishes_the_redacted_version() {
    assert_eq!(publishable_version(&ready()), Version::Whole);
    let base = confirmed(draft(Attribute::Proactive));
    let redacted = reviewed(&base, ReviewOpinion::Disclose, Some(redaction()));
    assert_eq!(
        publishable_version(&redacted),
        Version::Redacted(&redaction())
    );
    let referred = reviewed(&base, ReviewOpinion::Refer, None);
    let mut partly = determination(true);
    partly.redaction = Some(redaction());
    let determined = record_determination(&referred, partly).unwrap();
    assert!(may_publish(&determined).is_ok());
    assert_eq!(
        publishable_version(&determined),
        Version::Redacted(&redaction())
    );
}
