//! Who may run which command on a submission (WEB-SUBMIT): by role *and* by place. Its writer
//! edits, submits and withdraws; a leader of the submitting unit (not its writer) approves or
//! sends back — for a major item as the unit's principal (004 §26: 重大信息必须经主要领导审核
//! 同意); the A/B editors of the proposed column adopt or return it. `available` is the
//! table's rows kept to what `acting` may run now — exactly the commands `apply` accepts.

use platform::roles::Role;

use crate::column::Column;
use crate::registry::Site;
use crate::submission::{CommandKind, Submission, table};
use crate::{Acting, SiteError};

/// Where a submission goes: the site and the column it proposes.
#[derive(Debug, Clone, Copy)]
pub struct Place<'a> {
    pub site: &'a Site,
    pub column: &'a Column,
}

/// WEB-COLUMNS: a site editor who is the column's A or B editor.
pub(crate) fn is_column_editor(column: &Column, acting: &Acting) -> bool {
    acting.has(Role::SiteEditor) && column.editors.includes(acting.user)
}

fn unless(ok: bool, message: impl FnOnce() -> String) -> Result<(), SiteError> {
    if ok {
        Ok(())
    } else {
        Err(SiteError::NotPermitted(message()))
    }
}

/// WEB-SUBMIT: whether `acting` may run `kind` on `submission` in `place`, with the reason
/// when not.
pub(crate) fn permits(
    submission: &Submission,
    place: Place<'_>,
    acting: &Acting,
    kind: CommandKind,
) -> Result<(), SiteError> {
    use CommandKind as C;
    match kind {
        C::Edit | C::Submit | C::Withdraw => unless(acting.user == submission.writer, || {
            format!("只有报送信息的填写人可以{}", kind.label_zh())
        }),
        C::Approve | C::SendBack => {
            let principal = if submission.major {
                "重大信息须由报送单位主要领导审核同意（WEB-SUBMIT）"
            } else {
                "报送信息须经报送单位分管领导审核同意（WEB-SUBMIT）"
            };
            unless(acting.has_in(Role::UnitLeader, submission.unit), || {
                format!(
                    "{principal}：只有“{}”的负责人可以审核",
                    submission.unit_name
                )
            })?;
            unless(acting.user != submission.writer, || {
                "不能审核本人填写的报送信息（WEB-SUBMIT）".to_owned()
            })
        }
        C::Adopt | C::Return => unless(is_column_editor(place.column, acting), || {
            format!(
                "只有栏目“{}”的A岗、B岗编辑可以采用或退回报送信息（WEB-SUBMIT）",
                place.column.name
            )
        }),
    }
}

/// Who may read a submission (its page, the masked mobile): the staff of the submitting unit,
/// the A/B editors of the column proposed, and the site's administrators
/// ([`crate::column::administrators`]).
pub fn may_view(submission: &Submission, place: Place<'_>, acting: &Acting) -> bool {
    acting.unit == submission.unit
        || is_column_editor(place.column, acting)
        || crate::column::administrators(place.site)
            .iter()
            .any(|(unit, role)| acting.has_in(*role, *unit))
}

/// Who may read the author's mobile in clear (audited): the writer, a leader of the unit, and
/// the A/B editors of the column proposed, who call the author about it.
pub fn may_reveal_mobile(submission: &Submission, place: Place<'_>, acting: &Acting) -> bool {
    acting.user == submission.writer
        || acting.has_in(Role::UnitLeader, submission.unit)
        || is_column_editor(place.column, acting)
}

/// The commands `acting` may run on `submission` in `place` now, in the order of
/// [`CommandKind::ALL`].
pub fn available(submission: &Submission, place: Place<'_>, acting: &Acting) -> Vec<CommandKind> {
    CommandKind::ALL
        .into_iter()
        .filter(|kind| table::allows(submission.status, *kind))
        .filter(|kind| permits(submission, place, acting, *kind).is_ok())
        .collect()
}
