//! Demo knowledge (KB-LIFE): twelve published entries owned by the demo units, each drafted,
//! submitted and published by the knowledge base's use cases (`hotline::kb_store`), as the
//! units and the hotline would. Called by [`crate::seed`].

use hotline::UnitId;
use hotline::kb_store::{self, KbDraft};
use hotline::usecase::Rules;
use platform::Result;
use platform::audit::AuditActor;
use platform::db::Db;

/// (owner unit code, category, title, question, answer, keywords)
const ENTRIES: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "gz-hrss",
        "社会保障",
        "社保卡补办",
        "社会保障卡丢失或损坏了怎么补办？",
        "本人携带居民身份证到区政务服务中心人社窗口或社保卡合作银行网点办理挂失和补办，也可通过“甘肃人社”APP 线上申请。即时制卡网点当场领卡，其他网点约 15 个工作日。补办工本费按规定执行，首次申领免费。",
        "社保卡 补卡 挂失 丢失 损坏",
    ),
    (
        "gz-service",
        "户籍证件",
        "居民身份证办理",
        "首次申领、换领或补领居民身份证需要什么材料？",
        "本人携带户口簿到户籍所在地派出所或区政务服务中心公安窗口办理，现场采集照片和指纹。换领需交回旧证，补领需说明丢失情况。一般 20 个工作日内制证完成，可申请邮寄。急需出行的可同时申领临时身份证。",
        "身份证 换证 补证 临时身份证 户籍",
    ),
    (
        "gz-service",
        "不动产",
        "不动产登记查询",
        "怎样查询自己名下的不动产登记信息？",
        "权利人本人持居民身份证到区政务服务中心不动产登记窗口查询，也可通过“甘肃政务服务网”不动产查询功能在线查询。委托他人查询的，需提供经公证的委托书。利害关系人查询需提供相关证明材料。查询结果当场出具。",
        "不动产 房产 查询 产权 登记",
    ),
    (
        "gz-housing",
        "城市管理",
        "供暖投诉处理流程",
        "家里暖气不热可以向哪里反映，多久能处理？",
        "供暖期内室温低于 18℃ 的，可先联系所属供热企业客服报修；未解决的拨打 12345 热线反映，热线将工单派至区住建局和供热企业，承办单位 3 小时内响应，一般 1 个工作日内上门测温并处理，结果通过热线回复。",
        "供暖 暖气 不热 室温 供热 投诉",
    ),
    (
        "gz-market",
        "企业开办",
        "营业执照办理",
        "个体工商户或公司办理营业执照需要哪些材料，多久办好？",
        "可在“甘肃政务服务网”企业开办一网通办平台全程网上办理，或到区政务服务中心市场监管窗口办理。需提供经营者或法定代表人身份证、经营场所证明、名称及经营范围等。材料齐全的 1 个工作日内办结，可同时免费刻制公章。",
        "营业执照 个体户 公司注册 企业开办 工商",
    ),
    (
        "gz-hrss",
        "医疗保障",
        "医保报销",
        "在外地住院的医疗费用怎样报销？",
        "已办理异地就医备案的，在备案地定点医院出院时直接结算。未备案的，出院后持身份证、医保卡、住院发票、费用明细、出院记录到区医保经办窗口按规定手工报销，一般 20 个工作日内到账。备案可通过“国家医保服务平台”APP 办理。",
        "医保 报销 异地就医 备案 住院",
    ),
    (
        "gz-housing",
        "住房",
        "公积金提取",
        "哪些情况可以提取住房公积金，怎么办理？",
        "购买、建造、翻建、大修自住住房，偿还住房贷款本息，租房自住，离休退休，与单位终止劳动关系等情形可以提取。持身份证和相关证明材料到住房公积金管理部门窗口办理，或通过手机公积金 APP 线上办理，审核通过后 3 个工作日内到账。",
        "公积金 提取 租房 还贷 退休",
    ),
    (
        "gz-service",
        "户籍证件",
        "户口迁移",
        "户口从外地迁入甘州区需要办理哪些手续？",
        "符合落户条件的，持居民身份证、户口簿及房产证明或就业、投靠等证明材料，到迁入地派出所申请。省内迁移实行“一站式”办理，无需回原籍开具迁移证；跨省迁移按“跨省通办”规定办理。材料齐全的一般 5 个工作日内办结。",
        "户口 迁移 落户 迁入 户籍",
    ),
    (
        "gz-service",
        "户籍证件",
        "新生儿落户",
        "孩子出生后怎样办理户口登记？",
        "新生儿出生后一个月内，由父母一方持《出生医学证明》、父母双方户口簿和身份证、结婚证到父亲或母亲户籍所在地派出所申报出生登记，也可通过“出生一件事”联办平台线上申请，材料齐全的当场办结。",
        "新生儿 落户 出生登记 出生医学证明 上户口",
    ),
    (
        "gz-hrss",
        "社会救助",
        "残疾人补贴",
        "残疾人两项补贴的条件和申请方式是什么？",
        "困难残疾人生活补贴面向低保家庭中的残疾人；重度残疾人护理补贴面向残疾等级为一、二级的残疾人。本人或监护人持残疾人证、身份证、户口簿向户籍所在地乡镇（街道）提出申请，经审核公示后按月发放，也可通过全国残疾人两项补贴线上申请。",
        "残疾人 补贴 护理补贴 生活补贴 残疾证",
    ),
    (
        "gz-dongjie",
        "社会救助",
        "老年人优待证",
        "老年人优待证怎么办理，有什么优惠？",
        "年满 60 周岁的本地户籍老年人，持身份证和一寸照片到户籍所在地乡镇（街道）便民服务中心办理，当场或 5 个工作日内领证。持证可享受公共交通、公园景区、医疗挂号等方面的优待，具体项目以公布的优待政策为准。",
        "老年人 优待证 老年证 60周岁 优惠",
    ),
    (
        "gz-12345",
        "热线服务",
        "12345热线受理范围",
        "12345 热线受理哪些事项，哪些不受理？",
        "12345 热线 7×24 小时受理企业和群众的咨询、求助、投诉、举报和意见建议。依法应通过诉讼、仲裁、纪检监察、行政复议、信访等途径解决的事项，涉及国家秘密、商业秘密、个人隐私的事项，以及已进入司法程序的事项不予受理，话务员会作解释并告知正确途径。紧急求助请直接拨打 110、119、120、122。",
        "12345 热线 受理范围 不予受理 投诉 咨询",
    ),
];

