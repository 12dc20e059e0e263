//! `/sites`, the group's navigation page (站群导航, WEB-SITEGROUP): every site the group serves
//! with its kind, host unit, domain and 网站标识码, by kind (portal, department and township
//! sites, special sites); a site temporarily offline is named without a link; closed sites
//! are listed apart, their archives still readable (WEB-ARCHIVE).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use sites::registry::{SiteKind, Status};
use sites::usecase::read::{self, SiteView};

use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;

/// A site on the page.
struct Entry {
    name: String,
    href: Option<String>,
    host_unit: String,
    domain: String,
    code: String,
    note: Option<&'static str>,
}

impl Entry {
    fn of(site: &SiteView) -> Entry {
        let registration = &site.registration;
        let offline = !site.serving && !site.closed;
        Entry {
            name: site.header.full_name.clone(),
            href: (!offline).then(|| format!("/sites/{}/", registration.site_code)),
            host_unit: site.footer.host_unit.clone(),
            domain: site.header.domain.clone().unwrap_or_default(),
            code: registration.site_code.clone(),
            note: offline.then_some("临时下线维护中"),
        }
    }
}

/// The sites of one kind.
struct Group {
    label: &'static str,
    sites: Vec<Entry>,
}

#[derive(Template, WebTemplate)]
#[template(path = "sites/portal_group.html")]
pub(super) struct GroupPage {
    chrome: Chrome,
    groups: Vec<Group>,
    closed: Vec<Entry>,
}

/// `GET /sites`.
pub(super) async fn page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<GroupPage, PageError> {
    let profile = state.profile().await?;
    let all = read::group_sites(&state.platform.db, &profile).await?;
    let shown =
        |site: &&SiteView| !matches!(site.status, Status::Proposed | Status::OpeningApplied);
    let groups = SiteKind::ALL
        .into_iter()
        .map(|kind| Group {
            label: kind.label_zh(),
            sites: all
                .iter()
                .filter(shown)
                .filter(|site| site.kind == kind && !site.closed)
                .map(Entry::of)
                .collect(),
        })
        .filter(|group| !group.sites.is_empty())
        .collect();
    Ok(GroupPage {
        chrome: Chrome::public(&state, &csrf).await?,
        groups,
        closed: all
            .iter()
            .filter(|site| site.closed)
            .map(Entry::of)
            .collect(),
    })
}
