//! The words of the demo site group: the four sites' registrations, their columns, and the
//! titles and texts the demo's articles are made of (issue 15 item 10). Data only; the
//! seeding is [`crate::sites`].

use sites::column::ColumnKind;

/// A demo site: (unit code of its host, name, domain, 网站标识码, ICP number, 公安 number).
pub const SITES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "gz-office",
        "甘州区人民政府",
        "www.gsgz.gov.cn",
        "6207020001",
        "陇ICP备05000123号-1",
        "甘公网安备 62070202000123号",
    ),
    (
        "gz-education",
        "甘州区教育局",
        "jyj.gsgz.gov.cn",
        "6207020003",
        "陇ICP备05000123号-3",
        "甘公网安备 62070202000125号",
    ),
    (
        "gz-market",
        "甘州区市场监督管理局",
        "scjg.gsgz.gov.cn",
        "6207020004",
        "陇ICP备05000123号-4",
        "甘公网安备 62070202000126号",
    ),
    (
        "gz-liangjiadun",
        "甘州区梁家墩镇人民政府",
        "ljd.gsgz.gov.cn",
        "6207020005",
        "陇ICP备05000123号-5",
        "甘公网安备 62070202000127号",
    ),
];

/// How a demo column is filled: how many articles, and the days ago of the newest and the
/// oldest (the rest spread between).
#[derive(Debug, Clone, Copy)]
pub struct Fill {
    pub count: usize,
    pub newest_days_ago: i64,
    pub oldest_days_ago: i64,
}

const fn fill(count: usize, newest_days_ago: i64, oldest_days_ago: i64) -> Fill {
    Fill {
        count,
        newest_days_ago,
        oldest_days_ago,
    }
}

/// The portal's columns: (name, kind, fill). 人事信息 is about to go stale (its six months
/// nearly up), 规划计划 is stale, 工作总结 is blank.
pub const PORTAL_COLUMNS: &[(&str, ColumnKind, Fill)] = &[
    ("今日甘州", ColumnKind::News, fill(90, 1, 360)),
    ("通知公告", ColumnKind::Notice, fill(36, 3, 350)),
    ("政策文件", ColumnKind::Policy, fill(0, 0, 0)),
    ("政策解读", ColumnKind::Interpretation, fill(0, 0, 0)),
    ("人事信息", ColumnKind::Personnel, fill(6, 165, 340)),
    ("规划计划", ColumnKind::Plans, fill(4, 200, 355)),
    ("甘州概况", ColumnKind::Overview, fill(1, 40, 40)),
    ("优化营商环境专题", ColumnKind::Special, fill(10, 6, 200)),
    ("工作总结", ColumnKind::WorkPlans, fill(0, 0, 0)),
];

/// A department's or township's columns.
pub const DEPARTMENT_COLUMNS: &[(&str, ColumnKind, Fill)] = &[
    ("工作动态", ColumnKind::News, fill(38, 2, 358)),
    ("通知公告", ColumnKind::Notice, fill(10, 9, 300)),
    ("机构职能", ColumnKind::Static, fill(1, 330, 330)),
];

/// Subjects of news and notices, combined with [`PLACES`] and [`ACTIONS`].
pub const TOPICS: &[&str] = &[
    "春季植树造林",
    "安全生产大检查",
    "营商环境优化",
    "乡村振兴",
    "河湖长制",
    "文明城市创建",
    "食品安全",
    "校园安全",
    "高标准农田建设",
    "冬季供暖保障",
    "政务服务提质增效",
    "12345热线办理质效",
    "就业创业服务",
    "养老服务体系建设",
    "森林草原防火",
    "防汛抗旱",
];

pub const PLACES: &[&str] = &[
    "全区",
    "东街街道",
    "南街街道",
    "梁家墩镇",
    "党寨镇",
    "区政务服务中心",
    "各中小学",
    "各社区",
];

pub const ACTIONS: &[&str] = &[
    "推进会召开",
    "工作取得新进展",
    "专项行动启动",
    "现场观摩活动举行",
    "督查工作开展",
    "培训班开班",
];

/// The demo's policy documents: (title, 文号 with `YEAR` for the year written, 主题分类, days ago
/// written, days ago published). Each goes out two days after it was written, within the
/// profile's 3 working days (PUB-PROACTIVE), except the last: published 19 days late, it is the
/// demo's accountability record of a late policy document (WEB-ACCOUNT).
pub const POLICIES: &[(&str, &str, &str, i64, i64)] = &[
    (
        "甘州区优化营商环境若干措施",
        "甘州政发〔YEAR〕3号",
        "综合政务/经济管理",
        330,
        328,
    ),
    (
        "甘州区城乡居民医疗保险实施办法",
        "甘州政发〔YEAR〕8号",
        "卫生、体育/医疗保障",
        280,
        278,
    ),
    (
        "甘州区义务教育阶段招生入学实施办法",
        "甘州政办发〔YEAR〕12号",
        "教育/基础教育",
        210,
        208,
    ),
    (
        "甘州区农村人居环境整治提升行动方案",
        "甘州政办发〔YEAR〕21号",
        "城乡建设、环境保护/村镇建设",
        150,
        148,
    ),
    (
        "甘州区促进就业创业若干政策",
        "甘州政发〔YEAR〕15号",
        "劳动、人事、监察/就业",
        90,
        88,
    ),
    (
        "甘州区森林草原防灭火工作预案",
        "甘州政办发〔YEAR〕30号",
        "公安、安全、司法/应急管理",
        40,
        21,
    ),
];

/// Which policy documents get an interpretation (indexes into [`POLICIES`]).
pub const INTERPRETED: &[usize] = &[0, 1, 2, 4];

/// The policy document abolished by the next one (index into [`POLICIES`]).
pub const ABOLISHED: usize = 1;

/// The body of a demo article about `title`.
pub fn body(title: &str, unit: &str) -> String {
    format!(
        "<p>{title}。</p><p>{unit}高度重视，周密部署，明确责任分工，细化工作措施，\
         确保各项任务落到实处。下一步，将持续加强督促检查，及时总结推广经验做法。</p>"
    )
}

/// The body of a demo policy document.
pub fn policy_body(title: &str) -> String {
    format!(
        "<p>各乡镇人民政府、街道办事处，区政府各部门：</p><p>现将《{title}》印发给你们，\
         请结合实际认真贯彻执行。</p><p style=\"text-align:right\">甘州区人民政府</p>"
    )
}
