//! The inspection of the registered sites (WEB-INSPECT, WEB-NOADS; 国办秘函〔2019〕19号):
//! `/office/inspect/sites` — each site's open findings by kind, its availability share over
//! the profile's window (red at 5 %) and its last crawl; `/office/inspect/sites/{id}` — the
//! single-veto indicators, pass or fail with the evidence, and the open findings;
//! `/office/inspect/report` (print view) and `/office/inspect/report.xlsx` — the quarterly
//! inspection report of one site (`?site=`) or of every site, scored with the indicators'
//! deduction points of `inspect_deductions` (editable data, `/office/inspect/deductions`).

use askama::Template;
use askama_web::WebTemplate;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use calendar::Instant;
use chrono::{Datelike as _, NaiveDate};
use serde::Deserialize;
use sites::inspection::deductions::{self, Deductions};
use sites::inspection::jobs::{self, Target};
use sites::inspection::manual;
use sites::inspection::report::{self, Indicator, Measured, Quarterly, Unanswered};
use sites::inspection::store;

use super::SiteNo;
use super::points::{ManualLine, RecordLine};
use crate::AppState;
use crate::chrome::{Chrome, minute_of};
use crate::csrf::CsrfToken;
use crate::error::PageError;
use crate::extract::{Id, Query};
use crate::outcome::DoneQuery;
use crate::staff::{Judged, Staff};
use crate::xlsx::{self, Cell};

/// The Chinese name of a finding's kind.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "unreachable" => "无法访问",
        "broken-link" => "链接不可用",
        "hidden-link" => "隐藏链接",
        "blocked-link" => "违规外链",
        "sensitive-word" => "敏感词",
        "wrong-word" => "错误表述",
        "privacy-id-number" => "泄露身份证号",
        "privacy-phone" => "泄露手机号",
        "privacy-bank-card" => "泄露银行卡号",
        "stale-home" => "首页不更新",
        "hosting-undeclared" => "未登记托管信息",
        "hosting-abroad" => "境外托管",
        "hosting-outside-region" => "托管在本行政区域外",
        "hosting-address" => "解析地址未登记",
        _ => "其他",
    }
}

/// One site in the overview.
pub struct SiteLine {
    pub id: i64,
    pub name: String,
    pub domain: String,
    pub open: i64,
    pub kinds: String,
    pub share: String,
    pub probes: i64,
    pub red: bool,
    pub last_run: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/inspect_sites.html")]
pub struct SitesPage {
    chrome: Chrome,
    sites: Vec<SiteLine>,
    window: u32,
    quarter: String,
}

/// `GET /office/inspect/sites`.
pub async fn overview(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
) -> Result<SitesPage, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let db = &state.platform.db;
    let mut sites = Vec::new();
    for target in jobs::targets(db).await? {
        let open = store::of_site(db, target.site, true, 10_000).await?;
        let mut kinds = std::collections::BTreeMap::new();
        for stored in &open {
            *kinds.entry(kind_label(&stored.finding.kind)).or_insert(0) += 1;
        }
        let share = jobs::availability(db, &judged.profile, target.site, judged.now).await?;
        let last = store::last_run(db, target.site).await?;
        sites.push(SiteLine {
            id: target.site.0,
            name: target.name,
            domain: target.domain,
            open: i64::try_from(open.len()).unwrap_or(i64::MAX),
            kinds: kinds
                .iter()
                .map(|(label, n)| format!("{label}{n}"))
                .collect::<Vec<_>>()
                .join("，"),
            share: share.share(),
            probes: share.probes,
            red: share.red,
            last_run: last.map_or("尚未巡检".into(), |run| {
                format!("{}（{}个页面）", minute_of(run.started_at), run.pages)
            }),
        });
    }
    Ok(SitesPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        sites,
        window: judged.profile.website.availability_window_days,
        quarter: Quarter::of(judged.now).code(),
    })
}

/// One finding in a list.
pub struct FindingLine {
    pub id: i64,
    pub number: String,
    pub kind: &'static str,
    pub url: String,
    pub detail: String,
    pub status: &'static str,
    pub first_seen: String,
    pub last_seen: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "office/inspect_site.html")]
