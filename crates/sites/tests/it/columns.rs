//! WEB-COLUMNS, WEB-FRESH: columns form a tree per site, each with a responsible unit and two
//! different editors; a special column has its opening unit and the office's approval; each
//! type's update window comes from the rule profile.

use sites::ErrorKind;
use sites::column::{ColumnKind, ColumnTree};

use crate::*;

fn named(id: i64, parent: Option<i64>, name: &str, kind: ColumnKind) -> Column {
    let mut column = column(id, kind);
    column.parent = parent.map(ColumnId);
    column.name = name.into();
    column
}

/// The portal's columns: 政府信息公开 › 政策文件 › 区政府文件, and 今日甘州.
fn portal_columns() -> Vec<Column> {
    vec![
        named(1, None, "政府信息公开", ColumnKind::Static),
        named(2, Some(1), "政策文件", ColumnKind::Policy),
        named(3, Some(2), "区政府文件", ColumnKind::Policy),
        named(4, None, "今日甘州", ColumnKind::News),
    ]
}

/// WEB-COLUMNS (000 网站 §29, 门户 §16): a column has a name and a responsible unit, its A and
/// B editors are two people, and a special column (and only it) names its opening unit.
#[test]
fn web_columns_a_column_has_two_different_editors_and_a_special_one_its_opening_unit() {
    assert!(column(1, ColumnKind::News).check().is_ok());
    assert!(column(1, ColumnKind::Special).check().is_ok());
    let mut same = column(1, ColumnKind::News);
    same.name = " ".into();
    same.editors.b = same.editors.a;
    assert_eq!(
        same.check().unwrap_err().to_string(),
        "请填写栏目名称；A岗和B岗应由不同人员担任"
    );
    let mut special = column(1, ColumnKind::Special);
    special.special = None;
    assert_eq!(
        special.check().unwrap_err().to_string(),
        "专题专栏应登记开设单位（谁开设、谁保障）"
    );
    let mut news = column(1, ColumnKind::News);
    news.special = column(2, ColumnKind::Special).special;
    assert!(news.check().is_err());
}

/// WEB-COLUMNS: the columns of a site form a tree with breadcrumbs; a missing parent, a
/// parent of another site, a repeated id or a cycle is refused, and so is a move under
/// oneself.
#[test]
fn web_columns_form_a_tree_per_site() {
    let tree = ColumnTree::new(portal_columns()).unwrap();
    let path: Vec<&str> = tree
        .path(ColumnId(3))
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(path, ["政府信息公开", "政策文件", "区政府文件"]);
    let roots: Vec<i64> = tree.roots().iter().map(|c| c.id.0).collect();
    assert_eq!(roots, [1, 4]);
    assert_eq!(tree.children(ColumnId(1)).len(), 1);
    assert!(tree.is_first_level(ColumnId(4)) && !tree.is_first_level(ColumnId(2)));
    assert!(tree.check_move(ColumnId(4), Some(ColumnId(1))).is_ok());
    assert!(tree.check_move(ColumnId(2), None).is_ok());
    let error = tree.check_move(ColumnId(1), Some(ColumnId(3))).unwrap_err();
    assert_eq!(
        error.to_string(),
        "不能把栏目“政府信息公开”移到它自己或它的下级栏目之下"
    );
    let mut orphan = portal_columns();
    orphan.push(named(5, Some(99), "孤儿", ColumnKind::News));
    assert!(
        ColumnTree::new(orphan)
            .unwrap_err()
            .to_string()
            .contains("上级栏目不存在")
    );
    let mut foreign = portal_columns();
    let mut elsewhere = named(6, Some(1), "他站栏目", ColumnKind::News);
    elsewhere.site = SiteId(2);
    foreign.push(elsewhere);
    assert!(
        ColumnTree::new(foreign)
            .unwrap_err()
            .to_string()
            .contains("属于其他网站")
    );
    let mut cycle = portal_columns();
    cycle[0].parent = Some(ColumnId(3));
    assert!(
        ColumnTree::new(cycle)
            .unwrap_err()
            .to_string()
            .contains("不能是自己的下级栏目")
    );
    let mut twice = portal_columns();
    twice.push(named(4, None, "重复", ColumnKind::News));
    assert!(
        ColumnTree::new(twice)
            .unwrap_err()
            .to_string()
            .contains("栏目编号 4 重复")
    );
}

/// WEB-COLUMNS (000 门户 §22): opening a special column needs the approval of the district
/// government office (the supervising unit's leader), once.
#[test]
fn web_columns_a_special_column_opens_with_the_offices_approval() {
    let mut special = column(7, ColumnKind::Special);
    assert!(special.check_open().is_err());
    let error = special
        .approve_special(&dept_leader(), OFFICE, t0())
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotPermitted);
    special
        .approve_special(&office_leader(), OFFICE, t0())
        .unwrap();
    assert!(special.check_open().is_ok());
    let again = special.approve_special(&office_leader(), OFFICE, t0());
    assert_eq!(again.unwrap_err().to_string(), "该专题专栏已审核同意");
    let mut news = column(8, ColumnKind::News);
    assert!(
        news.approve_special(&office_leader(), OFFICE, t0())
            .is_err()
    );
}

/// WEB-FRESH: each type's update window is the profile's (ganzhou; fenggang news weekly);
/// the national check's stale count takes news at any level and notices and policies at the
/// first level.
#[test]
fn web_fresh_each_column_types_window_comes_from_the_profile() {
    use ColumnKind as K;
    // (type, ganzhou window, fenggang window, core at the first level, core below it)
    type Row = (K, Option<&'static str>, Option<&'static str>, bool, bool);
    let rows: &[Row] = &[
        (K::News, Some("14d"), Some("7d"), true, true),
        (K::Notice, Some("183d"), Some("183d"), true, false),
        (K::Policy, Some("183d"), Some("183d"), true, false),
        (K::Interpretation, None, None, false, false),
        (K::Personnel, Some("183d"), Some("183d"), false, false),
        (K::Plans, Some("183d"), Some("183d"), false, false),
        (K::WorkPlans, Some("365d"), Some("365d"), false, false),
        (K::Overview, Some("365d"), Some("365d"), false, false),
        (K::Special, Some("183d"), Some("183d"), false, false),
        (K::Static, None, None, false, false),
        (K::Other, None, None, false, false),
    ];
    assert_eq!(rows.len(), K::ALL.len());
    for (kind, ganzhou, fenggang, core_first, core_below) in rows {
        let text = |profile: &RuleProfile| kind.window(profile).map(|w| w.to_string());
        assert_eq!(text(&PROFILE).as_deref(), *ganzhou, "{kind:?}");
        assert_eq!(text(&FENGGANG).as_deref(), *fenggang, "{kind:?}");
        assert_eq!(kind.is_core(true), *core_first, "{kind:?}");
        assert_eq!(kind.is_core(false), *core_below, "{kind:?}");
        assert!(!kind.label_zh().is_empty() && !kind.code().is_empty());
    }
}
