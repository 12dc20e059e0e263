//! Registering a site and changing its registration (WEB-REGISTRY): one form for both — name,
//! kind, domains, 网站标识码, ICP and 公安备案 numbers, host, operator and supervising units,
//! contact and responsible persons (and, for a change, the reason). A refused form shows every
//! problem at once, each next to its field (`aria-invalid`, `aria-describedby`) and listed
//! above the form with a link to it, and keeps what was typed; nothing is stored until the
//! domain takes it (`usecase::register_site`, or `ChangeRegistration` through the kernel).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sites::registry::{CommandKind, Duty, Registration, Responsible, SiteKind};
use sites::usecase;
use sites::{SiteId, UnitId};

use super::{Names, SiteNo, acting, shown_on_page, site_in_scope};
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// What the registration form sends (every field text, as typed).
#[derive(Deserialize, Default, Clone)]
#[serde(deny_unknown_fields, default)]
pub struct RegistrationForm {
    pub name: String,
    pub kind: String,
    pub domains: String,
    pub site_code: String,
    pub icp_number: String,
    pub police_number: String,
    pub host_unit: String,
    pub host_unit_name: String,
    pub operator_unit: String,
    pub supervising_unit: String,
    pub contact_phone: String,
    pub contact_address: String,
    pub principal: String,
    pub security: String,
    pub technical: String,
    pub content: String,
    pub reason: String,
    pub version: String,
}

/// The responsible persons' fields, by duty.
const DUTIES: [(Duty, &str); 4] = [
    (Duty::Principal, "principal"),
    (Duty::Security, "security"),
    (Duty::Technical, "technical"),
    (Duty::Content, "content"),
];

impl RegistrationForm {
    fn of(registration: &Registration, version: i64) -> RegistrationForm {
        let person = |duty: Duty| {
            registration
                .responsible
                .iter()
                .find(|p| p.duty == duty)
                .map(|p| p.name.clone())
                .unwrap_or_default()
        };
        RegistrationForm {
            name: registration.name.clone(),
            kind: registration.kind.code().to_owned(),
            domains: registration.domains.join("\n"),
            site_code: registration.site_code.clone(),
            icp_number: registration.icp_number.clone(),
            police_number: registration.police_number.clone(),
            host_unit: registration.host_unit.0.to_string(),
            host_unit_name: registration.host_unit_name.clone(),
            operator_unit: registration.operator_unit.0.to_string(),
            supervising_unit: registration.supervising_unit.0.to_string(),
            contact_phone: registration.contact_phone.clone(),
            contact_address: registration.contact_address.clone(),
            principal: person(Duty::Principal),
            security: person(Duty::Security),
            technical: person(Duty::Technical),
            content: person(Duty::Content),
            reason: String::new(),
            version: version.to_string(),
        }
    }

    fn duty_name(&self, duty: Duty) -> &str {
        match duty {
            Duty::Principal => &self.principal,
            Duty::Security => &self.security,
            Duty::Technical => &self.technical,
            Duty::Content => &self.content,
        }
    }

    /// The registration the form gives, with the problems only the page can see (a unit or
    /// kind not chosen); the domain's own checks come after.
    fn read(&self, units: &[(i64, String)]) -> (Registration, Vec<FieldError>) {
        let mut problems = Vec::new();
        let mut unit =
            |field: &'static str, label: &str, text: &str| match text.trim().parse::<i64>() {
                Ok(id) if units.iter().any(|(unit, _)| *unit == id) => UnitId(id),
                _ => {
                    problems.push(FieldError::new(field, format!("请选择{label}")));
                    UnitId(0)
                }
            };
        let host_unit = unit("host_unit", "主办单位", &self.host_unit);
        let operator_unit = unit("operator_unit", "承办单位", &self.operator_unit);
        let supervising_unit = unit("supervising_unit", "主管单位", &self.supervising_unit);
        let kind = SiteKind::ALL
            .into_iter()
            .find(|kind| kind.code() == self.kind.trim());
        if kind.is_none() {
            problems.push(FieldError::new("kind", "请选择网站类型"));
        }
        let host_unit_name = match self.host_unit_name.trim() {
            "" => units
                .iter()
                .find(|(id, _)| *id == host_unit.0)
                .map(|(_, name)| name.clone())
                .unwrap_or_default(),
            name => name.to_owned(),
        };
        let registration = Registration {
            name: self.name.clone(),
            kind: kind.unwrap_or(SiteKind::Department),
            domains: self
                .domains
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；'))
                .filter(|domain| !domain.is_empty())
                .map(str::to_owned)
                .collect(),
            site_code: self.site_code.clone(),
            icp_number: self.icp_number.clone(),
            police_number: self.police_number.clone(),
            host_unit,
            host_unit_name,
            operator_unit,
            supervising_unit,
            contact_phone: self.contact_phone.clone(),
            contact_address: self.contact_address.clone(),
            responsible: DUTIES
                .iter()
                .filter(|(duty, _)| !self.duty_name(*duty).trim().is_empty())
                .map(|(duty, _)| Responsible {
                    duty: *duty,
                    name: self.duty_name(*duty).to_owned(),
                })
                .collect(),
        };
        (registration.normalised(), problems)
    }
}

