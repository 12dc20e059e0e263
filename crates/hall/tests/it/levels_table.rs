//! HALL-LEVELS: the centres' levels and parents (the district centre alone at the top,
//! sub-centres and townships' centres under it, villages' stations under a township's), a
//! sub-centre's approval (§11), the convenience-item list's checks (§4(七)) and the monthly
//! report's (§13).

use chrono::NaiveDate;
use hall::levels::{Centre, Level, Report, check, check_items, check_report, parse_month};
use platform::ids::UnitId;

fn centre(level: Level, parent: Option<Level>) -> Centre {
    Centre {
        name: "梁家墩镇便民服务中心".into(),
        level,
        parent: parent.map(|l| (1, l)),
        unit: Some(UnitId(3)),
        approval: "甘州政发〔2024〕12号".into(),
        address: "梁家墩镇政府一楼".into(),
        hours: "工作日 9:00-17:00".into(),
        phone: "0936-1234567".into(),
    }
}

/// HALL-LEVELS: every level against every parent level (and none).
#[test]
fn hall_levels_parent_of_each_level() {
    let parents = [
        None,
        Some(Level::District),
        Some(Level::SubCentre),
        Some(Level::Township),
        Some(Level::Village),
    ];
    for level in Level::ALL {
        for parent in parents {
            let allowed = level.parent_level() == parent;
            let outcome = check(&centre(level, parent));
            assert_eq!(outcome.is_ok(), allowed, "{level:?} under {parent:?}");
        }
    }
    assert_eq!(Level::Village.parent_level(), Some(Level::Township));
    assert!(!Level::District.reports());
    assert!(Level::SubCentre.reports() && Level::Township.reports() && Level::Village.reports());
}

/// HALL-LEVELS §11: a sub-centre needs the government's approval and its department.
#[test]
fn hall_levels_sub_centre_needs_approval() {
    let mut sub = centre(Level::SubCentre, Some(Level::District));
    sub.approval = " ".into();
    sub.unit = None;
    let error = check(&sub).unwrap_err().to_string();
    assert!(error.contains("批准"), "{error}");
    assert!(error.contains("业务主管单位"), "{error}");
    let mut township = centre(Level::Township, Some(Level::District));
    township.approval.clear();
    assert!(check(&township).is_ok());
    township.name = "镇".into();
    assert!(check(&township).is_err());
}

/// HALL-LEVELS §4(七): the list holds published items each once.
#[test]
fn hall_levels_item_list() {
    assert_eq!(check_items(&[3, 1, 3], &[1, 2, 3]).unwrap(), vec![1, 3]);
    assert!(check_items(&[4], &[1, 2, 3]).is_err());
    assert!(check_items(&[], &[1]).unwrap().is_empty());
}

/// HALL-LEVELS §13: a report by a lower centre for a begun month, figures in range.
#[test]
fn hall_levels_report_checks() {
    let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
    let report = Report {
        month: parse_month("2026-02").unwrap(),
        item_changes: "新增“老年人优待证办理”".into(),
        received: 120,
        completed: 118,
        note: String::new(),
    };
    assert!(check_report(Level::SubCentre, &report, today).is_ok());
    assert!(check_report(Level::Village, &report, today).is_ok());
    assert!(check_report(Level::District, &report, today).is_err());
    let future = Report {
        month: parse_month("2026-04").unwrap(),
        ..report.clone()
    };
    assert!(check_report(Level::Township, &future, today).is_err());
    let negative = Report {
        received: -1,
        ..report.clone()
    };
    assert!(check_report(Level::Township, &negative, today).is_err());
    assert!(parse_month("2026-13").is_none());
    assert!(parse_month("三月").is_none());
}
