//! The catalogue entry's values: its sharing class (DATA-CLASS), data dictionary, resources of
//! three kinds (DATA-RESOURCE) and status; `EntryDraft::check` names every problem at once.

use calendar::Instant;
use platform::workflow::SubjectClock;

use crate::entry::EntryClock;
use crate::error::SharingError;
use crate::{EntryId, ResourceId, UnitId};

/// DATA-CLASS: how a data set is shared (000 共享 §4(一)).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SharingClass {
    /// 无条件共享.
    Unconditional,
    /// 有条件共享: every material an applicant must provide.
    Conditional { materials: Vec<String> },
    /// 不予共享: the reason and its legal or policy basis, filed with the administrator.
    NotShared { reason: String, basis: String },
}

impl SharingClass {
    pub fn code(&self) -> &'static str {
        match self {
            SharingClass::Unconditional => "unconditional",
            SharingClass::Conditional { .. } => "conditional",
            SharingClass::NotShared { .. } => "not_shared",
        }
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            SharingClass::Unconditional => "无条件共享",
            SharingClass::Conditional { .. } => "有条件共享",
            SharingClass::NotShared { .. } => "不予共享",
        }
    }

    pub fn is_shared(&self) -> bool {
        !matches!(self, SharingClass::NotShared { .. })
    }
}

/// The type of a field of the data dictionary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FieldType {
    Text,
    Integer,
    Decimal,
    Date,
}

impl FieldType {
    pub fn label_zh(self) -> &'static str {
        match self {
            FieldType::Text => "字符",
            FieldType::Integer => "整数",
            FieldType::Decimal => "数值",
            FieldType::Date => "日期",
        }
    }
}

/// A field of the data dictionary (数据字典): its code (what the gateway names), type,
/// description and whether it is personal data.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Field {
    pub code: String,
    pub label: String,
    pub kind: FieldType,
    pub description: String,
    pub personal: bool,
}

/// DATA-RESOURCE: the three ways a resource is hung on an entry (000 共享 §7).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ResourceKind {
    /// 库表: hosted by the platform, with its update frequency.
    Table { frequency: String },
    /// 服务接口: the provider's API proxied by the gateway, with its interface document and the
    /// provider's security and availability self-check (the credentials are sealed in store).
    Api {
        url: String,
        method: String,
        document: String,
        self_checked: bool,
    },
    /// 文件（文件夹）: with its file server and update frequency.
    Files { server: String, frequency: String },
}

impl ResourceKind {
    pub fn code(&self) -> &'static str {
        match self {
            ResourceKind::Table { .. } => "table",
            ResourceKind::Api { .. } => "api",
            ResourceKind::Files { .. } => "files",
        }
    }

    pub fn label_zh(&self) -> &'static str {
        match self {
            ResourceKind::Table { .. } => "库表",
            ResourceKind::Api { .. } => "服务接口",
            ResourceKind::Files { .. } => "文件",
        }
    }

    /// DATA-RESOURCE: what the kind must say, every problem at once.
    fn problems(&self, name: &str) -> Vec<String> {
        let mut problems = Vec::new();
        match self {
            ResourceKind::Table { frequency } => {
                if frequency.trim().is_empty() {
                    problems.push(format!("库表资源“{name}”须写明数据更新频率"));
                }
            }
            ResourceKind::Api {
                url,
                method,
                document,
                self_checked,
            } => {
                if !(url.starts_with("http://") || url.starts_with("https://")) {
                    problems.push(format!(
                        "服务接口“{name}”的地址须以 http:// 或 https:// 开头"
                    ));
                }
                if !matches!(method.as_str(), "GET" | "POST") {
                    problems.push(format!("服务接口“{name}”的请求方式须为 GET 或 POST"));
                }
                if document.trim().is_empty() {
                    problems.push(format!("服务接口“{name}”须上传标准接口描述文档"));
                }
                if !self_checked {
                    problems.push(format!("服务接口“{name}”须完成安全性、可用性自检"));
                }
            }
            ResourceKind::Files { server, frequency } => {
                if server.trim().is_empty() || frequency.trim().is_empty() {
                    problems.push(format!("文件资源“{name}”须写明文件服务器及更新频率"));
                }
            }
        }
        problems
    }
}

/// A resource hung on an entry; only an online resource answers calls.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Resource {
    pub id: ResourceId,
    pub name: String,
    pub kind: ResourceKind,
    pub online: bool,
}

/// The most fields a dictionary has (the hosted table's text columns).
pub const MAX_FIELDS: usize = 16;

