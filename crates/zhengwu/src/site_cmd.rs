//! `zhengwu site export CODE DIR` (WEB-ARCHIVE): the static copy of the site with 网站标识码
//! CODE, rendered through the web router in-process (`web::site_export`), written into DIR
//! so that it opens from disk — an open site's or a closed one's. DIR must be empty (or not
//! there yet) unless `--force`.

use std::path::PathBuf;

use clap::Subcommand;
use platform::Platform;
use platform::config::Config;

#[derive(Subcommand)]
pub enum SiteCommand {
    /// Write a static copy of a site (every page, article, file and style) into DIR, to be
    /// opened from disk (WEB-ARCHIVE). Forms that need a server are left out.
    Export {
        /// The site's 网站标识码, e.g. 6207020003.
        code: String,
        /// An empty (or new) directory.
        dir: PathBuf,
        /// Write into a directory that is not empty (same-named files are overwritten).
        #[arg(long)]
        force: bool,
    },
}

pub async fn run(config: Config, command: SiteCommand) -> anyhow::Result<()> {
    match command {
        SiteCommand::Export { code, dir, force } => {
            let platform = Platform::open(config).await?;
            let state = web::AppState::new(platform);
            let summary = web::site_export::export_site(state, &code, &dir, force).await?;
            let closed = if summary.closed {
                "（已关闭，存档）"
            } else {
                ""
            };
            println!(
                "已导出网站“{}”{closed}（网站标识码 {}）到 {}：页面 {} 个，文件 {} 个；用浏览器打开 {} 即可离线浏览，说明见 export.json。",
                summary.name,
                summary.code,
                summary.dir.display(),
                summary.pages,
                summary.files,
                summary.dir.join("index.html").display()
            );
            Ok(())
        }
    }
}
