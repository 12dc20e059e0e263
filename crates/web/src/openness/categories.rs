//! The required catalogue categories and site columns in the back office (PUB-CATEGORIES):
//! for the viewer's unit, the categories its disclosure catalogue lacks (judged on its
//! catalogue entries and the columns of the site group it is responsible for; a township's
//! list too), and for each site of the group the columns it lacks (the portal's list or the
//! unit sites'). The lists are the profile's; the check is `openness::categories`.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use openness::UnitId;
use openness::categories::{Missing, required_count};
use openness::usecase::categories as usecase;
use sites::registry::SiteKind;

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::staff::Staff;

/// One missing item as the page shows it.
pub struct MissingLine {
    pub scope: &'static str,
    pub name: String,
    pub keywords: String,
}

fn lines(missing: Vec<Missing>) -> Vec<MissingLine> {
    missing
        .into_iter()
        .map(|m| MissingLine {
            scope: m.scope.label_zh(),
            name: m.name,
            keywords: m.keywords.join("、"),
        })
        .collect()
}

/// One site of the group and what it lacks.
pub struct SiteLine {
    pub name: String,
    pub kind: &'static str,
    pub required: usize,
    pub missing: Vec<MissingLine>,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/categories.html")]
pub struct CategoriesPage {
    chrome: Chrome,
    unit: String,
    required: usize,
    unit_missing: Vec<MissingLine>,
    sites: Vec<SiteLine>,
}

/// `GET /office/openness/categories`: what the viewer's unit's catalogue and each site of the
/// group lack.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<CategoriesPage, PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let unit = UnitId(staff.actor.unit_id);
    let mut unit_columns = Vec::new();
    let mut sites = Vec::new();
    for site in sites::usecase::read::group_sites(db, &profile).await? {
        if site.closed {
            continue;
        }
        let tree = sites::usecase::read::column_tree(db, site.id).await?;
        let open: Vec<_> = tree
            .columns()
            .iter()
            .filter(|c| c.archived_at.is_none())
            .collect();
        unit_columns.extend(
            open.iter()
                .filter(|c| c.responsible_unit == unit)
                .map(|c| c.name.clone()),
        );
        let names: Vec<String> = open.iter().map(|c| c.name.clone()).collect();
        let portal = site.kind == SiteKind::Portal;
        let list = if portal {
            &profile.openness.portal_columns
        } else {
            &profile.openness.unit_site_columns
        };
        sites.push(SiteLine {
            name: site.registration.name.clone(),
            kind: site.kind.label_zh(),
            required: required_count(list),
            missing: lines(usecase::site_missing(&profile, portal, &names)),
        });
    }
    let missing = usecase::unit_missing(db, &profile, unit, &unit_columns).await?;
    Ok(CategoriesPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        unit: staff.actor.unit_name.clone(),
        required: required_count(&profile.openness.catalogue_categories),
        unit_missing: lines(missing),
        sites,
    })
}
