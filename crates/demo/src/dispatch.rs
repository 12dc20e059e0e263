//! The demo's dispatch catalogue (派单目录, issue 14 item 9): the words of the matters each
//! handling unit is competent for, saved through the hotline's use case like a supervisor
//! would, so that the order page suggests 区市场监督管理局 for a complaint about a shop.

use platform::audit::AuditActor;
use platform::db::Db;

const CATALOGUE: &[(&str, &str)] = &[
    (
        "gz-market",
        "商铺 商店 饭店 餐馆 超市 食品 药品 价格 消费 商家 假冒 营业执照 占道经营",
    ),
    (
        "gz-housing",
        "物业 小区 工地 施工 房屋 燃气 供暖 电梯 维修基金 噪音",
    ),
    ("gz-hrss", "社保 医保 工资 欠薪 劳动合同 就业 养老保险 失业"),
    ("gz-education", "学校 幼儿园 教师 学生 招生 培训机构"),
];

pub async fn seed(db: &Db, actor: &AuditActor) -> anyhow::Result<()> {
    for (code, words) in CATALOGUE {
        if let Some(unit) = platform::units::find_by_code(db, code).await? {
            hotline::usecase::save_dispatch_keywords(
                db,
                actor,
                unit.id,
                words,
                platform::db::now_ms(),
            )
            .await?;
        }
    }
    Ok(())
}
