//! The roles the regulations name, and the acting staff user (SEC-ROLES).

use crate::error::{Error, Result};

/// A role held by a staff user. The three administrators of 等保 (system, security, audit)
/// are separate and never combined in one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    SystemAdmin,
    SecurityAdmin,
    AuditAdmin,
    HotlineOperator,
    HotlineSupervisor,
    UnitHandler,
    UnitLeader,
    WindowClerk,
    SiteEditor,
    Reviewer,
    Publisher,
    OpennessOfficer,
    DataAdmin,
    ExtranetAdmin,
}

impl Role {
    pub const ALL: [Role; 14] = [
        Role::SystemAdmin,
        Role::SecurityAdmin,
        Role::AuditAdmin,
        Role::HotlineOperator,
        Role::HotlineSupervisor,
        Role::UnitHandler,
        Role::UnitLeader,
        Role::WindowClerk,
        Role::SiteEditor,
        Role::Reviewer,
        Role::Publisher,
        Role::OpennessOfficer,
        Role::DataAdmin,
        Role::ExtranetAdmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SystemAdmin => "system_admin",
            Role::SecurityAdmin => "security_admin",
            Role::AuditAdmin => "audit_admin",
            Role::HotlineOperator => "hotline_operator",
            Role::HotlineSupervisor => "hotline_supervisor",
            Role::UnitHandler => "unit_handler",
            Role::UnitLeader => "unit_leader",
            Role::WindowClerk => "window_clerk",
            Role::SiteEditor => "site_editor",
            Role::Reviewer => "reviewer",
            Role::Publisher => "publisher",
            Role::OpennessOfficer => "openness_officer",
            Role::DataAdmin => "data_admin",
            Role::ExtranetAdmin => "extranet_admin",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Role::SystemAdmin => "系统管理员",
            Role::SecurityAdmin => "安全管理员",
            Role::AuditAdmin => "审计管理员",
            Role::HotlineOperator => "热线话务员",
            Role::HotlineSupervisor => "热线督办员",
            Role::UnitHandler => "承办人员",
            Role::UnitLeader => "单位负责人",
            Role::WindowClerk => "窗口工作人员",
            Role::SiteEditor => "网站编辑",
            Role::Reviewer => "审核人员",
            Role::Publisher => "发布人员",
            Role::OpennessOfficer => "政务公开专员",
            Role::DataAdmin => "数据平台管理员",
            Role::ExtranetAdmin => "外网管理员",
        }
    }

    pub fn parse(code: &str) -> Result<Role> {
        Role::ALL
            .into_iter()
            .find(|role| role.code() == code)
            .ok_or_else(|| Error::invalid(format!("未知的角色“{code}”")))
    }

    /// The 三员 of 等保: system, security and audit administrator.
    pub fn is_administrator_triad(self) -> bool {
        matches!(
            self,
            Role::SystemAdmin | Role::SecurityAdmin | Role::AuditAdmin
        )
    }

    /// SEC-ACCOUNTS: roles that publish or see personal data must use a second factor.
    /// The three administrators are included because they can reach every account.
    pub fn requires_totp(self) -> bool {
        matches!(
            self,
            Role::SystemAdmin
                | Role::SecurityAdmin
                | Role::AuditAdmin
                | Role::HotlineOperator
                | Role::HotlineSupervisor
                | Role::WindowClerk
                | Role::Publisher
                | Role::OpennessOfficer
        )
    }

    /// SEC-ACCOUNTS as amended (000 §12345-21: 各方应签订保密协议): the hotline's staff hold
    /// their role only with a recorded confidentiality agreement (保密协议).
    pub fn requires_confidentiality_agreement(self) -> bool {
        matches!(self, Role::HotlineOperator | Role::HotlineSupervisor)
    }
}

/// SEC-ROLES: one account holds at most one of the three administrator roles, and an
/// administrator holds no business role (separation of duties).
pub fn check_role_combination(roles: &[Role]) -> Result<()> {
    if roles.is_empty() {
        return Err(Error::invalid("至少需要分配一个角色"));
    }
    let n_triad = roles.iter().filter(|r| r.is_administrator_triad()).count();
    if n_triad > 1 {
        return Err(Error::invalid(
            "系统管理员、安全管理员、审计管理员必须由不同账号担任（三员分立）",
        ));
    }
    if n_triad == 1 && roles.len() > 1 {
        return Err(Error::invalid("管理员账号不能兼任业务角色（三员分立）"));
    }
    Ok(())
}

/// The staff user behind a request: who, in which unit, with which roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    /// Materialised path of the unit (`/1/4/9/`): a unit's scope is its subtree.
    pub unit_path: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }

    pub fn has_any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|role| self.has(*role))
    }

    /// Whether a unit lies in this actor's own subtree.
    pub fn unit_in_scope(&self, unit_path: &str) -> bool {
        unit_path.starts_with(&self.unit_path)
    }

    pub fn requires_totp(&self) -> bool {
        self.roles.iter().any(|role| role.requires_totp())
    }

    pub fn roles_label(&self) -> String {
        self.roles
            .iter()
            .map(|role| role.label_zh())
            .collect::<Vec<_>>()
            .join("、")
    }
}
