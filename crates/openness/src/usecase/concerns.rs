//! The register of public concerns on the workflow kernel (PUB-RESPOND; 002 重大政策解读回应
//! 制度 §6): the openness office registers a concern (when the policy is a document of the
//! register, its drafting unit — the unit that interpreted it — is the one that responds),
//! the clocks of its gravity go on the shared clock table under that unit, and every command
//! of the pure machine runs through [`platform::workflow::execute`] (snapshot, history,
//! clocks, audit row, one transaction).

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use crate::concern::{self, Command, CommandKind, Concern, ConcernClock, ConcernId, Event, Filing};
use crate::store::concerns::{self as store, StoredConcern};
use crate::{Acting, Rules};

/// A public concern as a subject of the kernel: its information, press-conference and
/// response clocks (PUB-RESPOND) in 电子监察 and the workbench, its history.
pub const CONCERN_SUBJECT: SubjectKind = SubjectKind {
    code: "openness_concern",
    label: "社会关切回应",
    number_table: "openness_concerns",
    page: "/office/openness/concerns/",
    main_rule: "PUB-RESPOND",
    overdue_flag: None,
    clock_name: ConcernClock::label_of_code,
    waits: WAITS,
    history: workflow::HistoryTable {
        table: "openness_concern_events",
        subject_column: "concern_id",
    },
    command_label: CommandKind::label_of_code,
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// PUB-RESPOND: what waits for the responding unit (its releases) and for the office (the
/// closure of a concern answered).
const WAITS: &[workflow::Wait] = &[
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "待回应的社会关切",
        sql: "SELECT id, number FROM openness_concerns WHERE status = 'open' AND unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
    workflow::Wait {
        role: Role::OpennessOfficer,
        label: "已回应待办结的社会关切",
        sql: "SELECT id, number FROM openness_concerns WHERE status = 'responded' \
              AND office_unit_id = $1",
        red_only: false,
        unit_clocks: true,
    },
];

/// A concern as the kernel runs it, for one staff user.
pub struct Concerns<'a> {
    pub acting: &'a Acting,
}

impl Machine for Concerns<'_> {
    type Id = ConcernId;
    type Loaded = StoredConcern;
    type State = Concern;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &CONCERN_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: ConcernId,
        command: Command,
    ) -> Result<(StoredConcern, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredConcern,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Concern, Vec<Event>)> {
        let rules = Rules {
            profile: context.profile,
            calendar: context.calendar,
        };
        Ok(concern::apply(
            &loaded.concern,
            command,
            self.acting,
            context.now,
            rules,
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: ConcernId,
        _loaded: &StoredConcern,
        concern: &Concern,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, concern, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredConcern>,
        concern: &Concern,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|loaded| loaded.concern.status.code()),
            concern.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        Ok(subject.state.filing.unit.0)
    }

    async fn effect(
        &self,
        _tx: &mut Tx,
        _context: &Context<'_>,
        _subject: &Subject<'_, Self>,
        _event: &Event,
    ) -> Result<()> {
        Ok(())
    }

    fn audit(
        &self,
        id: ConcernId,
        loaded: &StoredConcern,
        concern: &Concern,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("openness.concern.{code}"), "openness_concern", id).detail(
            format!(
                "社会关切 {}：{}，{} → {}",
                loaded.number,
                command.kind().label_zh(),
                loaded.concern.status.label_zh(),
                concern.status.label_zh()
            ),
        )
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

/// PUB-RESPOND: registers `filing` in the register of the acting officer's office, or refuses
/// it with every problem (nothing stored). When the policy is a document of the register,
/// its drafting unit responds (解读主体即转为回应主体) and an empty policy name takes the
/// document's title. The clocks start, the history and the audit row are written in the same
/// transaction.
pub async fn register(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    filing: Filing,
) -> Result<StoredConcern> {
    let mut filing = filing;
    if let Some(document) = filing.document {
        let stored = crate::store::documents::get(db, document)
            .await
            .map_err(|_| Error::invalid("所选公文不存在"))?;
        filing.unit = stored.document.unit;
        if filing.policy.trim().is_empty() {
            filing.policy = stored.document.title.clone();
        }
    }
    platform::units::get(db, filing.unit.0)
        .await
        .map_err(|_| Error::invalid("请选择回应单位"))?;
    let rules = Rules {
        profile: context.profile,
        calendar: context.calendar,
    };
    let (mut concern, events) = concern::register(
        ConcernId(0),
        acting.unit,
        filing,
        acting,
        context.now,
        rules,
    )?;
    let mut tx = db.begin().await?;
    let stored = store::insert(&mut tx, &mut concern, context.now.millis()).await?;
    let machine = Concerns { acting };
    let subject = Subject {
        id: concern.id,
        loaded: None,
        state: &concern,
    };
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let event = AuditEvent::new("openness.concern.register", "openness_concern", concern.id)
        .detail(format!(
            "社会关切 {} 登记：{}（{}）",
            stored.number,
            concern.filing.policy,
            concern.filing.gravity.label_zh()
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(stored)
}

/// PUB-RESPOND: runs `command` on concern `id` through the kernel's one path; a concern
/// outside the acting user's reach is not found, a refusal changes nothing.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: ConcernId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Concern, i64)> {
    office_concern(db, id, acting).await?;
    let machine = Concerns { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// A concern as a back-office page shows it.
#[derive(Debug, Clone)]
pub struct OfficeConcern {
    pub concern: Concern,
    pub number: String,
    pub version: i64,
    /// The commands the viewer may run now.
    pub available: Vec<CommandKind>,
}

/// Concern `id` for the staff of its office or of its responding unit; anyone else learns
/// nothing of it.
pub async fn office_concern(db: &Db, id: ConcernId, acting: &Acting) -> Result<OfficeConcern> {
    let stored = store::get(db, id).await?;
    let office = stored.concern.office;
    let of_office =
        acting.has_in(Role::OpennessOfficer, office) || acting.has_in(Role::UnitLeader, office);
    if !of_office && !concern::is_unit(&stored.concern, acting) {
        return Err(Error::not_found(format!("社会关切 {id}")));
    }
    let available = concern::available(&stored.concern, acting);
    Ok(OfficeConcern {
        concern: stored.concern,
        number: stored.number,
        version: stored.version,
        available,
    })
}
