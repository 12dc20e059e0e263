//! The register's commands on one document (PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET,
//! PUB-PROACTIVE), as the workflow kernel runs them: each record of [`crate::register`] is one
//! [`DocumentCommand`], [`apply`] judges it with the pure functions and says what it did as
//! [`DocumentEvent`]s — the record made, and the coordination clocks and the publication
//! deadline started or stopped.

use calendar::Instant;
use platform::workflow::{ClockEvent, history};
use serde_json::{Value, json};

use crate::register::{
    ConsentBasis, Determination, Document, DocumentClock, Redaction, Refusal, ReviewOpinion, Stage,
    confirm_attribute, follow, record_consent, record_declassification, record_determination,
    record_publication, record_review, reply_coordination, request_coordination, stage,
};
use crate::{Acting, Rules, UnitId};

/// One record asked of the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentCommand {
    /// PUB-ATTR: the signer confirms the attribute.
    Confirm,
    /// PUB-CONFID: the confidentiality review.
    Review {
        opinion: ReviewOpinion,
        basis: String,
        reason: String,
        redaction: Option<Redaction>,
    },
    /// PUB-CONFID: the determination of a 需报审.
    Determine {
        disclose: bool,
        redaction: Option<Redaction>,
        authority: String,
        basis: String,
    },
    /// SEC-SECRET, PUB-CONFID: the declassification decision.
    Declassify { basis: String },
    /// PUB-CONFID: a right holder's consent or the public-interest finding.
    Consent {
        holder: String,
        basis: ConsentBasis,
        record: String,
    },
    /// PUB-COORD: ask other units to confirm.
    RequestCoordination { units: Vec<UnitId>, matter: String },
    /// PUB-COORD: the acting user's unit answers.
    ReplyCoordination { agreed: bool, opinion: String },
    /// PUB-PROACTIVE: a site article published the document (recorded by the site's
    /// publication, never from a form).
    RecordPublication { article: i64, url: String },
}

/// The kind of a command, for its stored code and its name in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentCommandKind {
    Confirm,
    Review,
    Determine,
    Declassify,
    Consent,
    RequestCoordination,
    ReplyCoordination,
    RecordPublication,
}

impl DocumentCommandKind {
    pub const ALL: [DocumentCommandKind; 8] = [
        DocumentCommandKind::Confirm,
        DocumentCommandKind::Review,
        DocumentCommandKind::Determine,
        DocumentCommandKind::Declassify,
        DocumentCommandKind::Consent,
        DocumentCommandKind::RequestCoordination,
        DocumentCommandKind::ReplyCoordination,
        DocumentCommandKind::RecordPublication,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            DocumentCommandKind::Confirm => "确认公开属性",
            DocumentCommandKind::Review => "保密审查",
            DocumentCommandKind::Determine => "登记报审确定意见",
            DocumentCommandKind::Declassify => "登记解密手续",
            DocumentCommandKind::Consent => "登记权利人意见",
            DocumentCommandKind::RequestCoordination => "征求会签确认",
            DocumentCommandKind::ReplyCoordination => "答复会签确认",
            DocumentCommandKind::RecordPublication => "公开发布",
        }
    }

    /// The name of a stored command code (`platform::workflow::command_code`).
    pub fn label_of_code(code: &str) -> &'static str {
        DocumentCommandKind::ALL
            .into_iter()
            .find(|kind| platform::workflow::command_code(kind) == code)
            .map_or("登记", DocumentCommandKind::label_zh)
    }
}

impl DocumentCommand {
    pub fn kind(&self) -> DocumentCommandKind {
        match self {
            DocumentCommand::Confirm => DocumentCommandKind::Confirm,
            DocumentCommand::Review { .. } => DocumentCommandKind::Review,
            DocumentCommand::Determine { .. } => DocumentCommandKind::Determine,
            DocumentCommand::Declassify { .. } => DocumentCommandKind::Declassify,
            DocumentCommand::Consent { .. } => DocumentCommandKind::Consent,
            DocumentCommand::RequestCoordination { .. } => DocumentCommandKind::RequestCoordination,
            DocumentCommand::ReplyCoordination { .. } => DocumentCommandKind::ReplyCoordination,
            DocumentCommand::RecordPublication { .. } => DocumentCommandKind::RecordPublication,
        }
    }
}

