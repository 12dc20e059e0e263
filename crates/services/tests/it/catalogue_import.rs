//! Issue 22: the catalogue's workbook read back (SVC-ITEM-LIFE, SVC-ITEM-FIELDS) — every cell
//! checked with its sheet, row and column named; the limits as the export writes them; the
//! merge keeps what the workbook does not carry.

use services::item::import::{
    ITEM_HEADERS, ImportSheet, MATERIAL_HEADERS, column_letter, merged, parse_limit, read_catalogue,
};
use services::item::{Fee, Materials};

use crate::*;

fn cells(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn workbook(item_row: &[&str], material_row: &[&str]) -> Vec<ImportSheet> {
    let headers = |h: &[&str]| cells(h);
    vec![
        ImportSheet {
            name: "事项".into(),
            rows: vec![
                cells(&["政务服务事项目录"]),
                Vec::new(),
                headers(ITEM_HEADERS),
                cells(item_row),
                Vec::new(),
                cells(&["导出时间：…"]),
            ],
        },
        ImportSheet {
            name: "T-1".into(),
            rows: vec![
                cells(&["T-1 申请材料"]),
                Vec::new(),
                headers(MATERIAL_HEADERS),
                cells(material_row),
            ],
        },
    ]
}

const GOOD_ITEM: &[&str] = &[
    "T-1",
    "营业执照核发",
    "",
    "行政许可",
    "承诺件",
    "",
    "20个工作日",
    "10个工作日",
    "是",
    "每件10元",
    "《条例》第三条",
    "是",
    "否",
    "已发布",
    "2",
    "2",
    "1",
];
const GOOD_MATERIAL: &[&str] = &[
    "id_card",
    "居民身份证",
    "是",
    "1",
    "有效期内",
    "原件",
    "",
    "",
    "否",
    "《条例》",
    "公安机关",
];

#[test]
fn svc_item_life_a_good_workbook_reads_into_rows() {
    let rows = read_catalogue(&workbook(GOOD_ITEM, GOOD_MATERIAL)).unwrap();
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row.row, 4);
    assert_eq!(row.working, Some(2));
    assert_eq!(row.fee.as_deref(), Some("每件10元"));
    assert_eq!(row.legal_limit, limit("20wd"));
    let materials = row.materials.as_ref().unwrap();
    assert_eq!(materials[0].code, "id_card");
    assert!(materials[0].required);
}

#[test]
fn svc_item_life_every_bad_cell_is_named_by_sheet_row_and_column() {
    let mut bad_item = GOOD_ITEM.to_vec();
    bad_item[3] = "许可";
    bad_item[6] = "二十天";
    bad_item[8] = "收";
    let mut bad_material = GOOD_MATERIAL.to_vec();
    bad_material[3] = "-1";
    let problems = read_catalogue(&workbook(&bad_item, &bad_material)).unwrap_err();
    let text: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(text.contains(&"工作表“事项”第4行D（事项类型）列：“许可”不是事项类型，应为：行政许可、行政确认、行政给付、行政征收、行政处罚、行政强制、行政检查、行政奖励、行政裁决、其他行政权力、公共服务".to_owned()), "{text:?}");
    assert!(
        text.iter()
            .any(|t| t.starts_with("工作表“事项”第4行G（法定办结时限）列")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("工作表“事项”第4行I（是否收费）列")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.starts_with("工作表“T-1”第4行D（份数）列")),
        "{text:?}"
    );
}

#[test]
fn svc_item_life_missing_sheet_header_and_orphan_material_sheet_are_refused() {
    let mut book = workbook(GOOD_ITEM, GOOD_MATERIAL);
    book[1].name = "T-2".into();
    let problems = read_catalogue(&book).unwrap_err();
    assert!(
        problems[0].to_string().contains("材料清单无法对应"),
        "{problems:?}"
    );
    let problems = read_catalogue(&book[1..]).unwrap_err();
    assert!(problems[0].message.contains("没有“事项”工作表"));
    let mut book = workbook(GOOD_ITEM, GOOD_MATERIAL);
    book[0].rows[2][9] = "收费".into();
    let problems = read_catalogue(&book).unwrap_err();
    assert!(
        problems[0].message.contains("表头缺少“收费标准”列"),
        "{problems:?}"
    );
}

#[test]
fn svc_item_life_limits_read_as_the_export_writes_them() {
    assert_eq!(parse_limit("20个工作日").unwrap(), limit("20wd"));
    assert_eq!(parse_limit("4个工作小时").unwrap(), limit("4wh"));
    assert_eq!(parse_limit("12小时").unwrap(), limit("12h"));
    assert_eq!(parse_limit("30天").unwrap(), limit("30d"));
    assert_eq!(parse_limit("5").unwrap(), limit("5wd"));
    assert!(parse_limit("五天").is_err());
    assert_eq!(column_letter(0), "A");
    assert_eq!(column_letter(26), "AA");
}

#[test]
fn svc_item_life_merge_keeps_what_the_workbook_does_not_carry() {
    let base = item();
    let mut row = read_catalogue(&workbook(GOOD_ITEM, GOOD_MATERIAL))
        .unwrap()
        .remove(0);
    let code = base.materials.list()[0].code.clone();
    row.materials.as_mut().unwrap()[0].code.clone_from(&code);
    let merged = merged(&base, &row);
    assert_eq!(merged.basic.main_name, "营业执照核发");
    assert!(matches!(merged.basic.fee, Fee::Charged { .. }));
    assert_eq!(merged.basic.result, base.basic.result);
    let Materials::List(list) = &merged.materials else {
        panic!("a list");
    };
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].kind, base.materials.list()[0].kind);
    assert_eq!(list[0].sample, base.materials.list()[0].sample);
    assert_eq!(list[0].name, "居民身份证");
}

/// SVC-ONE-DOOR, SVC-STATUS: 进驻政务大厅 and 结果公示 come back from the workbook as the export
/// writes them (是/否, a wrong word named by its cell); a workbook exported before the two
/// columns existed still reads, and the guide keeps its own values.
#[test]
fn svc_one_door_in_hall_and_results_columns_read_and_merge() {
    let hall = ITEM_HEADERS
        .iter()
        .position(|h| *h == "进驻政务大厅")
        .unwrap();
    let results = ITEM_HEADERS.iter().position(|h| *h == "结果公示").unwrap();
    let row = read_catalogue(&workbook(GOOD_ITEM, GOOD_MATERIAL))
        .unwrap()
        .remove(0);
    assert_eq!(
        (row.in_hall, row.publish_results),
        (Some(true), Some(false))
    );
    let mut base = item();
    base.basic.more.publish_results = true;
    let merged_item = merged(&base, &row);
    assert!(merged_item.basic.more.in_hall);
    assert!(!merged_item.basic.more.publish_results);

    let mut bad = GOOD_ITEM.to_vec();
    bad[hall] = "进驻";
    let problems = read_catalogue(&workbook(&bad, GOOD_MATERIAL)).unwrap_err();
    assert!(
        problems[0]
            .to_string()
            .contains("（进驻政务大厅）列：应填“是”或“否”"),
        "{problems:?}"
    );

    // The older workbook: both columns dropped from the header and the row.
    let mut book = workbook(GOOD_ITEM, GOOD_MATERIAL);
    for index in [results, hall] {
        book[0].rows[2].remove(index);
        book[0].rows[3].remove(index);
    }
    let row = read_catalogue(&book).unwrap().remove(0);
    assert_eq!((row.in_hall, row.publish_results), (None, None));
    let kept = merged(&base, &row);
    assert!(!kept.basic.more.in_hall);
    assert!(kept.basic.more.publish_results);
}
