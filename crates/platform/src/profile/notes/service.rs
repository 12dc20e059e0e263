//! Profile notes of the clocked service domains: the working calendar and its lights
//! (CAL-*), online services (SVC-*), ratings (EVAL-*), the 12345 hotline (HL-*) and its
//! knowledge base (KB-*).

use super::{CHOSEN, FieldNote, n};

pub(super) const SERVICE: &[FieldNote] = &[
    n(
        "calendar.working_hours",
        "工作时间",
        "CAL-WH",
        "000 §12345-9（工作日1小时内）；默认 08:30–12:00、14:30–18:00",
    ),
    n(
        "calendar.summer_working_hours",
        "夏季工作时间（空为不启用）",
        "CAL-WH",
        CHOSEN,
    ),
    n(
        "calendar.summer_from",
        "夏季作息开始（MM-DD）",
        "CAL-WH",
        CHOSEN,
    ),
    n(
        "calendar.summer_until",
        "夏季作息结束（MM-DD）",
        "CAL-WH",
        CHOSEN,
    ),
    n(
        "calendar.yellow_percent",
        "黄灯：剩余时间不超过（%）",
        "CAL-LIGHT",
        "000 §12345-12 1（“红黄灯”提示）；20% 为平台默认值，文件未规定黄灯阈值",
    ),
    n(
        "calendar.yellow_working_days",
        "黄灯：剩余工作日不超过",
        "CAL-LIGHT",
        "000 §12345-12 1（“红黄灯”提示）；1 个工作日为平台默认值，文件未规定黄灯阈值",
    ),
    n(
        "services.prereview",
        "网上预审时限",
        "SVC-PREREVIEW",
        "003 §18",
    ),
    n(
        "services.one_time_notice_only",
        "补齐补正只能一次性告知",
        "SVC-ACCEPT",
        "003 §18,19；000 §中心-20",
    ),
    n(
        "services.supplement_after_acceptance",
        "受理后补齐补正时限（特别程序，不计入承诺时限）",
        "SVC-SPECIAL, CAL-PAUSE",
        "001 §11（补齐补正等特殊情况，写明详细原因并通知申请人）；003 §20（特殊程序限时办结并向社会公布）；\
         文件未规定时限，10 个工作日为平台默认值，可修改",
    ),
    n(
        "services.item_review_chain",
        "事项审核流程（按顺序，以“→”分隔）",
        "SVC-ITEM-LIFE",
        "000 中心 §16,19（甘州区：省级行业主管部门）；各预设按其文件",
    ),
    n(
        "services.item_legal_review",
        "设定依据新增或变更时的合法性审查",
        "SVC-ITEM-LIFE",
        "003 §12–14（区司法局合法性审查）",
    ),
    n(
        "services.online_hosts",
        "网上办理地址认可的政务服务网站域名（以“；”分隔）",
        "SVC-ONLINE-URL",
        "003 §15（真实、准确、可用的网上地址）；域名为平台默认值，可修改",
    ),
    n(
        "evaluation.bad_rating_from_level",
        "差评起点（4=不满意，5=非常不满意）",
        "EVAL-BAD",
        "000 §中心-38",
    ),
    n(
        "evaluation.rectification",
        "差评整改时限",
        "EVAL-BAD",
        CHOSEN,
    ),
    n(
        "evaluation.satisfaction_counts_basically_satisfied",
        "满意率：“基本满意”计入满意（热线“三率”与好差评统计同用）",
        "HL-RATES, EVAL-ALL",
        "平台默认值：000 §12345-12 3 只规定按“三率”通报，未定义满意率；默认计入，与 EVAL-BAD 差评自“不满意”起一致。\
         一个开关而非热线、好差评各一：热线回访评价同时记入好差评，两个开关会使同一批评价得出两个满意率",
    ),
    n(
        "hotline.sign",
        "工单签收时限",
        "HL-SIGN",
        "000 §12345-9(三)1",
    ),
    n(
        "hotline.return_within",
        "非本单位职责退回时限（wh 为工作时间，h 为自然时间）",
        "HL-RETURN",
        "000 §12345-9(三)1 “3小时内退回”；按工作时间计为平台默认（否则晚间派单无法退回），可改为 3h 自然时间",
    ),
    n(
        "hotline.emergency_help",
        "紧急求助类答复时限",
        "HL-LIMITS",
        "000 §12345-10(一)",
    ),
    n(
        "hotline.policy_consultation",
        "政策咨询类答复时限",
        "HL-LIMITS",
        "000 §12345-10(一)",
    ),
    n(
        "hotline.suggestion",
        "意见建议类答复时限",
        "HL-LIMITS",
        "000 §12345-10(一)",
    ),
    n(
        "hotline.complaint_report",
        "投诉举报类答复时限",
        "HL-LIMITS",
        "000 §12345-10(一)",
    ),
    n(
        "hotline.major_initial",
        "重大突发事件初步意见时限",
        "HL-MAJOR",
        "000 §12345-9(三)3",
    ),
    n(
        "hotline.major_progress",
        "重大突发事件进度反馈时限",
        "HL-MAJOR",
        "000 §12345-9(三)3",
    ),
    n(
        "hotline.max_extensions",
        "最多延期次数",
        "HL-EXTEND",
        "000 §12345-10(一)",
    ),
    n(
        "hotline.extension_max",
        "每次延期最长",
        "HL-EXTEND",
        "000 §12345-10(一)",
    ),
    n(
        "hotline.reply",
        "回复诉求人时限",
        "HL-REPLY",
        "000 §12345-9(四)",
    ),
    n(
        "hotline.reply_retry_window",
        "无法联系时持续联系时长",
        "HL-REPLY",
        "000 §12345-9(四)",
    ),
    n(
        "hotline.reply_min_attempts",
        "无法联系时最少联系次数",
        "HL-REPLY",
        "000 §12345-9(四)",
    ),
    n(
        "hotline.urge_feedback",
        "催办后反馈时限（逾期追责）",
        "HL-REMIND",
        "000 §12345-11",
    ),
    n(
        "hotline.supervise_sign_minutes_before",
        "临期未签收督办（签收截止前分钟数）",
        "HL-SUPERVISE",
        "000 §12345-12",
    ),
    n(
        "hotline.supervise_feedback_before",
        "临期未反馈督办（反馈截止前）",
        "HL-SUPERVISE",
        "000 §12345-12",
    ),
    n(
        "hotline.supervise_province_before",
        "省级派件提前反馈（半天，自省级到期时间起算）",
        "HL-SUPERVISE",
        "000 §12345-12(2) “省级派件未提前半天反馈”；半天按 4 个工作小时计为平台默认",
    ),
    n(
        "hotline.application_decision",
        "热线审批延期、挂账申请的时限",
        "HL-EXTEND",
        "000 §12345-10(一) 规定申请延期、挂账，未规定审批时限；平台默认值，可修改",
    ),
    n(
        "hotline.hang_scopes",
        "挂账事项范围（以“；”分隔）",
        "HL-HANG",
        "000 §12345-10(一) “明确挂账事项范围”；默认取自 §12345-10(三) 所列疑难情形，平台默认值",
    ),
    n(
        "hotline.hang_reminder_every",
        "挂账监督提醒周期",
        "HL-HANG",
        "000 §12345-10(一) “挂账销账和监督提醒”；周期为平台默认值",
    ),
    n(
        "hotline.urge_report_unit",
        "催办后不能按期反馈的报告单位（单位编码）",
        "HL-REMIND",
        "000 §12345-11 “立即向区营商环境建设局提出报告”",
    ),
    n(
        "hotline.legal_limits",
        "法律法规另有规定的办理时限（名称=时限=依据，以“；”分隔）",
        "HL-LIMITS",
        "000 §12345-10(一) “法律法规规章等对办理时限另有规定的，从其规定”；所列条目为平台默认值",
    ),
    n(
        "hotline.round_the_clock_units",
        "7×24 小时服务单位（单位编码，以“，”分隔；其时限按自然时间计）",
        "HL-LIMITS",
        "000 §12345-10(一) 水电气热等公共服务部门提供“7×24”小时服务；按自然时间计时为平台的理解",
    ),
    n(
        "hotline.supervise_repeated_returns",
        "多次拒签督办（同一单位退回同一工单的次数）",
        "HL-SUPERVISE",
        "000 §12345-12",
    ),
    n(
        "hotline.callback_rounds",
        "不满意复核轮数",
        "HL-CALLBACK",
        "000 §12345-14",
    ),
    n(
        "hotline.surge_factor_percent",
        "异常预警：较近期平均增幅（%）",
        "HL-WARN",
        "000 §12345-18；阈值为平台默认值",
    ),
    n(
        "hotline.surge_min_count",
        "异常预警：最少件数",
        "HL-WARN",
        "000 §12345-18；阈值为平台默认值",
    ),
    n(
        "hotline.rate_drop_warn_points",
        "异常预警：单位“三率”较上期下降的百分点",
        "HL-WARN",
        "000 §12345-18；阈值为平台默认值",
    ),
    n(
        "knowledge.review_interval",
        "知识条目复审周期",
        "KB-LIFE",
        "000 §12345-15..17；周期为平台默认值",
    ),
];