/// One problem of the form: the id of its field (empty for the form as a whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> FieldError {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// The field a problem of the domain's registration check belongs to (its messages name the
/// element: 网站标识码, 域名 …), or the form as a whole.
pub fn field_of(problem: &str) -> &'static str {
    const FIELDS: &[(&str, &str)] = &[
        ("主办单位名称", "host_unit_name"),
        ("网站标识码", "site_code"),
        ("站群已有政府门户网站", "kind"),
        ("本级规则不允许", "kind"),
        ("域名", "domains"),
        ("网站名称", "name"),
        ("ICP", "icp_number"),
        ("公安机关备案号", "police_number"),
        ("联系电话", "contact_phone"),
        ("网站负责人", "principal"),
        ("安全管理责任人", "security"),
        ("变更原因", "reason"),
    ];
    FIELDS
        .iter()
        .find(|(words, _)| problem.contains(words))
        .map_or("", |(_, field)| field)
}

/// Every problem of a refusal's message (the domain joins them with “；”), each by its field.
fn problems_of(message: &str) -> Vec<FieldError> {
    message
        .split('；')
        .filter(|problem| !problem.trim().is_empty())
        .map(|problem| FieldError::new(field_of(problem), problem.trim()))
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "office/sites_registration.html")]
pub struct RegistrationPage {
    chrome: Chrome,
    /// `None` for a new site.
    site: Option<(i64, String)>,
    form: RegistrationForm,
    kinds: Vec<(&'static str, &'static str)>,
    units: Vec<(i64, String)>,
    errors: Vec<FieldError>,
    /// A change the viewer may not make: why, and no form.
    refused: Option<String>,
}

impl RegistrationPage {
    /// The problem of `field`, if any.
    pub fn error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message.as_str())
    }

    /// `aria-invalid` and `aria-describedby` of `field` (the page's own ids only).
    pub fn aria(&self, field: &str) -> String {
        match self.error(field) {
            Some(_) => format!(" aria-invalid=\"true\" aria-describedby=\"{field}-error\""),
            None => String::new(),
        }
    }

    fn action(&self) -> String {
        match &self.site {
            Some((id, _)) => format!("/office/sites/{id}/registration"),
            None => "/office/sites".to_owned(),
        }
    }
}

async fn page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    site: Option<(i64, String)>,
    form: RegistrationForm,
    errors: Vec<FieldError>,
) -> Result<RegistrationPage, PageError> {
    let names = Names::load(state).await?;
    Ok(RegistrationPage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        site,
        form,
        kinds: SiteKind::ALL
            .into_iter()
            .map(|kind| (kind.code(), kind.label_zh()))
            .collect(),
        units: names.unit_choices(),
        errors,
        refused: None,
    })
}

/// `GET /office/sites/new`: the empty form, the viewer's unit as host.
pub async fn new_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<RegistrationPage, PageError> {
    let form = RegistrationForm {
        kind: SiteKind::Department.code().to_owned(),
        host_unit: staff.actor.unit_id.to_string(),
        ..RegistrationForm::default()
    };
    page(&state, &csrf, &staff, None, form, Vec::new()).await
}

/// The form again with its problems (400), or the refusal's status.
async fn refused(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    site: Option<(i64, String)>,
    form: RegistrationForm,
    errors: Vec<FieldError>,
    status: StatusCode,
) -> Result<Response, PageError> {
    let page = page(state, csrf, staff, site, form, errors).await?;
    Ok((status, page).into_response())
}

