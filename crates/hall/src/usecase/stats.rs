//! The queue figures of a period read from the tickets (HALL-QUEUE): one query over the days,
//! the samples handed to [`crate::stats`].

use calendar::Instant;
use chrono::{NaiveDate, Timelike as _};
use platform::Result;
use platform::db::Db;

use crate::stats::Sample;
use crate::store::{day_key, tickets};
use crate::ticket::Status;

/// The samples of the tickets of `from..=to`. A period longer than a year is refused.
pub async fn samples(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<Sample>> {
    if to < from || (to - from).num_days() > 366 {
        return Err(platform::Error::invalid(
            "统计期间应为一年以内，且结束不早于开始",
        ));
    }
    let mut tx = db.begin_read().await?;
    let stored = tickets::between(&mut tx, &day_key(from), &day_key(to)).await?;
    tx.commit().await?;
    Ok(stored
        .into_iter()
        .map(|s| {
            let t = s.ticket;
            Sample {
                day: t.day,
                hour: Instant::from_millis(t.queued_at).to_datetime().hour(),
                window: t.window,
                item: t.item.as_ref().map(|item| item.name.clone()),
                wait_ms: t.wait_ms(),
                handling_ms: t.handling_ms(),
                no_show: t.status == Status::NoShow,
            }
        })
        .collect())
}
