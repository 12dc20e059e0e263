//! The incident register (SEC-INCIDENT; 003 §32: 出现安全及泄密问题应及时向有关监管部门报告，
//! 并配合做好处置工作; 000 网站 §24): a security or leak incident is registered with when it
//! was found, its level (the four levels of the national classification of network security
//! incidents, SEC-DRILL: levels are defined), its kind and the units it affects; its handling
//! is recorded as dated steps and its reports upward (上报单位, 上报时间) as they are made; it
//! is closed with a summary. A leak, or an incident of level 较大 or above, is closed only
//! after a report upward. The security administrator records; every change is audited.

use sqlx::Row as _;

use super::{joined_names, linked_units, named_units, optional_text, required_text};
use crate::audit::{self, AuditActor, AuditEvent};
use crate::db::{Db, Tx};
use crate::error::{Error, Result};

/// The level of an incident, after the national classification of network security
/// incidents (《国家网络安全事件应急预案》: 特别重大、重大、较大、一般), worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Extraordinary,
    Major,
    Serious,
    General,
}

impl Level {
    pub const ALL: [Level; 4] = [
        Level::Extraordinary,
        Level::Major,
        Level::Serious,
        Level::General,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Level::Extraordinary => "extraordinary",
            Level::Major => "major",
            Level::Serious => "serious",
            Level::General => "general",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Extraordinary => "特别重大（Ⅰ级）",
            Level::Major => "重大（Ⅱ级）",
            Level::Serious => "较大（Ⅲ级）",
            Level::General => "一般（Ⅳ级）",
        }
    }

    /// What makes an incident this level, in short (the national plan's wording, abridged).
    pub fn definition_zh(self) -> &'static str {
        match self {
            Level::Extraordinary => {
                "系统大面积瘫痪、丧失业务处理能力，或国家秘密、重要敏感信息和关键数据丢失、被窃取或篡改，对国家安全和社会稳定构成特别严重威胁"
            }
            Level::Major => {
                "系统长时间中断或局部瘫痪、业务处理能力受到极大影响，或重要敏感信息和关键数据丢失、被窃取或篡改，对国家安全和社会稳定构成严重威胁"
            }
            Level::Serious => {
                "系统中断、明显影响系统效率和业务处理能力，或重要敏感信息和关键数据丢失、被窃取或篡改，对国家安全和社会稳定构成较严重威胁"
            }
            Level::General => {
                "除上述情形外，对国家安全、社会秩序、经济建设和公众利益构成一定威胁、造成一定影响"
            }
        }
    }

    pub fn parse(code: &str) -> Result<Level> {
        Level::ALL
            .into_iter()
            .find(|level| level.code() == code)
            .ok_or_else(|| Error::invalid("请选择事件等级（特别重大、重大、较大或一般）"))
    }
}

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Security,
    Leak,
    Defacement,
    Outage,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Security,
        Kind::Leak,
        Kind::Defacement,
        Kind::Outage,
        Kind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Security => "security",
            Kind::Leak => "leak",
            Kind::Defacement => "defacement",
            Kind::Outage => "outage",
            Kind::Other => "other",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Kind::Security => "安全事件",
            Kind::Leak => "数据泄露",
            Kind::Defacement => "网站篡改",
            Kind::Outage => "服务中断",
            Kind::Other => "其他",
        }
    }

    pub fn parse(code: &str) -> Result<Kind> {
        Kind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
            .ok_or_else(|| Error::invalid("请选择事件类别"))
    }
}

/// SEC-INCIDENT: whether an incident must have been reported upward before it is closed — a
/// leak always (003 §32: 泄密问题应及时向有关监管部门报告), and any incident of level 较大 or
/// above (the national plan reports those upward; our reading for the lower levels is that
/// the unit handles them, 000 网站 §24: 立即启动应急预案进行处置，或…报告).
pub fn must_report_before_closing(kind: Kind, level: Level) -> bool {
    kind == Kind::Leak || level != Level::General
}

/// Which incidents a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusFilter {
    All,
    Open,
    Closed,
}

