//! A site's registration data (WEB-REGISTRY): name, kind, domains, 网站标识码, ICP and 公安
//! 备案 numbers, host, operator and supervising units, contact and responsible persons; its
//! checks, the comparison of two registrations field by field, and the dated registration
//! history that keeps every change (000 网站 §9, 门户 §8: changes are reported and kept).

use calendar::Instant;

use crate::{SiteError, UnitId, problems_to_result, required};

/// The kind of a site (网站类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SiteKind {
    /// 政府门户网站: the jurisdiction's portal; never shut (000 网站 §9).
    Portal,
    /// 部门网站: a department's or township's site.
    Department,
    /// 专项网站: a site for one purpose.
    Thematic,
}

impl SiteKind {
    pub const ALL: [SiteKind; 3] = [SiteKind::Portal, SiteKind::Department, SiteKind::Thematic];

    pub const fn code(self) -> &'static str {
        match self {
            SiteKind::Portal => "portal",
            SiteKind::Department => "department",
            SiteKind::Thematic => "thematic",
        }
    }

    pub const fn label_zh(self) -> &'static str {
        match self {
            SiteKind::Portal => "政府门户网站",
            SiteKind::Department => "部门网站",
            SiteKind::Thematic => "专项网站",
        }
    }
}

/// A duty a named person holds for the site (WEB-REGISTRY: responsible persons are
/// recorded; 000 网站 §9 负责人, 002 网站规范 §8, 004 §34 安全管理责任人).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Duty {
    /// 网站负责人.
    Principal,
    /// 安全管理责任人.
    Security,
    /// 技术负责人.
    Technical,
    /// 内容和应用负责人.
    Content,
}

impl Duty {
    pub const ALL: [Duty; 4] = [
        Duty::Principal,
        Duty::Security,
        Duty::Technical,
        Duty::Content,
    ];

    pub const fn label_zh(self) -> &'static str {
        match self {
            Duty::Principal => "网站负责人",
            Duty::Security => "安全管理责任人",
            Duty::Technical => "技术负责人",
            Duty::Content => "内容和应用负责人",
        }
    }
}

/// A responsible person.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Responsible {
    pub duty: Duty,
    pub name: String,
}

/// What a site is registered with (WEB-REGISTRY). The footer (WEB-FOOTER) and header
/// (WEB-HEADER) are read from it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    /// 网站名称: the full name shown in the header (WEB-HEADER).
    pub name: String,
    pub kind: SiteKind,
    /// 域名: the first is the main one; lower case, no scheme or path.
    pub domains: Vec<String>,
    /// 网站标识码: ten letters or digits, e.g. 6207020001.
    pub site_code: String,
    /// ICP备案编号, e.g. 陇ICP备12345678号-1.
    pub icp_number: String,
    /// 公安机关备案号, e.g. 甘公网安备 62070202000123号.
    pub police_number: String,
    /// 主办单位: applies to open, take offline and close the site.
    pub host_unit: UnitId,
    /// The host unit's name as the footer shows it.
    pub host_unit_name: String,
    /// 承办单位: runs the site and publishes on it (000 门户 §5; fenggang: the e-government
    /// centre, 002 网站规范 §18(一)4).
    pub operator_unit: UnitId,
    /// 主管单位: approves opening, temporary offline and closing (000 网站 §5–8: the
    /// district government office).
    pub supervising_unit: UnitId,
    pub contact_phone: String,
    pub contact_address: String,
    /// At least the 网站负责人 and the 安全管理责任人.
    pub responsible: Vec<Responsible>,
}

impl Registration {
    /// The same registration with its texts trimmed and its domains in lower case.
    pub fn normalised(mut self) -> Registration {
        for text in [
            &mut self.name,
            &mut self.site_code,
            &mut self.icp_number,
            &mut self.police_number,
            &mut self.host_unit_name,
            &mut self.contact_phone,
            &mut self.contact_address,
        ] {
            *text = text.trim().to_owned();
        }
        self.domains = self
            .domains
            .iter()
            .map(|domain| domain.trim().to_ascii_lowercase())
            .filter(|domain| !domain.is_empty())
            .collect();
        for person in &mut self.responsible {
            person.name = person.name.trim().to_owned();
        }
        self
    }

