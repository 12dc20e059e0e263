//! The online application form read field by field (issue 14 item 3, "forms that forgive"):
//! every problem of the form at once, each named by the field it belongs to, and what passed
//! kept for the next render — the identity typed now or held from before (never written back
//! into a page, `platform::held`), and the files whose content passed `Policy::MATERIAL`. An
//! attachment's error names the material and the file. For a legal person's item the
//! enterprise is read too (SVC-ITEM-TYPES, issue 14 item 4).

use platform::attachments::Policy;
use platform::held::Held;
use platform::personal::{CitizenIdNo, PersonName, PhoneNumber};
use services::email::ApplicantEmail;
use services::enterprise::{CreditCode, Enterprise, EnterpriseAsked, EnterpriseName};
use services::usecase::PublishedItem;
use services::usecase::online::MaterialUpload;

use crate::upload::Multipart;

/// The prefix of a material's file input: `m_<material code>`.
pub const FILE_PREFIX: &str = "m_";
/// A file's name is shown in a message up to this many characters.
const NAME_CHARS: usize = 60;

/// One problem of the refused form (shared with the portal's other forms that forgive).
pub use crate::forgive::FieldError;

/// The text fields of the form as typed.
#[derive(Debug, Clone, Default)]
pub struct Typed<'a> {
    pub name: &'a str,
    pub id_no: &'a str,
    pub phone: &'a str,
    /// SVC-STATUS: optional.
    pub email: &'a str,
    pub enterprise_name: &'a str,
    pub credit_code: &'a str,
}

/// What the form gave, each field read: the values that passed, and every problem.
#[derive(Debug, Default)]
pub struct Read {
    pub errors: Vec<FieldError>,
    pub name: Option<PersonName>,
    /// Typed now, or held from an earlier render when left empty.
    pub id_no: Option<CitizenIdNo>,
    pub phone: Option<PhoneNumber>,
    /// SVC-STATUS: the address for progress mails; `None` when left empty.
    pub email: Option<ApplicantEmail>,
    /// `None` when not asked or (optional) left empty; see `enterprise_given`.
    pub enterprise: Option<Enterprise>,
    /// The enterprise's fields were asked and filled (or required).
    pub enterprise_given: bool,
    /// The files chosen now whose content passed, labelled by their material.
    pub files: Vec<MaterialUpload>,
}

impl Read {
    /// The problems of these fields only.
    pub fn errors_of(&self, fields: &[&str]) -> Vec<FieldError> {
        self.errors
            .iter()
            .filter(|error| {
                fields.contains(&error.field.as_str()) || error.field.starts_with(FILE_PREFIX)
            })
            .cloned()
            .collect()
    }
}

/// The enterprise's fields, as the item asks for them.
pub const ENTERPRISE_FIELDS: [&str; 2] = ["enterprise_name", "credit_code"];

/// Reads every field of the form; `held` gives the ID number and phone left empty.
pub fn read(
    published: &PublishedItem,
    typed: &Typed<'_>,
    form: &Multipart,
    held: Option<&Held>,
) -> Read {
    let mut read = Read::default();
    let mut errors = Vec::new();
    let fail = FieldError::new;
    // SVC-ITEM-TYPES: the enterprise, for a legal person's item.
    let asked = EnterpriseAsked::of(&published.item.basic.targets);
    (read.enterprise, read.enterprise_given) = read_enterprise(asked, typed, &mut errors);
    read.name = if typed.name.trim().is_empty() {
        errors.push(fail("name", "请填写姓名".into()));
        None
    } else {
        PersonName::parse(typed.name)
            .map_err(|e| errors.push(fail("name", e.to_string())))
            .ok()
    };
    let kept = |name: &str| held.and_then(|held| held.value(name)).unwrap_or_default();
    let id_no = or_held(typed.id_no, kept("id_no"));
    read.id_no = if id_no.is_empty() {
        errors.push(fail("id_no", "请填写身份证号".into()));
        None
    } else {
        CitizenIdNo::parse(id_no)
            .map_err(|e| errors.push(fail("id_no", e.to_string())))
            .ok()
    };
    let phone = or_held(typed.phone, kept("phone"));
    read.phone = if phone.is_empty() {
        errors.push(fail("phone", "请填写手机号码".into()));
        None
    } else {
        PhoneNumber::parse(phone)
            .map_err(|e| errors.push(fail("phone", e.to_string())))
            .ok()
    };
    read.email = read_email(typed.email, &mut errors);
    let (files, file_errors) = files_of(published, form, FILE_PREFIX);
    read.files = files;
    errors.extend(file_errors);
    read.errors = errors;
    read
}

