//! The portal tests' own small catalogue, published through the same use cases an
//! administrator uses (`save_item_version`, `publish_item`, via [`crate::store::publish`]):
//! two 人社 items asking for the same two materials (so that one's materials on file are
//! offered for the other), an instant 人社 item, and the market's food licence with
//! pre-review. Each is accepted by the service centre's comprehensive window.

use platform::Platform;
use services::UnitId;
use services::item::{Item, ItemType, Materials, Target, Theme, WindowMode};

use crate::store::{publish, unit};

/// 社会保障卡申领: 申请人居民身份证 (an e-licence type) and 近期二寸免冠彩色照片, both required.
pub const CARD: &str = "SP-CARD-001";
/// 就业创业证申领: the same two materials as [`CARD`].
pub const JOB: &str = "SP-JOB-001";
/// 城乡居民养老保险参保登记, an instant item (即办件): 申请人居民身份证 and 居民户口簿.
pub const PENSION: &str = "SP-PENSION-001";
/// 食品经营许可 ([`crate::item`]) at the market bureau, with online pre-review: materials
/// `id_card` and `form` required, `lease` optional.
pub const FOOD: &str = "SP-FOOD-001";

/// `item` implemented by `department` (its stages too), accepted by the window `gz-service`.
pub async fn at_units(p: &Platform, mut item: Item, department: &str) -> Item {
    let department: UnitId = unit(p, department).await;
    item.basic.department = department;
    for stage in &mut item.process.stages {
        stage.department = department;
    }
    item.basic.window = WindowMode::Comprehensive {
        window: unit(p, "gz-service").await,
    };
    item
}

/// [`crate::plain`] renamed, of `item_type`, for `target` in the life event `theme`.
pub fn named(name: &str, item_type: ItemType, target: Target, theme: &str) -> Item {
    let mut item = crate::plain();
    item.basic.main_name = name.into();
    item.basic.sub_name = String::new();
    item.basic.item_type = item_type;
    item.basic.targets = vec![target];
    item.basic.themes = vec![Theme::parse(target, theme).unwrap()];
    item
}

fn personal(name: &str, materials: &[(&str, &str, Option<&str>)]) -> Item {
    let mut item = named(
        name,
        ItemType::PublicService,
        Target::NaturalPerson,
        "社会保障",
    );
    item.basic.result.licence_type = None;
    item.process.special.clear();
    item.materials = Materials::List(
        materials
            .iter()
            .map(|&(code, name, licence)| crate::material(code, name, true, licence))
            .collect(),
    );
    item
}

/// Publishes [`CARD`], [`JOB`], [`PENSION`] and [`FOOD`].
pub async fn portal_items(p: &Platform) {
    let id_card = ("id_card", "申请人居民身份证", Some("居民身份证"));
    let photo = ("photo", "近期二寸免冠彩色照片", None);
    let hukou = ("hukou", "居民户口簿", None);
    let card = personal("社会保障卡申领", &[id_card, photo]);
    publish(p, CARD, at_units(p, card, "gz-hrss").await).await;
    let job = personal("就业创业证申领", &[id_card, photo]);
    publish(p, JOB, at_units(p, job, "gz-hrss").await).await;
    let mut pension = personal("城乡居民养老保险参保登记", &[id_card, hukou]);
    pension.basic.case_type = services::item::CaseType::Instant;
    pension.basic.promised_limit = crate::limit("0wd");
    pension.process.stages.clear();
    publish(p, PENSION, at_units(p, pension, "gz-hrss").await).await;
    publish(p, FOOD, at_units(p, crate::item(), "gz-market").await).await;
}
