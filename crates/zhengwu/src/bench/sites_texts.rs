//! The words of the sites bench's articles: a title by column type, a body of three to seven
//! paragraphs (about 200 to 700 characters, plain `<p>` that the sanitiser keeps as it is),
//! and a policy document's elements (WEB-ARTICLE). Generated from the constants below; every
//! text passes the content check (no wrong or sensitive word, no secrecy mark, no number that
//! looks like a phone, ID-card or bank card), which the bench checks on its sample.

use calendar::Instant;
use chrono::{Datelike, Duration};
use sites::article::{Content, PolicyMeta};
use sites::column::ColumnKind;

use super::generate::Rng;

pub(super) const TOPICS: [&str; 24] = [
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
    "森林草原防灭火",
    "城乡环境整治",
    "就业创业服务",
    "医疗保障",
    "养老服务",
    "农村饮水安全",
    "防汛抗旱",
    "消防安全",
    "全民健身",
    "文化惠民",
    "数字政府建设",
    "基层治理",
    "生态环境保护",
];

pub(super) const PLACES: [&str; 12] = [
    "全区",
    "东街街道",
    "南街街道",
    "西街街道",
    "北街街道",
    "梁家墩镇",
    "党寨镇",
    "碱滩镇",
    "上秦镇",
    "区政务服务中心",
    "各中小学",
    "各社区",
];

pub(super) const ACTIONS: [&str; 10] = [
    "推进会召开",
    "工作取得新进展",
    "专项行动启动",
    "现场观摩活动举行",
    "督查工作开展",
    "培训班开班",
    "工作部署会召开",
    "经验交流会举行",
    "集中宣传活动开展",
    "阶段性总结会召开",
];

/// Sentences of a body; `{t}` the topic, `{p}` a place, `{u}` the unit.
pub(super) const SENTENCES: [&str; 16] = [
    "近日，{u}围绕{t}工作召开专题会议，研究部署下一阶段重点任务。",
    "会议强调，要提高政治站位，压实工作责任，确保{t}各项措施落地见效。",
    "{p}结合实际制定工作方案，明确时间表、路线图和责任人。",
    "各相关单位要加强协调配合，形成工作合力，及时研究解决工作中遇到的困难和问题。",
    "要坚持问题导向，聚焦群众急难愁盼，切实把好事办好、实事办实。",
    "截至目前，{p}已累计开展检查督导多次，发现并整改问题若干项。",
    "{u}将持续跟踪问效，定期通报工作进展，对工作不力的单位进行督办。",
    "活动现场，工作人员向群众发放宣传资料，耐心解答群众咨询。",
    "下一步，{u}将认真总结经验做法，建立健全长效机制，推动{t}工作常态长效。",
    "此次活动进一步提高了群众的知晓率和参与度，营造了良好的社会氛围。",
    "与会人员围绕{t}工作进行了深入交流，并就存在的问题提出了意见建议。",
    "{p}坚持以人民为中心的发展思想，不断提升公共服务水平。",
    "各乡镇、各部门要严格落实主体责任，加强日常监管，消除各类隐患。",
    "通过线上线下相结合的方式，广泛宣传{t}相关政策，扩大政策覆盖面。",
    "会议要求，要强化督促检查，确保各项工作任务按期完成。",
    "{u}高度重视，周密部署，明确责任分工，细化工作措施，确保各项任务落到实处。",
];

const SUBJECTS: [&str; 6] = [
    "综合政务/政务公开",
    "城乡建设、环境保护/城乡建设",
    "劳动、人事、监察/就业",
    "卫生、体育/医疗卫生",
    "农业、林业、水利/农业",
    "公安、安全、司法/应急管理",
];

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list.get(rng.below(list.len() as u64) as usize)
        .copied()
        .unwrap_or("")
}

/// The body of an article about `topic` by `unit`.
fn body(rng: &mut Rng, title: &str, topic: &str, unit: &str) -> String {
    let mut body = format!("<p>{title}。</p>");
    for _ in 0..2 + rng.below(5) {
        body.push_str("<p>");
        for _ in 0..1 + rng.below(3) {
            let sentence = pick(rng, &SENTENCES)
                .replace("{t}", topic)
                .replace("{p}", pick(rng, &PLACES))
                .replace("{u}", unit);
            body.push_str(&sentence);
        }
        body.push_str("</p>");
    }
    body
}

/// A column of `kind`'s article by `unit` (its source), written at `at`: title, body, and for a
/// policy document its elements, numbered `index` in its site `site_code`.
pub(super) fn content(
    rng: &mut Rng,
    kind: ColumnKind,
    unit: &str,
    site_code: &str,
    index: u64,
    at: Instant,
) -> Content {
    let topic = pick(rng, &TOPICS);
    let year = at.local_date().year();
    let title = match kind {
        ColumnKind::News | ColumnKind::Special => {
            format!("{}{}{}", pick(rng, &PLACES), topic, pick(rng, &ACTIONS))
        }
        ColumnKind::Notice => format!("关于做好{topic}工作的通知"),
        ColumnKind::Policy => format!("{unit}关于印发{topic}实施方案的通知"),
        ColumnKind::Interpretation => format!("《{topic}实施方案》政策解读"),
        ColumnKind::Personnel => format!("{unit}{year}年公开招聘工作人员公告"),
        ColumnKind::Plans => format!("{unit}{topic}专项规划"),
        ColumnKind::WorkPlans => format!("{unit}{year}年工作总结和下一年工作计划"),
        ColumnKind::Overview => format!("{unit}概况"),
        ColumnKind::Static => format!("{unit}主要职责和内设机构"),
        ColumnKind::Other => format!("{unit}{year}年{}月{topic}情况", at.local_date().month()),
    };
    let policy = (kind == ColumnKind::Policy).then(|| {
        let written = at.to_datetime() - Duration::days(3 + rng.below(20) as i64);
        PolicyMeta {
            index_number: format!("{site_code}-{year}-{index:05}"),
            issuer: unit.to_owned(),
            document_number: format!("基测政发〔{year}〕{}号", index % 200 + 1),
            written_on: written.date_naive(),
            subject: pick(rng, &SUBJECTS).to_owned(),
            interpretations: Vec::new(),
        }
    });
    Content {
        body: body(rng, &title, topic, unit),
        title,
        source: unit.to_owned(),
        policy,
    }
}

/// An edit of `content` (the B editor's): one paragraph more.
pub(super) fn edited(rng: &mut Rng, content: &Content, unit: &str) -> Content {
    let mut next = content.clone();
    let sentence = pick(rng, &SENTENCES)
        .replace("{t}", "相关")
        .replace("{p}", pick(rng, &PLACES))
        .replace("{u}", unit);
    next.body.push_str(&format!("<p>{sentence}</p>"));
    next
}