pub struct SitePage {
    chrome: Chrome,
    id: i64,
    name: String,
    domain: String,
    verdict: bool,
    indicators: Vec<Indicator>,
    findings: Vec<FindingLine>,
    quarter: String,
    /// The deduction indicators scored from records, now (WEB-INSPECT).
    records: Vec<RecordLine>,
    /// The manual indicators with this quarter's entries and the form.
    manual: Vec<ManualLine>,
    error: Option<String>,
    done: bool,
}

pub(crate) async fn target_of(state: &AppState, id: i64) -> Result<Target, PageError> {
    jobs::targets(&state.platform.db)
        .await?
        .into_iter()
        .find(|target| target.site.0 == id)
        .ok_or_else(|| platform::Error::not_found(format!("网站 {id}")).into())
}

/// 互动回应差: messages of the site unanswered over 3 months within the past year.
async fn unanswered(
    state: &AppState,
    target: &Target,
    now: Instant,
) -> Result<Unanswered, PageError> {
    const DAY: i64 = 86_400_000;
    let (count, oldest) = participation::store::messages::unanswered_over(
        &state.platform.db,
        target.unit,
        now.millis() - 365 * DAY,
        now.millis(),
        91 * DAY,
    )
    .await?;
    Ok(Unanswered { count, oldest })
}

/// `GET /office/inspect/sites/{id}`: the 19号 single-veto indicators of one site, its
/// deduction indicators scored from records and the quarter's manual entries.
pub async fn site(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Id(SiteNo(id)): Id<SiteNo>,
    Query(query): Query<DoneQuery>,
) -> Result<SitePage, PageError> {
    site_page(&state, &csrf, &staff, id, None, query.done.is_some()).await
}

/// The site's page, with a refused entry's reason when there is one.
pub(crate) async fn site_page(
    state: &AppState,
    csrf: &CsrfToken,
    staff: &Staff,
    id: i64,
    error: Option<String>,
    done: bool,
) -> Result<SitePage, PageError> {
    let judged = Judged::load(state, staff).await?;
    let target = target_of(state, id).await?;
    let db = &state.platform.db;
    let waiting = unanswered(state, &target, judged.now).await?;
    let indicators = report::indicators(
        db,
        &judged.profile,
        &judged.calendar,
        &target,
        judged.now,
        &waiting,
    )
    .await?;
    let findings = store::of_site(db, target.site, false, 200)
        .await?
        .into_iter()
        .map(|stored| FindingLine {
            id: stored.finding.id.0,
            number: stored.number,
            kind: kind_label(&stored.finding.kind),
            url: stored.finding.url,
            detail: stored.finding.detail,
            status: stored.finding.status.label_zh(),
            first_seen: minute_of(stored.finding.first_seen.millis()),
            last_seen: minute_of(stored.finding.last_seen.millis()),
        })
        .collect();
    let quarter = Quarter::of(judged.now).code();
    let table = deductions::load(db).await?;
    let (records, manual) =
        super::points::site_scoring(state, &judged, &target, &table, &quarter).await?;
    Ok(SitePage {
        chrome: Chrome::office(state, csrf, &staff.actor).await?,
        id,
        name: target.name,
        domain: target.domain,
        verdict: indicators.iter().all(|item| item.pass),
        indicators,
        findings,
        quarter,
        records,
        manual,
        error,
        done,
    })
}

/// A calendar quarter (`2026Q4`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quarter {
    pub year: i32,
    pub q: u32,
}

impl Quarter {
    pub(crate) fn of(now: Instant) -> Quarter {
        let date = now.local_date();
        Quarter {
            year: date.year(),
            q: date.month0() / 3 + 1,
        }
    }

    pub(crate) fn parse(text: &str) -> Option<Quarter> {
        let (year, q) = text.trim().split_once(['Q', 'q'])?;
        let quarter = Quarter {
            year: year.parse().ok()?,
            q: q.parse().ok()?,
        };
        ((2000..=2100).contains(&quarter.year) && (1..=4).contains(&quarter.q)).then_some(quarter)
    }

    pub(crate) fn code(self) -> String {
        format!("{}Q{}", self.year, self.q)
    }

    fn label(self) -> String {
        format!("{}年第{}季度", self.year, self.q)
    }

