//! PUB-PROACTIVE: the publication deadline of a 主动公开 document in the register — started by
//! the signer's confirmation with the profile's window (a policy document's
//! `openness.policy_document`, any other's `openness.proactive`), stopped by the first
//! publication (met or late), stopped as moot by a review that keeps the document back, and
//! started again when a secret document is declassified.

use calendar::{Limit, LimitUnit};
use openness::DocumentId;
use openness::register::{
    Attribute, DocumentClock, DocumentCommand, DocumentEvent, DocumentKind, Draft, ReviewOpinion,
    Secrecy, SecrecyLevel, accept_draft, apply,
};
use platform::profile::{RuleProfile, TimeLimit};
use platform::workflow::{ClockChange, ClockRule};

use crate::register_gate::draft;
use crate::*;

fn profile(policy: u32, proactive: u32) -> RuleProfile {
    let mut profile = RuleProfile::default();
    profile.openness.policy_document = TimeLimit(wd(policy));
    profile.openness.proactive = TimeLimit(wd(proactive));
    profile
}

fn wd(amount: u32) -> Limit {
    Limit {
        amount,
        unit: LimitUnit::WorkingDays,
    }
}

/// The clock events of `events` of kind Publish: (started due, stopped met).
fn publish_clock(events: &[DocumentEvent]) -> Vec<ClockChange> {
    events
        .iter()
        .filter_map(|e| match e {
            DocumentEvent::Clock(c) if c.kind == DocumentClock::Publish => Some(c.change.clone()),
            _ => None,
        })
        .collect()
}

fn run(
    document: &openness::register::Document,
    command: DocumentCommand,
    who: &Acting,
    now: calendar::Instant,
    profile: &RuleProfile,
) -> (openness::register::Document, Vec<DocumentEvent>) {
    let rules = Rules {
        profile,
        calendar: &CAL,
    };
    apply(document, &command, who, now, rules).unwrap()
}

fn review(opinion: ReviewOpinion) -> DocumentCommand {
    DocumentCommand::Review {
        opinion,
        basis: "《保密法》及本县保密事项范围".into(),
        reason: "含敏感内容".into(),
        redaction: None,
    }
}

fn published(article: i64) -> DocumentCommand {
    DocumentCommand::RecordPublication {
        article,
        url: format!("/sites/GZ01/articles/{article}"),
    }
}

/// PUB-PROACTIVE: the signer's confirmation starts the clock with the window of the
/// document's kind, read from the profile (a policy document's, any other's); a document
/// not 主动公开 has none.
#[test]
fn pub_proactive_confirmation_starts_the_window_of_the_profile() {
    let profile = profile(4, 17);
    let cases: Vec<(Draft, Option<Limit>)> = vec![
        (
            Draft {
                kind: Some(DocumentKind::Policy),
                ..draft(Attribute::Proactive)
            },
            Some(wd(4)),
        ),
        (draft(Attribute::Proactive), Some(wd(17))),
        (draft(Attribute::OnApplication), None),
        (draft(Attribute::NotDisclosed), None),
        (
            Draft {
                secrecy: Some(Secrecy {
                    level: SecrecyLevel::Secret,
                    until: None,
                }),
                ..draft(Attribute::Proactive)
            },
            None,
        ),
    ];
    for (draft, window) in cases {
        let document = accept_draft(DocumentId(1), OFFICE, draft.clone(), t0()).unwrap();
        let (next, events) = run(&document, DocumentCommand::Confirm, &head(), t0(), &profile);
        let changes = publish_clock(&events);
        match window {
            Some(limit) => {
                let due = CAL.due(t0(), limit).at;
                assert_eq!(changes, vec![ClockChange::Started { due }], "{draft:?}");
                let clock = next.proactive.as_ref().unwrap();
                assert_eq!(clock.unit, Some(OFFICE));
                assert_eq!(clock.kind.rule_id(), "PUB-PROACTIVE");
            }
            None => {
                assert!(changes.is_empty(), "{draft:?}: {changes:?}");
                assert!(next.proactive.is_none());
            }
        }
    }
}