impl StatusFilter {
    /// `""` (all), `open` (处置中) or `closed` (已结案).
    pub fn parse(code: &str) -> Result<StatusFilter> {
        match code.trim() {
            "" => Ok(StatusFilter::All),
            "open" => Ok(StatusFilter::Open),
            "closed" => Ok(StatusFilter::Closed),
            _ => Err(Error::invalid("状态应为“处置中”或“已结案”")),
        }
    }
}

/// An incident as registered.
#[derive(Debug, Clone)]
pub struct NewIncident {
    /// Epoch ms; not after now.
    pub found_at: i64,
    pub level: Level,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    /// The units affected; may be empty (the platform as a whole).
    pub units: Vec<i64>,
}

/// A report upward as entered.
#[derive(Debug, Clone)]
pub struct NewReport {
    /// Epoch ms; not before the incident was found, not after now.
    pub reported_at: i64,
    /// The body reported to (上报单位), e.g. 区信息化工作办公室.
    pub reported_to: String,
    /// What was reported; may be empty.
    pub summary: String,
}

/// A stored incident.
#[derive(Debug, Clone)]
pub struct Incident {
    pub id: i64,
    pub found_at: i64,
    pub level: Level,
    pub kind: Kind,
    pub title: String,
    pub description: String,
    pub units: Vec<(i64, String)>,
    pub recorded_by: Option<String>,
    pub recorded_at: i64,
    pub closed_at: Option<i64>,
    pub closed_by: Option<String>,
    pub closure: Option<String>,
    pub n_reports: i64,
}

impl Incident {
    pub fn is_closed(&self) -> bool {
        self.closed_at.is_some()
    }

    /// SEC-INCIDENT: it must be reported upward before closing and has not been yet.
    pub fn awaits_report(&self) -> bool {
        must_report_before_closing(self.kind, self.level) && self.n_reports == 0
    }
}

/// A dated handling step.
#[derive(Debug, Clone)]
pub struct Step {
    pub taken_at: i64,
    pub action: String,
    pub recorded_by: Option<String>,
}

/// A report upward.
#[derive(Debug, Clone)]
pub struct Report {
    pub reported_at: i64,
    pub reported_to: String,
    pub summary: String,
    pub recorded_by: Option<String>,
}

const TITLE_MAX: usize = 60;
const TEXT_MAX: usize = 2_000;
const REPORTED_TO_MAX: usize = 100;

const UNITS_OF: &str = "SELECT n.id, n.name FROM security_incident_units l \
    JOIN units n ON n.id = l.unit_id WHERE l.incident_id = $1 ORDER BY n.path";

const SELECT: &str = "SELECT i.id, i.found_at, i.level, i.kind, i.title, i.description, \
    i.recorded_at, i.closed_at, i.closure, r.display_name AS recorded_name, \
    c.display_name AS closed_name, \
    (SELECT COUNT(*) FROM security_incident_reports p WHERE p.incident_id = i.id) AS n_reports \
    FROM security_incidents i LEFT JOIN users r ON r.id = i.recorded_by \
    LEFT JOIN users c ON c.id = i.closed_by";

fn incident_from_row(row: &sqlx::any::AnyRow, units: Vec<(i64, String)>) -> Result<Incident> {
    Ok(Incident {
        id: row.try_get("id")?,
        found_at: row.try_get("found_at")?,
        level: Level::parse(&row.try_get::<String, _>("level")?)?,
        kind: Kind::parse(&row.try_get::<String, _>("kind")?)?,
        title: row.try_get("title")?,
        description: row.try_get("description")?,
        units,
        recorded_by: row.try_get("recorded_name")?,
        recorded_at: row.try_get("recorded_at")?,
        closed_at: row.try_get("closed_at")?,
        closed_by: row.try_get("closed_name")?,
        closure: row.try_get("closure")?,
        n_reports: row.try_get("n_reports")?,
    })
}

