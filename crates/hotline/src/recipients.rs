//! Whom a reminder or 催办 of a unit reaches (HL-REMIND through HL-CONTACTS; 000 §12345-5(一),
//! 11): the unit's registered 12345 contacts — reminders to the A and B staff (A first, B too),
//! the 催办 to the registered leader in charge — and, outside working hours, the text goes to
//! the unit's 24 h duty phone instead of the people's own mobiles (the in-app message still
//! reaches them). A unit that has registered nobody current for the post is reached as before
//! registration existed: every holder of the post's role in the unit.

use calendar::{Calendar, Instant};
use platform::Result;
use platform::db::Tx;
use platform::notify::{self, Channel, Notification};
use platform::personal::DataKey;
use platform::roles::Role;
use platform::{unit_contacts, users};

use crate::UnitId;
use crate::order::Recipient;

/// The post of a unit a notice is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Post {
    /// The A and B staff (经办人员, 互为AB岗): reminders near the due time.
    Staff,
    /// The leader in charge (分管领导): the 催办 of overdue feedback.
    Leader,
}

impl Post {
    /// The role whose holders are reached when the unit registered nobody current.
    fn role(self) -> Role {
        match self {
            Post::Staff => Role::UnitHandler,
            Post::Leader => Role::UnitLeader,
        }
    }
}

/// What the notice says and where it links to.
#[derive(Debug, Clone, Copy)]
pub struct Notice<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub link: &'a str,
}

impl<'a> Notice<'a> {
    pub fn new(subject: &'a str, body: &'a str, link: &'a str) -> Self {
        Self {
            subject,
            body,
            link,
        }
    }
}

/// The unit and post an order's notification reaches through the registered contacts: the
/// HL-REMIND notices to a unit's handlers or leader; `None` for every other notification.
pub fn post_for(to: Recipient, rule: &str) -> Option<(UnitId, Post)> {
    match to {
        Recipient::UnitHandlers(unit) if rule == "HL-REMIND" => Some((unit, Post::Staff)),
        Recipient::UnitLeader(unit) if rule == "HL-REMIND" => Some((unit, Post::Leader)),
        _ => None,
    }
}

/// Whether `now` falls in working time by the jurisdiction's calendar and working hours.
fn in_working_hours(calendar: &Calendar, now: Instant) -> bool {
    let a_minute_later = Instant::from_millis(now.millis().saturating_add(60_000));
    calendar.working_millis_between(now, a_minute_later) > 0
}

/// HL-REMIND, HL-CONTACTS: sends `notice` to the unit's registered contacts for `post`, in the
/// caller's transaction. Returns how many staff members got the in-app message.
pub async fn remind_unit(
    tx: &mut Tx,
    key: &DataKey,
    unit: UnitId,
    post: Post,
    notice: Notice<'_>,
    calendar: &Calendar,
    now: Instant,
) -> Result<usize> {
    let registration = unit_contacts::get_in(tx, unit.0).await?;
    let registered = match (&registration, post) {
        (Some(registration), Post::Staff) => registration.current_staff(),
        (Some(registration), Post::Leader) if registration.leader.current => {
            vec![registration.leader.user_id]
        }
        _ => Vec::new(),
    };
    let staff = if registered.is_empty() {
        users::with_role(tx, Some(unit.0), post.role()).await?
    } else {
        registered
    };
    // The duty phone answers 24 hours (§12345-5(一)): after hours the text goes there.
    let duty_phone = match &registration {
        Some(registration) if !in_working_hours(calendar, now) => {
            Some(registration.duty_phone(key)?)
        }
        _ => None,
    };
    let Notice {
        subject,
        body,
        link,
    } = notice;
    for user in &staff {
        let text = duty_phone.is_none();
        notify::to_staff(tx, key, *user, (subject, body, link), text, now.millis()).await?;
    }
    if let Some(phone) = duty_phone {
        let sms = Notification {
            channel: Channel::Sms,
            recipient_user_id: None,
            address: Some(phone.as_str().to_owned()),
            subject: subject.to_owned(),
            body: body.to_owned(),
            link: String::new(),
        };
        notify::enqueue(tx, key, &sms, now.millis()).await?;
    }
    Ok(staff.len())
}
