//! Clock rows: reading and writing the stored form (pauses and extensions as JSON, the
//! derived due, yellow and light values).

use super::*;

pub(super) fn pauses_json(clock: &Clock) -> Result<String> {
    let records: Vec<PauseRecord> = clock
        .pauses()
        .iter()
        .map(|pause| PauseRecord {
            from: pause.from.millis(),
            until: pause.until.map(Instant::millis),
            reason: pause.reason.clone(),
        })
        .collect();
    Ok(serde_json::to_string(&records).map_err(anyhow::Error::from)?)
}

pub(super) fn extensions_json(clock: &Clock) -> Result<String> {
    let records: Vec<ExtensionRecord> = clock
        .extensions()
        .iter()
        .map(|extension| ExtensionRecord {
            amount: extension.amount.to_string(),
            reason: extension.reason.clone(),
        })
        .collect();
    Ok(serde_json::to_string(&records).map_err(anyhow::Error::from)?)
}

pub(super) fn stored_error(id: i64, what: &str, error: impl std::fmt::Display) -> Error {
    Error::Unexpected(anyhow::anyhow!(
        "clock {id}: stored {what} unreadable: {error}"
    ))
}

pub(super) fn clock_from_parts(
    id: i64,
    start: i64,
    limit: &str,
    pauses: &str,
    extensions: &str,
) -> Result<Clock> {
    let limit: Limit = limit.parse().map_err(|e| stored_error(id, "limit", e))?;
    let pauses: Vec<PauseRecord> =
        serde_json::from_str(pauses).map_err(|e| stored_error(id, "pauses", e))?;
    let extensions: Vec<ExtensionRecord> =
        serde_json::from_str(extensions).map_err(|e| stored_error(id, "extensions", e))?;
    let pauses = pauses
        .into_iter()
        .map(|record| Pause {
            from: Instant::from_millis(record.from),
            until: record.until.map(Instant::from_millis),
            reason: record.reason,
        })
        .collect();
    let extensions = extensions
        .into_iter()
        .map(|record| {
            Ok(Extension {
                amount: record
                    .amount
                    .parse()
                    .map_err(|e| stored_error(id, "extension", e))?,
                reason: record.reason,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Clock::from_parts(Instant::from_millis(start), limit, pauses, extensions)
        .map_err(|e| stored_error(id, "clock", e))
}

pub(super) const COLUMNS: &str = "id, subject_type, subject_id, rule_id, unit_id, start_at, limit_text, due_at, \
     yellow_at, pauses, extensions, light, status, concluded_at, provisional, created_at, updated_at";

pub(crate) fn light_of(code: &str) -> Result<Light> {
    [Light::Green, Light::Yellow, Light::Red]
        .into_iter()
        .find(|light| light.code() == code)
        .ok_or_else(|| Error::invalid(format!("未知的灯色“{code}”")))
}

pub(super) fn clock_from_row(row: &sqlx::any::AnyRow) -> Result<StoredClock> {
    let id: i64 = row.try_get("id")?;
    let limit: String = row.try_get("limit_text")?;
    let pauses: String = row.try_get("pauses")?;
    let extensions: String = row.try_get("extensions")?;
    let light: String = row.try_get("light")?;
    let status: String = row.try_get("status")?;
    let instant = |column: &str| -> Result<Option<Instant>> {
        Ok(row
            .try_get::<Option<i64>, _>(column)?
            .map(Instant::from_millis))
    };
    Ok(StoredClock {
        id,
        subject_type: row.try_get("subject_type")?,
        subject_id: row.try_get("subject_id")?,
        rule_id: row.try_get("rule_id")?,
        unit_id: row.try_get("unit_id")?,
        clock: clock_from_parts(id, row.try_get("start_at")?, &limit, &pauses, &extensions)?,
        due_at: Instant::from_millis(row.try_get("due_at")?),
        yellow_at: instant("yellow_at")?,
        light: light_of(&light)?,
        status: ClockStatus::parse(&status)?,
        concluded_at: instant("concluded_at")?,
        provisional: flag(row.try_get("provisional")?),
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

/// What is stored beside the clock's parts.
pub(super) struct Derived {
    pub(super) due_at: Instant,
    pub(super) yellow_at: Option<Instant>,
    pub(super) light: Light,
    pub(super) provisional: bool,
}

/// The earliest instant at which a running clock's light is no longer green, by bisecting
/// `Clock::light` between the last resumption and just after the due instant (where it is
/// red). Monotonic because a running clock has no pause ahead of its last resumption.
pub(super) fn yellow_instant(
    clock: &Clock,
    calendar: &Calendar,
    rule: &LightRule,
    due: Instant,
) -> Instant {
    let resumed = clock
        .pauses()
        .iter()
        .filter_map(|pause| pause.until)
        .max()
        .unwrap_or(clock.start());
    let mut low = resumed.max(clock.start()).millis();
    if clock.light(calendar, Instant::from_millis(low), rule) != Light::Green {
        return Instant::from_millis(low);
    }
    let mut high = due.millis().saturating_add(1).max(low + 1);
    // light(low) is green, light(high) is not.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        if clock.light(calendar, Instant::from_millis(middle), rule) == Light::Green {
            low = middle;
        } else {
            high = middle;
        }
    }
    Instant::from_millis(high)
}

pub(super) fn derive(
    clock: &Clock,
    calendar: &Calendar,
    rule: &LightRule,
    now: Instant,
) -> Derived {
    let due = clock.due(calendar);
    let yellow_at = (!clock.is_paused()).then(|| yellow_instant(clock, calendar, rule, due.at));
    Derived {
        due_at: due.at,
        yellow_at,
        light: clock.light(calendar, now, rule),
        provisional: due.provisional,
    }
}

pub(super) fn clock_error(error: calendar::ClockError) -> Error {
    Error::invalid(error.to_string())
}
