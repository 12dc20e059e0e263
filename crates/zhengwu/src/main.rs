//! The zhengwu binary: one process for the web server, migrations, the audit check,
//! backups, the administrator's account rescue, rule profiles, the working calendar, the
//! counters' rebuild, the benchmarks and a site's static export.

mod admin;
mod bench;
mod calendar_cmd;
mod counters_cmd;
mod inspect_cmd;
mod search_cmd;
mod serve;
mod sharing_cmd;
mod site_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{CommandFactory as _, FromArgMatches as _, Parser, Subcommand};
use platform::config::Config;

#[derive(Parser)]
#[command(
    name = "zhengwu",
    version,
    about = "政务平台：政务服务、12345热线、政务公开、政府网站、数据共享、电子政务外网"
)]
struct Cli {
    /// Data directory (SQLite database, personal-data key). `DATABASE_URL` selects PostgreSQL.
    #[arg(long, global = true, default_value = "./data", env = "ZHENGWU_DATA")]
    data: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (/), the back office (/office) and the API (/api/v1).
    Serve(serve::ServeArgs),
    /// Apply database migrations.
    Migrate,
    /// The audit log.
    Audit {
        #[command(subcommand)]
        command: admin::AuditCommand,
    },
    /// Write a consistent online backup of the SQLite database to FILE.
    Backup { file: PathBuf },
    /// Administrator's rescue path for staff accounts.
    User {
        #[command(subcommand)]
        command: admin::UserCommand,
    },
    /// Show or export a rule profile.
    Profile {
        #[command(subcommand)]
        command: admin::ProfileCommand,
    },
    /// The working-day calendar: days, due instants, importing a year's schedule.
    Calendar {
        #[command(subcommand)]
        command: calendar_cmd::CalendarCommand,
    },
    /// The per-unit per-day counters the reports read.
    Counters {
        #[command(subcommand)]
        command: counters_cmd::CountersCommand,
    },
    /// Benchmarks that print figures (a fresh SQLite directory unless `--data` or
    /// `DATABASE_URL` is given; refuses a database holding real data).
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
    /// The site search's index (WEB-SEARCH): `rebuild` recreates it from the database.
    Search {
        #[command(subcommand)]
        command: search_cmd::SearchCommand,
    },
    /// Inspect one website (WEB-INSPECT, WEB-NOADS): broken, hidden and blocked links,
    /// wrong and sensitive words, personal data in pages and attachments, a stale home page.
    Inspect(inspect_cmd::InspectArgs),
    /// Data sharing: `verify` walks the gateway's chained call log (DATA-CALL).
    Sharing {
        #[command(subcommand)]
        command: sharing_cmd::SharingCommand,
    },
    /// The site group's websites: a static copy of a site (WEB-ARCHIVE).
    Site {
        #[command(subcommand)]
        command: site_cmd::SiteCommand,
    },
}

/// Blind indexes made before issue 12 finding 14 are computed again, once per database,
/// before anything is served (`serve` and `migrate`).
pub(crate) async fn rebuild_blind_indexes(platform: &platform::Platform) -> anyhow::Result<()> {
    let indexes = [
        hotline::usecase::BLIND_INDEXES,
        services::usecase::BLIND_INDEXES,
    ]
    .concat();
    let replaced =
        platform::personal::reindex::rebuild(&platform.db, &platform.key, &indexes).await?;
    if replaced > 0 {
        tracing::info!(replaced, "blind indexes from before issue 12 rebuilt");
    }
    Ok(())
}

/// `quiet` (the benchmarks) logs warnings only, unless `RUST_LOG` says otherwise.
fn init_logging(quiet: bool) {
    let default = if quiet {
        "warn"
    } else {
        "info,sqlx=warn,tower_http=warn"
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

async fn run(cli: Cli, data_is_default: bool) -> anyhow::Result<()> {
    let mut config = Config::from_env(&cli.data)?;
    if matches!(cli.command, Command::Bench { .. })
        && data_is_default
        && config.database_url.is_none()
    {
        config = Config::from_env(bench::fresh_data_dir())?;
    }
    match cli.command {
        Command::Serve(args) => serve::run(config, args).await,
        Command::Migrate => {
            let platform = platform::Platform::open(config).await?;
            counters_cmd::ensure_built(&platform.db).await?;
            rebuild_blind_indexes(&platform).await?;
            println!("数据库迁移完成（{}）", platform.db.backend.name());
            Ok(())
        }
        Command::Audit { command } => admin::audit(config, command).await,
        Command::Backup { file } => admin::backup(config, &file).await,
        Command::User { command } => admin::user(config, command).await,
        Command::Profile { command } => admin::profile(config, command).await,
        Command::Calendar { command } => calendar_cmd::run(config, command).await,
        Command::Counters { command } => counters_cmd::run(config, command).await,
        Command::Bench { command } => bench::run(config, command).await,
        Command::Sharing { command } => sharing_cmd::run(config, command).await,
        Command::Site { command } => site_cmd::run(config, command).await,
        Command::Search { command } => search_cmd::run(config, command).await,
        Command::Inspect(args) => inspect_cmd::run(args).await,
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let data_is_default = matches.value_source("data") == Some(ValueSource::DefaultValue);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    init_logging(matches!(cli.command, Command::Bench { .. }));
    match run(cli, data_is_default).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("错误：{error:#}");
            ExitCode::FAILURE
        }
    }
}
