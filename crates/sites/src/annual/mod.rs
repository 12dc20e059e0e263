//! The annual work report of a site (政府网站工作年度报表, WEB-ANNUAL; `reports.md` §2): every
//! field of the national form in its order with its label ([`FIELDS`]), the values that fill
//! them ([`Value`], read from the host unit's text by [`parse`]), the report of one site and
//! year ([`AnnualReport`]), and its due date — published on the site by
//! `website.annual_report_by` (31 January) of the next year, a later publication marked late.

mod fields;
mod fill;
mod value;

pub use fields::{FIELDS, Field, Kind, Origin, SIGNATURE_KEYS, field};
pub use fill::{Records, ServiceCounts, fill, info_line, year_span};
pub use value::{Value, parse};

use calendar::Instant;
use chrono::NaiveDate;
use platform::profile::RuleProfile;

use crate::{SiteError, SiteId, UserId};

/// WEB-ANNUAL (000 网站 §26): the last day the report of `year` may be published, from the
/// profile's `website.annual_report_by` (`MM-DD`) of the next year; a malformed value is read
/// as 31 January.
pub fn due_date(year: i32, profile: &RuleProfile) -> NaiveDate {
    let text = &profile.website.annual_report_by;
    let parsed = text
        .split_once('-')
        .and_then(|(month, day)| Some((month.trim().parse().ok()?, day.trim().parse().ok()?)))
        .and_then(|(month, day)| NaiveDate::from_ymd_opt(year + 1, month, day));
    parsed
        .or_else(|| NaiveDate::from_ymd_opt(year + 1, 1, 31))
        .unwrap_or(NaiveDate::MAX)
}

/// WEB-ANNUAL: a report published on `published_on` for a due date `due` is late after it.
pub fn is_late(published_on: NaiveDate, due: NaiveDate) -> bool {
    published_on > due
}

/// How a report was published (WEB-ANNUAL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Publication {
    pub at: Instant,
    pub by: UserId,
    pub due: NaiveDate,
    /// Published after the due date.
    pub late: bool,
}

/// The report of one site for one year: a value, if any, for each of [`FIELDS`] in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnualReport {
    pub site: SiteId,
    pub year: i32,
    /// Whether the site is the portal (the services block is then counted, not typed in).
    pub portal: bool,
    pub due: NaiveDate,
    values: Vec<Option<Value>>,
}

impl AnnualReport {
    /// An empty report of `site` for `year`.
    pub fn new(site: SiteId, year: i32, portal: bool, due: NaiveDate) -> AnnualReport {
        AnnualReport {
            site,
            year,
            portal,
            due,
            values: vec![None; FIELDS.len()],
        }
    }

    fn index(key: &str) -> Option<usize> {
        FIELDS.iter().position(|field| field.key == key)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        Self::index(key).and_then(|i| self.values[i].as_ref())
    }

    /// Sets the value of `key` (an unknown key is a bug of the caller: refused).
    pub fn set(&mut self, key: &str, value: Option<Value>) -> Result<(), SiteError> {
        let i = Self::index(key)
            .ok_or_else(|| SiteError::invalid(format!("年度报表没有“{key}”一项")))?;
        self.values[i] = value;
        Ok(())
    }

    /// Every field in the form's order with its value.
    pub fn rows(&self) -> impl Iterator<Item = (&'static Field, Option<&Value>)> {
        FIELDS.iter().zip(self.values.iter().map(Option::as_ref))
    }

    /// The fields the host unit types in for this site.
    pub fn inputs(&self) -> impl Iterator<Item = &'static Field> + '_ {
        FIELDS.iter().filter(|field| field.is_input(self.portal))
    }

    /// The signatures still empty, by label.
    pub fn missing_signatures(&self) -> Vec<&'static str> {
        SIGNATURE_KEYS
            .iter()
            .filter(|key| self.get(key).is_none())
            .filter_map(|key| field(key).map(|field| field.label))
            .collect()
    }

    /// The values as `(key, text)` pairs in the form's order (the published snapshot).
    pub fn texts(&self) -> Vec<(String, String)> {
        self.rows()
            .filter_map(|(field, value)| value.map(|v| (field.key.to_owned(), v.text())))
            .collect()
    }
}

/// WEB-ANNUAL: the typed inputs `texts` (`(key, text)`) for a report of a site that is
/// (`portal`) or is not the portal, read by each field's kind: every problem at once, each
/// naming its field's label; a key that is not one of the site's input fields is refused; an
/// empty text clears the field.
pub fn read_inputs(
    texts: &[(String, String)],
    portal: bool,
) -> Result<Vec<(&'static Field, Option<Value>)>, SiteError> {
    let mut problems = Vec::new();
    let mut read = Vec::new();
    for (key, text) in texts {
        let Some(field) = field(key).filter(|field| field.is_input(portal)) else {
            problems.push(format!("“{key}”不是本报表的填报项"));
            continue;
        };
        match parse(field, text) {
            Ok(value) => read.push((field, value)),
            Err(message) => problems.push(message),
        }
    }
    crate::problems_to_result(problems)?;
    Ok(read)
}
