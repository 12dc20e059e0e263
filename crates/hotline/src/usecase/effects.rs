//! What the events of one command do in its transaction besides the kernel's history rows and
//! clock changes: `Notify` becomes in-app messages to the right staff and an SMS to the
//! appellant, a rating goes into 好差评, an accountability candidate onto the ledger. Messages carry the
//! order number and the event's text only, never the appellant's identity (HL-PRIVACY).

use calendar::Instant;
use platform::audit::AuditActor;
use platform::db::Tx;
use platform::notify::{self, Channel, Notification};
use platform::personal::DataKey;
use platform::roles::Role;
use platform::users;
use platform::{Error, Result};
use sqlx::Row as _;

use super::Rules;
use crate::order::{Event, Order, Recipient};
use crate::{AppealId, UnitId};

pub(super) struct Context<'a> {
    pub key: &'a DataKey,
    pub actor: &'a AuditActor,
    pub order_id: AppealId,
    pub order: &'a Order,
    pub rules: Rules<'a>,
    pub now: Instant,
}

/// The hotline centre: the unit the hotline's own clocks are filed under.
pub(super) async fn hotline_centre(tx: &mut Tx) -> Result<i64> {
    let row = sqlx::query("SELECT id FROM units WHERE kind = 'hotline_centre' ORDER BY id LIMIT 1")
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| Error::invalid("尚未设置12345热线中心单位，无法为热线计时"))?;
    Ok(row.try_get("id")?)
}

