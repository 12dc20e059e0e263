//! The catalogue entry's form and commands (DATA-CLASS, DATA-CATALOG, DATA-RESOURCE,
//! DATA-WITHDRAW). [`EntryForm`] is what a provider types — name, sharing class with its
//! materials or its reason and basis, the data dictionary one field a line, the update
//! frequency, the resources one a line — read into an `EntryDraft` whose own check names
//! every problem at once. [`command`] runs one command from the entry's page (submit,
//! publish, file, return, start a change, extend its clock, a resource offline or online,
//! withdrawal applied for, approved or refused) through `sharing::usecase::entries::execute`
//! with the page's version; a refusal answers 400 with the page and changes nothing.

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use sharing::entry::{
    Command, CommandKind, EntryDraft, Field, FieldType, Resource, ResourceKind, SharingClass,
};
use sharing::usecase::entries as usecase;
use sharing::{EntryId, ResourceId};

use super::entries::build;
use super::{EntryNo, acting, limited};
use crate::AppState;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// The entry form as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub class: String,
    #[serde(default)]
    pub materials: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub fields: String,
    #[serde(default)]
    pub frequency: String,
    #[serde(default)]
    pub resources: String,
    #[serde(default)]
    pub version: Option<i64>,
}

/// The cells of one line, split at `|` or `｜`.
fn cells(line: &str) -> Vec<String> {
    line.split(['|', '｜'])
        .map(|c| c.trim().to_owned())
        .collect()
}

fn field_type(word: &str) -> Option<FieldType> {
    match word {
        "字符" | "文本" | "text" | "" => Some(FieldType::Text),
        "整数" | "integer" => Some(FieldType::Integer),
        "数值" | "小数" | "decimal" => Some(FieldType::Decimal),
        "日期" | "date" => Some(FieldType::Date),
        _ => None,
    }
}

fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim).filter(|l| !l.is_empty())
}

impl EntryForm {
    /// DATA-CLASS, DATA-RESOURCE: the draft, or every problem of what was typed; `old` keeps
    /// the online state of the resources an edit keeps.
    pub fn draft(&self, old: Option<&EntryDraft>) -> Result<EntryDraft, String> {
        let mut problems = Vec::new();
        for (what, text, max) in [
            ("目录名称", &self.name, 200),
            ("申请材料", &self.materials, 2000),
            ("不予共享理由", &self.reason, 2000),
            ("不予共享依据", &self.basis, 2000),
            ("数据字典", &self.fields, 8000),
            ("更新频率", &self.frequency, 100),
            ("资源", &self.resources, 4000),
        ] {
            if let Err(error) = limited(text, what, max) {
                problems.push(error.to_string());
            }
        }
        let class = match self.class.as_str() {
            "unconditional" => Some(SharingClass::Unconditional),
            "conditional" => Some(SharingClass::Conditional {
                materials: lines(&self.materials).map(str::to_owned).collect(),
            }),
            "not_shared" => Some(SharingClass::NotShared {
                reason: self.reason.trim().to_owned(),
                basis: self.basis.trim().to_owned(),
            }),
            _ => {
                problems.push("请选择共享类型（DATA-CLASS）".to_owned());
                None
            }
        };
        let mut fields = Vec::new();
        for line in lines(&self.fields) {
            let c = cells(line);
            let get = |i: usize| c.get(i).cloned().unwrap_or_default();
            let Some(kind) = field_type(&get(2)) else {
                problems.push(format!(
                    "字段“{}”的类型“{}”应为字符、整数、数值或日期",
                    get(0),
                    get(2)
                ));
                continue;
            };
            fields.push(Field {
                code: get(0),
                label: get(1),
                kind,
                personal: matches!(get(3).as_str(), "是" | "个人" | "yes"),
                description: get(4),
            });
        }
        let mut resources = Vec::new();
        for (index, line) in lines(&self.resources).enumerate() {
            let c = cells(line);
            let get = |i: usize| c.get(i).cloned().unwrap_or_default();
            let kind = match get(0).as_str() {
                "库表" => ResourceKind::Table { frequency: get(2) },
                "接口" | "服务接口" => ResourceKind::Api {
                    url: get(2),
                    method: get(3).to_uppercase(),
                    document: get(4),
                    self_checked: get(5) == "已自检",
                },
                "文件" => ResourceKind::Files {
                    server: get(2),
                    frequency: get(3),
                },
                other => {
                    problems.push(format!(
                        "资源第 {} 行的类型“{other}”应为库表、接口或文件",
                        index + 1
                    ));
                    continue;
                }
            };
            let id = ResourceId(i64::try_from(index + 1).unwrap_or(0));
            let online = old
                .and_then(|d| d.resources.iter().find(|r| r.id == id))
                .is_none_or(|r| r.online);
            resources.push(Resource {
                id,
                name: get(1),
                kind,
                online,
            });
        }
        let Some(class) = class else {
            return Err(problems.join("；"));
        };
        let draft = EntryDraft {
            name: self.name.trim().to_owned(),
            class,
            fields,
            frequency: self.frequency.trim().to_owned(),
            resources,
        };
        if let Err(error) = draft.check() {
            problems.push(error.to_string());
        }
        if problems.is_empty() {
            Ok(draft)
        } else {
            Err(problems.join("；"))
        }
    }

