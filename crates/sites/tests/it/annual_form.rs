//! The annual work report's form (WEB-ANNUAL, WEB-STATS; `reports.md` §2), pure: every field
//! of the 政府网站工作年度报表 in its order with its label character for character, the inputs
//! read by each field's kind with every problem at once, the due date from the profile, and
//! what the records fill.

use platform::profile::RuleProfile;
use sites::annual::{
    self, AnnualReport, FIELDS, Kind, Origin, Records, SIGNATURE_KEYS, ServiceCounts, Value,
};
use sites::column::{ColumnKind, SpecialApproval};
use sites::registry::SiteKind;
use sites::{ErrorKind, SiteId};

use crate::{at, column, date, dept_registration, office_leader, portal_registration};

/// WEB-ANNUAL (`reports.md` §2): the form's fields in its order, each label as the form has
/// it, the first rows under no block and the signatures last.
#[test]
fn web_annual_the_form_has_every_field_of_the_national_report_in_order() {
    let labels: Vec<String> = FIELDS.iter().map(|field| field.full_label()).collect();
    let expected = [
        "网站名称",
        "首页网址",
        "主办单位",
        "网站类型",
        "政府网站标识码",
        "ICP备案号",
        "公安机关备案号",
        "独立用户访问总量（个）",
        "网站总访问量（次）",
        "信息发布 · 总数（条）",
        "信息发布 · 概况类信息更新量（条）",
        "信息发布 · 政务动态信息更新量（条）",
        "信息发布 · 信息公开目录信息更新量（条）",
        "专栏专题 · 维护数量（个）",
        "专栏专题 · 新开设数量（个）",
        "解读回应 · 解读信息发布 · 总数（条）",
        "解读回应 · 解读信息发布 · 解读材料数量（条）",
        "解读回应 · 解读信息发布 · 解读产品数量（条）",
        "解读回应 · 解读信息发布 · 媒体评论文章数量（条）",
        "解读回应 · 回应公众关注热点或重大舆情数量（次）",
        "办事服务 · 是否发布服务事项目录",
        "办事服务 · 注册用户数（个）",
        "办事服务 · 政务服务事项数量（项）",
        "办事服务 · 可全程在线办理政务服务事项数量（项）",
        "办事服务 · 办件量 · 总数（件）",
        "办事服务 · 办件量 · 自然人办件量（件）",
        "办事服务 · 办件量 · 法人办件量（件）",
        "互动交流 · 是否使用统一平台",
        "互动交流 · 留言办理 · 收到留言数量（条）",
        "互动交流 · 留言办理 · 办结留言数量（条）",
        "互动交流 · 留言办理 · 平均办理时间（天）",
        "互动交流 · 留言办理 · 公开答复数量（条）",
        "互动交流 · 征集调查 · 征集调查期数（期）",
        "互动交流 · 征集调查 · 收到意见数量（条）",
        "互动交流 · 征集调查 · 公布调查结果期数（期）",
        "互动交流 · 在线访谈 · 访谈期数（期）",
        "互动交流 · 在线访谈 · 网民留言数量（条）",
        "互动交流 · 在线访谈 · 答复网民提问数量（条）",
        "互动交流 · 是否提供智能问答功能",
        "安全防护 · 安全检测评估次数（次）",
        "安全防护 · 发现问题数量（个）",
        "安全防护 · 问题整改数量（个）",
        "安全防护 · 是否建立安全监测预警机制",
        "安全防护 · 是否开展应急演练",
        "安全防护 · 是否明确网站安全责任人",
        "移动新媒体 · 是否有移动新媒体",
        "移动新媒体 · 微博 · 名称",
        "移动新媒体 · 微博 · 信息发布量",
        "移动新媒体 · 微博 · 关注量",
        "移动新媒体 · 微信 · 名称",
        "移动新媒体 · 微信 · 信息发布量",
        "移动新媒体 · 微信 · 订阅数",
        "移动新媒体 · 其他",
        "创新发展 · 搜索即服务",
        "创新发展 · 多语言版本",
        "创新发展 · 无障碍浏览",
        "创新发展 · 千人千网",
        "创新发展 · 其他",
        "单位负责人",
        "审核人",
        "填报人",
        "联系电话",
        "填报日期",
    ];
    assert_eq!(labels, expected);
    let mut keys: Vec<&str> = FIELDS.iter().map(|field| field.key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), FIELDS.len(), "keys are unique");
    let last: Vec<&str> = FIELDS[FIELDS.len() - 5..].iter().map(|f| f.key).collect();
    assert_eq!(last, SIGNATURE_KEYS);
    // The services block is counted for the portal, typed in for another site.
    let items = annual::field("service_items").unwrap();
    assert_eq!(items.origin, Origin::PortalRecords);
    assert!(!items.is_input(true) && items.is_input(false));
    assert!(!annual::field("info_total").unwrap().is_input(false));
}

