//! SVC-NO-RESUBMIT (003 §17, §26, §29): which materials the applicant need not hand in again
//! because they are on file or stand in the licence library.

use calendar::Instant;

use crate::AttachmentId;
use crate::case::{MaterialSource, SubmittedMaterial};
use crate::item::Material;

/// A material the applicant already submitted, kept on file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaterialOnFile {
    /// The material code (材料目录化).
    pub code: String,
    /// Where it is.
    pub attachment: AttachmentId,
    /// Valid until (an ID card's expiry); `None` when it does not expire.
    pub valid_until: Option<Instant>,
}

/// An e-licence the applicant holds (电子证照).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LicenceHeld {
    /// The licence type, e.g. 居民身份证, 营业执照.
    pub licence_type: String,
    /// The licence number in the library.
    pub number: String,
    /// Valid until; `None` when it does not expire.
    pub valid_until: Option<Instant>,
}

/// What to reuse and what to ask for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReusePlan {
    /// Materials taken from the file or the licence library, ready for the submission.
    pub reuse: Vec<SubmittedMaterial>,
    /// Materials the applicant must upload (by code).
    pub ask: Vec<String>,
}

/// SVC-NO-RESUBMIT: for each material of the item, an e-licence the applicant holds comes
/// first (data sharing, 003 §26), then a valid material on file (003 §17); only the rest is
/// asked for. Expired ones are not reused.
pub fn plan(
    materials: &[Material],
    on_file: &[MaterialOnFile],
    licences: &[LicenceHeld],
    now: Instant,
) -> ReusePlan {
    let valid = |until: Option<Instant>| until.is_none_or(|until| until >= now);
    let mut plan = ReusePlan::default();
    for material in materials {
        let licence = material.licence_type.as_deref().and_then(|wanted| {
            licences
                .iter()
                .find(|held| held.licence_type == wanted && valid(held.valid_until))
        });
        let source = match licence {
            Some(held) => Some(MaterialSource::ELicence(held.number.clone())),
            None => on_file
                .iter()
                .find(|file| file.code == material.code && valid(file.valid_until))
                .map(|file| MaterialSource::OnFile(file.attachment)),
        };
        match source {
            Some(source) => plan.reuse.push(SubmittedMaterial {
                code: material.code.clone(),
                source,
            }),
            None => plan.ask.push(material.code.clone()),
        }
    }
    plan
}
