//! Forms that forgive (issue 14 item 3), what every public form that does shares: a problem
//! named by the field it belongs to, and the attributes that tie a field to its problem and
//! to what describes it (`aria-invalid`, `aria-describedby`). The page shows every problem at
//! once, each next to its field (`<p class="field-error" id="{field}-error">`) and listed
//! above the form, each line a link to its field; what passed is kept by `platform::held`.

/// One problem of a refused form: the id of its field (empty for the form as a whole) and
/// what to do, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// The problem of `field` among `errors`, if any.
pub fn error_of<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|error| error.field == field)
        .map(|error| error.message.as_str())
}

/// ` aria-invalid="true"` (when `invalid`) and ` aria-describedby="…"` of `field`: its
/// problem (`{field}-error`) and the ids in `described_by` (a hint, what is held). Only the
/// page's own ids, never a typed value: the result is written into the page unescaped.
pub fn aria(field: &str, invalid: bool, described_by: &[String]) -> String {
    let mut ids = Vec::new();
    if invalid {
        ids.push(format!("{field}-error"));
    }
    ids.extend(described_by.iter().cloned());
    let mut attributes = String::new();
    if invalid {
        attributes.push_str(" aria-invalid=\"true\"");
    }
    if !ids.is_empty() {
        attributes.push_str(&format!(" aria-describedby=\"{}\"", ids.join(" ")));
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aria_names_the_problem_first_then_what_describes_the_field() {
        assert_eq!(aria("phone", false, &[]), "");
        assert_eq!(
            aria("phone", true, &["phone-held".into()]),
            " aria-invalid=\"true\" aria-describedby=\"phone-error phone-held\""
        );
        assert_eq!(
            aria("attachments", false, &["attachments-hint".into()]),
            " aria-describedby=\"attachments-hint\""
        );
        let errors = [FieldError::new("phone", "请填写联系电话")];
        assert_eq!(error_of(&errors, "phone"), Some("请填写联系电话"));
        assert_eq!(error_of(&errors, "name"), None);
    }
}
