//! The tamper check (SEC-TAMPER): every served page's content is digested (SM3, the article's
//! `Content::digest`) and compared with the digest the publisher approved, kept on the
//! article. A page that differs raises an alarm — recorded, audited and sent to the site's
//! administrators (the leaders of its host and operator units, the operator unit's
//! publishers) — and the approved version is put back when the article's own snapshot still
//! carries it. Pages are read in batches by id; a second run finds nothing more to do.

use calendar::{Calendar, Instant};
use platform::Result;
use platform::audit::{self, AuditActor, AuditEvent};
use platform::db::Db;
use platform::personal::DataKey;
use platform::profile::RuleProfile;
use platform::users;
use platform::workflow::Context;

use crate::column;
use crate::store::pages::{self, Alarm, Page};
use crate::store::{articles, sites};
use crate::usecase::effects;

/// Pages read per batch.
const BATCH: i64 = 1_000;

/// What one check did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TamperReport {
    pub checked: usize,
    pub alarms: usize,
    pub restored: usize,
}

/// SEC-TAMPER: checks every served page; returns what it found and did.
pub async fn check(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
) -> Result<TamperReport> {
    let mut report = TamperReport::default();
    let mut after = 0;
    loop {
        let batch = pages::batch(db, after, BATCH).await?;
        let Some((last, _)) = batch.last() else { break };
        after = last.article.0;
        for (page, approved) in &batch {
            report.checked += 1;
            let served = page.content.digest();
            if approved.as_deref() == Some(served.as_str()) {
                continue;
            }
            if pages::alarm_raised(db, page.article, &served).await? {
                continue;
            }
            report.alarms += 1;
            if alarm(db, key, calendar, profile, now, page, approved.as_deref()).await? {
                report.restored += 1;
            }
        }
    }
    if report.alarms > 0 {
        tracing::warn!(
            pages.checked = report.checked,
            pages.altered = report.alarms,
            pages.restored = report.restored,
            "served pages differed from their approved digests"
        );
    }
    Ok(report)
}

/// Raises the alarm of one altered page and restores it if the approved content is at hand;
/// returns whether it was restored.
async fn alarm(
    db: &Db,
    key: &DataKey,
    calendar: &Calendar,
    profile: &RuleProfile,
    now: Instant,
    page: &Page,
    approved: Option<&str>,
) -> Result<bool> {
    let actor = AuditActor::system("sites.tamper_check");
    let context = Context::new(key, &actor, calendar, profile, now);
    let stored = articles::get(db, page.article).await?;
    let site = sites::get(db, page.site).await?.site;
    let article = &stored.article;
    let approved_digest = approved.unwrap_or_default().to_owned();
    // The approved version is the article's content when it still digests to the approval.
    let restorable = !approved_digest.is_empty() && article.content.digest() == approved_digest;
    let mut tx = db.begin().await?;
    if restorable {
        pages::restore(
            &mut tx,
            page.article,
            &article.content,
            &approved_digest,
            now,
        )
        .await?;
    }
    let record = Alarm {
        article: page.article,
        site: page.site,
        found_at: now,
        served_digest: page.content.digest(),
        approved_digest: approved_digest.clone(),
        restored: restorable,
    };
    pages::record_alarm(&mut tx, &record).await?;
    let outcome = if restorable {
        "已恢复为审核通过的版本"
    } else {
        "审核通过的版本无法核对，请立即人工核查"
    };
    let text = format!(
        "网站“{}”的页面《{}》（稿件 {}）与审核通过的内容不一致，{}（SEC-TAMPER）",
        site.registration().name,
        article.content.title,
        stored.number,
        outcome
    );
    let mut recipients = Vec::new();
    for (unit, role) in column::administrators(&site) {
        for user in users::with_role(&mut tx, Some(unit.0), role).await? {
            if !recipients.contains(&user) {
                recipients.push(user);
            }
        }
    }
    let subject = "网页防篡改告警";
    let link = crate::ARTICLE_SUBJECT.link(&page.article.to_string());
    effects::send(&mut tx, &context, &recipients, (subject, &text, &link)).await?;
    let event = AuditEvent::new("sites.tamper_alarm", "site_article", page.article).detail(text);
    audit::record(&mut tx, &actor, event, now.millis()).await?;
    tx.commit().await?;
    Ok(restorable)
}
