//! Platform accounts and handovers in the back office (DATA-ACCOUNTS; 000 共享 §14, §5(五)):
//! `/office/sharing/accounts` shows the register (备案) of the sharing platform's accounts —
//! holder, unit, purpose, when and by whom allocated, status — with the administrator's form
//! to allocate one; the form to open the handover of a staff change (leaving and receiving
//! holder of one unit, the reason, what is handed over); and the handovers with the two
//! parties' confirmations, the administrator's filing and the withdrawal. The administrator
//! sees every unit; a unit's staff their own unit. `…/export` writes the register as an Excel
//! sheet (`crate::xlsx`). Every command is a `sharing::usecase::accounts` call (audited).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use platform::roles::Role;
use serde::Deserialize;
use sharing::account::{Account, AccountStatus, Command, Handover, HandoverDraft, HandoverStatus};
use sharing::usecase::accounts as usecase;

use super::{HandoverNo, acting, limited, name_in, unit_names};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};
use crate::xlsx::{self, Cell};

/// One account of the register.
pub struct AccountLine {
    pub id: i64,
    pub unit: String,
    pub holder: String,
    pub purpose: String,
    pub allocated: String,
    pub allocated_by: String,
    pub status: &'static str,
    pub closed: String,
}

/// One handover.
pub struct HandoverLine {
    pub id: i64,
    pub unit: String,
    pub from: String,
    pub to: String,
    pub reason: String,
    pub items: String,
    pub status: &'static str,
    pub opened: String,
    pub from_confirmed: String,
    pub to_confirmed: String,
    pub filed: String,
    pub note: String,
    /// What the viewer may do.
    pub confirm_from: bool,
    pub confirm_to: bool,
    pub file: bool,
    pub cancel: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "sharing/accounts.html")]
pub struct AccountsPage {
    chrome: Chrome,
    administrator: bool,
    accounts: Vec<AccountLine>,
    /// The accounts in use the viewer may hand over (and to).
    usable: Vec<AccountLine>,
    handovers: Vec<HandoverLine>,
    error: Option<String>,
    done: bool,
}

/// `name（username）` of every office user.
async fn holders(state: &AppState) -> Result<HashMap<i64, String>, PageError> {
    Ok(platform::users::list(&state.platform.db)
        .await?
        .into_iter()
        .map(|u| (u.id, format!("{}（{}）", u.display_name, u.username)))
        .collect())
}

fn holder(names: &HashMap<i64, String>, user: i64) -> String {
    names
        .get(&user)
        .cloned()
        .unwrap_or_else(|| format!("用户 {user}"))
}

fn when_by(
    names: &HashMap<i64, String>,
    pair: Option<(calendar::Instant, sharing::UserId)>,
) -> String {
    pair.map_or_else(String::new, |(at, by)| {
        format!("{}，{}", minute_of(at.millis()), holder(names, by.0))
    })
}

fn account_line(
    a: &Account,
    units: &[(i64, String, bool)],
    names: &HashMap<i64, String>,
) -> AccountLine {
    AccountLine {
        id: a.id,
        unit: name_in(units, a.unit.0),
        holder: holder(names, a.user.0),
        purpose: a.purpose.clone(),
        allocated: minute_of(a.allocated_at.millis()),
        allocated_by: holder(names, a.allocated_by.0),
        status: a.status.label_zh(),
        closed: a
            .closed_at
            .map_or_else(String::new, |at| minute_of(at.millis())),
    }
}

fn handover_line(
    h: &Handover,
    me: &sharing::Acting,
    units: &[(i64, String, bool)],
    names: &HashMap<i64, String>,
) -> HandoverLine {
    let open = h.status == HandoverStatus::Open;
    let leader = me.unit == h.unit && me.roles.contains(&Role::UnitLeader);
    HandoverLine {
        id: h.id,
        unit: name_in(units, h.unit.0),
        from: holder(names, h.from_user.0),
        to: holder(names, h.to_user.0),
        reason: h.reason.clone(),
        items: h.items.clone(),
        status: h.status.label_zh(),
        opened: when_by(names, Some((h.opened_at, h.opened_by))),
        from_confirmed: when_by(names, h.from_confirmed),
        to_confirmed: when_by(names, h.to_confirmed),
        filed: when_by(names, h.filed),
        note: h.note.clone(),
        confirm_from: open && h.from_confirmed.is_none() && (me.user == h.from_user || leader),
        confirm_to: open && h.to_confirmed.is_none() && me.user == h.to_user,
        file: open
            && me.is_administrator()
            && h.from_confirmed.is_some()
            && h.to_confirmed.is_some(),
        cancel: open && (me.is_administrator() || me.acts_for(h.unit)),
    }
}

