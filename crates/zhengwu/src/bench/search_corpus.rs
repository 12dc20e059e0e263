//! The search bench's corpus and query mix (WEB-SEARCH): documents of realistic length (a
//! title of 10 to 30 characters, a body of about 200 to 800) built from a vocabulary of
//! government words — the sites bench's topics, places, actions and sentences, the service
//! items' names and policy words — by a seeded generator, so every run indexes the same
//! corpus; and a fixed mix of queries drawn from the same vocabulary: words, two-character
//! words, quoted phrases, full pinyin, initials and homophone typos, each with the term a
//! result's title must contain to count as a hit.

use std::collections::HashSet;

use search::{Doc, Kind};

use super::generate::Rng;
use super::sites_texts::{ACTIONS, PLACES, SENTENCES, TOPICS};

/// Service items' names (the demo catalogue's and the citizens' usual errands).
const SERVICES: [&str; 40] = [
    "社会保障卡申领",
    "居民身份证换领",
    "城乡居民养老保险参保登记",
    "最低生活保障申请",
    "住房公积金提取",
    "个体工商户设立登记",
    "失业保险金申领",
    "不动产登记",
    "出生医学证明办理",
    "结婚登记",
    "残疾人证办理",
    "教师资格认定",
    "义务教育阶段入学登记",
    "公共租赁住房申请",
    "农村宅基地审批",
    "建筑工程施工许可",
    "建设工程规划许可",
    "商品房预售许可",
    "工伤认定",
    "就业创业证申领",
    "食品经营许可",
    "药品零售企业许可",
    "基本医疗保险参保",
    "异地就医备案",
    "机动车驾驶证换证",
    "户口迁移登记",
    "高龄津贴发放",
    "临时救助申请",
    "特困人员认定",
    "医师执业注册",
    "道路运输经营许可",
    "排污许可证核发",
    "取水许可审批",
    "林木采伐许可",
    "文物保护单位修缮审批",
    "人力资源服务许可",
    "劳务派遣经营许可",
    "燃气经营许可",
    "城市建筑垃圾处置核准",
    "户外广告设施设置审批",
];

/// Policy words of notices, plans and rules.
const POLICY: [&str; 36] = [
    "实施意见",
    "管理办法",
    "实施细则",
    "指导意见",
    "工作方案",
    "行动计划",
    "暂行规定",
    "专项资金",
    "财政补贴",
    "社会救助",
    "医疗救助",
    "减税降费",
    "优化营商环境",
    "放管服改革",
    "一网通办",
    "跨省通办",
    "证明事项告知承诺制",
    "双随机一公开",
    "信用体系建设",
    "安全生产责任制",
    "河长制",
    "林长制",
    "耕地保护",
    "人居环境整治",
    "老旧小区改造",
    "棚户区改造",
    "义务教育",
    "学前教育",
    "职业技能培训",
    "稳岗返还",
    "创业担保贷款",
    "退役军人服务",
    "疫苗接种",
    "家庭医生签约",
    "政府信息公开",
    "行政复议",
];

/// Two-character words citizens type (a trigram index cannot match them).
const SHORT: [&str; 16] = [
    "社保", "医保", "低保", "养老", "就业", "供暖", "防汛", "消防", "户口", "教育", "农田", "救助",
    "补贴", "许可", "登记", "招聘",
];

/// Common characters a typo puts in place of another of the same sound.
const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动\
同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机\
当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么\
利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品\
式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任\
取据处府研质信志器领证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名\
确才科张北易早论究认保持";

/// Every term the titles are built around.
pub fn terms() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    out.extend(TOPICS);
    out.extend(SERVICES);
    out.extend(POLICY);
    out
}

fn pick<'a>(rng: &mut Rng, list: &[&'a str]) -> &'a str {
    list.get(rng.below(list.len() as u64) as usize)
        .copied()
        .unwrap_or("")
}

const UNITS: [&str; 8] = [
    "区人民政府办公室",
    "区人力资源和社会保障局",
    "区医疗保障局",
    "区教育局",
    "区住房和城乡建设局",
    "区市场监督管理局",
    "区民政局",
    "区农业农村局",
];

