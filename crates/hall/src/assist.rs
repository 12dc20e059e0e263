//! Assisted and proxy handling (帮办代办, HALL-ASSIST, 000 中心 §7(二)): each case is recorded
//! with its helper, its type (帮注册, 帮网办, 帮手机办, 帮自助办, 帮填表, 代办) and the priority group
//! of the person helped (elderly, disabled); help is free and voluntary, and an item the law
//! bars from proxy handling is not handled by proxy.

use crate::error::HallError;
use crate::ticket::Priority;

/// The type of help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssistKind {
    Register,
    Online,
    Mobile,
    SelfService,
    FillForm,
    Proxy,
}

impl AssistKind {
    pub const ALL: [AssistKind; 6] = [
        AssistKind::Register,
        AssistKind::Online,
        AssistKind::Mobile,
        AssistKind::SelfService,
        AssistKind::FillForm,
        AssistKind::Proxy,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AssistKind::Register => "register",
            AssistKind::Online => "online",
            AssistKind::Mobile => "mobile",
            AssistKind::SelfService => "self_service",
            AssistKind::FillForm => "fill_form",
            AssistKind::Proxy => "proxy",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AssistKind::Register => "帮注册",
            AssistKind::Online => "帮网办",
            AssistKind::Mobile => "帮手机办",
            AssistKind::SelfService => "帮自助办",
            AssistKind::FillForm => "帮填表",
            AssistKind::Proxy => "代办",
        }
    }

    pub fn parse(code: &str) -> Option<AssistKind> {
        AssistKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// One case of help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assist {
    /// The staff member who helped.
    pub helper_user_id: i64,
    pub kind: AssistKind,
    /// The priority group of the person helped.
    pub group: Priority,
    /// The ticket of the visit, if the person took one.
    pub ticket_id: Option<i64>,
    /// The item helped with, by its code in the services catalogue.
    pub item_code: Option<String>,
    /// What was done, at most 200 characters.
    pub note: String,
}

/// Checks a case (HALL-ASSIST): what was done is said, and an item barred by law from proxy
/// handling (`barred_from_proxy`, from the item's data) is not handled by proxy. Every
/// problem at once.
pub fn check(assist: &Assist, barred_from_proxy: bool) -> Result<(), HallError> {
    let mut problems = Vec::new();
    let note = assist.note.trim().chars().count();
    if note == 0 || note > 200 {
        problems.push("请用 1 至 200 字写明帮办内容");
    }
    if assist.kind == AssistKind::Proxy && barred_from_proxy {
        problems.push("该事项依法不得代办，可改为陪同办理");
    }
    if assist.kind == AssistKind::Proxy && assist.item_code.is_none() {
        problems.push("代办须写明所办事项");
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(HallError::Invalid(problems.join("；")))
    }
}
