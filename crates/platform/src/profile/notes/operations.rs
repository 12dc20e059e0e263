//! Profile notes of messages (MSG-*), data sharing (DATA-*), security (SEC-*) and the
//! operation reports (OPS-REPORTS).

use super::{CHOSEN, FieldNote, n};

pub(super) const OPERATIONS: &[FieldNote] = &[
    n(
        "messages.leader_mailbox",
        "领导信箱答复时限",
        "MSG-LIMITS",
        "000 门户 §19",
    ),
    n(
        "messages.consultation",
        "咨询答复时限",
        "MSG-LIMITS",
        "000 门户 §19",
    ),
    n(
        "messages.suggestion",
        "建议答复时限",
        "MSG-LIMITS",
        "000 门户 §19",
    ),
    n(
        "messages.complaint",
        "投诉答复时限",
        "MSG-LIMITS",
        "001 §5（000 未规定）",
    ),
    n(
        "messages.site_error_report",
        "网站纠错答复时限",
        "MSG-LIMITS",
        "000 网站 §26",
    ),
    n(
        "messages.complex",
        "复杂留言答复时限",
        "MSG-LIMITS",
        "004 §13(三)",
    ),
    n(
        "messages.extension_max",
        "留言延期最长（0 为不允许）",
        "MSG-LIMITS",
        "002 网站规范 §23(六)",
    ),
    n(
        "messages.consultations_per_year",
        "每年最少意见征集次数（0 为不要求）",
        "MSG-CONSULT",
        "002 网站规范 §23(八)",
    ),
    n(
        "datashare.catalogue_update",
        "数据目录变更更新时限",
        "DATA-CATALOG",
        "000 共享 §6",
    ),
    n(
        "datashare.catalogue_update_extended",
        "数据目录更新经同意延长至",
        "DATA-CATALOG",
        "000 共享 §6",
    ),
    n(
        "datashare.request_unconditional",
        "无条件共享申请审核时限",
        "DATA-REQUEST",
        "000 共享 §11",
    ),
    n(
        "datashare.request_conditional",
        "有条件共享申请审核时限",
        "DATA-REQUEST",
        "000 共享 §11",
    ),
    n(
        "datashare.demand_forward",
        "供需对接转交时限",
        "DATA-DEMAND",
        "000 共享 §10",
    ),
    n(
        "datashare.demand_confirm",
        "供需对接确认时限",
        "DATA-DEMAND",
        "000 共享 §10",
    ),
    n(
        "datashare.grant_max",
        "授权最长期限",
        "DATA-GRANT",
        "000 共享 §5(二)",
    ),
    n(
        "datashare.api_unused_revocable",
        "接口授权闲置可收回",
        "DATA-GRANT",
        "000 共享 §5(二)",
    ),
    n(
        "datashare.maintenance_notice",
        "停机维护提前通知",
        "DATA-MAINT",
        "000 共享 §14",
    ),
    n(
        "security.password_min_length",
        "密码最小长度",
        "SEC-ACCOUNTS",
        "001 §19–22；长度为平台默认值",
    ),
    n(
        "security.password_max_age_days",
        "密码最长使用天数",
        "SEC-ACCOUNTS",
        "001 §19–22（定期更换）；天数为平台默认值",
    ),
    n(
        "security.lockout_after_failures",
        "连续失败锁定次数",
        "SEC-ACCOUNTS",
        CHOSEN,
    ),
    n(
        "security.lockout_minutes",
        "锁定时长（分钟）",
        "SEC-ACCOUNTS",
        CHOSEN,
    ),
    n(
        "security.session_idle_minutes",
        "会话空闲超时（分钟）",
        "SEC-ACCOUNTS",
        CHOSEN,
    ),
    n(
        "security.audit_retention_months",
        "审计日志保存月数（不少于 6）",
        "SEC-AUDIT",
        "000 §12345-20；002 网站规范 §27(四)",
    ),
    n(
        "security.backup_interval_hours",
        "备份间隔（小时）",
        "SEC-BACKUP",
        "001 §13,16；间隔为平台默认值",
    ),
    n(
        "reports.half_monthly_notice",
        "半月运行通报",
        "OPS-REPORTS",
        "001 §25",
    ),
    n(
        "reports.monthly_hotline_notice",
        "热线月度通报",
        "OPS-REPORTS",
        "000 §12345-25",
    ),
];
