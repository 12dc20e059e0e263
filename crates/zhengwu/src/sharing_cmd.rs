//! `zhengwu sharing verify`: walks the data-sharing gateway's SM3-chained call log
//! (DATA-CALL) and names the first row changed, deleted or reordered.

use anyhow::bail;
use clap::Subcommand;
use platform::Platform;
use platform::config::Config;

#[derive(Subcommand)]
pub enum SharingCommand {
    /// Walk the call log's hash chain (DATA-CALL).
    Verify,
}

pub async fn run(config: Config, command: SharingCommand) -> anyhow::Result<()> {
    let SharingCommand::Verify = command;
    let platform = Platform::open(config).await?;
    let report = sharing::calllog::verify(&platform.db).await?;
    match report.first_break {
        None => {
            println!(
                "数据共享调用日志完整：已校验 {} 条调用记录，哈希链未断。",
                report.rows_checked
            );
            Ok(())
        }
        Some((seq, why)) => bail!("数据共享调用日志被篡改：{why}（第 {seq} 条）"),
    }
}
