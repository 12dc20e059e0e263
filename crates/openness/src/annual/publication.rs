//! The written sections and the publication of the openness annual report (PUB-ANNUAL;
//! reports.md §1, format of 国办公开办函〔2021〕30号): sections 一 总体情况, 五 存在的主要问题及
//! 改进情况 and 六 其他需要报告的事项 are text the openness office writes (一 offered with a
//! summary generated from the records), kept per year until the report is published; the
//! published report is a frozen snapshot of its tables and texts. Its due date comes from
//! the profile: a unit's report by `openness.unit_annual_report_by` (31 January, 2019
//! Regulation §49), the county's by `openness.county_annual_report_by` (31 March), both of
//! the next year.

use calendar::{Instant, Limit, LimitUnit};
use chrono::NaiveDate;
use platform::profile::RuleProfile;
use serde::{Deserialize, Serialize};

use super::TableThree;
use super::four::TableFour;
use super::two::TableTwo;

/// The longest a section may be, in characters.
pub const SECTION_MAX: usize = 20_000;

/// The section headings of the national format.
pub const OVERVIEW: &str = "一、总体情况";
pub const PROBLEMS: &str = "五、存在的主要问题及改进情况";
pub const OTHER: &str = "六、其他需要报告的事项";

/// Sections 一, 五 and 六 as written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sections {
    pub overview: String,
    pub problems: String,
    pub other: String,
}

impl Sections {
    /// The sections trimmed, each with its heading.
    pub fn named(&self) -> [(&'static str, &str); 3] {
        [
            (OVERVIEW, self.overview.trim()),
            (PROBLEMS, self.problems.trim()),
            (OTHER, self.other.trim()),
        ]
    }

    /// PUB-ANNUAL: the problems of a draft (too long), every one at once.
    pub fn draft_problems(&self) -> Vec<String> {
        self.named()
            .into_iter()
            .filter(|(_, text)| text.chars().count() > SECTION_MAX)
            .map(|(name, _)| format!("“{name}”不能超过{SECTION_MAX}个字"))
            .collect()
    }

    /// PUB-ANNUAL: the problems that keep the report from being published — a section
    /// missing or too long — every one at once.
    pub fn publication_problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self
            .named()
            .into_iter()
            .filter(|(_, text)| text.is_empty())
            .map(|(name, _)| format!("请先填写“{name}”"))
            .collect();
        problems.extend(self.draft_problems());
        problems
    }
}

/// A published report as frozen (PUB-ANNUAL): its tables and sections as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub year: i32,
    /// The unit's name, or 全县 (the county's report).
    pub whose: String,
    pub sections: Sections,
    pub two: TableTwo,
    pub three: TableThree,
    pub four: TableFour,
    /// The office head who signed it off.
    pub signed_by: String,
    #[serde(with = "crate::serde_date")]
    pub published_on: NaiveDate,
    #[serde(with = "crate::serde_date")]
    pub due: NaiveDate,
}

impl Snapshot {
    /// Published after its due date.
    pub fn late(&self) -> bool {
        self.published_on > self.due
    }
}

fn month_day(text: &str, year: i32) -> Option<NaiveDate> {
    let (month, day) = text.trim().split_once('-')?;
    NaiveDate::from_ymd_opt(year, month.trim().parse().ok()?, day.trim().parse().ok()?)
}

/// PUB-ANNUAL (2019 Regulation §49; 002 年度报告 §5): the last day the report of `year` may be
/// published — a unit's by `openness.unit_annual_report_by`, the county's by
/// `openness.county_annual_report_by` (`MM-DD`, of the next year); a malformed value is read
/// as the rule's own date (31 January, 31 March).
pub fn due_date(profile: &RuleProfile, year: i32, county: bool) -> NaiveDate {
    let (text, month) = match county {
        true => (&profile.openness.county_annual_report_by, 3),
        false => (&profile.openness.unit_annual_report_by, 1),
    };
    month_day(text, year + 1)
        .or_else(|| NaiveDate::from_ymd_opt(year + 1, month, 31))
        .unwrap_or(NaiveDate::MAX)
}

/// PUB-ANNUAL: the clock of the report of `year` due on `due` — from the last day of the
/// year, in natural days, so that it runs out at the end of the due day.
pub fn clock(year: i32, due: NaiveDate) -> (Instant, Limit) {
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(due);
    let days = (due - last).num_days().clamp(0, i64::from(u32::MAX));
    (
        Instant::from_local(last, 0),
        Limit::new(u32::try_from(days).unwrap_or(0), LimitUnit::Days),
    )
}

/// PUB-ANNUAL: section 一 offered from the records when the office has written none.
pub fn summary(whose: &str, two: &TableTwo, three: &TableThree, four: &TableFour) -> String {
    let received = three.new_this_year[6];
    let carried = three.carried_from_last_year[6];
    let decided = three.results_total()[6];
    let pending = three.carried_to_next_year[6];
    let reviews = four.groups[0][4];
    let suits = four.groups[1][4] + four.groups[2][4];
    format!(
        "{year}年，{whose}认真贯彻落实《中华人民共和国政府信息公开条例》，推进政府信息公开工作。\
         主动公开方面，本年制发规章{r}件、行政规范性文件{n}件，现行有效规章{ri}件、\
         行政规范性文件{ni}件。依申请公开方面，本年新收政府信息公开申请{received}件，\
         上年结转{carried}件，办结{decided}件，结转下年度继续办理{pending}件。\
         因政府信息公开引起的行政复议{reviews}件、行政诉讼{suits}件。",
        year = two.year,
        r = two.regulations.issued,
        n = two.normative.issued,
        ri = two.regulations.in_force,
        ni = two.normative.in_force,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// PUB-ANNUAL: a unit's report of 2025 is due 31 January 2026, the county's 31 March;
    /// a malformed profile value is read as the rule's date.
    #[test]
    fn pub_annual_due_dates_come_from_the_profile() {
        let mut profile = RuleProfile::default();
        profile.openness.unit_annual_report_by = "01-31".into();
        profile.openness.county_annual_report_by = "03-31".into();
        assert_eq!(due_date(&profile, 2025, false), day(2026, 1, 31));
        assert_eq!(due_date(&profile, 2025, true), day(2026, 3, 31));
        profile.openness.unit_annual_report_by = "02-28".into();
        assert_eq!(due_date(&profile, 2025, false), day(2026, 2, 28));
        profile.openness.unit_annual_report_by = "13-99".into();
        assert_eq!(due_date(&profile, 2025, false), day(2026, 1, 31));
    }

    /// PUB-ANNUAL: the clock runs out at the end of the due day.
    #[test]
    fn pub_annual_the_clock_runs_out_at_the_end_of_the_due_day() {
        let (start, limit) = clock(2025, day(2026, 1, 31));
        assert_eq!(start.local_date(), day(2025, 12, 31));
        assert_eq!(limit, Limit::new(31, LimitUnit::Days));
    }

    /// PUB-ANNUAL: a report is published only with sections 一, 五 and 六 written.
    #[test]
    fn pub_annual_publication_needs_every_written_section() {
        let sections = Sections {
            overview: "总体情况".into(),
            problems: " ".into(),
            other: "x".repeat(SECTION_MAX + 1),
        };
        let problems = sections.publication_problems();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains(PROBLEMS));
        assert!(problems[1].contains(OTHER));
        assert_eq!(sections.draft_problems().len(), 1);
    }
}
