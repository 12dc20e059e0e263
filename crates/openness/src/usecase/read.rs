//! What the pages read of a disclosure application (PUB-APPLY, PUB-ANSWER): the office's view
//! — only for the staff of the handling unit, whoever else learns nothing of it — with the
//! commands the viewer may run now, the notices kept and the files provided; the applicant
//! always masked.

use platform::Result;
use platform::attachments::Meta;
use platform::db::Db;
use platform::roles::Role;

use crate::application::{self, CommandKind};
use crate::store::applications::{self as store, StoredApplication};
use crate::store::notices::{self, StoredNotice};
use crate::{Acting, ApplicationId, Issuer};

/// An application as the office's page shows it.
#[derive(Debug, Clone)]
pub struct OfficeApplication {
    pub stored: StoredApplication,
    /// The commands the viewer may run now (`application::available`).
    pub available: Vec<CommandKind>,
    pub notices: Vec<StoredNotice>,
    pub files: Vec<Meta>,
    /// The viewer may reveal the applicant (HL-PRIVACY, audited).
    pub may_reveal: bool,
}

/// Whether `acting` works in the unit that handles the application.
fn in_scope(acting: &Acting, stored: &StoredApplication) -> bool {
    let unit = stored.application.unit;
    acting.has_in(Role::OpennessOfficer, unit) || acting.has_in(Role::UnitLeader, unit)
}

/// Application `id` for `acting`; not found outside the handling unit.
pub async fn office_application(
    db: &Db,
    id: ApplicationId,
    acting: &Acting,
) -> Result<OfficeApplication> {
    let stored = store::get(db, id).await?;
    if !in_scope(acting, &stored) {
        return Err(platform::Error::not_found(format!("政府信息公开申请 {id}")));
    }
    let issuer = Issuer::Staff(acting.clone());
    let available = application::available(&stored.application, &issuer);
    let notices = notices::of_application(db, id).await?;
    let files = super::files(db, id).await?;
    Ok(OfficeApplication {
        may_reveal: acting.has_in(Role::OpennessOfficer, stored.application.unit),
        stored,
        available,
        notices,
        files,
    })
}