/// The `n`-th document of the corpus seeded `seed` (deterministic).
pub fn document(seed: u64, n: u64, terms: &[&'static str]) -> Doc {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0x2545_F491_4F6C_DD1D));
    let term = pick(&mut rng, terms);
    let unit = pick(&mut rng, &UNITS);
    let place = pick(&mut rng, &PLACES);
    let (kind, title) = match rng.below(6) {
        0 => (
            Kind::Policy,
            format!("{unit}关于印发{term}{}的通知", pick(&mut rng, &POLICY)),
        ),
        1 => (Kind::Info, format!("《{term}实施方案》政策解读")),
        2 => (Kind::Guide, format!("{term}办事指南")),
        3 => (Kind::Info, format!("关于做好{term}工作的通知")),
        _ => (
            Kind::Info,
            format!("{place}{term}{}", pick(&mut rng, &ACTIONS)),
        ),
    };
    let mut body = format!("{title}。");
    let target = 200 + rng.below(600) as usize;
    while body.chars().count() < target {
        // Mostly about the title's term, sometimes about another.
        let topic = if rng.below(3) == 0 {
            pick(&mut rng, terms)
        } else {
            term
        };
        let sentence = pick(&mut rng, &SENTENCES)
            .replace("{t}", topic)
            .replace("{p}", pick(&mut rng, &PLACES))
            .replace("{u}", unit);
        body.push_str(&sentence);
    }
    Doc {
        key: format!("bench:{n}"),
        kind,
        title,
        body,
        keywords: String::new(),
        url: format!("/bench/{n}"),
        site: String::new(),
        unit: i64::try_from(n % 400).unwrap_or(0),
        date: 1_700_000_000_000 + i64::try_from(n % 1000).unwrap_or(0) * 86_400_000,
        abolished: n.is_multiple_of(50),
    }
}

/// A kind of query of the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryKind {
    /// A word of three characters or more.
    Word,
    /// A word of two characters.
    Short,
    /// A quoted phrase.
    Phrase,
    /// Full pinyin, no spaces.
    Pinyin,
    /// Initials.
    Initials,
    /// The word with one character replaced by a homophone.
    Typo,
}

impl QueryKind {
    pub const ALL: [QueryKind; 6] = [
        QueryKind::Word,
        QueryKind::Short,
        QueryKind::Phrase,
        QueryKind::Pinyin,
        QueryKind::Initials,
        QueryKind::Typo,
    ];

    pub fn label(self) -> &'static str {
        match self {
            QueryKind::Word => "词语 (≥3字)",
            QueryKind::Short => "双字词",
            QueryKind::Phrase => "\"短语\"",
            QueryKind::Pinyin => "全拼",
            QueryKind::Initials => "首字母",
            QueryKind::Typo => "同音错字",
        }
    }
}

/// One query of the mix and the term a hit's title contains.
#[derive(Debug, Clone)]
pub struct Query {
    pub kind: QueryKind,
    pub text: String,
    pub intended: String,
}

/// Every character of the corpus's texts (a typo's character is none of them).
fn corpus_chars(terms: &[&str]) -> HashSet<char> {
    let mut out = HashSet::new();
    for text in terms
        .iter()
        .chain(PLACES.iter())
        .chain(ACTIONS.iter())
        .chain(SENTENCES.iter())
        .chain(UNITS.iter())
    {
        out.extend(text.chars());
    }
    out.extend("关于印发的通知《实施方案》政策解读办事指南做好工作".chars());
    out
}

/// A character read like `c` that the corpus never uses (common ones first).
fn homophone(c: char, used: &HashSet<char>) -> Option<char> {
    let sound = search::text::syllable(c)?;
    let fits = |x: char| x != c && !used.contains(&x) && search::text::syllable(x) == Some(sound);
    COMMON.chars().find(|&x| fits(x)).or_else(|| {
        (0x4E00u32..=0x9FFF)
            .filter_map(char::from_u32)
            .find(|&x| fits(x))
    })
}

fn compact(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The fixed mix: `per_kind` queries of each kind, drawn by `seed`.
pub fn queries(seed: u64, per_kind: usize, terms: &[&'static str]) -> Vec<Query> {
    let mut rng = Rng::new(seed.wrapping_add(7));
    let used = corpus_chars(terms);
    let long: Vec<&str> = terms
        .iter()
        .copied()
        .filter(|t| t.chars().count() >= 3)
        .collect();
    let initials: Vec<&str> = terms
        .iter()
        .copied()
        .filter(|t| (3..=8).contains(&t.chars().count()))
        .collect();
    let mut out = Vec::new();
    for kind in QueryKind::ALL {
        let mut made = 0;
        let mut tries = 0;
        while made < per_kind && tries < per_kind * 20 {
            tries += 1;
            let query = match kind {
                QueryKind::Word => {
                    let term = pick(&mut rng, &long);
                    (term.to_owned(), term.to_owned())
                }
                QueryKind::Short => {
                    let term = pick(&mut rng, &SHORT);
                    (term.to_owned(), term.to_owned())
                }
                QueryKind::Phrase => {
                    let term = pick(&mut rng, terms);
                    let phrase = match rng.below(3) {
                        0 => format!("{term}实施方案"),
                        1 => format!("做好{term}工作"),
                        _ => format!("{term}办事指南"),
                    };
                    (format!("\"{phrase}\""), phrase)
                }
                QueryKind::Pinyin => {
                    let term = pick(&mut rng, terms);
                    (compact(&search::text::pinyin_of(term)), term.to_owned())
                }
                QueryKind::Initials => {
                    let term = pick(&mut rng, &initials);
                    (compact(&search::text::initials_of(term)), term.to_owned())
                }
                QueryKind::Typo => {
                    let term = pick(&mut rng, &long);
                    let chars: Vec<char> = term.chars().collect();
                    let at = rng.below(chars.len() as u64) as usize;
                    let Some(other) = homophone(chars[at], &used) else {
                        continue;
                    };
                    let mut typed = chars.clone();
                    typed[at] = other;
                    (typed.into_iter().collect(), term.to_owned())
                }
            };
            out.push(Query {
                kind,
                text: query.0,
                intended: query.1,
            });
            made += 1;
        }
    }
    out
}
