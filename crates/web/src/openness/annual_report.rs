//! The written sections and the publication of the openness annual report (PUB-ANNUAL;
//! reports.md §1): on `/office/openness/annual` the unit's openness officer writes sections
//! 一 总体情况 (offered from the records while none is written), 五 存在的主要问题及改进情况 and
//! 六 其他需要报告的事项 (`POST /office/openness/annual/texts`; the government office's
//! officer the county's), and the office head signs it off (`POST
//! /office/openness/annual/publish`). The published report is frozen and public at
//! `/openness/annual/{year}` (a unit's with `?unit=`), listed at `/openness/annual` and on the
//! catalogue page. Bad input is shown again in Chinese and nothing is stored.

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use openness::UnitId;
use openness::annual::publication::{OTHER, OVERVIEW, PROBLEMS, Sections, Snapshot};
use openness::usecase::annual_reports as usecase;
use serde::Deserialize;

use super::annual::{Chosen, Which, chosen, page};
use super::annual_view::{Tables, tables};
use super::office::acting;
use crate::AppState;
use crate::chrome::Chrome;
use crate::csrf::CsrfToken;
use crate::error::{PageError, status_of};
use crate::extract::{Form, Id, Query};
use crate::staff::{Judged, Staff};

/// What the office page shows of sections 一, 五 and 六 and the publication.
pub struct Written {
    /// The three headings and texts (一 prefilled from the records while none is written).
    pub sections: Vec<(&'static str, &'static str, String)>,
    /// 一 is the generated summary, not yet saved.
    pub prefilled: bool,
    /// 未开始编写, 草稿, or 已发布 with its day and signer.
    pub status: String,
    pub published: bool,
    /// The due date from the profile.
    pub due: String,
    pub may_write: bool,
    pub may_publish: bool,
    /// The public page once published.
    pub link: String,
}

fn public_link(unit: Option<UnitId>, year: i32) -> String {
    match unit {
        Some(unit) => format!("/openness/annual/{year}?unit={}", unit.0),
        None => format!("/openness/annual/{year}"),
    }
}

/// The sections and publication of the report `chosen` names, for `staff`.
pub async fn written(
    state: &AppState,
    staff: &Staff,
    chosen: &Chosen,
) -> Result<Written, PageError> {
    let db = &state.platform.db;
    let profile = state.profile().await?;
    let who = acting(staff);
    let stored = usecase::find(db, chosen.unit, chosen.year).await?;
    let due = openness::annual::publication::due_date(&profile, chosen.year, chosen.unit.is_none());
    let (mut sections, snapshot) = match stored {
        Some(report) => (report.sections, report.snapshot),
        None => (Sections::default(), None),
    };
    let snapshot: Option<Snapshot> = snapshot;
    if let Some(snapshot) = &snapshot {
        sections = snapshot.sections.clone();
    }
    let prefilled = sections.overview.trim().is_empty() && snapshot.is_none();
    if prefilled {
        sections.overview = usecase::summary(db, chosen.unit, chosen.year, &chosen.whose).await?;
    }
    let status = match &snapshot {
        Some(s) => format!(
            "已发布（{}，签发人：{}{}）",
            s.published_on,
            s.signed_by,
            if s.late() { "，逾期发布" } else { "" }
        ),
        None if usecase::find(db, chosen.unit, chosen.year).await?.is_some() => {
            "草稿（未发布）".to_owned()
        }
        None => "未开始编写".to_owned(),
    };
    let published = snapshot.is_some();
    Ok(Written {
        sections: vec![
            ("overview", OVERVIEW, sections.overview),
            ("problems", PROBLEMS, sections.problems),
            ("other", OTHER, sections.other),
        ],
        prefilled,
        status,
        published,
        due: due.to_string(),
        may_write: !published && usecase::may_write(db, &who, chosen.unit).await?,
        may_publish: !published && usecase::may_publish(db, &who, chosen.unit).await?,
        link: public_link(chosen.unit, chosen.year),
    })
}

/// `?report=` (the kernel's views link so): the year and scope of that report; a report of
/// another unit is not found.
pub async fn by_report(state: &AppState, staff: &Staff, which: Which) -> Result<Which, PageError> {
    let Some(id) = which.report else {
        return Ok(which);
    };
    let report = openness::store::annual_reports::get(&state.platform.db, id)
        .await?
        .filter(|r| r.scope_key == 0 || r.scope_key == staff.actor.unit_id)
        .ok_or_else(|| platform::Error::not_found(format!("年度报告 {id}")))?;
    Ok(Which {
        year: Some(report.year),
        scope: if report.scope_key == 0 {
            "county"
        } else {
            "unit"
        }
        .to_owned(),
        report: None,
    })
}

