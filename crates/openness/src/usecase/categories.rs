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

/// PUB-CATEGORIES: what a site lacks, from the names of its open columns.
pub fn site_missing(profile: &RuleProfile, portal: bool, columns: &[String]) -> Vec<Missing> {
    categories::check_site(profile, portal, columns)
}
