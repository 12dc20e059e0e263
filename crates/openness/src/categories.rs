//! The required categories of the disclosure catalogue and the required columns of the
//! sites (PUB-CATEGORIES; 002 公开制度 §6,7, 网站规范 §18(二); 004 §14,15; 000 门户 §16).
//!
//! The lists are profile data (`openness.catalogue_categories`, `township_categories`,
//! `portal_columns`, `unit_site_columns`), each item written `名称=关键词、关键词` (an item
//! without `=` is its own keyword) and items separated by `；`. A category or column is
//! present when one of its keywords occurs in the name of a column (the unit's columns in the
//! site group, or the site's columns) or, for the catalogue's categories, in the title of one
//! of the unit's catalogue entries. [`check_unit`] and [`check_site`] are pure: the caller
//! gives the names; `usecase::categories` reads them.

use platform::profile::RuleProfile;

/// One required category or column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Required {
    pub name: String,
    pub keywords: Vec<String>,
}

impl Required {
    /// Whether one of its keywords occurs in `text`.
    pub fn found_in(&self, text: &str) -> bool {
        self.keywords.iter().any(|k| text.contains(k.as_str()))
    }
}

/// The list a required item comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// The catalogue's categories (002 公开制度 §6).
    Catalogue,
    /// What a township discloses besides (002 公开制度 §7).
    Township,
    /// The portal's columns.
    Portal,
    /// A unit's (department, township) site's columns.
    UnitSite,
}

impl Scope {
    pub const fn label_zh(self) -> &'static str {
        match self {
            Scope::Catalogue => "公开目录类别",
            Scope::Township => "镇乡公开目录类别",
            Scope::Portal => "门户网站栏目",
            Scope::UnitSite => "单位网站栏目",
        }
    }
}

/// One item that is missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub scope: Scope,
    pub name: String,
    /// The words any of which would have satisfied it.
    pub keywords: Vec<String>,
}

/// PUB-CATEGORIES: the items of a profile list (`名称=关键词、关键词；…`); blank items are
/// skipped, an item without keywords is its own keyword.
pub fn parse(text: &str) -> Vec<Required> {
    text.split(['；', ';', '\n'])
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            let (name, words) = item.split_once('=').unwrap_or((item, item));
            let keywords: Vec<String> = words
                .split(['、', ',', '，', '|'])
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            let name = name.trim().to_owned();
            let keywords = if keywords.is_empty() {
                vec![name.clone()]
            } else {
                keywords
            };
            Required { name, keywords }
        })
        .collect()
}

fn missing_of(scope: Scope, required: Vec<Required>, names: &[&str]) -> Vec<Missing> {
    required
        .into_iter()
        .filter(|item| !names.iter().any(|name| item.found_in(name)))
        .map(|item| Missing {
            scope,
            name: item.name,
            keywords: item.keywords,
        })
        .collect()
}

/// PUB-CATEGORIES: the catalogue categories `unit` lacks — the profile's list, and for a
/// township the township list too — judged on the names of its columns in the site group
/// and the titles of its catalogue entries.
pub fn check_unit(
    profile: &RuleProfile,
    township: bool,
    columns: &[String],
    entry_titles: &[String],
) -> Vec<Missing> {
    let names: Vec<&str> = columns
        .iter()
        .chain(entry_titles)
        .map(String::as_str)
        .collect();
    let mut missing = missing_of(
        Scope::Catalogue,
        parse(&profile.openness.catalogue_categories),
        &names,
    );
    if township {
        missing.extend(missing_of(
            Scope::Township,
            parse(&profile.openness.township_categories),
            &names,
        ));
    }
    missing
}

/// PUB-CATEGORIES: the columns a site lacks — the portal's list for the portal, the unit
/// sites' list for any other — judged on the names of its columns (archived ones left out by
/// the caller).
pub fn check_site(profile: &RuleProfile, portal: bool, columns: &[String]) -> Vec<Missing> {
    let names: Vec<&str> = columns.iter().map(String::as_str).collect();
    let (scope, list) = if portal {
        (Scope::Portal, &profile.openness.portal_columns)
    } else {
        (Scope::UnitSite, &profile.openness.unit_site_columns)
    };
    missing_of(scope, parse(list), &names)
}

/// How many items a list of the profile requires (for the page's headings).
pub fn required_count(list: &str) -> usize {
    parse(list).len()
}