/// WEB-ANNUAL: each input is read by its field's kind — whole numbers, decimals with two
/// places, 是/否, dates, phones — and a wrong one names its field.
#[test]
fn web_annual_inputs_are_read_by_their_kind() {
    let cases: &[(&str, &str, Option<Value>)] = &[
        ("interpret_materials", " 12 ", Some(Value::Count(12))),
        ("interpret_materials", "", None),
        ("messages_days", "2.5", Some(Value::Decimal(250))),
        ("messages_days", "3", Some(Value::Decimal(300))),
        ("messages_days", "0.05", Some(Value::Decimal(5))),
        ("media", "是", Some(Value::YesNo(true))),
        ("media", "否", Some(Value::YesNo(false))),
        (
            "signed_on",
            "2026-01-20",
            Some(Value::Date(date("2026-01-20"))),
        ),
        (
            "signed_phone",
            "0936-8212345",
            Some(Value::Text("09368212345".into())),
        ),
        (
            "weibo_name",
            "甘州教育",
            Some(Value::Text("甘州教育".into())),
        ),
    ];
    for (key, text, value) in cases {
        let field = annual::field(key).unwrap();
        assert_eq!(&annual::parse(field, text).unwrap(), value, "{key} {text}");
    }
    let refused = [
        ("interpret_materials", "-1"),
        ("interpret_materials", "1,000"),
        ("interpret_materials", "十二"),
        ("messages_days", "2.555"),
        ("messages_days", ".5"),
        ("media", "yes"),
        ("signed_on", "2026/01/20"),
        ("signed_phone", "12345"),
    ];
    for (key, text) in refused {
        let field = annual::field(key).unwrap();
        let message = annual::parse(field, text).unwrap_err();
        assert!(message.contains(field.label), "{key} {text}: {message}");
    }
    assert_eq!(Value::Decimal(250).text(), "2.50");
    assert_eq!(annual::field("media").map(|f| f.kind), Some(Kind::YesNo));
}

/// WEB-ANNUAL: a form's inputs are read all together: a field the records fill, an unknown key
/// and two malformed values are refused at once, each named.
#[test]
fn web_annual_every_problem_of_the_inputs_at_once() {
    let texts = [
        ("info_total".to_owned(), "99".to_owned()),
        ("nonsense".to_owned(), "1".to_owned()),
        ("surveys".to_owned(), "六".to_owned()),
        ("smart_qa".to_owned(), "有".to_owned()),
        ("weibo_posts".to_owned(), "120".to_owned()),
    ];
    let error = annual::read_inputs(&texts, false).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let message = error.to_string();
    for part in [
        "info_total",
        "nonsense",
        "征集调查期数",
        "是否提供智能问答功能",
    ] {
        assert!(message.contains(part), "{part} in {message}");
    }
    assert!(!message.contains("微博"));
    // The portal's services are counted: not inputs there.
    let services = [("service_items".to_owned(), "30".to_owned())];
    assert!(annual::read_inputs(&services, true).is_err());
    assert_eq!(annual::read_inputs(&services, false).unwrap().len(), 1);
}

/// WEB-ANNUAL (000 网站 §26): the report of a year is due by 31 January of the next, from the
/// profile; published on 31 January it is on time, on 1 February late.
#[test]
fn web_annual_is_due_by_the_profiles_date_of_the_next_year() {
    let profile = RuleProfile::default();
    let due = annual::due_date(2025, &profile);
    assert_eq!(due, date("2026-01-31"));
    assert!(!annual::is_late(date("2026-01-31"), due));
    assert!(annual::is_late(date("2026-02-01"), due));
    let mut later = RuleProfile::default();
    later.website.annual_report_by = "02-28".into();
    assert_eq!(annual::due_date(2025, &later), date("2026-02-28"));
    let report = AnnualReport::new(SiteId(1), 2025, false, due);
    assert_eq!(
        report.missing_signatures(),
        ["单位负责人", "审核人", "填报人", "联系电话", "填报日期"]
    );
}

