//! The required catalogue categories and site columns (PUB-CATEGORIES): the profile lists of
//! each jurisdiction as the seeds give them (fenggang: 14 categories, 8 more for townships, 13
//! portal columns with the 政府信息公开专栏, no unit sites; xingning: 10 portal items, 6 per
//! unit site; ganzhou's portal columns of 000 门户 §16), and the check that lists what a unit's
//! catalogue or a site lacks.

use openness::categories::{Scope, check_site, check_unit, parse};
use platform::profile::preset;

use crate::{FENGGANG, PROFILE};

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn pub_categories_profile_lists_follow_the_seeds() {
    let fenggang = &FENGGANG.openness;
    assert_eq!(parse(&fenggang.catalogue_categories).len(), 14);
    assert_eq!(parse(&fenggang.township_categories).len(), 8);
    let portal = parse(&fenggang.portal_columns);
    assert_eq!(portal.len(), 13);
    assert!(portal.iter().any(|c| c.name == "政府信息公开专栏"));
    // 002 网站规范 §6: no unit sites in fenggang, so nothing is required of them.
    assert!(parse(&fenggang.unit_site_columns).is_empty());
    let xingning = preset("xingning").unwrap().build();
    assert_eq!(parse(&xingning.openness.portal_columns).len(), 10);
    assert_eq!(parse(&xingning.openness.unit_site_columns).len(), 6);
    let ganzhou = &PROFILE.openness;
    let columns = parse(&ganzhou.portal_columns);
    assert_eq!(columns.len(), 10);
    assert!(columns.iter().any(|c| c.name == "政府信息公开"));
}

#[test]
fn pub_categories_parse_reads_names_and_keywords() {
    let items = parse("财政信息=财政、预算；  ；机构设置");
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].name, "财政信息");
    assert_eq!(items[0].keywords, vec!["财政", "预算"]);
    // Without keywords, the name is its own.
    assert_eq!(items[1].keywords, vec!["机构设置"]);
}

#[test]
fn pub_categories_check_site_lists_the_missing_portal_columns() {
    let all = names(&[
        "地区概况",
        "机构设置",
        "工作动态",
        "法规文件",
        "规划计划",
        "统计信息",
        "财政信息",
        "权责清单",
        "执法监督",
        "重大项目",
        "政策执行和落实情况",
        "政府信息公开",
        "其他",
    ]);
    assert!(check_site(&FENGGANG, true, &all).is_empty());
    // Without the 政府信息公开专栏 and the finance column, exactly those two are missing.
    let fewer: Vec<String> = all
        .iter()
        .filter(|c| !c.contains("政府信息公开") && !c.contains("财政"))
        .cloned()
        .collect();
    let missing = check_site(&FENGGANG, true, &fewer);
    let missing: Vec<&str> = missing.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(missing, vec!["财政信息", "政府信息公开专栏"]);
    // A unit site in fenggang has nothing required; in xingning all six when empty.
    assert!(check_site(&FENGGANG, false, &[]).is_empty());
    let xingning = preset("xingning").unwrap().build();
    let missing = check_site(&xingning, false, &[]);
    assert_eq!(missing.len(), 6);
    assert!(missing.iter().all(|m| m.scope == Scope::UnitSite));
}

#[test]
fn pub_categories_check_unit_reads_columns_and_catalogue_titles_and_townships() {
    let columns = names(&["机构职能", "政策文件", "统计数据", "财政预决算"]);
    let titles = names(&[
        "关于2026年行政事业性收费项目的公示",
        "2026年政府集中采购目录",
    ]);
    let missing = check_unit(&FENGGANG, false, &columns, &titles);
    let names: Vec<&str> = missing.iter().map(|m| m.name.as_str()).collect();
    assert!(!names.iter().any(|n| n.contains("收费")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("采购")), "{names:?}");
    assert!(names.iter().any(|n| n.contains("处罚决定")), "{names:?}");
    assert!(missing.iter().all(|m| m.scope == Scope::Catalogue));
    // A township must also carry §7's eight.
    let township = check_unit(&FENGGANG, true, &columns, &titles);
    assert_eq!(
        township
            .iter()
            .filter(|m| m.scope == Scope::Township)
            .count(),
        8
    );
}

#[test]
fn pub_categories_the_portal_is_not_told_it_lacks_the_sections_the_platform_serves() {
    // PUB-CATEGORIES: ganzhou's portal with no column at all still has 办事服务, 政民互动,
    // 政府信息公开, 征集调查 and 政务访谈 (000 门户 §16), served by the platform itself; the
    // columns only an office can fill (领导之窗, 部门动态) are still missing.
    let ganzhou = preset("ganzhou").unwrap().build();
    let missing = openness::usecase::categories::site_missing(&ganzhou, true, &[]);
    let missing: Vec<&str> = missing.iter().map(|m| m.name.as_str()).collect();
    for served in [
        "办事服务",
        "政民互动",
        "政府信息公开",
        "征集调查",
        "政务访谈",
    ] {
        assert!(!missing.contains(&served), "{served} in {missing:?}");
    }
    assert!(missing.contains(&"领导之窗"), "{missing:?}");
    // A unit site gets no such help.
    let xingning = preset("xingning").unwrap().build();
    let unit_site = openness::usecase::categories::site_missing(&xingning, false, &[]);
    assert_eq!(unit_site.len(), 6);
}