async fn notify(
    tx: &mut Tx,
    context: &Context<'_>,
    to: Recipient,
    rule: &str,
    message: &str,
) -> Result<()> {
    // Staff read the order by its number, in words; the rule ID stays in the history row.
    let number: String = sqlx::query("SELECT number FROM hotline_appeals WHERE id = $1")
        .bind(context.order_id.0)
        .fetch_one(&mut **tx)
        .await?
        .try_get("number")?;
    let subject = format!("12345工单 {number}");
    let link = format!("/office/hotline/orders/{}", context.order_id);
    let now = context.now.millis();
    // HL-CONTACTS: reminders and 催办 reach the unit's registered contacts (duty phone after hours).
    if let Some((unit, post)) = crate::recipients::post_for(to, rule) {
        let notice = crate::recipients::Notice::new(&subject, message, &link);
        let calendar = context.rules.calendar;
        crate::recipients::remind_unit(tx, context.key, unit, post, notice, calendar, context.now)
            .await?;
        return Ok(());
    }
    let users = match to {
        Recipient::UnitHandlers(unit) => {
            users::with_role(tx, Some(unit.0), Role::UnitHandler).await?
        }
        Recipient::UnitLeader(unit) => users::with_role(tx, Some(unit.0), Role::UnitLeader).await?,
        Recipient::Hotline => users::with_role(tx, None, Role::HotlineOperator).await?,
        Recipient::Supervisors => users::with_role(tx, None, Role::HotlineSupervisor).await?,
        Recipient::UrgeReportUnit => {
            // HL-REMIND: the bureau named in the profile, and the supervision group.
            let code = &context.rules.profile.hotline.urge_report_unit;
            let bureau = sqlx::query("SELECT id FROM units WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut **tx)
                .await?
                .map(|row| row.try_get::<i64, _>("id"))
                .transpose()?;
            let mut users = users::with_role(tx, None, Role::HotlineSupervisor).await?;
            if let Some(bureau) = bureau {
                users.extend(users::with_role(tx, Some(bureau), Role::UnitLeader).await?);
            }
            users
        }
        Recipient::Appellant => {
            let row = sqlx::query(
                "SELECT appellant_phone_sealed, number FROM hotline_appeals WHERE id = $1",
            )
            .bind(context.order_id.0)
            .fetch_optional(&mut **tx)
            .await?;
            let sealed = row
                .as_ref()
                .map(|row| -> Result<_> {
                    let sealed: Option<Vec<u8>> = row.try_get("appellant_phone_sealed")?;
                    let number: String = row.try_get("number")?;
                    Ok(sealed.map(|sealed| (sealed, number)))
                })
                .transpose()?
                .flatten();
            if let Some((sealed, number)) = sealed {
                let place = super::place("appellant_phone_sealed", &number);
                let sms = Notification {
                    channel: Channel::Sms,
                    recipient_user_id: None,
                    address: Some(context.key.open_for(&sealed, &place)?),
                    subject: "12345热线".into(),
                    body: message.to_owned(),
                    link: String::new(),
                };
                notify::enqueue(tx, context.key, &sms, now).await?;
            }
            return Ok(());
        }
    };
    // HL-REMIND: units are also texted; the hotline's own staff read the inbox.
    let text = matches!(to, Recipient::UnitHandlers(_) | Recipient::UnitLeader(_));
    for user in users {
        notify::to_staff(tx, context.key, user, (&subject, message, &link), text, now).await?;
    }
    Ok(())
}

/// Carries out one event's effect.
pub(super) async fn apply_event(tx: &mut Tx, context: &Context<'_>, event: &Event) -> Result<()> {
    match event {
        Event::Notify { to, rule, message } => notify(tx, context, *to, rule, message).await?,
        Event::Rated { rating, .. } => rate(tx, context, *rating).await?,
        Event::AccountabilityCandidate {
            unit,
            kind,
            rule,
            note,
        } => account(tx, context, *unit, *kind, rule, note).await?,
        // KB-STATS: the use of the entry is counted in the command's own transaction.
        Event::KbEntryUsed { entry } => {
            crate::kb_store::record_use(
                tx,
                entry.id,
                Some(context.order_id),
                crate::kb_store::UsageChannel::Operator,
                context.now,
            )
            .await?;
        }
        // History rows; the archive's files are stored by `usecase::archive`; clock changes
        // are the kernel's (`platform::workflow::command::record`).
        Event::Registered { .. }
        | Event::Transitioned { .. }
        | Event::Archived { .. }
        | Event::Clock(_) => {}
    }
    Ok(())
}

/// HL-ACCOUNT: a situation the state machine found (buck-passing between lead and assisting
/// units …) goes on the unit's accountability ledger, once per order, unit, kind and instant.
async fn account(
    tx: &mut Tx,
    context: &Context<'_>,
    unit: UnitId,
    kind: crate::account::AccountKind,
    rule: &str,
    note: &str,
) -> Result<()> {
    let key = format!(
        "{}:{}:{}:{}",
        context.order_id,
        kind.code(),
        unit.0,
        context.now.millis()
    );
    let new = crate::supervision::store::NewAccountability {
        unit_id: unit.0,
        order_id: Some(context.order_id),
        kind,
        recorded_by: context.actor.user_id,
        note: &format!("{note}（{rule}）"),
        dedupe_key: &key,
    };
    crate::supervision::store::insert_accountability(tx, &new, context.now).await?;
    Ok(())
}

/// EVAL-ALL, EVAL-BAD: the callback's rating goes into the one 好差评 mechanism of every
/// domain, as a phone rating of the order for its lead unit in this callback round; a bad
/// one opens the rectification there (the HL-CALLBACK loop runs on in the order itself).
async fn rate(tx: &mut Tx, context: &Context<'_>, rating: crate::evaluation::Rating) -> Result<()> {
    use platform::evaluation::{self, Channel as RatingChannel, Level, NewEvaluation, SubjectType};
    let Rules { calendar, profile } = context.rules;
    let Some(lead) = context.order.lead() else {
        return Ok(());
    };
    let callback = context.order.callbacks.last();
    let new = NewEvaluation {
        subject_type: SubjectType::Order,
        subject_id: context.order_id.to_string(),
        round: callback.map_or(context.order.round, |c| c.round).max(1),
        unit_id: lead.0,
        staff_user_id: None,
        item_code: None,
        channel: RatingChannel::Phone,
        level: Level::from_level(i64::from(rating.level()))?,
        comment: callback.map(|c| c.comment.clone()).unwrap_or_default(),
        rater_contact: None,
        entered_by_user_id: context.actor.user_id,
    };
    evaluation::rate(
        tx,
        context.key,
        context.actor,
        new,
        calendar,
        profile,
        context.now,
    )
    .await?;
    Ok(())
}
