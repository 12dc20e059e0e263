//! The 受理通知书 (acceptance notice) of a case (SVC-ACCEPT, SVC-PROMISE, issue 14 item 6): what
//! the applicant keeps once the case is accepted — the number, the item, the applicant
//! masked (the agent of the enterprise named whole, for an enterprise's case: item 4), when and by which unit it was accepted, the promised limit in working days with the
//! date it falls on, and the materials received. The applicant opens it by number and query
//! code ([`public_notice`], the lookup of every such page); the window clerk from the case
//! page ([`office_notice`]).

use calendar::{Calendar, Clock, Instant, Limit};
use platform::Result;
use platform::db::Db;
use platform::personal::DataKey;

use crate::UnitId;
use crate::backoffice::{self, MaskedApplicant, OfficeCase};
use crate::case::{Case, MaterialSource};
use crate::enterprise::Enterprise;
use crate::item::Item;
use crate::store::items as item_store;

/// One material received, by its name in the guide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMaterial {
    pub name: String,
    /// 申请人提交, 复用已提交材料, 电子证照库.
    pub source: &'static str,
}

/// The acceptance notice of an accepted case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcceptanceNotice {
    pub number: String,
    pub item_code: String,
    pub item_name: String,
    /// Masked: the notice may be printed and left on a desk. The agent, for an enterprise.
    pub applicant: MaskedApplicant,
    /// The enterprise applying (issue 14 item 4), named whole as on its licence.
    pub enterprise: Option<Enterprise>,
    pub accepted_at: Instant,
    /// The unit that accepted: the department or its comprehensive window (SVC-WINDOW).
    pub accepting_unit: UnitId,
    /// The implementing department, which decides.
    pub department: UnitId,
    /// SVC-PROMISE: the promised limit, counted from acceptance.
    pub promised_limit: Limit,
    /// SVC-PROMISE: when the promised limit falls, as promised at acceptance (a 即办件: the
    /// close of that working day); a special procedure later moves it (SVC-SPECIAL).
    pub promised_due: Instant,
    pub materials: Vec<ReceivedMaterial>,
    pub consultation_phone: String,
    pub supervision_phone: String,
}

/// SVC-ACCEPT: the notice of `case` (numbered `number`, of `item`), or `None` before it is
/// accepted (or when it was not: 不予受理).
pub fn notice_of(
    case: &Case,
    number: &str,
    (item, item_code): (&Item, &str),
    (applicant, enterprise): (MaskedApplicant, Option<Enterprise>),
    department: UnitId,
    calendar: &Calendar,
) -> Option<AcceptanceNotice> {
    let (accepting_unit, accepted_at) = case.accepted?;
    let basic = &item.basic;
    let promised_due = Clock::new(accepted_at, basic.promised_limit)
        .due(calendar)
        .at;
    let materials = case
        .materials
        .iter()
        .map(|given| ReceivedMaterial {
            name: item
                .materials
                .list()
                .iter()
                .find(|material| material.code == given.code)
                .map_or_else(|| given.code.clone(), |material| material.name.clone()),
            source: match given.source {
                MaterialSource::Uploaded(_) => "申请人提交",
                MaterialSource::OnFile(_) => "复用已提交材料",
                MaterialSource::ELicence(_) => "电子证照库",
            },
        })
        .collect();
    Some(AcceptanceNotice {
        number: number.to_owned(),
        item_code: item_code.to_owned(),
        item_name: backoffice::item_title(item),
        applicant,
        enterprise,
        accepted_at,
        accepting_unit,
        department,
        promised_limit: basic.promised_limit,
        promised_due,
        materials,
        consultation_phone: basic.consultation_phone.clone(),
        supervision_phone: basic.supervision_phone.clone(),
    })
}

/// SVC-STATUS, SVC-ACCEPT: the notice of the case of `number` when `code` is its query code
/// (a wrong code is the same NotFound as an unknown number and counts against the number,
/// as on every page that opens a case by number and code); `None` while not accepted.
pub async fn public_notice(
    db: &Db,
    key: &DataKey,
    number: &str,
    code: &str,
    calendar: &Calendar,
) -> Result<Option<AcceptanceNotice>> {
    let stored = super::case_by_code(db, key, number, code).await?;
    if stored.case.accepted.is_none() {
        return Ok(None);
    }
    let mut tx = db.begin_read().await?;
    let item = item_store::version_in(&mut tx, stored.case.item, stored.case.item_version).await?;
    let item_code = item_store::get_in(&mut tx, stored.case.item).await?.code;
    tx.commit().await?;
    let applicant = backoffice::masked_applicant(db, key, stored.id).await?;
    let enterprise = super::case_enterprise(db, key, stored.id).await?;
    Ok(notice_of(
        &stored.case,
        &stored.number,
        (&item, &item_code),
        (applicant, enterprise),
        stored.department,
        calendar,
    ))
}

/// SVC-ACCEPT: the notice of a case the back office has opened (the caller checked the
/// viewer's scope), with the case's enterprise ([`super::case_enterprise`]); `None` while not
/// accepted.
pub fn office_notice(
    office: &OfficeCase,
    enterprise: Option<Enterprise>,
    calendar: &Calendar,
) -> Option<AcceptanceNotice> {
    notice_of(
        &office.stored.case,
        &office.stored.number,
        (&office.item, &office.item_code),
        (office.applicant.clone(), enterprise),
        office.stored.department,
        calendar,
    )
}
