//! The work order on the kernel's command path (`platform::workflow::Machine`): how an order
//! is loaded (with the facts a merge needs), decided by `order::apply`, stored, described in
//! its audit row, and what its events other than clock changes do ([`super::effects`]).

use calendar::Instant;
use platform::audit::AuditEvent;
use platform::db::Tx;
use platform::workflow::{Context, Machine, Subject, SubjectKind};
use platform::{Error, Result};

use super::{Rules, effects};
use crate::order::{Command, Event, Order, Status, apply};
use crate::store::orders::{self, StoredOrder};
use crate::{AppealId, HotlineError};

/// The 12345 work order as the kernel runs it.
pub(crate) struct Orders;

/// Fills in the facts a pure command needs from storage (HL-MERGE: the target's status).
async fn with_facts(tx: &mut Tx, command: Command) -> Result<Command> {
    match command {
        Command::MergeInto { target, .. } => {
            let code = orders::status_in(tx, target)
                .await?
                .ok_or_else(|| Error::not_found(format!("并案目标诉求 {target}")))?;
            let target_status = Status::ALL
                .into_iter()
                .find(|status| status.code() == code)
                .ok_or_else(|| crate::store::unreadable("order status", &code))?;
            Ok(Command::MergeInto {
                target,
                target_status,
            })
        }
        other => Ok(other),
    }
}

impl Machine for Orders {
    type Id = AppealId;
    type Loaded = StoredOrder;
    type State = Order;
    type Command = Command;
    type Event = Event;

    fn kind(&self) -> &'static SubjectKind {
        &crate::SUBJECT
    }

    async fn load(
        &self,
        tx: &mut Tx,
        id: AppealId,
        command: Command,
    ) -> Result<(StoredOrder, i64, Command)> {
        let stored = orders::get_in(tx, id).await?;
        let command = with_facts(tx, command).await?;
        let version = stored.version;
        Ok((stored, version, command))
    }

    fn decide(
        &self,
        loaded: &StoredOrder,
        command: &Command,
        context: &Context<'_>,
    ) -> Result<(Order, Vec<Event>)> {
        let (calendar, profile) = (context.calendar, context.profile);
        apply(&loaded.order, command, context.now, profile, calendar)
            .map_err(|error: HotlineError| Error::from(error))
    }

    async fn store(
        &self,
        tx: &mut Tx,
        id: AppealId,
        loaded: &StoredOrder,
        order: &Order,
        version: i64,
        now: Instant,
    ) -> Result<i64> {
        let version = orders::update(tx, id, order, version, now.millis()).await?;
        if order.assignments != loaded.order.assignments {
            orders::sync_units(tx, id, order).await?;
        }
        Ok(version)
    }

    fn statuses(
        &self,
        loaded: Option<&StoredOrder>,
        order: &Order,
    ) -> (Option<&'static str>, &'static str) {
        (
            loaded.map(|stored| stored.order.status.code()),
            order.status.code(),
        )
    }

    fn command_code(&self, command: &Command) -> String {
        platform::workflow::command_code(&command.kind())
    }

    async fn default_unit(&self, tx: &mut Tx, _order: &Subject<'_, Self>) -> Result<i64> {
        effects::hotline_centre(tx).await
    }

    async fn effect(
        &self,
        tx: &mut Tx,
        context: &Context<'_>,
        subject: &Subject<'_, Self>,
        event: &Event,
    ) -> Result<()> {
        let context = effects::Context {
            key: context.key,
            actor: context.actor,
            order_id: subject.id,
            order: subject.state,
            rules: Rules {
                calendar: context.calendar,
                profile: context.profile,
            },
            now: context.now,
        };
        effects::apply_event(tx, &context, event).await
    }

    fn audit(
        &self,
        id: AppealId,
        loaded: &StoredOrder,
        order: &Order,
        command: &Command,
    ) -> AuditEvent {
        let code = self.command_code(command);
        AuditEvent::new(&format!("hotline.{code}"), "hotline_order", id).detail(format!(
            "{}：{} → {}",
            command.kind().label_zh(),
            loaded.order.status.label_zh(),
            order.status.label_zh()
        ))
    }
}
