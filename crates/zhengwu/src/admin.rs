//! Administrator commands: audit verification, backups, account rescue, rule profiles.

use std::path::Path;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use platform::audit::AuditActor;
use platform::config::Config;
use platform::db::now_ms;
use platform::profile::{PRESETS, RuleProfile, preset};
use platform::roles::Role;
use platform::users::NewAccount;
use platform::{Platform, audit, backup, units, users};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Walk the SM3 hash chain and name the first row changed, deleted or reordered.
    Verify,
}

pub async fn audit(config: Config, command: AuditCommand) -> anyhow::Result<()> {
    let AuditCommand::Verify = command;
    let platform = Platform::open(config).await?;
    let report = audit::verify(&platform.db).await?;
    match report.first_break {
        None => {
            println!(
                "审计日志完整：已校验 {} 条记录，哈希链未断。",
                report.rows_checked
            );
            Ok(())
        }
        Some((seq, why)) => bail!("审计日志被篡改：{why}（第 {seq} 条）"),
    }
}

pub async fn backup(config: Config, file: &Path) -> anyhow::Result<()> {
    let platform = Platform::open(config).await?;
    backup::backup_to(&platform.db, file).await?;
    println!(
        "已备份到 {}（SQLite VACUUM INTO，一致的在线备份）",
        file.display()
    );
    Ok(())
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a staff account; its first password is printed once.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: String,
        /// Unit code (see the back office's 组织机构 page).
        #[arg(long)]
        unit: String,
        /// Role code, e.g. system_admin, hotline_operator.
        #[arg(long)]
        role: String,
    },
    /// Reset a password (and lift the login delay); the new first password is printed once.
    /// The operator's break-glass on the server: no second administrator's approval (issue 12
    /// finding 4 requires one in the back office), audited as `cli:<OS user>`.
    ResetPassword { username: String },
    /// Clear the TOTP second factor so that the user enrols again (break-glass, audited).
    ResetTotp { username: String },
    /// Replace an account's roles (comma-separated codes, e.g. system_admin): the only way to
    /// grant or withdraw the three administrators' roles (issue 12 finding 4), audited.
    SetRoles { username: String, roles: String },
}

/// The audit actor of a command-line operation: the OS user who ran it.
pub fn cli_actor() -> AuditActor {
    let operator = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    AuditActor::system(&format!("cli:{operator}"))
}

pub async fn user(config: Config, command: UserCommand) -> anyhow::Result<()> {
    let platform = Platform::open(config).await?;
    let db = &platform.db;
    let actor = cli_actor();
    let user_id = |username: String| async move {
        users::id_by_username(db, &username)
            .await?
            .with_context(|| format!("账号“{username}”不存在"))
    };
    let mut tx = db.begin().await?;
    let message = match command {
        UserCommand::Create {
            username,
            name,
            unit,
            role,
        } => {
            let unit = units::find_by_code(db, &unit)
                .await?
                .with_context(|| format!("单位编码“{unit}”不存在"))?;
            let roles = vec![Role::parse(&role)?];
            let new = NewAccount {
                unit_id: unit.id,
                username: username.clone(),
                display_name: name,
                roles,
            };
            let (_, password) = users::create(&mut tx, &actor, new, now_ms()).await?;
            format!("已创建账号 {username}，初始密码：{password}（首次登录须修改）")
        }
        UserCommand::ResetPassword { username } => {
            let id = user_id(username.clone()).await?;
            let password = users::reset_password(&mut tx, &actor, id, now_ms()).await?;
            format!("已重置 {username} 的密码并解除登录延迟，新的初始密码：{password}")
        }
        UserCommand::ResetTotp { username } => {
            let id = user_id(username.clone()).await?;
            users::reset_totp(&mut tx, &actor, id, now_ms()).await?;
            format!("已重置 {username} 的动态口令，下次登录时重新绑定")
        }
        UserCommand::SetRoles { username, roles } => {
            let id = user_id(username.clone()).await?;
            let roles = roles
                .split(',')
                .map(|code| Role::parse(code.trim()))
                .collect::<platform::Result<Vec<_>>>()?;
            users::set_roles(&mut tx, &actor, id, &roles, now_ms()).await?;
            let names: Vec<&str> = roles.iter().map(|role| role.label_zh()).collect();
            format!("已将 {username} 的角色设为：{}", names.join("、"))
        }
    };
    tx.commit().await?;
    println!("{message}");
    Ok(())
}

#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Print the profile in force (or a preset's) as a table: key, value, rule, source.
    Show {
        /// A preset instead of the jurisdiction's profile: ganzhou, chengde, fenggang, chengguan, xingning.
        #[arg(long)]
        preset: Option<String>,
    },
    /// Print the profile as JSON.
    Export {
        #[arg(long)]
        preset: Option<String>,
    },
    /// List the shipped presets.
    Presets,
}

async fn chosen_profile(
    config: Config,
    preset_name: Option<String>,
) -> anyhow::Result<(String, RuleProfile)> {
    if let Some(name) = preset_name {
        return Ok((name.clone(), preset(&name)?.build()));
    }
    let platform = Platform::open(config).await?;
    match platform::jurisdiction::current(&platform.db).await? {
        Some(j) => Ok((j.profile_preset, j.profile)),
        None => Ok(("ganzhou".into(), preset("ganzhou")?.build())),
    }
}

pub async fn profile(config: Config, command: ProfileCommand) -> anyhow::Result<()> {
    match command {
        ProfileCommand::Presets => {
            for p in PRESETS {
                println!("{:<10} {}　{}", p.name, p.label, p.document);
            }
        }
        ProfileCommand::Show { preset: name } => {
            let (preset_name, profile) = chosen_profile(config, name).await?;
            let preset = preset(&preset_name)?;
            for (key, value) in profile.leaves()? {
                let note = platform::profile::note_for(&key);
                let value = value
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| value.to_string());
                println!(
                    "{key}\t{value}\t{}\t{}",
                    note.map(|n| n.rule).unwrap_or_default(),
                    preset.source_of(&key).unwrap_or_default()
                );
            }
        }
        ProfileCommand::Export { preset: name } => {
            let (_, profile) = chosen_profile(config, name).await?;
            let value = serde_json::to_value(&profile)?;
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
    }
    Ok(())
}