    /// WEB-REGISTRY: every element is there and well formed; the message lists every
    /// problem at once.
    pub fn check(&self) -> Result<(), SiteError> {
        let mut problems = Vec::new();
        required(&mut problems, "网站名称", &self.name);
        if self.name.chars().count() > 60 {
            problems.push("网站名称不能超过60个字".to_owned());
        }
        if self.domains.is_empty() {
            problems.push("请填写网站域名".to_owned());
        }
        for domain in &self.domains {
            if !is_domain(domain) {
                problems.push(format!(
                    "域名“{domain}”格式不正确，应如 www.gsgz.gov.cn（不含 http:// 和路径）"
                ));
            }
        }
        let mut seen = Vec::new();
        for domain in &self.domains {
            if seen.contains(&domain) {
                problems.push(format!("域名“{domain}”重复"));
            }
            seen.push(domain);
        }
        if !is_site_code(&self.site_code) {
            problems.push("网站标识码应为10位数字或字母，如 6207020001".to_owned());
        }
        if !is_icp_number(&self.icp_number) {
            problems.push("ICP备案编号格式不正确，应如 陇ICP备12345678号".to_owned());
        }
        if !is_police_number(&self.police_number) {
            problems.push("公安机关备案号格式不正确，应如 甘公网安备 62070202000123号".to_owned());
        }
        required(&mut problems, "主办单位名称", &self.host_unit_name);
        required(&mut problems, "联系电话", &self.contact_phone);
        for duty in [Duty::Principal, Duty::Security] {
            let named = self
                .responsible
                .iter()
                .any(|person| person.duty == duty && !person.name.trim().is_empty());
            if !named {
                problems.push(format!("请登记{}", duty.label_zh()));
            }
        }
        problems_to_result(problems)
    }

    /// The main domain.
    pub fn main_domain(&self) -> Option<&str> {
        self.domains.first().map(String::as_str)
    }
}

fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && domain.len() <= 253
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

fn is_site_code(code: &str) -> bool {
    code.len() == 10 && code.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `陇ICP备12345678号` or `陇ICP备12345678号-1`.
fn is_icp_number(text: &str) -> bool {
    let Some((province, rest)) = text.split_once("ICP备") else {
        return false;
    };
    let Some((digits, tail)) = rest.split_once('号') else {
        return false;
    };
    let tail_ok = tail.is_empty()
        || tail
            .strip_prefix('-')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    province.chars().count() == 1
        && !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && tail_ok
}

/// `甘公网安备 62070202000123号` (the space is optional).
fn is_police_number(text: &str) -> bool {
    let Some((province, rest)) = text.split_once("公网安备") else {
        return false;
    };
    let Some(digits) = rest.trim_start().strip_suffix('号') else {
        return false;
    };
    province.chars().count() == 1
        && digits.len() >= 10
        && digits.chars().all(|c| c.is_ascii_digit())
}

/// One field of a registration, as a change names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RegistrationField {
    Name,
    Kind,
    Domains,
    SiteCode,
    IcpNumber,
    PoliceNumber,
    HostUnit,
    OperatorUnit,
    SupervisingUnit,
    Contact,
    Responsible,
}

impl RegistrationField {
    pub const fn label_zh(self) -> &'static str {
        match self {
            RegistrationField::Name => "网站名称",
            RegistrationField::Kind => "网站类型",
            RegistrationField::Domains => "域名",
            RegistrationField::SiteCode => "网站标识码",
            RegistrationField::IcpNumber => "ICP备案编号",
            RegistrationField::PoliceNumber => "公安机关备案号",
            RegistrationField::HostUnit => "主办单位",
            RegistrationField::OperatorUnit => "承办单位",
            RegistrationField::SupervisingUnit => "主管单位",
            RegistrationField::Contact => "联系方式",
            RegistrationField::Responsible => "负责人",
        }
    }
}

