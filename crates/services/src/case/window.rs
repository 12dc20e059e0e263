//! SVC-WINDOW 限时签收 (000 中心 §7(三)): a case the comprehensive window accepted for a
//! department that is not present (事进人不进) is signed for (签收) by the department within
//! the profile's `services.window_sign`. The signing clock starts at the window's acceptance
//! and stops when the department signs — by the explicit 签收, or by its first act on the case
//! (completing a stage, a 补齐补正 request, the decision), which cannot come before signing. A
//! signature after the limit is still taken; the clock shows it late (CAL-LIGHT, 电子监察).

use crate::case::step::Step;
use crate::case::{ClockKind, Recipient};
use crate::{ServiceError, UnitId};

/// SVC-WINDOW: starts the department's signing clock and tells it the limit.
pub(crate) fn start_sign_clock(step: &mut Step<'_>, department: UnitId) {
    let limit = step.profile.services.window_sign.limit();
    step.start_clock(ClockKind::Sign, Some(department), limit);
    step.notify(
        Recipient::Department(department),
        "SVC-WINDOW",
        format!(
            "综合窗口已受理办件 {}，请在{}内签收并后台审核办理",
            step.case.id,
            limit.label_zh()
        ),
    );
}

/// Whether the department's signing clock runs (the case awaits its signature).
pub(crate) fn awaits_signature(step: &Step<'_>) -> bool {
    step.case
        .clocks
        .iter()
        .any(|entry| entry.kind == ClockKind::Sign && entry.is_running())
}

/// SVC-WINDOW: the department signs for the case; only the department, only once.
pub(crate) fn sign(step: &mut Step<'_>, by: UnitId) -> Result<(), ServiceError> {
    if by != step.department() {
        return Err(ServiceError::NotAssigned {
            unit: by,
            action: "签收综合窗口受理的办件",
        });
    }
    if !awaits_signature(step) {
        return Err(ServiceError::invalid(
            "本办件无需签收或已签收（SVC-WINDOW：仅综合窗口代收的办件由部门签收一次）",
        ));
    }
    signed(step);
    Ok(())
}

/// The department's act on the case signs for it (SVC-WINDOW): its signing clock stops.
pub(crate) fn signed_by_acting(step: &mut Step<'_>, by: UnitId) {
    if by == step.department() && awaits_signature(step) {
        signed(step);
    }
}

fn signed(step: &mut Step<'_>) {
    let department = step.department();
    let (now, calendar) = (step.now, step.calendar);
    let late = step
        .case
        .clocks
        .iter()
        .any(|entry| entry.kind == ClockKind::Sign && entry.is_overdue(calendar, now));
    step.stop_clocks(ClockKind::Sign, Some(department));
    let note = if late {
        "部门已签收（超过签收时限）"
    } else {
        "部门已签收"
    };
    let window = window_of(step);
    let text = format!("办件 {} {note}", step.case.id);
    step.notify(Recipient::Window(window), "SVC-WINDOW", text);
}

/// The unit that accepted the case (the comprehensive window).
fn window_of(step: &Step<'_>) -> UnitId {
    step.case
        .accepted
        .map_or_else(|| step.department(), |(by, _)| by)
}
