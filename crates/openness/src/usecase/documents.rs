//! The document register's use cases on the workflow kernel (PUB-ATTR, PUB-CONFID, PUB-COORD,
//! SEC-SECRET): a draft accepted into the register or returned (退文) with every problem, each
//! record run through the kernel's one path (snapshot, history, the coordination clocks on the
//! shared clock table filed under the unit asked, audit row, in one transaction), what the
//! office reads of a document — the issuing unit, and a unit asked to confirm it; nobody else
//! learns of it — the gate a publishing channel calls with a document's id, and the record of
//! the first publication that stops the PUB-PROACTIVE clock.

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use crate::register::{
    self, Document, DocumentCommand, DocumentEvent, Draft, PublishChannel, Stage, accept_draft,
    may_publish_on,
};
use crate::store::documents::{self as store, StoredDocument};
use crate::{Acting, DocumentId, Rules, UnitId};

impl From<DocumentId> for i64 {
    fn from(id: DocumentId) -> i64 {
        id.0
    }
}

/// A document of the register as a subject of the workflow kernel: its coordination clocks
/// (PUB-COORD) in 电子监察 and the workbench, its history.
pub const DOCUMENT_SUBJECT: SubjectKind = SubjectKind {
    code: "openness_document",
    label: "公文公开属性登记",
    number_table: "openness_documents",
    page: "/office/openness/documents/",
    main_rule: "PUB-COORD",
    overdue_flag: None,
    clock_name: register::DocumentClock::name_of_code,
    waits: WAITS,
    history: platform::workflow::HistoryTable {
        table: "openness_document_events",
        subject_column: "document_id",
    },
    command_label: register::DocumentCommandKind::label_of_code,
    effect_words: |_| None,
    counting: platform::workflow::counters::Counting::NONE,
};

/// PUB-ATTR, PUB-CONFID: the documents waiting for the unit's openness officer (review,
/// determination, consent); the coordination requests wait on their clocks.
const WAITS: &[platform::workflow::Wait] = &[platform::workflow::Wait {
    role: Role::OpennessOfficer,
    label: "待保密审查或登记的公文",
    sql: "SELECT id, number FROM openness_documents WHERE stage IN ('awaiting_review', \
          'awaiting_determination', 'awaiting_consent') AND unit_id = $1",
    red_only: false,
    unit_clocks: true,
}];

/// The register as the kernel runs it, for one staff user.
pub struct Documents<'a> {
    pub acting: &'a Acting,
}

