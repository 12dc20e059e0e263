//! The social evaluation of the units' openness work (政务公开社会评议, PUB-EVAL; 002 社会评议
//! §8–10,13): once a year the openness office opens an evaluation; evaluators (社会评议代表)
//! of its register, each appointed for a term of `openness.evaluator_term_years` (两年一聘),
//! fill one sheet per unit — 满意, 基本满意 or 不满意 with a remark — and a submitted sheet is
//! never changed again (§13(二): 严禁篡改统计数据); the satisfaction of a unit is computed from
//! the submitted sheets only; below `openness.evaluation_pass_percent` (60 %) the unit's head
//! is interviewed (约谈), two years in a row below it is an accountability event (追究有关领导
//! 的责任, a PUB-ACCOUNT case); the results are reported upward and published (§9).
//!
//! Plain functions over plain records: no IO, "today" is a parameter.

use std::collections::BTreeMap;

use calendar::Instant;
use chrono::{Datelike, NaiveDate};
use platform::profile::RuleProfile;

use crate::{OpennessError, UnitId, UserId};

macro_rules! id {
    ($name:ident) => {
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            PartialOrd,
            Ord,
            Hash,
            serde::Serialize,
            serde::Deserialize,
        )]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id!(EvaluatorId);
id!(EvaluationId);
id!(SheetId);

/// An evaluator of the register (社会评议代表, §10).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluator {
    pub id: EvaluatorId,
    /// The openness office that appointed them.
    pub office: UnitId,
    pub name: String,
    /// Where they come from (§10: 人大代表、政协委员、党政机关、人民团体、新闻单位…).
    pub origin: String,
    pub term_from: NaiveDate,
    pub term_until: NaiveDate,
}

impl Evaluator {
    /// PUB-EVAL: whether `day` is within the term.
    pub fn serves_on(&self, day: NaiveDate) -> bool {
        self.term_from <= day && day <= self.term_until
    }
}

/// PUB-EVAL: the last day of a term starting on `from` (`openness.evaluator_term_years`
/// years, 两年一聘): the day before the same date `years` later.
pub fn term_until(from: NaiveDate, profile: &RuleProfile) -> NaiveDate {
    let years = profile.openness.evaluator_term_years.max(1);
    let year = from.year() + years as i32;
    let end = NaiveDate::from_ymd_opt(year, from.month(), from.day())
        // 29 February: the term ends on 28 February.
        .or_else(|| NaiveDate::from_ymd_opt(year, from.month(), 28))
        .unwrap_or(from);
    end.pred_opt().unwrap_or(end)
}

/// The evaluator the office appoints, checked: a name, an origin, a term start.
pub fn appoint(
    office: UnitId,
    name: &str,
    origin: &str,
    term_from: NaiveDate,
    profile: &RuleProfile,
) -> Result<Evaluator, OpennessError> {
    let mut problems = Vec::new();
    if name.trim().is_empty() {
        problems.push("请填写评议代表姓名".to_owned());
    }
    if origin.trim().is_empty() {
        problems.push("请填写评议代表的来源（人大代表、政协委员、新闻单位等）".to_owned());
    }
    OpennessError::check_all(problems)?;
    Ok(Evaluator {
        id: EvaluatorId(0),
        office,
        name: name.trim().to_owned(),
        origin: origin.trim().to_owned(),
        term_from,
        term_until: term_until(term_from, profile),
    })
}

/// A year's evaluation of the office (§8: 一年一次).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    pub id: EvaluationId,
    pub office: UnitId,
    pub year: i32,
    pub opened_by: UserId,
    pub opened_at: Instant,
    /// When the results were published (§9: 向社会公开); sheets are closed then.
    pub published_at: Option<Instant>,
}

/// An evaluator's rating of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rating {
    Satisfied,
    Basic,
    Unsatisfied,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Satisfied, Rating::Basic, Rating::Unsatisfied];

    pub const fn code(self) -> &'static str {
        match self {
            Rating::Satisfied => "satisfied",
            Rating::Basic => "basic",
            Rating::Unsatisfied => "unsatisfied",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            Rating::Satisfied => "满意",
            Rating::Basic => "基本满意",
            Rating::Unsatisfied => "不满意",
        }
    }

    pub fn from_code(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// One evaluator's sheet on one unit in one year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub id: SheetId,
    pub evaluation: EvaluationId,
    pub evaluator: EvaluatorId,
    pub unit: UnitId,
    pub rating: Rating,
    pub remark: String,
    pub entered_by: UserId,
    /// Set once, when submitted: from then on the sheet is never changed (§13(二)).
    pub submitted_at: Option<Instant>,
}