/// What a provider registers or changes (the entry's content).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EntryDraft {
    pub name: String,
    pub class: SharingClass,
    pub fields: Vec<Field>,
    pub frequency: String,
    pub resources: Vec<Resource>,
}

impl EntryDraft {
    /// DATA-CLASS, DATA-RESOURCE: every problem of the draft at once.
    pub fn check(&self) -> Result<(), SharingError> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push("请填写目录名称".to_owned());
        }
        match &self.class {
            SharingClass::Conditional { materials }
                if materials.iter().all(|m| m.trim().is_empty()) =>
            {
                problems
                    .push("有条件共享须列明申请使用所需提供的全部材料（DATA-CLASS）".to_owned());
            }
            SharingClass::NotShared { reason, basis }
                if reason.trim().is_empty() || basis.trim().is_empty() =>
            {
                problems
                    .push("不予共享须说明理由并提供法律法规或政策依据（DATA-CLASS）".to_owned());
            }
            _ => {}
        }
        if self.fields.is_empty() || self.fields.len() > MAX_FIELDS {
            problems.push(format!("数据字典须有 1 至 {MAX_FIELDS} 个字段"));
        }
        let mut seen = std::collections::HashSet::new();
        for field in &self.fields {
            let valid_code = !field.code.is_empty()
                && field.code.len() <= 40
                && field
                    .code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid_code {
                problems.push(format!(
                    "字段代码“{}”只能由小写字母、数字和下划线组成（至多 40 个字符）",
                    field.code
                ));
            }
            if !seen.insert(field.code.as_str()) {
                problems.push(format!("字段代码“{}”重复", field.code));
            }
            if field.label.trim().is_empty() {
                problems.push(format!("字段“{}”须有中文名称", field.code));
            }
        }
        if self.frequency.trim().is_empty() {
            problems.push("请填写更新频率".to_owned());
        }
        if self.class.is_shared() && self.resources.is_empty() {
            problems.push("共享的目录须挂接至少一个资源（DATA-RESOURCE）".to_owned());
        }
        let mut numbers = std::collections::HashSet::new();
        for resource in &self.resources {
            if !(1..=99).contains(&resource.id.0) || !numbers.insert(resource.id) {
                problems.push(format!(
                    "资源“{}”的序号须为 1 至 99 且不重复",
                    resource.name
                ));
            }
            if resource.name.trim().is_empty() {
                problems.push("资源须有名称".to_owned());
            }
            problems.extend(resource.kind.problems(&resource.name));
        }
        SharingError::check_all(problems)
    }

    /// The field of the dictionary named `code`.
    pub fn field(&self, code: &str) -> Option<&Field> {
        self.fields.iter().find(|field| field.code == code)
    }
}

/// The status of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    /// 草稿 (or returned by the administrator).
    Draft,
    /// 待审核.
    Submitted,
    /// 已发布 (shared entries).
    Published,
    /// 已备案 (not-shared entries, filed with the administrator).
    Filed,
    /// 变更中: a change under the DATA-CATALOG clock.
    Changing,
    /// 撤销申请中.
    WithdrawalApplied,
    /// 已撤销.
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::Draft,
        Status::Submitted,
        Status::Published,
        Status::Filed,
        Status::Changing,
        Status::WithdrawalApplied,
        Status::Withdrawn,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Published => "published",
            Status::Filed => "filed",
            Status::Changing => "changing",
            Status::WithdrawalApplied => "withdrawal_applied",
            Status::Withdrawn => "withdrawn",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Draft => "草稿",
            Status::Submitted => "待审核",
            Status::Published => "已发布",
            Status::Filed => "已备案（不予共享）",
            Status::Changing => "变更中",
            Status::WithdrawalApplied => "撤销申请中",
            Status::Withdrawn => "已撤销",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    /// Visible in the published catalogue (and callable): published or being changed.
    pub fn is_published(self) -> bool {
        matches!(
            self,
            Status::Published | Status::Changing | Status::WithdrawalApplied
        )
    }
}

/// A catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub id: EntryId,
    pub provider: UnitId,
    pub draft: EntryDraft,
    pub status: Status,
    #[serde(with = "platform::snapshot::opt_instant")]
    pub published_at: Option<Instant>,
    /// The reason of a change being made, or of the administrator's return.
    pub note: String,
    /// DATA-WITHDRAW: the basis of the withdrawal applied for.
    pub withdrawal_basis: String,
    pub clocks: Vec<SubjectClock<EntryClock>>,
}

impl Entry {
    /// The resource `id` of this entry.
    pub fn resource(&self, id: ResourceId) -> Option<&Resource> {
        self.draft.resources.iter().find(|r| r.id == id)
    }
}
