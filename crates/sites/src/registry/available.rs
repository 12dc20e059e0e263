//! Who may run which command on a site (WEB-REGISTRY): the host unit's leader applies, reports
//! an emergency shutdown and restores; the supervising unit's leader decides, never on their
//! own application; either changes the registration. `available` is the transition table's
//! rows from the site's status kept to what `acting` may run — the buttons a page offers,
//! which are exactly the commands `apply` accepts from them.

use platform::roles::Role;

use crate::registry::{CommandKind, Site, SiteKind, table};
use crate::{Acting, SiteError, UnitId};

/// Holds the unit leader's role in one of `units`.
pub(crate) fn is_leader_of(acting: &Acting, units: &[UnitId]) -> bool {
    units
        .iter()
        .any(|unit| acting.has_in(Role::UnitLeader, *unit))
}

/// WEB-REGISTRY: whether `acting` may run `kind` on `site`, with the reason when not.
pub(crate) fn permits(site: &Site, acting: &Acting, kind: CommandKind) -> Result<(), SiteError> {
    use CommandKind as C;
    let registration = site.registration();
    let host = registration.host_unit;
    let supervising = registration.supervising_unit;
    match kind {
        // 000 网站 §5,7,8: 经主办单位（主要）负责人同意，向区政府办公室提出申请.
        C::ApplyOpen | C::ApplyOffline | C::ApplyClose | C::ReportEmergency => {
            if is_leader_of(acting, &[host]) {
                Ok(())
            } else {
                Err(SiteError::not_permitted(format!(
                    "只有主办单位（{}）的负责人可以{}",
                    registration.host_unit_name,
                    kind.label_zh()
                )))
            }
        }
        // 000 网站 §5–8: the district government office (主管单位) decides.
        C::Approve | C::Reject => {
            if !is_leader_of(acting, &[supervising]) {
                return Err(SiteError::not_permitted(
                    "只有主管单位的负责人可以审批网站开设、临时下线和永久下线申请",
                ));
            }
            if site
                .pending()
                .is_some_and(|pending| pending.by == acting.user)
            {
                return Err(SiteError::not_permitted(
                    "不能审批本人提出的申请（WEB-REGISTRY）",
                ));
            }
            Ok(())
        }
        // 000 网站 §9, 门户 §8: changes are reported to and registered by the office.
        C::Restore | C::ChangeRegistration => {
            if is_leader_of(acting, &[host, supervising]) {
                Ok(())
            } else {
                Err(SiteError::not_permitted(format!(
                    "只有主办单位或主管单位的负责人可以{}",
                    kind.label_zh()
                )))
            }
        }
    }
}

/// The commands `acting` may run on `site` now, in the order of [`CommandKind::ALL`]. The
/// portal is never offered a closing (000 网站 §9); the yearly allowance of temporary
/// offlines is judged when the application is filed, with its message.
pub fn available(site: &Site, acting: &Acting) -> Vec<CommandKind> {
    let portal = site.registration().kind == SiteKind::Portal;
    CommandKind::ALL
        .into_iter()
        .filter(|kind| table::allows(site.status, *kind) && permits(site, acting, *kind).is_ok())
        .filter(|kind| !(portal && *kind == CommandKind::ApplyClose))
        .collect()
}