/// PUB-EVAL: whether a sheet may be entered or changed — the year not published, the
/// evaluator in term on `today`, the sheet not submitted; every problem at once.
pub fn check_entry(
    evaluation: &Evaluation,
    evaluator: &Evaluator,
    existing: Option<&Sheet>,
    today: NaiveDate,
) -> Result<(), OpennessError> {
    if existing.is_some_and(|s| s.submitted_at.is_some()) {
        return Err(OpennessError::not_permitted(
            "该评议表已提交，提交后不得修改（严禁篡改评议数据）",
        ));
    }
    let mut problems = Vec::new();
    if evaluation.published_at.is_some() {
        problems.push(format!(
            "{}年度评议结果已公开，不能再录入评议表",
            evaluation.year
        ));
    }
    if evaluator.office != evaluation.office {
        problems.push("该评议代表不在本办公室的评议代表名册中".to_owned());
    } else if !evaluator.serves_on(today) {
        problems.push(format!(
            "评议代表{}的聘期为 {} 至 {}，今天不在聘期内",
            evaluator.name, evaluator.term_from, evaluator.term_until
        ));
    }
    OpennessError::check_all(problems)
}

/// The submitted sheets of a unit, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub satisfied: u32,
    pub basic: u32,
    pub unsatisfied: u32,
}

impl Tally {
    pub fn total(&self) -> u32 {
        self.satisfied + self.basic + self.unsatisfied
    }

    /// 群众满意率: (满意 + 基本满意) / 评议表数, in percent with one decimal; `None` without
    /// a sheet.
    pub fn percent(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| {
            let tenths =
                (u64::from(self.satisfied + self.basic) * 1000 * 2 / u64::from(total)).div_ceil(2);
            tenths as f64 / 10.0
        })
    }

    /// PUB-EVAL: below the profile's pass percent (达不到60%), compared exactly; a unit with
    /// no submitted sheet is not judged.
    pub fn below(&self, profile: &RuleProfile) -> bool {
        let total = u64::from(self.total());
        let pass = u64::from(profile.openness.evaluation_pass_percent);
        total > 0 && u64::from(self.satisfied + self.basic) * 100 < pass * total
    }
}

/// PUB-EVAL: the satisfaction of each unit from the submitted sheets (drafts do not count).
pub fn tally(sheets: &[Sheet]) -> BTreeMap<UnitId, Tally> {
    let mut tallies: BTreeMap<UnitId, Tally> = BTreeMap::new();
    for sheet in sheets.iter().filter(|s| s.submitted_at.is_some()) {
        let tally = tallies.entry(sheet.unit).or_default();
        match sheet.rating {
            Rating::Satisfied => tally.satisfied += 1,
            Rating::Basic => tally.basic += 1,
            Rating::Unsatisfied => tally.unsatisfied += 1,
        }
    }
    tallies
}

/// What a unit's result calls for (§9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Consequence {
    /// At or above the pass percent, or not judged.
    None,
    /// Below it: the head is interviewed (约谈主要领导).
    Interview,
    /// Below it this year and the year before: the interview and an accountability event
    /// (追究有关领导的责任).
    Accountability,
}

impl Consequence {
    pub const fn label_zh(self) -> &'static str {
        match self {
            Consequence::None => "",
            Consequence::Interview => "约谈主要领导",
            Consequence::Accountability => "连续两年未达标，追究有关领导责任",
        }
    }
}