    /// Its first instant and the next quarter's, local time.
    fn bounds(self) -> (i64, i64) {
        let start = |year: i32, month: u32| {
            NaiveDate::from_ymd_opt(year, month, 1)
                .map(|date| Instant::from_local(date, 0).millis())
                .unwrap_or(0)
        };
        let month = (self.q - 1) * 3 + 1;
        let (next_year, next_month) = if self.q == 4 {
            (self.year + 1, 1)
        } else {
            (self.year, month + 3)
        };
        (start(self.year, month), start(next_year, next_month))
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    quarter: Option<String>,
    site: Option<String>,
}

/// One site's quarterly lines.
pub struct SiteReport {
    pub name: String,
    pub domain: String,
    pub quarterly: Quarterly,
    pub share: String,
}

impl SiteReport {
    /// A line's label: its name in the deduction table, else the finding kind's.
    pub fn line_label(&self, line: &report::KindLine) -> String {
        if line.name.is_empty() {
            kind_label(&line.kind).to_owned()
        } else {
            line.name.clone()
        }
    }
}

/// 我为政府网站找错 messages of the site received in `[from, to)` (the yearly supervision
/// indicators, reports.md §3): not closed by now (`site-error-open`), and closed more than a
/// month after they came (`site-error-late`).
async fn site_errors(
    state: &AppState,
    target: &Target,
    (from, to): (i64, i64),
) -> Result<Vec<Measured>, PageError> {
    use participation::message::Channel;
    let messages = participation::store::messages::list(
        &state.platform.db,
        participation::store::messages::Filter::Site { site: target.unit },
        100_000,
    )
    .await?;
    let (mut open, mut late) = (0, 0);
    for stored in messages {
        let message = stored.message;
        let received = message.received_at;
        if message.filing.channel != Channel::SiteError
            || message.invalid.is_some()
            || !(from..to).contains(&received.millis())
        {
            continue;
        }
        match message.answered_at {
            None => open += 1,
            Some(answered) => {
                let month_later = received
                    .local_date()
                    .checked_add_months(chrono::Months::new(1))
                    .unwrap_or(chrono::NaiveDate::MAX);
                if answered.local_date() > month_later {
                    late += 1;
                }
            }
        }
    }
    Ok(vec![
        Measured {
            indicator: "site-error-open",
            found: open,
            closed: 0,
            evidence: String::new(),
        },
        Measured {
            indicator: "site-error-late",
            found: late,
            closed: late,
            evidence: String::new(),
        },
    ])
}

#[derive(Template, WebTemplate)]
#[template(path = "office/inspect_report.html")]
pub struct ReportPage {
    chrome: Chrome,
    title: String,
    quarter: String,
    site: Option<i64>,
    reports: Vec<SiteReport>,
    deductions: String,
    at: String,
}

/// The reports of the query: its quarter (this one by default) and its site or every site.
async fn reports(
    state: &AppState,
    judged: &Judged,
    query: &ReportQuery,
) -> Result<(Quarter, Option<i64>, Vec<SiteReport>, Deductions), PageError> {
    let quarter = match query
        .quarter
        .as_deref()
        .filter(|text| !text.trim().is_empty())
    {
        None => Quarter::of(judged.now),
        Some(text) => {
            Quarter::parse(text).ok_or_else(|| platform::Error::invalid("季度应写作如 2026Q4"))?
        }
    };
    let site = match query.site.as_deref().filter(|text| !text.trim().is_empty()) {
        None => None,
        Some(text) => Some(
            text.trim()
                .parse::<i64>()
                .map_err(|_| platform::Error::invalid("网站编号无效"))?,
        ),
    };
    let (from, to) = quarter.bounds();
    let points = deductions::load(&state.platform.db).await?;
    let mut out = Vec::new();
    for target in jobs::targets(&state.platform.db).await? {
        if site.is_some_and(|id| id != target.site.0) {
            continue;
        }
        let mut measured = site_errors(state, &target, (from, to)).await?;
        // WEB-INSPECT, WEB-FRESH: the record-scored indicators as they stood at the quarter's
        // end (now, for the current quarter; none for a quarter not begun).
        if from <= judged.now.millis() {
            let at = Instant::from_millis((to - 1).min(judged.now.millis()));
            for measure in
                super::points::measures(state, &target, at, &judged.profile, &judged.calendar)
                    .await?
            {
                measured.push(Measured::of(&measure));
            }
        }
        let entries = manual::of_site(&state.platform.db, target.site, &quarter.code()).await?;
        let quarterly = report::quarterly(
            &state.platform.db,
            &points,
            target.site,
            (from, to),
            &measured,
            &entries,
        )
        .await?;
        let share = if quarterly.probes == 0 {
            "—".to_owned()
        } else {
            let per_mille = quarterly.unanswered * 1000 / quarterly.probes;
            format!("{}.{}%", per_mille / 10, per_mille % 10)
        };
        out.push(SiteReport {
            name: target.name,
            domain: target.domain,
            quarterly,
            share,
        });
    }
    if let Some(id) = site
        && out.is_empty()
    {
        return Err(platform::Error::not_found(format!("网站 {id}")).into());
    }
    Ok((quarter, site, out, points))
}

/// `GET /office/inspect/report`: the quarterly inspection report, print view.
pub async fn report_page(
    State(state): State<AppState>,
    Extension(csrf): Extension<CsrfToken>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<ReportPage, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let (quarter, site, reports, points) = reports(&state, &judged, &query).await?;
    let title = match (&site, reports.first()) {
        (Some(_), Some(one)) => format!("{}{}巡检报告", one.name, quarter.label()),
        _ => format!("全区政府网站{}巡检报告", quarter.label()),
    };
    Ok(ReportPage {
        chrome: Chrome::office(&state, &csrf, &staff.actor).await?,
        title,
        quarter: quarter.code(),
        site,
        reports,
        deductions: points.summary_zh(),
        at: minute_of(judged.now.millis()),
    })
}

/// `GET /office/inspect/report.xlsx`: the same report as an Excel sheet, one row per site
/// and kind.
pub async fn report_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ReportQuery>,
) -> Result<Response, PageError> {
    let judged = Judged::load(&state, &staff).await?;
    let (quarter, _, reports, points) = reports(&state, &judged, &query).await?;
    let headers = [
        "网站",
        "域名",
        "指标或问题类型",
        "发现",
        "已关闭",
        "未关闭",
        "扣分或加分",
        "依据",
        "扣分部分得分",
        "加分",
        "总分",
        "不可访问比例",
    ];
    let mut rows = Vec::new();
    for site in &reports {
        let verdict = site.quarterly.verdict;
        let head = |kind: String, counts: [i64; 3], points: Cell, evidence: String| {
            let [found, closed, open] = counts.map(|n| Cell::Number(n as f64));
            vec![
                Cell::Text(site.name.clone()),
                Cell::Text(site.domain.clone()),
                Cell::Text(kind),
                found,
                closed,
                open,
                points,
                Cell::Text(evidence),
                Cell::Number(verdict.score as f64),
                Cell::Number(verdict.bonus as f64),
                Cell::Number(verdict.total as f64),
                Cell::Text(site.share.clone()),
            ]
        };
        if site.quarterly.lines.is_empty() && site.quarterly.bonus_lines.is_empty() {
            rows.push(head(
                "未发现问题".into(),
                [0; 3],
                Cell::Number(0.0),
                String::new(),
            ));
        }
        for line in &site.quarterly.lines {
            let evidence = if line.manual {
                format!("人工填报：{}", line.evidence)
            } else {
                line.evidence.clone()
            };
            rows.push(head(
                site.line_label(line),
                [line.found, line.closed, line.open],
                Cell::Number(-(line.deducted as f64)),
                evidence,
            ));
        }
        for line in &site.quarterly.bonus_lines {
            rows.push(head(
                site.line_label(line),
                [0; 3],
                Cell::Number(line.deducted as f64),
                format!("人工填报：{}", line.evidence),
            ));
        }
    }
    let title = format!("政府网站巡检报告（{}）", quarter.label());
    let notes = vec![
        format!(
            "扣分：本季度首次发现的问题（误报除外）、“我为政府网站找错”留言及按平台记录计分的指标\
             （政策文件类一级栏目、办事统计、留言答复未按期更新，季度末或统计时的状态）× 每处扣分，\
             每项不超过其上限；人工填报的指标按填报分值（{}）",
            points.summary_zh()
        ),
        "扣分部分得分 = 100 − 扣分，低于60分为不合格；高于80分时计入加分（最多30分）；\
         单项否决见各网站的指标页"
            .to_owned(),
        format!("导出时间：{}", minute_of(judged.now.millis())),
    ];
    let bytes = xlsx::table("巡检报告", &title, &headers, &rows, &notes)
        .map_err(|e| platform::Error::Unexpected(anyhow::anyhow!("xlsx: {e}")))?;
    let filename = format!("inspection-{}.xlsx", quarter.code());
    Ok((
        [
            (
                CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned(),
            ),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
