//! What the events of one case command do in its transaction besides the kernel's history
//! rows and clock changes: `Notify` becomes in-app messages to the unit's staff and an SMS and
//! an e-mail (SVC-STATUS, when the applicant left them) to the applicant, an acceptance files the
//! uploaded materials (SVC-NO-RESUBMIT), `LicenceIssued` a licence row (SVC-ELICENCE).
//! Messages carry the case number and the event's text only, never the applicant's identity.

use calendar::Instant;
use platform::Result;
use platform::db::Tx;
use platform::notify::{self, Channel, Notification};
use platform::personal::DataKey;
use platform::roles::Role;
use platform::users;

use crate::CaseId;
use crate::case::{Case, CommandKind, Event, Recipient};
use crate::store::{cases, library};

pub(super) struct Context<'a> {
    pub key: &'a DataKey,
    pub case_id: CaseId,
    pub number: &'a str,
    pub case: &'a Case,
    /// Whose materials and licences they are: the enterprise's or the applicant's.
    pub holder_lookup: &'a str,
    pub now: Instant,
}

async fn notify(tx: &mut Tx, context: &Context<'_>, to: Recipient, text: &str) -> Result<()> {
    // Staff read the case by its number, in words; the rule ID stays in the history row.
    let subject = format!("政务服务办件 {}", context.number);
    let link = format!("/office/services/cases/{}", context.case_id);
    let now = context.now.millis();
    let users = match to {
        Recipient::Department(unit) => {
            users::with_role(tx, Some(unit.0), Role::UnitHandler).await?
        }
        Recipient::Window(unit) => users::with_role(tx, Some(unit.0), Role::WindowClerk).await?,
        // E-supervision staff: the supervisors until a services supervision role lands.
        Recipient::Supervision => users::with_role(tx, None, Role::HotlineSupervisor).await?,
        Recipient::Applicant => {
            if let Some(sealed) = cases::phone_sealed(tx, context.case_id).await? {
                let sms = Notification {
                    channel: Channel::Sms,
                    recipient_user_id: None,
                    address: Some(context.key.open_for(
                        &sealed,
                        &super::place("applicant_phone_sealed", context.number),
                    )?),
                    subject: "政务服务".into(),
                    body: format!("办件 {}：{text}", context.number),
                    link: String::new(),
                };
                notify::enqueue(tx, context.key, &sms, now).await?;
            }
            // SVC-STATUS: progress by e-mail too, at the same events as the text.
            if let Some(sealed) = cases::email_sealed(tx, context.case_id).await? {
                let mail = Notification {
                    channel: Channel::Email,
                    recipient_user_id: None,
                    address: Some(context.key.open_for(
                        &sealed,
                        &super::place("applicant_email_sealed", context.number),
                    )?),
                    subject: format!("政务服务办件 {} 办理进度", context.number),
                    body: format!(
                        "办件 {}：{text}\n可凭办件编号和查询码在政务服务网查询办理进度。",
                        context.number
                    ),
                    link: String::new(),
                };
                notify::enqueue(tx, context.key, &mail, now).await?;
            }
            return Ok(());
        }
    };
    for user in users {
        let message = Notification::inbox(user, subject.clone(), text, link.clone());
        notify::enqueue(tx, context.key, &message, now).await?;
    }
    Ok(())
}

/// Carries out one event's effect.
pub(super) async fn apply_event(tx: &mut Tx, context: &Context<'_>, event: &Event) -> Result<()> {
    match event {
        Event::Notify { to, text, .. } => notify(tx, context, *to, text).await?,
        Event::Transitioned {
            command: CommandKind::Accept,
            ..
        } => {
            library::file_materials(
                tx,
                context.holder_lookup,
                context.case_id,
                &context.case.materials,
                context.now,
            )
            .await?;
        }
        Event::LicenceIssued {
            licence_type,
            issuer,
            at,
            ..
        } => {
            library::issue_licence(
                tx,
                context.holder_lookup,
                licence_type,
                context.case_id,
                context.number,
                *issuer,
                *at,
            )
            .await?;
        }
        // RatingInvited: the web layer links the concluded case to the rating form (EVAL-ALL).
        // Overdue: the history row and the supervision notice carry it (SVC-PROMISE).
        // Clock changes are the kernel's (`platform::workflow::command::record`).
        Event::Submitted { .. }
        | Event::Clock(_)
        | Event::Transitioned { .. }
        | Event::Overdue { .. }
        | Event::RatingInvited { .. } => {}
    }
    Ok(())
}
