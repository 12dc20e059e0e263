//! The periodic statistics of messages per unit (MSG-PUBLISH: received, replied, on time,
//! satisfaction, published periodically) and 互动回应差 per site (reports.md §3: a valid
//! message left unanswered for more than three months within the past year).

use calendar::Instant;
use chrono::Months;
use platform::Result;
use platform::db::Db;
use sqlx::Row as _;

use crate::UnitId;

/// One unit's line of the statistics of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitStatistics {
    pub unit: UnitId,
    pub unit_name: String,
    /// Messages received in the period that reached the unit (or wait at its site's desk).
    pub received: i64,
    /// Of them, answered (the reply passed review).
    pub replied: i64,
    /// Of them, answered within the reply limit.
    pub on_time: i64,
    /// Ratings given, and those 满意 or better (4 or 5 of 5).
    pub rated: i64,
    pub satisfied: i64,
}

impl UnitStatistics {
    /// 满意率 in per cent, `None` without a rating.
    pub fn satisfaction_percent(&self) -> Option<i64> {
        (self.rated > 0).then(|| self.satisfied * 100 / self.rated)
    }
}

/// MSG-PUBLISH: per unit, the messages received in `[from, to)` (valid ones: not invalid,
/// not transferred to 12345), of the sites of `site` (every site with `None`).
pub async fn statistics(
    db: &Db,
    site: Option<UnitId>,
    from: Instant,
    to: Instant,
) -> Result<Vec<UnitStatistics>> {
    let rows = sqlx::query(
        "SELECT u.id AS unit_id, u.name AS unit_name, COUNT(*) AS received, \
         SUM(CASE WHEN m.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS replied, \
         SUM(CASE WHEN m.in_time = 1 THEN 1 ELSE 0 END) AS on_time, \
         SUM(CASE WHEN m.rating_level IS NOT NULL THEN 1 ELSE 0 END) AS rated, \
         SUM(CASE WHEN m.rating_level >= 4 THEN 1 ELSE 0 END) AS satisfied \
         FROM participation_messages m \
         JOIN units u ON u.id = COALESCE(m.unit_id, m.site_unit_id) \
         WHERE m.received_at >= $1 AND m.received_at < $2 \
         AND m.status NOT IN ('invalid', 'transferred') \
         AND ($3 = 0 OR m.site_unit_id = $3) \
         GROUP BY u.id, u.name ORDER BY u.id",
    )
    .bind(from.millis())
    .bind(to.millis())
    .bind(site.map_or(0, |site| site.0))
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(UnitStatistics {
                unit: UnitId(row.try_get("unit_id")?),
                unit_name: row.try_get("unit_name")?,
                received: row.try_get("received")?,
                replied: row.try_get::<Option<i64>, _>("replied")?.unwrap_or(0),
                on_time: row.try_get::<Option<i64>, _>("on_time")?.unwrap_or(0),
                rated: row.try_get::<Option<i64>, _>("rated")?.unwrap_or(0),
                satisfied: row.try_get::<Option<i64>, _>("satisfied")?.unwrap_or(0),
            })
        })
        .collect()
}

/// One site's messages left unanswered for more than three months in the past year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseGap {
    pub site: UnitId,
    pub site_name: String,
    /// The numbers of the messages, oldest first.
    pub numbers: Vec<String>,
}

/// 互动回应差 (reports.md §3, single veto): per site, the valid messages (not invalid, not
/// transferred to 12345) received within the year before `now` that were not answered within
/// three months of receipt — still unanswered three months on, or answered later.
pub async fn response_gaps(db: &Db, now: Instant) -> Result<Vec<ResponseGap>> {
    let months_before = |months: u32| {
        let date = now
            .local_date()
            .checked_sub_months(Months::new(months))
            .unwrap_or(now.local_date());
        Instant::from_local(date, 0)
    };
    let year_ago = months_before(12);
    let rows = sqlx::query(
        "SELECT m.site_unit_id, u.name AS site_name, m.number, m.received_at, m.answered_at \
         FROM participation_messages m JOIN units u ON u.id = m.site_unit_id \
         WHERE m.received_at >= $1 AND m.status NOT IN ('invalid', 'transferred') \
         ORDER BY m.site_unit_id, m.received_at, m.id",
    )
    .bind(year_ago.millis())
    .fetch_all(&db.pool)
    .await?;
    let mut gaps: Vec<ResponseGap> = Vec::new();
    for row in &rows {
        let received = Instant::from_millis(row.try_get("received_at")?);
        let answered: Option<i64> = row.try_get("answered_at")?;
        let three_months_on = received
            .local_date()
            .checked_add_months(Months::new(3))
            .map(|date| Instant::from_local(date, received_minute(received)))
            .unwrap_or(received);
        let late = match answered {
            Some(at) => at > three_months_on.millis(),
            None => now > three_months_on,
        };
        if !late {
            continue;
        }
        let site = UnitId(row.try_get("site_unit_id")?);
        let number: String = row.try_get("number")?;
        match gaps.last_mut() {
            Some(gap) if gap.site == site => gap.numbers.push(number),
            _ => gaps.push(ResponseGap {
                site,
                site_name: row.try_get("site_name")?,
                numbers: vec![number],
            }),
        }
    }
    Ok(gaps)
}

fn received_minute(at: Instant) -> u32 {
    use chrono::Timelike as _;
    let time = at.to_datetime();
    time.hour() * 60 + time.minute()
}