/// The page again with the refusal, or back to the report's sections.
async fn answer(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    which: Which,
    outcome: platform::Result<()>,
) -> Result<Response, PageError> {
    let chosen = chosen(staff, &which)?;
    match outcome {
        Ok(()) => Ok(Redirect::to(&format!(
            "/office/openness/annual?{}#report-texts",
            chosen.query()
        ))
        .into_response()),
        Err(
            error @ (platform::Error::Invalid(_)
            | platform::Error::Refused(_)
            | platform::Error::Conflict(_)),
        ) => {
            let shown = page(state, csrf, staff, &chosen, Some(error.to_string())).await?;
            Ok((status_of(&error), shown).into_response())
        }
        Err(error) => Err(error.into()),
    }
}

/// Sections 一, 五 and 六 as typed.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextsForm {
    year: i32,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    overview: String,
    #[serde(default)]
    problems: String,
    #[serde(default)]
    other: String,
}

/// `POST /office/openness/annual/texts`: the officer saves sections 一, 五 and 六 (PUB-ANNUAL).
pub async fn texts(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<TextsForm>,
) -> Result<Response, PageError> {
    let which = Which {
        year: Some(form.year),
        scope: form.scope.clone(),
        report: None,
    };
    let chosen = chosen(&staff, &which)?;
    let judged = Judged::load(&state, &staff).await?;
    let sections = Sections {
        overview: form.overview,
        problems: form.problems,
        other: form.other,
    };
    let outcome = usecase::save(
        &state.platform.db,
        &judged.context(&state),
        &acting(&staff),
        chosen.unit,
        chosen.year,
        sections,
    )
    .await;
    answer(&state, &csrf, &staff, which, outcome).await
}

/// Which report to publish.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishForm {
    year: i32,
    #[serde(default)]
    scope: String,
}

/// `POST /office/openness/annual/publish`: the office head signs off and publishes the report
/// (PUB-ANNUAL); it is frozen and public.
pub async fn publish(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Form(form): Form<PublishForm>,
) -> Result<Response, PageError> {
    let which = Which {
        year: Some(form.year),
        scope: form.scope,
        report: None,
    };
    let chosen = chosen(&staff, &which)?;
    let judged = Judged::load(&state, &staff).await?;
    let outcome = usecase::publish(
        &state.platform.db,
        &judged.context(&state),
        &acting(&staff),
        chosen.unit,
        chosen.year,
    )
    .await;
    answer(&state, &csrf, &staff, which, outcome).await
}

/// A year in a public path.
pub(crate) struct YearNo(pub i64);
crate::extract::path_id!(YearNo, "年度");

/// Whose report the public page shows: a unit's, or the county's without one.
#[derive(Debug, Default, Deserialize)]
pub struct PublicWhich {
    #[serde(default)]
    unit: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/annual_public.html")]
pub struct PublicReport {
    chrome: Chrome,
    s: Snapshot,
    sections: Vec<(&'static str, String)>,
    t: Tables,
}

/// `GET /openness/annual/{year}`: a published report as frozen (PUB-ANNUAL, PUB-FREE).
pub async fn public_report(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    Id(YearNo(year)): Id<YearNo>,
    Query(which): Query<PublicWhich>,
) -> Result<PublicReport, PageError> {
    let missing = || platform::Error::not_found(format!("{year}年度政府信息公开工作年度报告"));
    let year = i32::try_from(year).map_err(|_| missing())?;
    let unit = match which.unit.trim() {
        "" => None,
        text => Some(UnitId(text.parse::<i64>().map_err(|_| missing())?)),
    };
    let s = usecase::published(&state.platform.db, unit, year)
        .await?
        .ok_or_else(missing)?;
    Ok(PublicReport {
        chrome: Chrome::public(&state, &csrf).await?,
        sections: s
            .sections
            .named()
            .into_iter()
            .map(|(name, text)| (name, text.to_owned()))
            .collect(),
        t: tables(&s.two, &s.three, &s.four),
        s,
    })
}

/// A published report in the list: its link, whose, year, day and lateness.
pub struct Listed {
    pub link: String,
    pub whose: String,
    pub year: i32,
    pub published: String,
}

/// PUB-ANNUAL: every published report, newest year first (the catalogue page lists them).
pub async fn listed(state: &AppState) -> Result<Vec<Listed>, PageError> {
    Ok(usecase::published_list(&state.platform.db)
        .await?
        .into_iter()
        .map(|(unit, s)| Listed {
            link: public_link(unit, s.year),
            whose: s.whose,
            year: s.year,
            published: s.published_on.to_string(),
        })
        .collect())
}

#[derive(Template, WebTemplate)]
#[template(path = "openness/annual_list.html")]
pub struct PublicList {
    chrome: Chrome,
    reports: Vec<Listed>,
}

/// `GET /openness/annual`: the published annual reports.
pub async fn public_list(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
) -> Result<PublicList, PageError> {
    Ok(PublicList {
        chrome: Chrome::public(&state, &csrf).await?,
        reports: listed(&state).await?,
    })
}