/// SEC-INCIDENT: registers an incident; audited with its level, kind and units.
pub async fn record(tx: &mut Tx, actor: &AuditActor, new: &NewIncident, now: i64) -> Result<i64> {
    let title = required_text("事件名称", &new.title, TITLE_MAX)?;
    let description = required_text("事件描述", &new.description, TEXT_MAX)?;
    if new.found_at > now {
        return Err(Error::invalid("发现时间不能晚于现在"));
    }
    let units = named_units(tx, &new.units).await?;
    let row = sqlx::query(
        "INSERT INTO security_incidents (found_at, level, kind, title, description, recorded_by, \
         recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(new.found_at)
    .bind(new.level.code())
    .bind(new.kind.code())
    .bind(&title)
    .bind(&description)
    .bind(actor.user_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    for (unit_id, _) in &units {
        sqlx::query("INSERT INTO security_incident_units (incident_id, unit_id) VALUES ($1, $2)")
            .bind(id)
            .bind(unit_id)
            .execute(&mut **tx)
            .await?;
    }
    let detail = format!(
        "{}，{}，{}；涉及单位：{}",
        title,
        new.level.label_zh(),
        new.kind.label_zh(),
        joined_names(&units)
    );
    let event = AuditEvent::new("security.incident.record", "security_incident", id).detail(detail);
    audit::record(tx, actor, event, now).await?;
    Ok(id)
}

/// What a change of an incident needs to know of it: when it was found, whether it must be
/// reported and whether it is closed. Refuses a closed incident with `command`'s name.
async fn open_incident(tx: &mut Tx, id: i64, command: &str) -> Result<(i64, bool)> {
    let row = sqlx::query(
        "SELECT found_at, level, kind, closed_at, \
         (SELECT COUNT(*) FROM security_incident_reports p WHERE p.incident_id = i.id) AS n_reports \
         FROM security_incidents i WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Error::not_found("安全事件"))?;
    if row.try_get::<Option<i64>, _>("closed_at")?.is_some() {
        return Err(Error::InvalidTransition {
            from: "已结案".into(),
            command: command.into(),
        });
    }
    let kind = Kind::parse(&row.try_get::<String, _>("kind")?)?;
    let level = Level::parse(&row.try_get::<String, _>("level")?)?;
    let awaits_report =
        must_report_before_closing(kind, level) && row.try_get::<i64, _>("n_reports")? == 0;
    Ok((row.try_get("found_at")?, awaits_report))
}

/// An instant of the incident's handling must lie between its finding and now.
fn within_handling(label: &str, at: i64, found_at: i64, now: i64) -> Result<()> {
    if at < found_at {
        return Err(Error::invalid(format!("{label}不能早于事件发现时间")));
    }
    if at > now {
        return Err(Error::invalid(format!("{label}不能晚于现在")));
    }
    Ok(())
}

/// Records a handling step of an open incident; audited.
pub async fn add_step(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    (taken_at, action): (i64, &str),
    now: i64,
) -> Result<()> {
    let action = required_text("处置措施", action, TEXT_MAX)?;
    let (found_at, _) = open_incident(tx, id, "登记处置步骤").await?;
    within_handling("处置时间", taken_at, found_at, now)?;
    sqlx::query(
        "INSERT INTO security_incident_steps (incident_id, taken_at, action, recorded_by, \
         recorded_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(taken_at)
    .bind(&action)
    .bind(actor.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let event = AuditEvent::new("security.incident.step", "security_incident", id).detail(action);
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// SEC-INCIDENT: records a report upward of an open incident; audited.
pub async fn report(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    new: &NewReport,
    now: i64,
) -> Result<()> {
    let reported_to = required_text("上报单位", &new.reported_to, REPORTED_TO_MAX)?;
    let summary = optional_text("上报内容", &new.summary, TEXT_MAX)?;
    let (found_at, _) = open_incident(tx, id, "登记上报").await?;
    within_handling("上报时间", new.reported_at, found_at, now)?;
    sqlx::query(
        "INSERT INTO security_incident_reports (incident_id, reported_at, reported_to, summary, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(new.reported_at)
    .bind(&reported_to)
    .bind(&summary)
    .bind(actor.user_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let event = AuditEvent::new("security.incident.report", "security_incident", id)
        .detail(format!("上报{reported_to}"));
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// Closes an open incident with a summary of its handling; audited. SEC-INCIDENT: a leak, or
/// an incident of level 较大 or above, that has not been reported upward is refused.
pub async fn close(
    tx: &mut Tx,
    actor: &AuditActor,
    id: i64,
    closure: &str,
    now: i64,
) -> Result<()> {
    let closure = required_text("处置结果", closure, TEXT_MAX)?;
    let (_, awaits_report) = open_incident(tx, id, "结案").await?;
    if awaits_report {
        return Err(Error::invalid(
            "数据泄露事件和较大及以上等级的事件须先向上级报告（登记上报单位和上报时间）后才能结案",
        ));
    }
    let updated = sqlx::query(
        "UPDATE security_incidents SET closed_at = $1, closed_by = $2, closure = $3 \
         WHERE id = $4 AND closed_at IS NULL",
    )
    .bind(now)
    .bind(actor.user_id)
    .bind(&closure)
    .bind(id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(Error::InvalidTransition {
            from: "已结案".into(),
            command: "结案".into(),
        });
    }
    let event = AuditEvent::new("security.incident.close", "security_incident", id).detail(closure);
    audit::record(tx, actor, event, now).await?;
    Ok(())
}

/// One incident.
pub async fn get(db: &Db, id: i64) -> Result<Incident> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE i.id = $1")))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("安全事件"))?;
    let units = linked_units(&db.pool, UNITS_OF, id).await?;
    incident_from_row(&row, units)
}

/// The incidents found in a local calendar year, latest first.
pub async fn list(db: &Db, year: i32, status: StatusFilter) -> Result<Vec<Incident>> {
    let (start, end) = super::year_range(year);
    let condition = match status {
        StatusFilter::All => "",
        StatusFilter::Open => " AND i.closed_at IS NULL",
        StatusFilter::Closed => " AND i.closed_at IS NOT NULL",
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE i.found_at >= $1 AND i.found_at < $2{condition} \
         ORDER BY i.found_at DESC, i.id DESC"
    )))
    .bind(start)
    .bind(end)
    .fetch_all(&db.pool)
    .await?;
    let mut incidents = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let units = linked_units(&db.pool, UNITS_OF, id).await?;
        incidents.push(incident_from_row(row, units)?);
    }
    Ok(incidents)
}

/// An incident's handling steps, in the order they were taken.
pub async fn steps(db: &Db, id: i64) -> Result<Vec<Step>> {
    let rows = sqlx::query(
        "SELECT s.taken_at, s.action, u.display_name FROM security_incident_steps s \
         LEFT JOIN users u ON u.id = s.recorded_by WHERE s.incident_id = $1 \
         ORDER BY s.taken_at, s.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Step {
                taken_at: row.try_get("taken_at")?,
                action: row.try_get("action")?,
                recorded_by: row.try_get("display_name")?,
            })
        })
        .collect()
}

/// An incident's reports upward, in the order they were made.
pub async fn reports(db: &Db, id: i64) -> Result<Vec<Report>> {
    let rows = sqlx::query(
        "SELECT p.reported_at, p.reported_to, p.summary, u.display_name \
         FROM security_incident_reports p LEFT JOIN users u ON u.id = p.recorded_by \
         WHERE p.incident_id = $1 ORDER BY p.reported_at, p.id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Report {
                reported_at: row.try_get("reported_at")?,
                reported_to: row.try_get("reported_to")?,
                summary: row.try_get("summary")?,
                recorded_by: row.try_get("display_name")?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SEC-INCIDENT: a leak of any level and every incident of level 较大 or above must be
    /// reported upward before closing; a 一般 incident of another kind need not.
    #[test]
    fn sec_incident_leaks_and_serious_incidents_must_be_reported_before_closing() {
        for level in Level::ALL {
            assert!(must_report_before_closing(Kind::Leak, level), "{level:?}");
        }
        for kind in Kind::ALL {
            for level in [Level::Extraordinary, Level::Major, Level::Serious] {
                assert!(
                    must_report_before_closing(kind, level),
                    "{kind:?} {level:?}"
                );
            }
        }
        for kind in [Kind::Security, Kind::Defacement, Kind::Outage, Kind::Other] {
            assert!(
                !must_report_before_closing(kind, Level::General),
                "{kind:?}"
            );
        }
    }

    #[test]
    fn levels_and_kinds_read_back_their_codes() {
        for level in Level::ALL {
            assert_eq!(Level::parse(level.code()).unwrap(), level);
        }
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.code()).unwrap(), kind);
        }
        assert!(Level::parse("").is_err() && Kind::parse("leak ").is_err());
    }
}