/// SVC-STATUS: the optional e-mail address (电子邮箱（选填）), its problem under `email`. The
/// online form and the window's walk-in registration read it alike.
pub fn read_email(typed: &str, errors: &mut Vec<FieldError>) -> Option<ApplicantEmail> {
    if typed.trim().is_empty() {
        return None;
    }
    ApplicantEmail::parse(typed)
        .map_err(|e| errors.push(FieldError::new("email", e.to_string())))
        .ok()
}

/// SVC-ITEM-TYPES (issue 14 item 4): the enterprise as `asked` — required, optional (given
/// when either field is filled) or not asked —, each field's problem pushed to `errors` under
/// its field (`enterprise_name`, `credit_code`; the credit code checked by its GB 32100 check
/// character). Returns the enterprise when both fields passed, and whether it was given. The
/// online form and the window's walk-in registration read it alike.
pub fn read_enterprise(
    asked: EnterpriseAsked,
    typed: &Typed<'_>,
    errors: &mut Vec<FieldError>,
) -> (Option<Enterprise>, bool) {
    let empty = typed.enterprise_name.trim().is_empty() && typed.credit_code.trim().is_empty();
    let given = match asked {
        EnterpriseAsked::No => false,
        EnterpriseAsked::Optional => !empty,
        EnterpriseAsked::Required => true,
    };
    if !given {
        return (None, false);
    }
    let name = EnterpriseName::parse(typed.enterprise_name)
        .map_err(|e| errors.push(FieldError::new("enterprise_name", e.to_string())));
    let code = CreditCode::parse(typed.credit_code)
        .map_err(|e| errors.push(FieldError::new("credit_code", e.to_string())));
    let enterprise = match (name, code) {
        (Ok(name), Ok(credit_code)) => Some(Enterprise { name, credit_code }),
        _ => None,
    };
    (enterprise, true)
}

/// The value typed, or the one held when the field was left empty.
fn or_held<'a>(typed: &'a str, held: &'a str) -> &'a str {
    if typed.trim().is_empty() { held } else { typed }
}

/// The files of the form, each in the field `prefix` + its material's code: each checked by
/// its content against `Policy::MATERIAL`, a refused one named by its material and its file
/// name next to its field; a second file for one material and a file for no material of the
/// item are refused too.
pub fn files_of(
    published: &PublishedItem,
    form: &Multipart,
    prefix: &str,
) -> (Vec<MaterialUpload>, Vec<FieldError>) {
    let list = published.item.materials.list();
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for (index, part) in form.files.iter().enumerate() {
        let code = part.field.strip_prefix(prefix).unwrap_or_default();
        let Some(material) = list.iter().find(|m| m.code == code) else {
            errors.push(FieldError::new("", "上传的文件不属于本事项的申请材料"));
            continue;
        };
        let shown: String = part.file_name.trim().chars().take(NAME_CHARS).collect();
        if form.files[..index]
            .iter()
            .any(|other| other.field == part.field)
        {
            errors.push(FieldError::new(
                &part.field,
                format!("“{}”只能上传一个文件，请只选择一个", material.name),
            ));
            continue;
        }
        let named = if shown.is_empty() {
            material.name.clone()
        } else {
            format!("{}（{shown}）", material.name)
        };
        match Policy::MATERIAL.check(&part.upload(named)) {
            Ok(_) => files.push(MaterialUpload {
                code: material.code.clone(),
                upload: part.upload(material.name.clone()),
            }),
            Err(error) => errors.push(FieldError::new(&part.field, error.to_string())),
        }
    }
    (files, errors)
}

/// SVC-ACCEPT: a required material given by no file now, none held and no reuse is asked for
/// next to its field (unless its chosen file was refused already).
pub fn missing_materials(
    published: &PublishedItem,
    read: &Read,
    held: Option<&Held>,
    reusable: &[String],
) -> Vec<FieldError> {
    published
        .item
        .materials
        .list()
        .iter()
        .filter(|material| material.required)
        .filter_map(|material| {
            let field = format!("{FILE_PREFIX}{}", material.code);
            let given = read.files.iter().any(|file| file.code == material.code)
                || held.is_some_and(|held| held.file(&field).is_some())
                || reusable.contains(&material.code)
                || read.errors.iter().any(|error| error.field == field);
            (!given).then(|| FieldError::new(&field, format!("请上传“{}”", material.name)))
        })
        .collect()
}
