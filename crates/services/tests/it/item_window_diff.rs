//! Issue 22: the version diff shows the accepting window (SVC-WINDOW) and each co-approving
//! department with its limit (SVC-PARALLEL), keyed so that a changed limit reads as a change.

use calendar::{Limit, LimitUnit};
use services::UnitId;
use services::item::{ParallelPart, WindowMode, diff, diff_named};

use crate::item;

fn wd(amount: u32) -> Limit {
    Limit {
        amount,
        unit: LimitUnit::WorkingDays,
    }
}

/// SVC-WINDOW, SVC-PARALLEL: the window's change, a new co-approver and a changed limit.
#[test]
fn svc_window_svc_parallel_diff_names_window_and_co_approvers() {
    let mut old = item();
    old.basic.window = WindowMode::Professional;
    old.process.parallel = vec![ParallelPart {
        department: UnitId(31),
        limit: wd(5),
    }];
    let mut new = old.clone();
    new.basic.window = WindowMode::Comprehensive { window: UnitId(40) };
    new.process.parallel = vec![
        ParallelPart {
            department: UnitId(31),
            limit: wd(3),
        },
        ParallelPart {
            department: UnitId(32),
            limit: wd(4),
        },
    ];
    let name = |unit: UnitId| match unit.0 {
        31 => "区住建局".to_owned(),
        32 => "区人社局".to_owned(),
        40 => "区政务服务中心".to_owned(),
        other => format!("单位 {other}"),
    };
    let lines = diff_named(&old, &new, &name);
    let shown: Vec<(&str, &str, &str)> = lines
        .iter()
        .map(|l| (l.label.as_str(), l.old.as_str(), l.new.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (
                "受理窗口",
                "本部门专业窗口",
                "综合窗口受理（事进人不进）：区政务服务中心"
            ),
            ("并联审批部门“区住建局”时限", "5个工作日", "3个工作日"),
            ("并联审批部门“区人社局”时限", "", "4个工作日"),
        ]
    );
    // Without names the units are numbered; a removed co-approver reads as removed.
    let back = diff(&new, &old);
    assert!(
        back.iter()
            .any(|l| l.label == "并联审批部门“单位 32”时限" && l.new.is_empty())
    );
}
