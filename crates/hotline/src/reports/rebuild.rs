//! The hotline's part of rebuilding the counters (`platform::workflow::counters::Rebuild`,
//! `zhengwu counters rebuild`): the order clocks a return or a withdrawal stopped in time are
//! marked released from the order history (the `clock_stopped` row of that command at the
//! instant of the conclusion, as HL-RATES always read them), then the order clocks are counted
//! with [`COUNTING`] and the accountability events added (HL-ACCOUNT).

use platform::Result;
use platform::db::Tx;
use platform::workflow::counters::Rebuild;

use super::COUNTING;
use crate::store::CLOCK_SUBJECT;

/// Marks the order clocks released by a return or a withdrawal (HL-RETURN, HL-WITHDRAW) from
/// the history; returns how many were newly marked.
pub async fn mark_released(tx: &mut Tx) -> Result<u64> {
    let marked = sqlx::query(
        "UPDATE clocks SET released = 1 WHERE released = 0 AND id IN ( \
         SELECT c.id FROM hotline_events e \
         JOIN clocks c ON c.subject_type = $1 AND c.subject_id = CAST(e.order_id AS TEXT) \
           AND c.concluded_at = e.at AND c.status = 'met' \
         WHERE e.kind = 'clock_stopped' AND e.command IN ('return', 'withdraw'))",
    )
    .bind(CLOCK_SUBJECT)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    Ok(marked)
}

/// Adds the hotline's counters to `build`: releases marked, order clocks, accountability.
pub async fn count_into(tx: &mut Tx, build: &mut Rebuild) -> Result<()> {
    mark_released(tx).await?;
    build.clocks(tx, CLOCK_SUBJECT, &COUNTING).await?;
    crate::supervision::count_accountability(tx, build).await
}