/// PUB-PROACTIVE: the presets' windows — xingning's policy documents 5 WD, ganzhou's 3 WD.
#[test]
fn pub_proactive_policy_windows_of_the_presets() {
    let xingning = platform::profile::preset("xingning").unwrap().build();
    let ganzhou = platform::profile::preset("ganzhou").unwrap().build();
    assert_eq!(xingning.openness.policy_document.limit(), wd(5));
    assert_eq!(ganzhou.openness.policy_document.limit(), wd(3));
    assert_eq!(ganzhou.openness.proactive.limit(), wd(20));
}

/// PUB-PROACTIVE: the first publication stops the clock — met by the deadline, late after
/// it — records the page, and a second record is refused.
#[test]
fn pub_proactive_publication_stops_the_clock_met_or_late() {
    let profile = profile(3, 20);
    let document = accept_draft(DocumentId(1), OFFICE, draft(Attribute::Proactive), t0()).unwrap();
    let (document, _) = run(&document, DocumentCommand::Confirm, &head(), t0(), &profile);
    let (document, _) = run(
        &document,
        review(ReviewOpinion::Disclose),
        &officer(),
        t0(),
        &profile,
    );
    let due = CAL.due(t0(), wd(20)).at;
    for (now, met) in [
        (at("2026-03-10T10:00"), true),
        (at("2026-04-20T10:00"), false),
    ] {
        assert_eq!(now < due, met);
        let (next, events) = run(&document, published(7), &officer(), now, &profile);
        assert_eq!(
            publish_clock(&events),
            vec![ClockChange::Stopped { at: now, met }]
        );
        let publication = next.publication.as_ref().unwrap();
        assert_eq!((publication.article, publication.met), (7, met));
        assert_eq!(publication.url, "/sites/GZ01/articles/7");
        let rules = Rules {
            profile: &profile,
            calendar: &CAL,
        };
        let again = apply(&next, &published(8), &officer(), now, rules).unwrap_err();
        assert_eq!(again.rule, "PUB-PROACTIVE");
    }
}

/// PUB-PROACTIVE: a review that keeps the document back (免于公开) stops its clock as moot;
/// a 需报审 keeps it running (it may still be published).
#[test]
fn pub_proactive_a_review_that_withholds_stops_the_clock() {
    let profile = RuleProfile::default();
    let document = accept_draft(DocumentId(1), OFFICE, draft(Attribute::Proactive), t0()).unwrap();
    let (document, _) = run(&document, DocumentCommand::Confirm, &head(), t0(), &profile);
    let later = at("2026-03-03T09:00");
    let (withheld, events) = run(
        &document,
        review(ReviewOpinion::Exempt),
        &officer(),
        later,
        &profile,
    );
    assert_eq!(
        publish_clock(&events),
        vec![ClockChange::Stopped {
            at: later,
            met: true
        }]
    );
    assert!(!withheld.proactive.as_ref().unwrap().is_running());
    let (referred, events) = run(
        &document,
        review(ReviewOpinion::Refer),
        &officer(),
        later,
        &profile,
    );
    assert!(publish_clock(&events).is_empty());
    assert!(referred.proactive.as_ref().unwrap().is_running());
}

/// PUB-PROACTIVE, PUB-CONFID: a secret 主动公开 document has no clock until its
/// declassification is recorded; then it is formed for publication and the clock starts.
#[test]
fn pub_proactive_declassification_starts_the_clock() {
    let profile = RuleProfile::default();
    let secret = Draft {
        secrecy: Some(Secrecy {
            level: SecrecyLevel::Secret,
            until: Some(at("2026-01-01T00:00")),
        }),
        ..draft(Attribute::Proactive)
    };
    let document = accept_draft(DocumentId(1), OFFICE, secret, t0()).unwrap();
    let (document, _) = run(&document, DocumentCommand::Confirm, &head(), t0(), &profile);
    assert!(document.proactive.is_none());
    let later = at("2026-03-04T09:00");
    let declassify = DocumentCommand::Declassify {
        basis: "县保密局解密决定〔2026〕1号".into(),
    };
    let (next, events) = run(&document, declassify, &officer(), later, &profile);
    let due = CAL.due(later, profile.openness.proactive.limit()).at;
    assert_eq!(publish_clock(&events), vec![ClockChange::Started { due }]);
    assert!(next.proactive.as_ref().unwrap().is_running());
}
