//! The required categories and columns checked on the stored records (PUB-CATEGORIES): a
//! unit's catalogue judged on its catalogue entries and the names of its columns in the site
//! group (the caller reads those from the sites domain, which depends on this crate), a
//! site judged on its columns. The inspection may call these; the office page shows them.

use platform::Result;
use platform::db::Db;
use platform::profile::RuleProfile;
use platform::units::UnitKind;

use crate::UnitId;
use crate::categories::{self, Missing};
use crate::usecase::catalogue::{self, Filter};

/// PUB-CATEGORIES: what `unit`'s catalogue lacks — the profile's categories, the township
/// list for a township or street — judged on its published catalogue entries' titles and
/// `columns`, the names of the site-group columns it is responsible for.
pub async fn unit_missing(
    db: &Db,
    profile: &RuleProfile,
    unit: UnitId,
    columns: &[String],
) -> Result<Vec<Missing>> {
    let kind = platform::units::get(db, unit.0).await?.kind;
    let township = matches!(kind, UnitKind::Township | UnitKind::Street);
    let titles: Vec<String> = catalogue::entries(
        db,
        Filter {
            topic: None,
            unit: Some(unit),
        },
    )
    .await?
    .into_iter()
    .map(|entry| entry.title)
    .collect();
    Ok(categories::check_unit(profile, township, columns, &titles))
}

/// The sections the platform itself serves on every portal, whatever its columns: the
/// services hall online (/services), the 12345 hotline, disclosure on application, the
/// catalogue and guide (together the 政府信息公开 column), the messages (政民互动), the
/// consultations (征集调查) and the interviews (政务访谈).
pub const PORTAL_SECTIONS: &[&str] = &[
    "办事服务",
    "12345热线",
    "依申请公开",
    "公开目录",
    "政府信息公开",
    "政民互动",
    "征集调查",
    "政务访谈",
];

/// PUB-CATEGORIES: what a site lacks, from the names of its open columns — and, for the
/// portal, the sections the platform serves on it (they are not columns, and a clerk would
/// not be told the portal lacks 办事服务 that its menu shows).
pub fn site_missing(profile: &RuleProfile, portal: bool, columns: &[String]) -> Vec<Missing> {
    if !portal {
        return categories::check_site(profile, portal, columns);
    }
    let mut names = columns.to_vec();
    names.extend(PORTAL_SECTIONS.iter().map(|&section| section.to_owned()));
    categories::check_site(profile, portal, &names)
}
