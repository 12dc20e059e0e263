//! Who keeps a site's columns and hears of its security (WEB-COLUMNS, SEC-TAMPER): the site's
//! administrators — a leader of its host or operator unit, or a publisher of its operator
//! unit. They open, change, move and archive columns and name their A/B editors; the tamper
//! check's alarms go to them.

use platform::roles::Role;

use crate::registry::{Site, Status};
use crate::{Acting, SiteError, UnitId};

/// The units and roles of a site's administrators: (unit, role) pairs.
pub fn administrators(site: &Site) -> [(UnitId, Role); 3] {
    let registration = site.registration();
    [
        (registration.host_unit, Role::UnitLeader),
        (registration.operator_unit, Role::UnitLeader),
        (registration.operator_unit, Role::Publisher),
    ]
}

/// WEB-COLUMNS: whether `acting` may keep the columns of `site`, with the reason when not; a
/// closed site's columns are kept as they were (WEB-ARCHIVE).
pub fn may_manage(site: &Site, acting: &Acting) -> Result<(), SiteError> {
    if site.status == Status::Closed {
        return Err(SiteError::LimitReached(format!(
            "网站“{}”已永久下线，栏目保留在归档中，不能再调整",
            site.registration().name
        )));
    }
    let admin = administrators(site)
        .iter()
        .any(|(unit, role)| acting.has_in(*role, *unit));
    if admin {
        Ok(())
    } else {
        Err(SiteError::NotPermitted(format!(
            "只有“{}”主办单位、承办单位的负责人或承办单位的发布人员可以管理栏目（WEB-COLUMNS）",
            site.registration().name
        )))
    }
}
