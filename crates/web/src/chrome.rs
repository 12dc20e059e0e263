//! The frame around every page: site identity and the WEB-FOOTER elements from the
//! jurisdiction record, the CSRF token for forms, for staff the user bar with the inbox's
//! unread count; and the date and time formats every page prints.

use platform::jurisdiction::Jurisdiction;
use platform::roles::Actor;

use crate::AppState;
use crate::csrf::CsrfToken;

/// What every template needs besides its own content.
#[derive(Debug, Clone)]
pub struct Chrome {
    pub site_name: String,
    pub host_unit: String,
    pub site_code: String,
    pub icp_number: String,
    pub police_number: String,
    pub contact_phone: String,
    pub contact_address: String,
    pub is_demo: bool,
    pub csrf: String,
    pub staff: Option<StaffBar>,
}

#[derive(Debug, Clone)]
pub struct StaffBar {
    pub display_name: String,
    pub unit_name: String,
    pub roles: String,
    pub unread: i64,
    pub nav: Vec<NavItem>,
}

/// A back-office menu entry the user may open (the menu shows nothing the policy denies).
#[derive(Debug, Clone)]
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
}

fn nav_for(actor: &Actor) -> Vec<NavItem> {
    use platform::access::{self, AccountOp, Op};
    let entries = [
        (true, "/office", "工作台"),
        (access::own_workspace(actor), "/office/inbox", "站内消息"),
        (access::units(actor, Op::View), "/office/units", "组织机构"),
        (
            access::unit_contacts(actor),
            "/office/units/contacts",
            "12345联络人登记",
        ),
        (
            access::accounts(actor, AccountOp::View),
            "/office/accounts",
            "账号管理",
        ),
        (
            access::accounts(actor, AccountOp::ApproveReset),
            "/office/accounts/resets",
            "重置审批",
        ),
        (
            access::calendar(actor, Op::View),
            "/office/calendar",
            "工作日历",
        ),
        (
            access::profile(actor, Op::View),
            "/office/profile",
            "规则配置",
        ),
        (
            access::audit_log(actor, Op::View),
            "/office/audit",
            "审计日志",
        ),
        (
            access::security_incidents(actor, Op::View),
            "/office/security/incidents",
            "安全事件登记",
        ),
        (
            access::security_drills(actor, Op::View),
            "/office/security/drills",
            "应急演练记录",
        ),
        (
            access::hotline_desk(actor),
            "/office/hotline",
            "12345话务台",
        ),
        (
            access::hotline_unit_work(actor),
            "/office/hotline/queue",
            "本单位工单",
        ),
        (
            access::hotline_order_search(actor),
            "/office/hotline/orders",
            "工单查询",
        ),
        (
            access::hotline_supervise(actor),
            "/office/hotline/catalogue",
            "派单目录",
        ),
        (
            access::rectification_desk(actor),
            "/office/rectifications",
            "差评整改",
        ),
        (
            access::evaluation_statistics(actor),
            "/office/evaluations/statistics",
            "好差评统计",
        ),
        (access::kb_search(actor), "/office/kb", "热线知识库"),
        (
            access::hotline_reports(actor),
            "/office/hotline/reports",
            "热线统计",
        ),
        (
            access::hotline_supervise(actor),
            "/office/hotline/supervision",
            "督办",
        ),
        (
            access::hotline_contacts(actor),
            "/office/hotline/contacts",
            "单位联络人",
        ),
        (
            access::hotline_credit_list(actor),
            "/office/hotline/credit",
            "信用记录",
        ),
        (access::services_desk(actor), "/office/services", "办件受理"),
        (
            access::esupervision(actor),
            "/office/supervision",
            "电子监察",
        ),
        (access::assessment(actor), "/office/assessment", "年度考核"),
        (
            access::assessment_weights(actor),
            "/office/assessment/weights",
            "考核权重",
        ),
        (true, "/office/account/password", "修改密码"),
    ];
    entries
        .into_iter()
        .filter(|(allowed, ..)| *allowed)
        .map(|(_, href, label)| NavItem { href, label })
        .collect()
}

impl Chrome {
    fn from_jurisdiction(jurisdiction: Option<&Jurisdiction>, csrf: &CsrfToken) -> Self {
        let text = |f: fn(&Jurisdiction) -> &String| {
            jurisdiction.map(|j| f(j).clone()).unwrap_or_default()
        };
        Self {
            site_name: jurisdiction
                .map(|j| j.name.clone())
                .unwrap_or_else(|| "政务服务平台".into()),
            host_unit: text(|j| &j.host_unit),
            site_code: text(|j| &j.site_code),
            icp_number: text(|j| &j.icp_number),
            police_number: text(|j| &j.police_number),
            contact_phone: text(|j| &j.contact_phone),
            contact_address: text(|j| &j.contact_address),
            is_demo: jurisdiction.is_some_and(|j| j.is_demo),
            csrf: csrf.0.clone(),
            staff: None,
        }
    }

    /// The frame of a public page or a login page.
    pub async fn public(state: &AppState, csrf: &CsrfToken) -> platform::Result<Self> {
        let jurisdiction = platform::jurisdiction::current(&state.platform.db).await?;
        Ok(Self::from_jurisdiction(jurisdiction.as_ref(), csrf))
    }

    /// The frame of a back-office page, with the user bar.
    pub async fn office(
        state: &AppState,
        csrf: &CsrfToken,
        actor: &Actor,
    ) -> platform::Result<Self> {
        let mut chrome = Self::public(state, csrf).await?;
        chrome.staff = Some(StaffBar {
            display_name: actor.display_name.clone(),
            unit_name: actor.unit_name.clone(),
            roles: actor.roles_label(),
            unread: platform::notify::unread_count(&state.platform.db, actor.user_id).await?,
            nav: nav_for(actor),
        });
        Ok(chrome)
    }
}

/// `YYYY-MM-DD` in Asia/Shanghai.
pub fn date_of(epoch_ms: i64) -> String {
    calendar::Instant::from_millis(epoch_ms)
        .to_rfc3339()
        .chars()
        .take(10)
        .collect()
}

/// `YYYY-MM-DD HH:MM` in Asia/Shanghai.
pub fn minute_of(epoch_ms: i64) -> String {
    calendar::Instant::from_millis(epoch_ms)
        .to_rfc3339()
        .chars()
        .take(16)
        .collect::<String>()
        .replace('T', " ")
}
