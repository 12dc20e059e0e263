//! Integration tests of consultations and interviews, built as one binary: the topic machine
//! (every pair of its table, the clocks, comments and ballots allowed and refused), the
//! interview machine, and both stored and run on each backend.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod interview_table;
mod stored_interviews;
mod stored_topics;
mod topic_table;

use std::sync::LazyLock;

use calendar::{Calendar, Instant};
use chrono::NaiveDate;
use consultation::topic::{Draft, Question, QuestionKind};
use consultation::{Rules, UnitId};
use platform::profile::{RuleProfile, preset};

pub static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
pub static PROFILE: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);
pub static FENGGANG: LazyLock<RuleProfile> = LazyLock::new(|| preset("fenggang").unwrap().build());

pub fn rules() -> Rules<'static> {
    Rules {
        profile: &PROFILE,
        calendar: &CAL,
    }
}

/// The consulting unit, and another.
pub const UNIT: UnitId = UnitId(4);
pub const OTHER: UnitId = UnitId(9);

/// 09:00 Shanghai time on a day of 2026.
pub fn at(month: u32, day: u32, hour: u32) -> Instant {
    Instant::from_local(
        NaiveDate::from_ymd_opt(2026, month, day).unwrap(),
        hour * 60,
    )
}

/// A draft consulted from 1 to 15 March 2026 with a comment, a single and a multiple choice
/// question.
pub fn draft() -> Draft {
    Draft {
        site_id: 1,
        title: "关于城区停车收费调整方案的意见征集".into(),
        draft: "拟调整城区路内停车收费标准，详见附件方案。".into(),
        opens_at: at(3, 2, 9),
        closes_at: at(3, 16, 9),
        questions: vec![
            Question {
                kind: QuestionKind::Comment,
                text: "您对方案有何意见建议？".into(),
                options: vec![],
            },
            Question {
                kind: QuestionKind::Single,
                text: "您是否赞成调整？".into(),
                options: vec!["赞成".into(), "不赞成".into(), "无所谓".into()],
            },
            Question {
                kind: QuestionKind::Multiple,
                text: "您常在哪些时段停车？".into(),
                options: vec!["早高峰".into(), "白天".into(), "晚间".into()],
            },
        ],
        no_secrets: true,
    }
}