/// PUB-EVAL: the consequence of a unit's tally this year, given last year's (if it was
/// evaluated).
pub fn consequence(this: &Tally, previous: Option<&Tally>, profile: &RuleProfile) -> Consequence {
    if !this.below(profile) {
        Consequence::None
    } else if previous.is_some_and(|p| p.below(profile)) {
        Consequence::Accountability
    } else {
        Consequence::Interview
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> RuleProfile {
        RuleProfile::default()
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn tally_of(satisfied: u32, basic: u32, unsatisfied: u32) -> Tally {
        Tally {
            satisfied,
            basic,
            unsatisfied,
        }
    }

    #[test]
    fn pub_eval_every_preset_has_the_pass_percent_and_the_two_year_term() {
        for preset in platform::profile::PRESETS {
            let (name, profile) = (preset.name, preset.build());
            assert_eq!(profile.openness.evaluation_pass_percent, 60, "{name}");
            assert_eq!(profile.openness.evaluator_term_years, 2, "{name}");
        }
    }

    #[test]
    fn pub_eval_the_term_is_two_years_from_the_profile() {
        let mut profile = profile();
        let cases = [
            ("2026-01-01", 2, "2027-12-31"),
            ("2026-03-15", 2, "2028-03-14"),
            ("2028-02-29", 2, "2030-02-27"),
            ("2026-03-15", 3, "2029-03-14"),
        ];
        for (from, years, until) in cases {
            profile.openness.evaluator_term_years = years;
            assert_eq!(
                term_until(day(from), &profile),
                day(until),
                "{from} {years}"
            );
        }
        let evaluator =
            appoint(UnitId(1), "张三", "县人大代表", day("2026-03-15"), &profile).unwrap();
        assert!(evaluator.serves_on(day("2026-03-15")));
        assert!(evaluator.serves_on(day("2029-03-14")));
        assert!(!evaluator.serves_on(day("2029-03-15")));
        assert!(!evaluator.serves_on(day("2026-03-14")));
        let refused = appoint(UnitId(1), " ", "", day("2026-03-15"), &profile).unwrap_err();
        assert_eq!(refused.to_string().matches('；').count(), 1);
    }

    #[test]
    fn pub_eval_satisfaction_counts_submitted_sheets_and_judges_below_60_exactly() {
        let profile = profile();
        // (satisfied, basic, unsatisfied) → percent, below 60 %
        let table = [
            ((3, 0, 2), Some(60.0), false),
            ((1, 2, 2), Some(60.0), false),
            ((2, 0, 2), Some(50.0), true),
            ((5, 0, 4), Some(55.6), true),
            ((2, 1, 3), Some(50.0), true),
            ((0, 0, 1), Some(0.0), true),
            ((6, 3, 1), Some(90.0), false),
            ((1, 1, 1), Some(66.7), false),
            ((0, 0, 0), None, false),
        ];
        for ((s, b, u), percent, below) in table {
            let tally = tally_of(s, b, u);
            assert_eq!(tally.percent(), percent, "{s}/{b}/{u}");
            assert_eq!(tally.below(&profile), below, "{s}/{b}/{u}");
        }
        let mut strict = profile.clone();
        strict.openness.evaluation_pass_percent = 70;
        assert!(tally_of(2, 0, 1).below(&strict));
        assert!(!tally_of(2, 0, 1).below(&profile));
    }

    #[test]
    fn pub_eval_drafts_do_not_count() {
        let sheet = |unit, rating, submitted: bool| Sheet {
            id: SheetId(0),
            evaluation: EvaluationId(1),
            evaluator: EvaluatorId(1),
            unit: UnitId(unit),
            rating,
            remark: String::new(),
            entered_by: UserId(1),
            submitted_at: submitted.then(|| Instant::from_millis(1)),
        };
        let sheets = [
            sheet(1, Rating::Satisfied, true),
            sheet(1, Rating::Unsatisfied, false),
            sheet(1, Rating::Basic, true),
            sheet(2, Rating::Unsatisfied, true),
            sheet(3, Rating::Satisfied, false),
        ];
        let tallies = tally(&sheets);
        assert_eq!(tallies[&UnitId(1)], tally_of(1, 1, 0));
        assert_eq!(tallies[&UnitId(2)], tally_of(0, 0, 1));
        assert!(!tallies.contains_key(&UnitId(3)));
    }

    #[test]
    fn pub_eval_below_is_an_interview_two_years_below_an_accountability_event() {
        let profile = profile();
        let (pass, fail) = (tally_of(3, 0, 1), tally_of(1, 0, 3));
        let table = [
            (pass, None, Consequence::None),
            (pass, Some(fail), Consequence::None),
            (fail, None, Consequence::Interview),
            (fail, Some(pass), Consequence::Interview),
            (fail, Some(Tally::default()), Consequence::Interview),
            (fail, Some(fail), Consequence::Accountability),
            (Tally::default(), Some(fail), Consequence::None),
        ];
        for (this, previous, expected) in table {
            assert_eq!(
                consequence(&this, previous.as_ref(), &profile),
                expected,
                "{this:?} after {previous:?}"
            );
        }
    }

    #[test]
    fn pub_eval_a_submitted_sheet_is_never_changed_and_evaluators_serve_in_term() {
        let profile = profile();
        let evaluation = Evaluation {
            id: EvaluationId(1),
            office: UnitId(1),
            year: 2026,
            opened_by: UserId(1),
            opened_at: Instant::from_millis(0),
            published_at: None,
        };
        let evaluator =
            appoint(UnitId(1), "李四", "县政协委员", day("2025-01-01"), &profile).unwrap();
        let draft = Sheet {
            id: SheetId(1),
            evaluation: evaluation.id,
            evaluator: evaluator.id,
            unit: UnitId(2),
            rating: Rating::Basic,
            remark: String::new(),
            entered_by: UserId(1),
            submitted_at: None,
        };
        let submitted = Sheet {
            submitted_at: Some(Instant::from_millis(5)),
            ..draft.clone()
        };
        let published = Evaluation {
            published_at: Some(Instant::from_millis(9)),
            ..evaluation.clone()
        };
        let other_office = Evaluator {
            office: UnitId(7),
            ..evaluator.clone()
        };
        let (in_term, after) = (day("2026-06-01"), day("2027-01-01"));
        let table: [(&Evaluation, &Evaluator, Option<&Sheet>, NaiveDate, bool); 7] = [
            (&evaluation, &evaluator, None, in_term, true),
            (&evaluation, &evaluator, Some(&draft), in_term, true),
            (&evaluation, &evaluator, Some(&submitted), in_term, false),
            (&evaluation, &evaluator, None, after, false),
            (&published, &evaluator, None, in_term, false),
            (&published, &evaluator, Some(&submitted), in_term, false),
            (&evaluation, &other_office, None, in_term, false),
        ];
        for (i, (evaluation, evaluator, existing, today, allowed)) in table.into_iter().enumerate()
        {
            let result = check_entry(evaluation, evaluator, existing, today);
            assert_eq!(result.is_ok(), allowed, "row {i}: {result:?}");
        }
    }
}
