//! A site's hosting declaration (SEC-HOSTING; 000 网站 §22, 004 §32(七)):
//! `/office/sites/{id}/hosting` shows the declaration in force and what the check finds in it
//! (servers abroad, a foreign provider, outside the jurisdiction's region), and to a leader of
//! the site's host or supervising unit the form that declares or replaces it
//! (`usecase::hosting::declare_hosting`, audited). A refused form keeps what was typed and
//! shows every problem at once; nothing is stored. The inspection's crawl compares the
//! addresses the site's domains resolve to with the declared ones.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;
use sites::SiteId;
use sites::registry::{CommandKind, Hosting, HostingKind, check_hosting};
use sites::usecase::hosting;

use super::{SiteNo, acting, site_in_scope};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::outcome::{DoneQuery, answer};
use crate::staff::{Judged, Staff};

/// What the hosting form sends, as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct HostingForm {
    pub kind: String,
    pub provider: String,
    pub provider_abroad: Option<String>,
    pub located_abroad: Option<String>,
    pub province: String,
    pub city: String,
    pub county: String,
    pub addresses: String,
}

impl HostingForm {
    fn of(hosting: &Hosting) -> HostingForm {
        HostingForm {
            kind: hosting.kind.code().to_owned(),
            provider: hosting.provider.clone(),
            provider_abroad: hosting.provider_abroad.then(|| "on".to_owned()),
            located_abroad: hosting.located_abroad.then(|| "on".to_owned()),
            province: hosting.province.clone(),
            city: hosting.city.clone(),
            county: hosting.county.clone(),
            addresses: hosting
                .addresses
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    fn read(&self) -> platform::Result<Hosting> {
        Hosting::from_form(
            &self.kind,
            &self.provider,
            self.provider_abroad.is_some(),
            self.located_abroad.is_some(),
            &self.province,
            &self.city,
            &self.county,
            &self.addresses,
        )
        .map_err(Into::into)
    }
}

/// The hosting page.
#[derive(Template, WebTemplate)]
#[template(path = "office/sites_hosting.html")]
pub struct HostingPage {
    chrome: Chrome,
    id: i64,
    name: String,
    /// The declaration in force, as label and value lines; empty when none.
    declared: Vec<(&'static str, String)>,
    /// What the check finds in the declaration: (violation, detail).
    issues: Vec<(bool, String)>,
    region: String,
    can_declare: bool,
    form: HostingForm,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<String>,
    done: bool,
}

/// The declaration as the page's lines.
fn lines(hosting: &Hosting) -> Vec<(&'static str, String)> {
    let yes_no = |flag: bool| if flag { "是" } else { "否" }.to_owned();
    let addresses: Vec<String> = hosting.addresses.iter().map(ToString::to_string).collect();
    vec![
        ("托管方式", hosting.kind.label_zh().to_owned()),
        ("服务提供方", hosting.provider.clone()),
        ("服务提供方为境外机构", yes_no(hosting.provider_abroad)),
        ("服务器在境外运行", yes_no(hosting.located_abroad)),
        (
            "服务器所在地",
            format!("{}{}{}", hosting.province, hosting.city, hosting.county),
        ),
        ("服务器地址", addresses.join("、")),
    ]
}

/// The one-line summary on the site's page: the declaration, or that there is none.
pub(super) fn summary(hosting: Option<&Hosting>) -> String {
    match hosting {
        Some(hosting) => format!(
            "{}，{}，{}{}{}",
            hosting.kind.label_zh(),
            hosting.provider,
            hosting.province,
            hosting.city,
            hosting.county
        ),
        None => "尚未登记".to_owned(),
    }
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: SiteId,
    form: Option<HostingForm>,
    error: Option<String>,
    done: bool,
) -> Result<HostingPage, PageError> {
    let office = site_in_scope(state, staff, id).await?;
    let profile = state.profile().await?;
    let region = hosting::region(&profile);
    let declared = hosting::hosting_of(&state.platform.db, id).await?;
    let mut form = form.unwrap_or_else(|| match &declared {
        Some(hosting) => HostingForm::of(hosting),
        None => HostingForm {
            kind: HostingKind::GovCloud.code().to_owned(),
            ..HostingForm::default()
        },
    });
    if declared.is_none() && form.province.is_empty() && form.city.is_empty() {
        form.province.clone_from(&region.province);
        form.city.clone_from(&region.city);
        form.county.clone_from(&region.county);
    }
    Ok(HostingPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id: id.0,
        name: office.site.registration().name.clone(),
        declared: declared.as_ref().map(lines).unwrap_or_default(),
        issues: check_hosting(declared.as_ref(), &region)
            .into_iter()
            .map(|issue| (issue.is_violation(), issue.detail()))
            .collect(),
        region: format!("{}{}{}", region.province, region.city, region.county),
        can_declare: office.available.contains(&CommandKind::ChangeRegistration),
        form,
        kinds: HostingKind::ALL
            .into_iter()
            .map(|kind| (kind.code(), kind.label_zh()))
            .collect(),
        error,
        done,
    })
}

/// `GET /office/sites/{id}/hosting`: the declaration in force and its check.
pub async fn show(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Query(query): Query<DoneQuery>,
) -> Result<HostingPage, PageError> {
    let done = query.done.is_some();
    page(&state, &csrf, &staff, SiteId(id), None, None, done).await
}

/// `POST /office/sites/{id}/hosting`: SEC-HOSTING, the declaration stored (replacing any
/// earlier one) by a leader of the host or supervising unit; a refused form is the page
/// again with the problems and what was typed (400, 403), nothing stored.
pub async fn declare(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Form(form): Form<HostingForm>,
) -> Result<Response, PageError> {
    let id = SiteId(id);
    site_in_scope(&state, &staff, id).await?;
    let outcome = match form.read() {
        Ok(declared) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            let db = &state.platform.db;
            hosting::declare_hosting(db, &context, &acting(&staff), id, &declared).await
        }
        Err(error) => Err(error),
    };
    let (state, csrf, staff) = (&state, &csrf, &staff);
    answer(
        outcome,
        format!("/office/sites/{}/hosting?done=1", id.0),
        |message| page(state, csrf, staff, id, Some(form), Some(message), false),
    )
    .await
}
