//! `zhengwu calendar`: print days with their kind, and compute due instants (CAL-DUE), on
//! the shipped national calendar.

use anyhow::{Context as _, bail};
use calendar::{Calendar, Instant, Limit, LimitUnit};
use chrono::NaiveDate;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// One line per date: YYYY-MM-DD<TAB>workday|weekend|holiday|makeup[<TAB>name].
    Days { from: String, to: String },
    /// The due instant (RFC 3339, +08:00) of N units from START (wd, wh, h or d).
    Due {
        start: String,
        n: String,
        unit: String,
    },
}

fn parse_date(text: &str, what: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{what}“{text}”不是有效日期，应为 YYYY-MM-DD"))
}

pub fn run(command: CalendarCommand) -> anyhow::Result<()> {
    let calendar = Calendar::national();
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
            for date in from.iter_days().take_while(|d| *d <= to) {
                let info = calendar.day_info(date);
                let mut line = format!("{date}\t{}", info.kind.code());
                if let Some(name) = &info.name {
                    line.push('\t');
                    line.push_str(name);
                }
                if info.provisional {
                    line.push_str("\t(provisional)");
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
            let due = calendar.due(start, limit);
            if due.provisional {
                println!("{}\tprovisional", due.at.to_rfc3339());
            } else {
                println!("{}", due.at.to_rfc3339());
            }
        }
    }
    Ok(())
}