async fn build(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    (error, done): (Option<String>, bool),
) -> Result<AccountsPage, PageError> {
    let db = &state.platform.db;
    let me = acting(staff);
    let units = unit_names(state).await?;
    let names = holders(state).await?;
    let register = usecase::register(db, &me).await?;
    let accounts: Vec<AccountLine> = register
        .iter()
        .map(|a| account_line(a, &units, &names))
        .collect();
    let usable = register
        .iter()
        .filter(|a| a.status == AccountStatus::Active)
        .filter(|a| me.is_administrator() || me.acts_for(a.unit))
        .map(|a| account_line(a, &units, &names))
        .collect();
    let handovers = usecase::handovers(db, &me)
        .await?
        .iter()
        .map(|h| handover_line(h, &me, &units, &names))
        .collect();
    Ok(AccountsPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        administrator: me.is_administrator(),
        accounts,
        usable,
        handovers,
        error,
        done,
    })
}

/// `GET /office/sharing/accounts`.
pub async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(done): Query<super::Done>,
) -> Result<AccountsPage, PageError> {
    build(&state, &csrf, &staff, (None, done.shown())).await
}

/// The allocation: the office account's username and the purpose.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllocateForm {
    username: String,
    purpose: String,
}

/// `POST /office/sharing/accounts` (DATA-ACCOUNTS: the administrator allocates and files).
pub async fn allocate(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<AllocateForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = async {
        let username = limited(&form.username, "办公账号", 32)?;
        let purpose = limited(&form.purpose, "账号用途", 500)?;
        usecase::allocate(
            &state.platform.db,
            &context,
            &acting(&staff),
            &username,
            &purpose,
        )
        .await
        .map(|_| ())
    }
    .await;
    super::answer(
        "/office/sharing/accounts",
        outcome,
        build,
        (&state, &csrf, &staff),
    )
    .await
}

/// A handover as the form sends it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoverForm {
    account: String,
    to_account: String,
    reason: String,
    #[serde(default)]
    items: String,
}

fn account_no(text: &str, what: &str) -> platform::Result<i64> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| platform::Error::invalid(format!("请选择{what}")))
}

/// `POST /office/sharing/handovers` (DATA-ACCOUNTS: a staff change's handover; the leaving
/// account is suspended until it is filed).
pub async fn open(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<HandoverForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = async {
        let draft = HandoverDraft {
            account: account_no(&form.account, "交出人的平台账号")?,
            to_account: account_no(&form.to_account, "接收人的平台账号")?,
            reason: limited(&form.reason, "调整原因", 200)?,
            items: limited(&form.items, "交接内容", 2000)?,
        };
        usecase::open_handover(&state.platform.db, &context, &acting(&staff), draft)
            .await
            .map(|_| ())
    }
    .await;
    super::answer(
        "/office/sharing/accounts",
        outcome,
        build,
        (&state, &csrf, &staff),
    )
    .await
}

/// A command on a handover: its code and, for a withdrawal, the reason.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandForm {
    command: String,
    #[serde(default)]
    reason: String,
}

/// `POST /office/sharing/handovers/{id}/command` (DATA-ACCOUNTS).
pub async fn command(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(HandoverNo(id)): Id<HandoverNo>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let outcome = async {
        let reason = limited(&form.reason, "撤销理由", 500)?;
        let command = match form.command.as_str() {
            "confirm_from" => Command::ConfirmFrom,
            "confirm_to" => Command::ConfirmTo,
            "file" => Command::File,
            "cancel" => Command::Cancel { reason },
            _ => return Err(platform::Error::invalid("未知的办理事项")),
        };
        usecase::execute(&state.platform.db, &context, &acting(&staff), id, command)
            .await
            .map(|_| ())
    }
    .await;
    super::answer(
        "/office/sharing/accounts",
        outcome,
        build,
        (&state, &csrf, &staff),
    )
    .await
}

/// `GET /office/sharing/accounts/export`: the register the viewer sees, as .xlsx.
pub async fn export(State(state): State<AppState>, staff: Staff) -> Result<Response, PageError> {
    let me = acting(&staff);
    let units = unit_names(&state).await?;
    let names = holders(&state).await?;
    let cells: Vec<Vec<Cell>> = usecase::register(&state.platform.db, &me)
        .await?
        .iter()
        .map(|a| {
            let l = account_line(a, &units, &names);
            vec![
                Cell::Number(l.id as f64),
                Cell::Text(l.unit),
                Cell::Text(l.holder),
                Cell::Text(l.purpose),
                Cell::Text(l.allocated),
                Cell::Text(l.allocated_by),
                Cell::Text(l.status.to_owned()),
                Cell::Text(l.closed),
            ]
        })
        .collect();
    let headers = [
        "账号编号",
        "单位",
        "持有人",
        "用途",
        "分配时间",
        "分配人",
        "状态",
        "注销时间",
    ];
    let notes = vec![
        "平台管理部门负责共享平台用户账号的统一分配、更新、管理及备案（甘州区政务数据共享平台管理办法第十四条）。".to_owned(),
        "人员调整的，交接备案前原账号暂停使用，备案后注销（第五条第（五）项）。".to_owned(),
    ];
    let bytes = xlsx::table(
        "平台账号备案",
        "政务数据共享平台账号备案登记表",
        &headers,
        &cells,
        &notes,
    )
    .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"sharing-accounts.xlsx\"".to_owned(),
            ),
        ],
        bytes,
    )
        .into_response())
}
