//! Catalogue entries on the kernel (DATA-CLASS, DATA-CATALOG, DATA-RESOURCE, DATA-WITHDRAW):
//! a provider registers a draft; review, publication, changes under their clock, resources
//! taken offline and withdrawal run through `workflow::execute`. When a resource goes offline
//! or a withdrawal is applied for, every consumer unit holding an active grant on the entry
//! is told in its staff's inboxes in the same transaction (DATA-WITHDRAW).

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::notify;
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};
use sqlx::Row as _;

use super::rules;
use crate::entry::{self, Command, CommandKind, Entry, EntryDraft, Event};
use crate::store::entries::{self as store, StoredEntry};
use crate::{Acting, EntryId};

/// The entry as a subject of the kernel: its change clock (DATA-CATALOG) in 电子监察.
pub const ENTRY_SUBJECT: SubjectKind = SubjectKind {
    code: "sharing_entry",
    label: "数据目录",
    number_table: "sharing_entries",
    page: "/office/sharing/entries/",
    main_rule: "DATA-CATALOG",
    overdue_flag: None,
    clock_name: |_| "目录更新期限",
    waits: &[workflow::Wait {
        role: Role::DataAdmin,
        label: "待审核的数据目录",
        sql: "SELECT id, number FROM sharing_entries WHERE status IN ('submitted', \
              'withdrawal_applied')",
        red_only: false,
        unit_clocks: false,
    }],
    history: workflow::HistoryTable {
        table: "sharing_entry_events",
        subject_column: "entry_id",
    },
    command_label: |_| "办理",
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// The entry as the kernel runs it, for one staff user.
pub struct Entries<'a> {
    pub acting: &'a Acting,
}

impl Machine for Entries<'_> {
    type Id = EntryId;
    type Loaded = StoredEntry;
    type State = Entry;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &ENTRY_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: EntryId,
        command: Command,
    ) -> Result<(StoredEntry, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredEntry,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Entry, Vec<Event>)> {
        Ok(entry::apply(
            &loaded.entry,
            command,
            self.acting,
            context.now,
            rules(context),
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: EntryId,
        _loaded: &StoredEntry,
        entry: &Entry,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, entry, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredEntry>,
        entry: &Entry,
    ) -> (Option<&'static str>, &'static str) {
        (loaded.map(|l| l.entry.status.code()), entry.status.code())
    }

    fn command_code(&self, command: &Command) -> String {
        workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, _tx: &mut Tx, subject: &Subject<'_, Self>) -> Result<i64> {
        Ok(subject.state.provider.0)
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        let body = match event {
            Event::ResourceOffline { resource } => {
                let name = subject
                    .state
                    .resource(*resource)
                    .map_or("", |r| r.name.as_str());
                format!(
                    "数据目录“{}”的资源“{name}”已下线，相关调用将被拒绝。",
                    subject.state.draft.name
                )
            }
            Event::WithdrawalAnnounced => format!(
                "提供部门申请撤销数据目录“{}”（依据：{}），撤销后授权将无法继续使用，请提前做好准备。",
                subject.state.draft.name, subject.state.withdrawal_basis
            ),
            _ => return Ok(()),
        };
        // DATA-WITHDRAW: the current users are told in advance.
        notify_consumers(tx, context, subject.state.id, &body).await
    }

    fn audit(
        &self,
        id: EntryId,
        loaded: &StoredEntry,
        entry: &Entry,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("sharing.entry.{code}"), "sharing_entry", id).detail(format!(
            "数据目录 {}：{}，{} → {}",
            loaded.number,
            command.kind().label_zh(),
            loaded.entry.status.label_zh(),
            entry.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

/// Tells the handlers of every consumer unit with an active grant on `entry`.
async fn notify_consumers(
    tx: &mut Tx,
    context: &Context<'_>,
    entry: EntryId,
    body: &str,
) -> Result<()> {
    let units = sqlx::query(
        "SELECT DISTINCT consumer_unit_id FROM sharing_grants WHERE entry_id = $1 \
         AND status = 'active' AND ends_at > $2",
    )
    .bind(entry.0)
    .bind(context.now.millis())
    .fetch_all(&mut **tx)
    .await?;
    for row in units {
        let unit: i64 = row.try_get("consumer_unit_id")?;
        for user in platform::users::with_role(tx, Some(unit), Role::UnitHandler).await? {
            let message = ("数据共享资源变更通知", body, "/office/sharing/grants");
            notify::to_staff(tx, context.key, user, message, false, context.now.millis()).await?;
        }
    }
    Ok(())
}

/// DATA-CATALOG: a provider's staff registers a draft entry of its unit.
pub async fn register(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    draft: EntryDraft,
) -> Result<StoredEntry> {
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    let (mut entry, events) = entry::register(EntryId(0), draft, acting)?;
    let mut tx = db.begin().await?;
    let stored = store::insert(&mut tx, &mut entry, context.now.millis()).await?;
    let machine = Entries { acting };
    let subject = Subject {
        id: entry.id,
        loaded: None,
        state: &entry,
    };
    workflow::record(&mut tx, &machine, context, subject, "register", &events).await?;
    let event = AuditEvent::new("sharing.entry.register", "sharing_entry", entry.id).detail(
        format!("数据目录 {} 注册：{}", stored.number, entry.draft.name),
    );
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Runs `command` on entry `id`; an entry another provider's staff cannot see is not found.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: EntryId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Entry, i64)> {
    let stored = store::get(db, id).await?;
    if !acting.is_administrator() && stored.entry.provider != acting.unit {
        return Err(Error::not_found("该数据目录"));
    }
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    let machine = Entries { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// The commands `acting` may run on `entry` now.
pub fn available(entry: &Entry, acting: &Acting) -> Vec<CommandKind> {
    entry::available(entry, acting)
}