    /// The form of a stored draft (for its edit page).
    pub fn of(draft: &EntryDraft, version: i64) -> EntryForm {
        let (class, materials, reason, basis) = match &draft.class {
            SharingClass::Unconditional => ("unconditional", String::new(), "", ""),
            SharingClass::Conditional { materials } => {
                ("conditional", materials.join("\n"), "", "")
            }
            SharingClass::NotShared { reason, basis } => {
                ("not_shared", String::new(), reason.as_str(), basis.as_str())
            }
        };
        let fields = draft
            .fields
            .iter()
            .map(|f| {
                format!(
                    "{}|{}|{}|{}|{}",
                    f.code,
                    f.label,
                    f.kind.label_zh(),
                    if f.personal { "是" } else { "否" },
                    f.description
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        let resources = draft
            .resources
            .iter()
            .map(|r| match &r.kind {
                ResourceKind::Table { frequency } => format!("库表|{}|{frequency}", r.name),
                ResourceKind::Api {
                    url,
                    method,
                    document,
                    self_checked,
                } => format!(
                    "接口|{}|{url}|{method}|{document}|{}",
                    r.name,
                    if *self_checked {
                        "已自检"
                    } else {
                        "未自检"
                    }
                ),
                ResourceKind::Files { server, frequency } => {
                    format!("文件|{}|{server}|{frequency}", r.name)
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        EntryForm {
            name: draft.name.clone(),
            class: class.to_owned(),
            materials,
            reason: reason.to_owned(),
            basis: basis.to_owned(),
            fields,
            frequency: draft.frequency.clone(),
            resources,
            version: Some(version),
        }
    }
}

/// The code of a command in the page's forms.
pub(super) fn command_code(kind: CommandKind) -> &'static str {
    match kind {
        CommandKind::Edit => "edit",
        CommandKind::Submit => "submit",
        CommandKind::Publish => "publish",
        CommandKind::File => "file",
        CommandKind::Return => "return",
        CommandKind::StartChange => "start-change",
        CommandKind::ExtendChange => "extend-change",
        CommandKind::CompleteChange => "complete-change",
        CommandKind::TakeOffline => "take-offline",
        CommandKind::PutOnline => "put-online",
        CommandKind::ApplyWithdrawal => "apply-withdrawal",
        CommandKind::ApproveWithdrawal => "approve-withdrawal",
        CommandKind::RefuseWithdrawal => "refuse-withdrawal",
    }
}

/// One command from the entry's page: its code, the page's version, what is written (a
/// reason or basis) and the resource it names.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommandForm {
    command: String,
    version: i64,
    #[serde(default)]
    text: String,
    #[serde(default)]
    resource: String,
}

fn parse(form: &CommandForm) -> platform::Result<Command> {
    let text = limited(&form.text, "填写的内容", 2000)?;
    let resource = || {
        crate::extract::parse_number(form.resource.trim())
            .map(ResourceId)
            .ok_or_else(|| platform::Error::invalid("请选择资源"))
    };
    Ok(match form.command.as_str() {
        "submit" => Command::Submit,
        "publish" => Command::Publish,
        "file" => Command::File,
        "return" => Command::Return { reason: text },
        "start-change" => Command::StartChange { reason: text },
        "extend-change" => Command::ExtendChange { reason: text },
        "take-offline" => Command::TakeOffline {
            resource: resource()?,
        },
        "put-online" => Command::PutOnline {
            resource: resource()?,
        },
        "apply-withdrawal" => Command::ApplyWithdrawal { basis: text },
        "approve-withdrawal" => Command::ApproveWithdrawal,
        "refuse-withdrawal" => Command::RefuseWithdrawal { reason: text },
        _ => return Err(platform::Error::invalid("未知的办理事项")),
    })
}

/// `POST /office/sharing/entries/{id}/command`: one command on the entry.
pub async fn command(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(EntryNo(id)): Id<EntryNo>,
    Form(form): Form<CommandForm>,
) -> Result<Response, PageError> {
    let id = EntryId(id);
    // Another unit's entry is not found, before anything else.
    super::entries::visible(&state, &staff, id).await?;
    let outcome = match parse(&form) {
        Ok(command) => {
            let judged = Judged::load(&state, &staff).await?;
            let context = judged.context(&state);
            usecase::execute(
                &state.platform.db,
                &context,
                &acting(&staff),
                id,
                command,
                Some(form.version),
            )
            .await
            .map(|_| ())
        }
        Err(error) => Err(error),
    };
    answer(&state, &csrf, &staff, id, outcome).await
}

/// After a command or an edit: the page again, done or with the refusal (400).
pub(super) async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: EntryId,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    crate::outcome::answer(
        outcome,
        format!("/office/sharing/entries/{}?done=1", id.0),
        |error| build(state, csrf, staff, id, (Some(error), false)),
    )
    .await
}
