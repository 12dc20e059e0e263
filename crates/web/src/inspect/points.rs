//! The 19号 point table beyond the single veto on the inspection pages (WEB-INSPECT, WEB-FRESH;
//! 国办秘函〔2019〕19号, reports.md §3): the three deduction indicators scored from the
//! platform's records — 政策文件类一级栏目6个月未更新 and 办事统计3个月未更新 from the site group's
//! columns (`sites::inspection::sources`), 留言答复2个月未更新 from the e-participation messages'
//! published replies per channel — measured at an instant, with their evidence; the manual
//! indicators of the point table (the rest of the deduction part and the bonus part) with the
//! quarter's entries; and `POST /office/inspect/sites/{id}/manual`, where the IT office's
//! administrator enters a manual indicator's points with the reason (audited by
//! `sites::inspection::manual::enter`; a refusal is shown on the site's page in Chinese and
//! changes nothing).

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use calendar::{Calendar, Instant};
use platform::profile::RuleProfile;
use serde::Deserialize;
use sites::inspection::deductions::Deductions;
use sites::inspection::jobs::Target;
use sites::inspection::manual::{self, Entry, Input};
use sites::inspection::points::{self, Dated, Measure};
use sites::inspection::sources;

use super::SiteNo;
use super::sites::{Quarter, site_page, target_of};
use crate::AppState;
use crate::chrome::minute_of;
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Form, Id};
use crate::staff::{Judged, Staff};

/// WEB-INSPECT: 留言答复2个月未更新 — each interaction channel of the site with a message by
/// `at`, against `website.fresh_replies` from its latest published reply (or, with none, its
/// first message).
async fn replies(
    state: &AppState,
    target: &Target,
    at: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<Measure, PageError> {
    use participation::message::Channel;
    let items: Vec<Dated> =
        participation::store::messages::reply_dates(&state.platform.db, target.unit, at.millis())
            .await?
            .into_iter()
            .map(|(code, first, reply)| Dated {
                name: Channel::from_code(&code).map_or(code, |channel| channel.label_zh().into()),
                since: Instant::from_millis(first),
                last: reply.map(Instant::from_millis),
            })
            .collect();
    Ok(Measure::of(
        points::REPLIES_STALE,
        "互动栏目",
        &items,
        at,
        profile.website.fresh_replies.limit(),
        calendar,
    ))
}

/// WEB-INSPECT, WEB-FRESH: the three record-scored indicators of `target` at `at`.
pub async fn measures(
    state: &AppState,
    target: &Target,
    at: Instant,
    profile: &RuleProfile,
    calendar: &Calendar,
) -> Result<Vec<Measure>, PageError> {
    let [policy, stats] =
        sources::column_measures(&state.platform.db, target.site, at, profile, calendar).await?;
    let replies = replies(state, target, at, profile, calendar).await?;
    Ok(vec![policy, stats, replies])
}

/// A record-scored indicator on the site's page.
pub struct RecordLine {
    pub name: String,
    pub occurrences: i64,
    pub deducted: i64,
    pub evidence: String,
}

/// A manual indicator on the site's page, with the quarter's entry.
pub struct ManualLine {
    pub indicator: String,
    pub name: String,
    pub section: String,
    /// The most it may count: the cap, 100, or 30 for the bonus.
    pub most: i64,
    pub entry: Option<Entry>,
    /// Who entered it and when.
    pub entered: String,
}

/// The site page's scoring: the record-scored indicators now and the quarter's manual lines.
pub async fn site_scoring(
    state: &AppState,
    judged: &Judged,
    target: &Target,
    table: &Deductions,
    quarter: &str,
) -> Result<(Vec<RecordLine>, Vec<ManualLine>), PageError> {
    let db = &state.platform.db;
    let records = measures(state, target, judged.now, &judged.profile, &judged.calendar)
        .await?
        .into_iter()
        .map(|measure| RecordLine {
            name: table
                .get(measure.indicator)
                .map_or_else(|| measure.indicator.to_owned(), |item| item.name.clone()),
            occurrences: measure.occurrences(),
            deducted: table.deducted(measure.indicator, measure.occurrences()),
            evidence: measure.evidence,
        })
        .collect();
    let entries = manual::of_site(db, target.site, quarter).await?;
    let names: std::collections::HashMap<i64, String> = platform::users::list(db)
        .await?
        .into_iter()
        .map(|account| (account.id, account.display_name))
        .collect();
    let manual_lines = table
        .items
        .iter()
        .filter(|item| !points::from_records(&item.indicator, &item.section))
        .map(|item| {
            let entry = entries
                .iter()
                .find(|entry| entry.indicator == item.indicator)
                .cloned();
            let most = if item.cap > 0 {
                item.cap
            } else {
                sites::inspection::deductions::MAX_POINTS
            };
            ManualLine {
                indicator: item.indicator.clone(),
                name: item.name.clone(),
                section: item.section.clone(),
                most: if item.section == manual::BONUS {
                    most.min(points::MAX_BONUS)
                } else {
                    most
                },
                entered: entry.as_ref().map_or_else(String::new, |entry| {
                    format!(
                        "{}，{}",
                        names.get(&entry.entered_by).map_or("—", String::as_str),
                        minute_of(entry.entered_at)
                    )
                }),
                entry,
            }
        })
        .collect();
    Ok((records, manual_lines))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManualForm {
    quarter: String,
    indicator: String,
    points: String,
    #[serde(default)]
    reason: String,
}

/// `POST /office/inspect/sites/{id}/manual`: enters a manual indicator's points for a quarter.
pub async fn enter(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Form(form): Form<ManualForm>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let target = target_of(&state, id).await?;
    let context = judged.context(&state);
    let quarter = Quarter::parse(&form.quarter).map(Quarter::code);
    let outcome = match &quarter {
        None => Err(platform::Error::invalid("季度应写作如 2026Q4")),
        Some(quarter) => {
            let input = Input {
                indicator: &form.indicator,
                points: &form.points,
                reason: &form.reason,
            };
            manual::enter(&state.platform.db, &context, target.site, quarter, &input).await
        }
    };
    crate::outcome::answer(
        outcome,
        format!("/office/inspect/sites/{id}?done=1#inspect-manual"),
        |error| site_page(&state, &csrf, &staff, id, Some(error), false),
    )
    .await
}
