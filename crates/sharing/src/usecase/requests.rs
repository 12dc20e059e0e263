//! Requests on the kernel (DATA-REQUEST, DATA-CROSS, DATA-GRANT): a consumer's staff submits
//! a request on a published entry (its decision clock on the shared clock table); every
//! decision runs through `workflow::execute`; an approval makes the grant in the same
//! transaction, its term from the approval time the platform recorded.

use calendar::Instant;
use platform::audit::{self, AuditEvent};
use platform::db::{Db, Tx};
use platform::roles::Role;
use platform::workflow::{self, Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use super::rules;
use crate::grant::Grant;
use crate::request::{self, Command, CommandKind, Event, Filing, Request};
use crate::store::requests::{self as store, StoredRequest};
use crate::store::{entries, grants};
use crate::{Acting, GrantId, RequestId};

/// The request as a subject of the kernel: its decision clock (DATA-REQUEST) in 电子监察 and
/// the workbench.
pub const REQUEST_SUBJECT: SubjectKind = SubjectKind {
    code: "sharing_request",
    label: "数据共享申请",
    number_table: "sharing_requests",
    page: "/office/sharing/requests/",
    main_rule: "DATA-REQUEST",
    overdue_flag: None,
    clock_name: |_| "审核授权期限",
    waits: &[
        workflow::Wait {
            role: Role::DataAdmin,
            label: "待审核的数据共享申请",
            sql: "SELECT id, number FROM sharing_requests WHERE status = 'at_administrator'",
            red_only: false,
            unit_clocks: false,
        },
        workflow::Wait {
            role: Role::UnitHandler,
            label: "待本部门审核的数据共享申请",
            sql: "SELECT id, number FROM sharing_requests WHERE status = 'at_provider' \
                  AND provider_unit_id = $1",
            red_only: false,
            unit_clocks: true,
        },
    ],
    history: workflow::HistoryTable {
        table: "sharing_request_events",
        subject_column: "request_id",
    },
    command_label: |_| "办理",
    effect_words: |_| None,
    counting: workflow::counters::Counting::NONE,
};

/// The request as the kernel runs it, for one staff user.
pub struct Requests<'a> {
    pub acting: &'a Acting,
}

impl Machine for Requests<'_> {
    type Id = RequestId;
    type Loaded = StoredRequest;
    type State = Request;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &REQUEST_SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: RequestId,
        command: Command,
    ) -> Result<(StoredRequest, i64, Command)> {
        let stored = store::get_in(tx, id).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredRequest,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Request, Vec<Event>)> {
        Ok(request::apply(
            &loaded.request,
            command,
            self.acting,
            context.now,
            rules(context),
        )?)
    }

    async fn store(
        &self,
        tx: &mut Tx,
        _id: RequestId,
        _loaded: &StoredRequest,
        request: &Request,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        store::update(tx, request, version, now.millis()).await
    }

    fn statuses(
        &self,
        loaded: Option<&StoredRequest>,
        request: &Request,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|l| l.request.status.code()),
            request.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, tx: &mut Tx, _subject: &Subject<'_, Self>) -> Result<i64> {
        // The administrator's clock is filed under the unit of a platform administrator.
        let admins = platform::users::with_role(tx, None, Role::DataAdmin).await?;
        let Some(user) = admins.first() else {
            return Ok(self.acting.unit.0);
        };
        let row = sqlx::query("SELECT unit_id FROM users WHERE id = $1")
            .bind(*user)
            .fetch_one(&mut **tx)
            .await?;
        Ok(sqlx::Row::try_get(&row, "unit_id")?)
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        if let Event::Approved { .. } = event {
            // DATA-GRANT: the grant, from the approval time recorded now.
            let mut grant = Grant::from_request(GrantId(0), subject.state)?;
            grants::insert(
                tx,
                &mut grant,
                grants::DEFAULT_RATE_PER_SECOND,
                context.now.millis(),
            )
            .await?;
        }
        Ok(())
    }

    fn audit(
        &self,
        id: RequestId,
        loaded: &StoredRequest,
        request: &Request,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("sharing.request.{code}"), "sharing_request", id).detail(format!(
            "数据共享申请 {}：{}，{} → {}",
            loaded.number,
            command.kind().label_zh(),
            loaded.request.status.label_zh(),
            request.status.label_zh()
        ))
    }

    fn conflict_message(&self) -> &'static str {
        store::CONFLICT
    }
}

/// DATA-REQUEST: a consumer's staff submits `filing`; every problem at once, nothing stored
/// on a refusal.
pub async fn submit(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    filing: Filing,
) -> Result<StoredRequest> {
    // DATA-ACCOUNTS: only a person holding an active platform account files a request.
    super::accounts::ensure_usable(db, acting).await?;
    let entry = entries::get(db, filing.entry).await?.entry;
    let (mut request, events) = request::submit(
        RequestId(0),
        filing,
        &entry,
        acting,
        context.now,
        rules(context),
    )?;
    let mut tx = db.begin().await?;
    let stored = store::insert(&mut tx, &mut request, context.now.millis()).await?;
    let machine = Requests { acting };
    let subject = Subject {
        id: request.id,
        loaded: None,
        state: &request,
    };
    workflow::record(&mut tx, &machine, context, subject, "submit", &events).await?;
    let event =
        AuditEvent::new("sharing.request.submit", "sharing_request", request.id).detail(format!(
            "数据共享申请 {} 提交：{}（{}）",
            stored.number,
            entry.draft.name,
            request.status.label_zh()
        ));
    audit::record(&mut tx, context.actor, event, context.now.millis()).await?;
    tx.commit().await?;
    Ok(stored)
}

/// Whether `acting` may see `request`: its consumer, its provider, an administrator.
pub fn may_see(request: &Request, acting: &Acting) -> bool {
    acting.is_administrator() || acting.unit == request.consumer || acting.unit == request.provider
}

/// Runs `command` on request `id`; a request outside the viewer's reach is not found.
pub async fn execute(
    db: &Db,
    context: &Context<'_>,
    acting: &Acting,
    id: RequestId,
    command: Command,
    expected_version: Option<i64>,
) -> Result<(Request, i64)> {
    let stored = store::get(db, id).await?;
    if !may_see(&stored.request, acting) {
        return Err(Error::not_found("该共享申请"));
    }
    // DATA-ACCOUNTS: only a person holding an active platform account acts.
    super::accounts::ensure_usable(db, acting).await?;
    let machine = Requests { acting };
    workflow::execute(db, &machine, context, id, command, expected_version).await
}

/// The commands `acting` may run on `request` now.
pub fn available(request: &Request, acting: &Acting, context: &Context<'_>) -> Vec<CommandKind> {
    request::available(request, acting, rules(context))
}