/// The fields in which `after` differs from `before`, in the order of the form.
pub fn changed_fields(before: &Registration, after: &Registration) -> Vec<RegistrationField> {
    use RegistrationField as F;
    let checks = [
        (F::Name, before.name != after.name),
        (F::Kind, before.kind != after.kind),
        (F::Domains, before.domains != after.domains),
        (F::SiteCode, before.site_code != after.site_code),
        (F::IcpNumber, before.icp_number != after.icp_number),
        (F::PoliceNumber, before.police_number != after.police_number),
        (
            F::HostUnit,
            before.host_unit != after.host_unit || before.host_unit_name != after.host_unit_name,
        ),
        (F::OperatorUnit, before.operator_unit != after.operator_unit),
        (
            F::SupervisingUnit,
            before.supervising_unit != after.supervising_unit,
        ),
        (
            F::Contact,
            before.contact_phone != after.contact_phone
                || before.contact_address != after.contact_address,
        ),
        (F::Responsible, before.responsible != after.responsible),
    ];
    checks
        .into_iter()
        .filter_map(|(field, changed)| changed.then_some(field))
        .collect()
}

/// One registration as of a date: the first is the initial registration, each later one a
/// change with the fields it changed and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RegistrationEntry {
    #[serde(with = "platform::snapshot::instant")]
    pub at: Instant,
    pub registration: Registration,
    /// Empty for the initial registration.
    pub changed: Vec<RegistrationField>,
    /// Why (机构调整, 网站改版 …); empty for the initial registration.
    pub reason: String,
}

/// WEB-REGISTRY: every registration a site had, each with its date, oldest first; never
/// empty and never rewritten — a change is a new entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RegistrationHistory {
    first: RegistrationEntry,
    changes: Vec<RegistrationEntry>,
}

impl RegistrationHistory {
    /// The history of a site registered with `registration` at `at`.
    pub fn new(registration: Registration, at: Instant) -> RegistrationHistory {
        RegistrationHistory {
            first: RegistrationEntry {
                at,
                registration,
                changed: Vec::new(),
                reason: String::new(),
            },
            changes: Vec::new(),
        }
    }

    /// Every entry, oldest first: the initial registration, then each change.
    pub fn entries(&self) -> impl DoubleEndedIterator<Item = &RegistrationEntry> {
        std::iter::once(&self.first).chain(self.changes.iter())
    }

    /// The latest entry.
    fn latest(&self) -> &RegistrationEntry {
        self.changes.last().unwrap_or(&self.first)
    }

    /// The registration in force now.
    pub fn current(&self) -> &Registration {
        &self.latest().registration
    }

    /// When the site was registered.
    pub fn registered_at(&self) -> Instant {
        self.first.at
    }

    /// The registration in force at `at` (the latest entry at or before it); `None` before
    /// the site was registered.
    pub fn as_of(&self, at: Instant) -> Option<&Registration> {
        self.entries()
            .rev()
            .find(|entry| entry.at <= at)
            .map(|entry| &entry.registration)
    }

    /// WEB-REGISTRY: records `next` as of `at` for `reason`, returning the fields changed. A
    /// change that changes nothing, has no reason, or is dated before the latest entry is
    /// refused and nothing is recorded.
    pub fn record(
        &mut self,
        next: Registration,
        at: Instant,
        reason: &str,
    ) -> Result<Vec<RegistrationField>, SiteError> {
        let changed = changed_fields(self.current(), &next);
        if changed.is_empty() {
            return Err(SiteError::invalid("登记信息没有变化"));
        }
        if reason.trim().is_empty() {
            return Err(SiteError::invalid("请填写变更原因（如机构调整、网站改版）"));
        }
        if at < self.latest().at {
            return Err(SiteError::invalid("变更日期不能早于上一次登记"));
        }
        self.changes.push(RegistrationEntry {
            at,
            registration: next,
            changed: changed.clone(),
            reason: reason.trim().to_owned(),
        });
        Ok(changed)
    }
}

/// WEB-REGISTRY: a registration does not reuse another site's identifier code or domain,
/// and the group has one portal. `others` are the registrations of the group's other
/// sites that are not closed.
pub fn check_unique(
    registration: &Registration,
    others: &[&Registration],
) -> Result<(), SiteError> {
    let mut problems = Vec::new();
    for other in others {
        if other.site_code == registration.site_code {
            problems.push(format!(
                "网站标识码 {} 已由“{}”使用",
                registration.site_code, other.name
            ));
        }
        for domain in &registration.domains {
            if other.domains.contains(domain) {
                problems.push(format!("域名 {domain} 已由“{}”使用", other.name));
            }
        }
        if registration.kind == SiteKind::Portal && other.kind == SiteKind::Portal {
            problems.push(format!("站群已有政府门户网站“{}”", other.name));
        }
    }
    problems_to_result(problems)
}