impl Machine for Documents<'_> {
    type Id = DocumentId;
    type Loaded = StoredDocument;
    type State = Document;
    type Command = DocumentCommand;
    type Event = DocumentEvent;

    fn kind(&self) -> &'static SubjectKind {
        &DOCUMENT_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: DocumentId,
        command: DocumentCommand,
    ) -> Result<(StoredDocument, i64, DocumentCommand)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredDocument,
        command: &DocumentCommand,
        context: &Context<'_>,
    ) -> Result<(Document, Vec<DocumentEvent>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(register::apply(
            &loaded.document,
            command,
            self.acting,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: DocumentId,
        _loaded: &StoredDocument,
        document: &Document,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, document, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredDocument>,
        document: &Document,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| register::stage(&loaded.document).code()),
            register::stage(document).code(),
        )
    }

    fn command_code(&self, command: &DocumentCommand) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        Ok(subject.state.unit.0)
    }

    async fn effect(
        &self,
        _tx: &mut Tx,
        _context: &Context<'_>,
        _subject: &Subject<'_, Self>,
        _event: &DocumentEvent,
    ) -> Result<()> {
        Ok(())
    }

    fn audit(
        &self,
        id: DocumentId,
        loaded: &StoredDocument,
        document: &Document,
        command: &DocumentCommand,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(
            &format!("openness.document.{code}"),
            "openness_document",
            id,
        )
        .detail(format!(
            "公文 {}《{}》：{}，{} → {}",
            loaded.number,
            document.title,
            command.kind().label_zh(),
            register::stage(&loaded.document).label_zh(),
            register::stage(document).label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        "该公文已被他人更新，请刷新后重试"
    }
}

/// Who may draft into a unit's register: its openness officer or a leader (the signer).
fn may_draft(acting: &Acting) -> bool {
    acting.roles.contains(&Role::OpennessOfficer) || acting.roles.contains(&Role::UnitLeader)
}

/// PUB-ATTR: accepts `draft` into the register of the acting user's unit, or returns it (退文)
/// with every problem; the history and the audit row in the same transaction.
pub async fn register_draft(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    draft: Draft,
) -> Result<StoredDocument> {
    if !may_draft(acting) {
        return Err(Error::Refused(
            "公文由本单位政务公开工作人员或签发人登记".to_owned(),
        ));
    }
    let mut document = accept_draft(DocumentId(0), acting.unit, draft, context.now)?;
    let mut tx = db.begin().await?;
    let stored = store::insert(&mut tx, &mut document, context.now.millis()).await?;
    let machine = Documents { acting };
    let subject = Subject {
        id: document.id,
        loaded: None,
        state: &document,
    };
    let events = [DocumentEvent::Registered];
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let event = AuditEvent::new(
        "openness.document.register",
        "openness_document",
        document.id,
    )
    .detail(format!(
        "公文 {}《{}》登记：{}",
        stored.number,
        document.title,
        document.attribute.label_zh()
    ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(stored)
}

/// PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET: runs `command` on document `id` through the
/// kernel's one path; a document outside the acting user's reach is not found, a refusal
/// changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: DocumentId,
    command: DocumentCommand,
    expected_version: Option<i64>,
) -> Result<(Document, i64)> {
    office_document(db, id, acting).await?;
    if let DocumentCommand::RequestCoordination { units, .. } = &command {
        for unit in units {
            platform::units::get(db, unit.0)
                .await
                .map_err(|_| Error::invalid("请选择需要会签确认的单位"))?;
        }
    }
    let machine = Documents { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// Whether `acting` may see `document`: staff of the issuing unit who keep its register, or
/// of a unit asked to confirm it (PUB-COORD).
fn in_scope(acting: &Acting, document: &Document) -> bool {
    let keeps = |unit: UnitId| {
        acting.has_in(Role::OpennessOfficer, unit) || acting.has_in(Role::UnitLeader, unit)
    };
    keeps(document.unit) || document.coordination.iter().any(|c| keeps(c.unit))
}

/// Document `id` for `acting`; not found outside the issuing unit and the units asked.
pub async fn office_document(db: &Db, id: DocumentId, acting: &Acting) -> Result<StoredDocument> {
    let stored = store::get(db, id).await?;
    if !in_scope(acting, &stored.document) {
        return Err(Error::not_found(format!("公文 {id}")));
    }
    Ok(stored)
}

/// PUB-PROACTIVE: the site's first publication of document `id` by `article` at `url`,
/// recorded in the site's transaction by the editor who published it: the publication
/// deadline's clock stops, met or late. A document published before keeps its first record.
pub async fn record_publication_in(
    tx: &mut Tx,
    context: &Context<'_>,
    acting: &Acting,
    id: DocumentId,
    (article, url): (i64, &str),
) -> Result<()> {
    let stored = store::get_in(tx, id).await?;
    if stored.document.publication.is_some() {
        return Ok(());
    }
    let machine = Documents { acting };
    let command = DocumentCommand::RecordPublication {
        article,
        url: url.to_owned(),
    };
    workflow::execute_in(tx, &machine, context, id, command, None).await?;
    Ok(())
}

/// SEC-SECRET: the gate a publishing channel calls for the document it would publish, in
/// its own transaction: `Ok` with the stage, or the refusal as an invalid command.
pub async fn gate_in(tx: &mut Tx, channel: PublishChannel, id: DocumentId) -> Result<Stage> {
    let stored = store::get_in(tx, id).await?;
    may_publish_on(channel, &stored.document)?;
    Ok(register::stage(&stored.document))
}
