//! `zhengwu calendar`: print days with their kind, compute due instants (CAL-DUE), and import
//! a year's holiday schedule into the jurisdiction's calendar (CAL-WD). `days` and `due` use
//! the jurisdiction's stored calendar when a database exists, the shipped national data
//! otherwise; a date beyond the known years is printed as `provisional`.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use calendar::{Calendar, EntryKind, Instant, Limit, LimitUnit, parse_schedule};
use chrono::{Datelike, NaiveDate};
use clap::Subcommand;
use platform::config::Config;
use platform::db::{Backend, now_ms};
use platform::{Platform, clocks, workcal};

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// One line per date: YYYY-MM-DD<TAB>workday|weekend|holiday|makeup[<TAB>name].
    Days { from: String, to: String },
    /// The due instant (RFC 3339, +08:00) of N units from START (wd, wh, h or d).
    Due {
        start: String,
        /// A count; a negative one reaches our own check, which says what is wrong.
        #[arg(allow_hyphen_values = true)]
        n: String,
        unit: String,
    },
    /// Store a year's schedule from FILE (`2027-01-01 holiday 元旦`, `2027-02-07 makeup`).
    Import {
        file: PathBuf,
        /// The year imported; by default the year of the first date in FILE.
        #[arg(long)]
        year: Option<i32>,
    },
}

fn parse_date(text: &str, what: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{what}“{text}”不是有效日期，应为 YYYY-MM-DD"))
}

/// True when the configuration points at a database that already exists: PostgreSQL
/// always, SQLite when its file is there (`days` and `due` never create one).
fn database_exists(config: &Config) -> anyhow::Result<bool> {
    let url = config.effective_database_url();
    Ok(match Backend::from_url(&url)? {
        Backend::Postgres => true,
        Backend::Sqlite => {
            config.database_url.is_some() || config.data_dir.join("zhengwu.db").exists()
        }
    })
}

/// The jurisdiction's stored calendar, or the national one when there is no database.
async fn calendar_for(config: Config) -> anyhow::Result<Calendar> {
    if !database_exists(&config)? {
        return Ok(Calendar::national());
    }
    let platform = Platform::open(config).await?;
    Ok(workcal::load_current(&platform.db).await?)
}

pub async fn run(config: Config, command: CalendarCommand) -> anyhow::Result<()> {
    match command {
        CalendarCommand::Days { from, to } => {
            let from = parse_date(&from, "起始日期")?;
            let to = parse_date(&to, "截止日期")?;
            if to < from {
                bail!("截止日期不能早于起始日期");
            }
            if (to - from).num_days() > 366 * 50 {
                bail!("日期范围过大（最多 50 年）");
            }
            let calendar = calendar_for(config).await?;
            for date in from.iter_days().take_while(|d| *d <= to) {
                let info = calendar.day_info(date);
                let mut line = format!("{date}\t{}", info.kind.code());
                if let Some(name) = &info.name {
                    line.push('\t');
                    line.push_str(name);
                }
                if info.provisional {
                    line.push_str("\tprovisional");
                }
                println!("{line}");
            }
        }
        CalendarCommand::Due { start, n, unit } => {
            let start = Instant::parse_rfc3339(&start).map_err(|e| {
                anyhow::anyhow!(
                    "起始时间“{start}”无效：{e}（应为 RFC 3339，如 2025-09-30T17:59:00+08:00）"
                )
            })?;
            let unit: LimitUnit = unit.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
            let limit: Limit = format!("{n}{}", unit.code())
                .parse()
                .map_err(|e| anyhow::anyhow!("时限数量“{n}”无效：{e}"))?;
            let calendar = calendar_for(config).await?;
            let due = calendar.due(start, limit);
            if due.provisional {
                println!("{}\tprovisional", due.at.to_rfc3339());
            } else {
                println!("{}", due.at.to_rfc3339());
            }
        }
        CalendarCommand::Import { file, year } => import(config, &file, year).await?,
    }
    Ok(())
}

async fn import(config: Config, file: &std::path::Path, year: Option<i32>) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(file)
        .with_context(|| format!("无法读取文件 {}", file.display()))?;
    let year = match year {
        Some(year) => year,
        None => match parse_schedule(&text, None) {
            Ok(entries) => entries
                .first()
                .map(|entry| entry.date.year())
                .context("文件中没有任何日期")?,
            Err(error) => bail!("{}：{error}", file.display()),
        },
    };
    let entries = parse_schedule(&text, Some(year))
        .map_err(|e| anyhow::anyhow!("{}：{e}", file.display()))?;
    let platform = Platform::open(config).await?;
    let db = &platform.db;
    let jurisdiction = platform::jurisdiction::require_current(db).await?;
    let source = workcal::citation_in(&text, year).unwrap_or_default();
    let summary = workcal::import_year(
        db,
        &crate::admin::cli_actor(),
        jurisdiction.id,
        year,
        entries.clone(),
        &source,
        now_ms(),
    )
    .await?;
    let calendar = workcal::load(db, jurisdiction.id, &jurisdiction.profile).await?;
    let recomputed = clocks::recompute_provisional(
        db,
        &calendar,
        &jurisdiction.profile,
        Instant::from_millis(now_ms()),
    )
    .await?;
    for entry in &entries {
        println!("{}", entry.to_line());
    }
    let kind_count = |kind: EntryKind| entries.iter().filter(|e| e.kind == kind).count();
    println!(
        "已导入 {} 的 {year} 年节假日安排：节假日 {} 天，调休上班 {} 天（替换原有 {} 条；重新计算暂定期限 {recomputed} 个），已记入审计日志",
        jurisdiction.name,
        kind_count(EntryKind::Holiday),
        kind_count(EntryKind::Makeup),
        summary.replaced
    );
    Ok(())
}