/// What a command did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentEvent {
    /// Accepted into the register (the first event of a document).
    Registered,
    /// A record was made; the document moved from one stage to the next (or stayed).
    Recorded {
        command: DocumentCommandKind,
        from: Stage,
        to: Stage,
    },
    /// A coordination clock (PUB-COORD) or the publication deadline (PUB-PROACTIVE) changed.
    Clock(ClockEvent<DocumentClock>),
}

impl Stage {
    /// The stored code of the stage (the register's `stage` column).
    pub fn code(self) -> &'static str {
        match self {
            Stage::Classified => "classified",
            Stage::NotForPublication => "not_for_publication",
            Stage::AwaitingConfirmation => "awaiting_confirmation",
            Stage::AwaitingReview => "awaiting_review",
            Stage::AwaitingDetermination => "awaiting_determination",
            Stage::Withheld => "withheld",
            Stage::AwaitingConsent => "awaiting_consent",
            Stage::AwaitingCoordination => "awaiting_coordination",
            Stage::Publishable => "publishable",
        }
    }
}

/// The history row of an event (codes and stages; never a person's identity).
pub fn describe(event: &DocumentEvent) -> (&'static str, Value) {
    match event {
        DocumentEvent::Registered => ("registered", json!({})),
        DocumentEvent::Recorded { command, from, to } => (
            "recorded",
            json!({
                "command": platform::workflow::command_code(command),
                "from": from.code(),
                "to": to.code(),
            }),
        ),
        DocumentEvent::Clock(clock) => history::describe_clock(clock),
    }
}

platform::recorded!(DocumentEvent, DocumentClock, describe);

/// The register judges `command` on `document` for `acting` at `now`: the new document and
/// what happened, or the refusal (nothing changes).
pub fn apply(
    document: &Document,
    command: &DocumentCommand,
    acting: &Acting,
    now: Instant,
    rules: Rules<'_>,
) -> Result<(Document, Vec<DocumentEvent>), Refusal> {
    let (next, clocks) = match command {
        DocumentCommand::Confirm => (confirm_attribute(document, acting, now)?, Vec::new()),
        DocumentCommand::Review {
            opinion,
            basis,
            reason,
            redaction,
        } => (
            record_review(
                document,
                *opinion,
                basis,
                reason,
                redaction.clone(),
                acting,
                now,
            )?,
            Vec::new(),
        ),
        DocumentCommand::Determine {
            disclose,
            redaction,
            authority,
            basis,
        } => {
            if !acting.has_in(platform::roles::Role::OpennessOfficer, document.unit)
                && !acting.has_in(platform::roles::Role::UnitLeader, document.unit)
            {
                return Err(Refusal::new(
                    "PUB-CONFID",
                    "报审确定意见由本单位政务公开工作人员登记",
                ));
            }
            let determination = Determination {
                disclose: *disclose,
                redaction: redaction.clone(),
                authority: authority.trim().to_owned(),
                basis: basis.trim().to_owned(),
                at: now,
            };
            (record_determination(document, determination)?, Vec::new())
        }
        DocumentCommand::Declassify { basis } => (
            record_declassification(document, basis, acting, now)?,
            Vec::new(),
        ),
        DocumentCommand::Consent {
            holder,
            basis,
            record,
        } => (
            record_consent(document, holder, *basis, record, acting, now)?,
            Vec::new(),
        ),
        DocumentCommand::RequestCoordination { units, matter } => {
            request_coordination(document, units, matter, acting, now, rules)?
        }
        DocumentCommand::ReplyCoordination { agreed, opinion } => {
            reply_coordination(document, *agreed, opinion, acting, now, rules.calendar)?
        }
        DocumentCommand::RecordPublication { article, url } => {
            record_publication(document, *article, url, now, rules.calendar)?
        }
    };
    let mut next = next;
    let mut clocks = clocks;
    clocks.extend(follow(document, &mut next, now, rules));
    let mut events = vec![DocumentEvent::Recorded {
        command: command.kind(),
        from: stage(document),
        to: stage(&next),
    }];
    events.extend(clocks.into_iter().map(DocumentEvent::Clock));
    Ok((next, events))
}
