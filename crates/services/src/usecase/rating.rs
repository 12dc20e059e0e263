//! 好差评 of a case (EVAL-ALL, EVAL-BAD) through `platform::evaluation`, the one mechanism of
//! every domain: the whole case once concluded or rejected, or one stage of it once that stage
//! is done (咨询预约, 申请受理, 审查决定, 结果送达; `case::rating`), by the applicant on the web
//! with the query code or at a window's hall terminal. A bad rating opens the responsible
//! unit's rectification there.

use platform::db::Db;
use platform::evaluation::{
    self, Channel as RatingChannel, EvaluationStage, Level, NewEvaluation, SubjectType,
};
use platform::personal::PhoneNumber;
use platform::workflow::Context;
use platform::{Error, Result};

use crate::case::rating;
use crate::store::{cases, items as item_store};

/// Who rates and how (EVAL-ALL).
#[derive(Debug, Clone)]
pub enum Rater {
    /// The applicant on the portal, with the case's query code.
    Web { query_code: String },
    /// The hall terminal at a window: the clerk entered the case number (or the terminal's
    /// system pushed it through the integration API, issue 22, with no clerk named); the
    /// window's unit must have accepted the case or be its department.
    HallTerminal {
        clerk_user_id: Option<i64>,
        clerk_unit: i64,
    },
}

/// EVAL-ALL, EVAL-BAD: rates a concluded (or rejected) case as a whole; [`rate_case_stage`]
/// with [`EvaluationStage::Whole`].
pub async fn rate_case(
    db: &Db,
    context: &Context<'_>,
    number: &str,
    rater: Rater,
    level: Level,
    comment: &str,
) -> Result<evaluation::Rated> {
    let stage = EvaluationStage::Whole;
    rate_case_stage(db, context, number, rater, stage, level, comment).await
}

/// EVAL-ALL (000 §中心-38), EVAL-BAD: rates `stage` of the case of `number` once that stage is
/// done (`case::rating::rated_unit`); the unit that answers for the stage is rated, and a bad
/// rating opens its rectification. The rater's phone on the case is kept sealed for the
/// feedback. A stage not done yet is refused with its name and nothing is stored.
pub async fn rate_case_stage(
    db: &Db,
    context: &Context<'_>,
    number: &str,
    rater: Rater,
    stage: EvaluationStage,
    level: Level,
    comment: &str,
) -> Result<evaluation::Rated> {
    let key = context.key;
    let stored = match &rater {
        // Issue 12 finding 3: the code is checked, and a wrong one counted, as on the status page.
        Rater::Web { query_code } => super::case_by_code(db, key, number, query_code).await?,
        Rater::HallTerminal { .. } => cases::by_number(db, number)
            .await?
            .ok_or_else(|| Error::not_found("办件编号或查询码不正确"))?,
    };
    let (channel, staff) = match &rater {
        Rater::Web { .. } => (RatingChannel::Web, None),
        Rater::HallTerminal {
            clerk_user_id,
            clerk_unit,
        } => {
            let accepted_here = stored
                .case
                .accepted
                .is_some_and(|(unit, _)| unit.0 == *clerk_unit);
            if !accepted_here && stored.department.0 != *clerk_unit {
                return Err(Error::invalid("该办件不是本窗口受理或办理的，不能在此评价"));
            }
            (RatingChannel::Hall, *clerk_user_id)
        }
    };
    let Some(unit) = rating::rated_unit(&stored.case, stored.department, stage) else {
        return Err(Error::invalid(match stage {
            EvaluationStage::Whole => "办件办结后才能评价".to_owned(),
            other => format!("办件的“{}”环节尚未完成，完成后才能评价", other.label_zh()),
        }));
    };
    let mut tx = db.begin().await?;
    let item_code = item_store::get_in(&mut tx, stored.case.item).await?.code;
    let rater_contact = match cases::phone_sealed(&mut tx, stored.id).await? {
        Some(sealed) => PhoneNumber::parse(&key.open_for(
            &sealed,
            &super::place("applicant_phone_sealed", &stored.number),
        )?)
        .ok(),
        None => None,
    };
    let new = NewEvaluation {
        subject_type: SubjectType::Case,
        subject_id: stored.number.clone(),
        round: 1,
        unit_id: unit.0,
        staff_user_id: staff,
        item_code: Some(item_code),
        channel,
        level,
        comment: comment.to_owned(),
        rater_contact,
        entered_by_user_id: None,
    };
    let rated = evaluation::rate_stage(&mut tx, context, new, stage).await?;
    tx.commit().await?;
    Ok(rated)
}