/// `POST /office/sites`: WEB-REGISTRY, a new site (待开设) by a leader of its host or
/// supervising unit.
pub async fn register(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<RegistrationForm>,
) -> Result<Response, PageError> {
    let units = Names::load(&state).await?.unit_choices();
    let (registration, mut errors) = form.read(&units);
    if let Err(error) = registration.check() {
        errors.extend(problems_of(&error.to_string()));
    }
    if !errors.is_empty() {
        let status = StatusCode::BAD_REQUEST;
        return refused(&state, &csrf, &staff, None, form, errors, status).await;
    }
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let db = &state.platform.db;
    match usecase::register_site(db, &context, &acting(&staff), registration).await {
        Ok(id) => Ok(Redirect::to(&format!("/office/sites/{}?done=1", id.0)).into_response()),
        Err(error) if shown_on_page(&error) => {
            let status = status_of(&error);
            let errors = problems_of(&error.to_string());
            refused(&state, &csrf, &staff, None, form, errors, status).await
        }
        Err(error) => Err(error.into()),
    }
}

/// `GET /office/sites/{id}/registration`: the registration in force, to change.
pub async fn change_form(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
) -> Result<RegistrationPage, PageError> {
    let office = site_in_scope(&state, &staff, SiteId(id)).await?;
    let registration = office.site.registration();
    let site = Some((id, registration.name.clone()));
    let form = RegistrationForm::of(registration, office.version);
    let mut page = page(&state, &csrf, &staff, site, form, Vec::new()).await?;
    if !office.available.contains(&CommandKind::ChangeRegistration) {
        page.refused = Some(
            "只有主办单位或主管单位的负责人可以变更登记信息；已永久下线的网站不再变更（WEB-REGISTRY）"
                .to_owned(),
        );
    }
    Ok(page)
}

/// `POST /office/sites/{id}/registration`: WEB-REGISTRY, a change with its reason, kept with
/// its date in the registration history.
pub async fn change(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Form(form): Form<RegistrationForm>,
) -> Result<Response, PageError> {
    let office = site_in_scope(&state, &staff, SiteId(id)).await?;
    let site = Some((id, office.site.registration().name.clone()));
    let units = Names::load(&state).await?.unit_choices();
    let (registration, mut errors) = form.read(&units);
    if let Err(error) = registration.check() {
        errors.extend(problems_of(&error.to_string()));
    }
    if form.reason.trim().is_empty() {
        errors.push(FieldError::new(
            "reason",
            "请填写变更原因（如机构调整、网站改版）",
        ));
    }
    let version = form.version.trim().parse::<i64>();
    if version.is_err() {
        errors.push(FieldError::new("", "页面已过期，请刷新后重新填写"));
    }
    let (Ok(version), true) = (version, errors.is_empty()) else {
        let status = StatusCode::BAD_REQUEST;
        return refused(&state, &csrf, &staff, site, form, errors, status).await;
    };
    let judged = Judged::load(&state, &staff).await?;
    let context = judged.context(&state);
    let command = sites::registry::Command::ChangeRegistration {
        registration: Box::new(registration),
        reason: form.reason.clone(),
    };
    let db = &state.platform.db;
    let outcome = usecase::execute_site(
        db,
        &context,
        &acting(&staff),
        SiteId(id),
        command,
        Some(version),
    )
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/office/sites/{id}?done=1")).into_response()),
        Err(error) if shown_on_page(&error) => {
            let status = status_of(&error);
            let errors = problems_of(&error.to_string());
            refused(&state, &csrf, &staff, site, form, errors, status).await
        }
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WEB-REGISTRY: each problem the domain names goes next to its field.
    #[test]
    fn the_domains_problems_find_their_fields() {
        for (problem, field) in [
            ("请填写网站名称", "name"),
            ("网站名称不能超过60个字", "name"),
            ("请填写网站域名", "domains"),
            (
                "域名“x”格式不正确，应如 www.gsgz.gov.cn（不含 http:// 和路径）",
                "domains",
            ),
            ("域名 www.a.gov.cn 已由“甘州区人民政府”使用", "domains"),
            ("网站标识码应为10位数字或字母，如 6207020001", "site_code"),
            (
                "网站标识码 6207020001 已由“甘州区人民政府”使用",
                "site_code",
            ),
            (
                "ICP备案编号格式不正确，应如 陇ICP备12345678号",
                "icp_number",
            ),
            (
                "公安机关备案号格式不正确，应如 甘公网安备 62070202000123号",
                "police_number",
            ),
            ("请填写主办单位名称", "host_unit_name"),
            ("请填写联系电话", "contact_phone"),
            ("请登记网站负责人", "principal"),
            ("请登记安全管理责任人", "security"),
            ("站群已有政府门户网站“甘州区人民政府”", "kind"),
            ("请填写变更原因（如机构调整、网站改版）", "reason"),
            ("登记信息没有变化", ""),
        ] {
            assert_eq!(field_of(problem), field, "{problem}");
        }
        let all = problems_of("请填写网站名称；请填写联系电话");
        assert_eq!(all.len(), 2);
    }
}