/// WEB-ANNUAL, WEB-STATS: the records fill the identity from the registration, the visits,
/// the information per line (概况类; 政务动态 = 动态要闻 and 通知公告; 信息公开目录 = the
/// catalogue's types; the rest in 总数 only), the special columns alive in the year and those
/// opened in it, the interpretations, the portal's services, the drill and the security
/// officer.
#[test]
fn web_annual_the_records_fill_their_fields() {
    let mut special = column(8, ColumnKind::Special);
    if let Some(opening) = special.special.as_mut() {
        opening.approved = Some(SpecialApproval {
            by: office_leader().user,
            at: at("2025-04-01T09:00"),
        });
    }
    let mut old_special = column(9, ColumnKind::Special);
    if let Some(opening) = old_special.special.as_mut() {
        opening.approved = Some(SpecialApproval {
            by: office_leader().user,
            at: at("2024-04-01T09:00"),
        });
    }
    let mut archived = old_special.clone();
    archived.id = sites::ColumnId(10);
    archived.archived_at = Some(at("2024-12-01T09:00"));
    let unapproved = column(11, ColumnKind::Special);
    let records = Records {
        registration: dept_registration(),
        visits: Some((1_200, 5_400)),
        pages: vec![
            (ColumnKind::News, 40),
            (ColumnKind::Notice, 5),
            (ColumnKind::Policy, 6),
            (ColumnKind::Interpretation, 3),
            (ColumnKind::Overview, 1),
            (ColumnKind::Special, 7),
            (ColumnKind::Other, 2),
        ],
        columns: vec![special, old_special, archived, unapproved],
        interpretations: 4,
        services: Some(ServiceCounts {
            items: 30,
            fully_online: 12,
            cases: 8,
            natural_person_cases: 6,
            legal_person_cases: 2,
            registered_users: 15,
        }),
        drill_held: true,
    };
    let mut report = AnnualReport::new(SiteId(1), 2025, false, date("2026-01-31"));
    annual::fill(&mut report, &records).unwrap();
    let count = |key: &str| report.get(key).and_then(Value::count);
    assert_eq!(
        report.get("home_url"),
        Some(&Value::Text("https://jyj.gsgz.gov.cn".into()))
    );
    assert_eq!(
        report.get("site_kind"),
        Some(&Value::Text(SiteKind::Department.label_zh().into()))
    );
    assert_eq!(
        (count("unique_visitors"), count("page_views")),
        (Some(1_200), Some(5_400))
    );
    assert_eq!(count("info_total"), Some(64));
    assert_eq!(count("info_overview"), Some(1));
    assert_eq!(count("info_news"), Some(45));
    assert_eq!(count("info_catalogue"), Some(9));
    assert_eq!(
        (count("special_maintained"), count("special_opened")),
        (Some(2), Some(1))
    );
    assert_eq!(count("interpret_total"), Some(4));
    assert_eq!(
        report.get("service_items"),
        None,
        "not the portal: typed in"
    );
    assert_eq!(report.get("security_drill"), Some(&Value::YesNo(true)));
    assert_eq!(
        report.get("security_responsible"),
        Some(&Value::YesNo(true))
    );
    assert_eq!(report.get("interpret_materials"), None, "an input");
    let mut portal = AnnualReport::new(SiteId(2), 2025, true, date("2026-01-31"));
    let records = Records {
        registration: portal_registration(),
        ..records
    };
    annual::fill(&mut portal, &records).unwrap();
    assert_eq!(portal.get("service_catalogue"), Some(&Value::YesNo(true)));
    assert_eq!(
        [
            "service_items",
            "service_online_items",
            "cases_total",
            "cases_natural",
            "cases_legal",
            "service_users"
        ]
        .map(|key| portal.get(key).and_then(Value::count)),
        [Some(30), Some(12), Some(8), Some(6), Some(2), Some(15)]
    );
    assert_eq!(portal.rows().count(), FIELDS.len());
}