/// KB-LIFE: seeds the demo entries as published (each through draft, submit and publish,
/// audited). Does nothing when any entry exists; an owner unit missing from the unit tree is
/// skipped. Answers how many entries were published.
pub async fn seed(db: &Db, actor: &AuditActor) -> Result<usize> {
    // Any entry at all, published or not (the empty query lists every entry).
    if !kb_store::search(db, "", false, 1).await?.is_empty() {
        return Ok(0);
    }
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|jurisdiction| jurisdiction.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let rules = Rules {
        calendar: &calendar,
        profile: &profile,
    };
    let now = calendar::Instant::from_millis(platform::db::now_ms());
    let mut drafts = Vec::with_capacity(ENTRIES.len());
    for (unit_code, category, title, question, answer, keywords) in ENTRIES {
        let Some(unit) = platform::units::find_by_code(db, unit_code).await? else {
            continue;
        };
        let draft = KbDraft {
            title: (*title).to_owned(),
            question: (*question).to_owned(),
            answer: (*answer).to_owned(),
            keywords: (*keywords).to_owned(),
            category: (*category).to_owned(),
        };
        drafts.push((UnitId(unit.id), draft));
    }
    let published = drafts.len();
    let mut tx = db.begin().await?;
    for (owner, draft) in drafts {
        let id = kb_store::draft(&mut tx, actor, owner, draft, now).await?;
        kb_store::submit(&mut tx, actor, id, now).await?;
        kb_store::publish(&mut tx, actor, id, rules, now).await?;
    }
    tx.commit().await?;
    tracing::info!(n = published, "demo knowledge entries published");
    Ok(published)
}
