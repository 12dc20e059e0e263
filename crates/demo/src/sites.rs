//! The demo site group (issue 15 item 10), made through the sites' use cases as the staff
//! would: the portal 甘州区人民政府 and three department and township sites, registered,
//! applied for and approved a little over a year ago; columns of each kind with A/B editors;
//! about 300 articles over the last year, each drafted, submitted, reviewed and signed out
//! (WEB-REVIEW); six policy documents, four with an interpretation linked and one abolished
//! (PUB-ABOLISH); a column about to go stale (人事信息), a stale one (规划计划) and a blank one
//! (工作总结) for WEB-FRESH; one article waiting for review and one for the publisher; a repost
//! of 新华社 (WEB-REPOST) and a map with its 审图号 (WEB-MAP) on the portal; every site but
//! the last declares its hosting on the government cloud (SEC-HOSTING). Nothing
//! is made when a site already exists. Each column's articles are made in one transaction
//! (`create_draft_in`, `execute_article_in`), so the seed takes a few seconds.

use calendar::{Calendar, Instant};
use chrono::{Datelike as _, Duration};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::{Db, Tx, now_ms};
use platform::profile::RuleProfile;
use platform::roles::{Actor, Role};
use platform::users::records::Training;
use platform::users::{self, NewAccount, Opening};
use platform::workflow::Context;
use sites::article::{Command, Content, MapMark, Marks, PolicyMeta, Repost, Validity};
use sites::check::Builtin;
use sites::column::ColumnKind;
use sites::registry::{self, Duty, Registration, Responsible, SiteKind};
use sites::usecase::{self, ColumnInput};
use sites::{Acting, ArticleId, ColumnId, SiteId, UnitId};

use crate::sites_content::{
    ABOLISHED, ACTIONS, DEPARTMENT_COLUMNS, Fill, INTERPRETED, PLACES, POLICIES, PORTAL_COLUMNS,
    SITES, TOPICS, body, policy_body,
};

/// A staff member as the use cases take them.
#[derive(Clone)]
struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff(db: &Db, user_id: i64) -> anyhow::Result<Staff> {
    let actor: Actor = users::load_actor(db, user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {user_id} missing"))?;
    Ok(Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    })
}

async fn unit(db: &Db, code: &str) -> anyhow::Result<UnitId> {
    let unit = platform::units::find_by_code(db, code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))?;
    Ok(UnitId(unit.id))
}

/// The first active holder of `role` in `unit`, or a demo account opened for it.
async fn holder(db: &Db, unit: UnitId, role: Role, username: &str) -> anyhow::Result<Staff> {
    let mut tx = db.begin().await?;
    let held = users::with_role(&mut tx, Some(unit.0), role).await?;
    let id = match held.first() {
        Some(id) => *id,
        None => open(&mut tx, unit, role, username).await?,
    };
    tx.commit().await?;
    staff(db, id).await
}

/// A new demo account of `role` in `unit`.
async fn opened(db: &Db, unit: UnitId, role: Role, username: &str) -> anyhow::Result<Staff> {
    let mut tx = db.begin().await?;
    let id = open(&mut tx, unit, role, username).await?;
    tx.commit().await?;
    staff(db, id).await
}

/// Opens a demo account (SEC-ACCOUNTS: with its induction training); its first password is
/// not printed (`zhengwu user reset-password` gives one).
async fn open(
    tx: &mut platform::db::Tx,
    unit: UnitId,
    role: Role,
    username: &str,
) -> anyhow::Result<i64> {
    let now = now_ms();
    let opening = Opening {
        training: Training {
            course: "政府网站内容编辑与审核培训（演示）".into(),
            trained_on: Instant::from_millis(now).local_date(),
            trainer: "区信息化工作办公室".into(),
        },
        agreement: None,
    };
    let account = NewAccount {
        unit_id: unit.0,
        username: username.into(),
        display_name: format!("网站{}", role.label_zh()),
        roles: vec![role],
    };
    let actor = AuditActor::system("demo-seed");
    Ok(users::open(tx, &actor, account, &opening, now).await?.0)
}

/// What every step of the seed needs.
struct Seed<'a> {
    db: &'a Db,
    platform: &'a Platform,
    calendar: &'a Calendar,
    profile: &'a RuleProfile,
    now: Instant,
}

impl Seed<'_> {
    fn context<'b>(&'b self, by: &'b Staff, days_ago: i64) -> Context<'b> {
        let at = Instant::from_millis(self.now.millis() - days_ago * 86_400_000);
        Context::new(
            &self.platform.key,
            &by.audit,
            self.calendar,
            self.profile,
            at,
        )
    }

    /// Runs `command` in `tx` (one transaction per column keeps the seed fast).
    async fn run(
        &self,
        tx: &mut Tx,
        id: ArticleId,
        command: Command,
        by: &Staff,
        days_ago: i64,
    ) -> anyhow::Result<()> {
        let context = self.context(by, days_ago);
        usecase::execute_article_in(tx, &context, &by.acting, &Builtin, id, command, None).await?;
        Ok(())
    }
}

/// The people of one site: who applies and approves, writes, reviews and publishes.
struct People {
    host_leader: Staff,
    approver: Staff,
    editor_a: Staff,
    editor_b: Staff,
    reviewer: Staff,
    publisher: Staff,
}

fn registration(
    (name, domain, code, icp, police): (&str, &str, &str, &str, &str),
    kind: SiteKind,
    host: (UnitId, String),
    office: UnitId,
) -> Registration {
    Registration {
        name: name.into(),
        kind,
        domains: vec![domain.into()],
        site_code: code.into(),
        icp_number: icp.into(),
        police_number: police.into(),
        host_unit: host.0,
        host_unit_name: host.1,
        operator_unit: office,
        supervising_unit: office,
        contact_phone: "0936-8212345".into(),
        contact_address: "甘肃省张掖市甘州区县府街（演示地址）".into(),
        responsible: vec![
            Responsible {
                duty: Duty::Principal,
                name: "王明".into(),
            },
            Responsible {
                duty: Duty::Security,
                name: "李强".into(),
            },
        ],
    }
}

/// Registers, applies for and opens a site, 400 days ago.
async fn open_site(
    seed: &Seed<'_>,
    people: &People,
    registration: Registration,
) -> anyhow::Result<SiteId> {
    let leader = &people.host_leader;
    let context = seed.context(leader, 400);
    let id = usecase::register_site(seed.db, &context, &leader.acting, registration).await?;
    let apply = registry::Command::ApplyOpen {
        reason: "依托区政府网站集约化平台开设".into(),
    };
    usecase::execute_site(seed.db, &context, &leader.acting, id, apply, None).await?;
    let approver = &people.approver;
    let approve = registry::Command::Approve {
        opinion: "同意开设".into(),
    };
    let context = seed.context(approver, 399);
    usecase::execute_site(seed.db, &context, &approver.acting, id, approve, None).await?;
    Ok(id)
}

/// SEC-HOSTING: the site declared on the district's government cloud (the last demo site is
/// left undeclared, so the inspection shows the finding).
async fn declare_hosting(seed: &Seed<'_>, people: &People, site: SiteId) -> anyhow::Result<()> {
    let hosting = registry::Hosting::from_form(
        "gov_cloud",
        "张掖市电子政务云平台",
        false,
        false,
        "甘肃省",
        "张掖市",
        "甘州区",
        "10.62.7.0/24",
    )?;
    let leader = &people.host_leader;
    let context = seed.context(leader, 399);
    usecase::hosting::declare_hosting(seed.db, &context, &leader.acting, site, &hosting).await?;
    Ok(())
}

async fn column(
    seed: &Seed<'_>,
    people: &People,
    site: SiteId,
    (name, kind, responsible): (&str, ColumnKind, UnitId),
    position: i64,
) -> anyhow::Result<ColumnId> {
    let input = ColumnInput {
        parent: None,
        name: name.into(),
        kind,
        responsible_unit: responsible,
        editor_a: Some(people.editor_a.acting.user),
        editor_b: Some(people.editor_b.acting.user),
        special_opened_by: (kind == ColumnKind::Special).then_some(responsible),
        position,
    };
    let by = &people.publisher;
    let context = seed.context(by, 398);
    let id = usecase::create_column(seed.db, &context, &by.acting, site, input).await?;
    if kind == ColumnKind::Special {
        let approver = &people.approver;
        let context = seed.context(approver, 398);
        usecase::approve_special_column(seed.db, &context, &approver.acting, id, 1).await?;
    }
    Ok(id)
}

/// How far the workflow takes a demo article.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stop {
    Submitted,
    Reviewed,
    Published,
}

/// One article drafted by editor A and taken to `stop`, all on the day `days_ago`.
async fn article(
    tx: &mut Tx,
    seed: &Seed<'_>,
    people: &People,
    column: ColumnId,
    content: Content,
    days_ago: i64,
    stop: Stop,
) -> anyhow::Result<ArticleId> {
    let editor = &people.editor_a;
    let context = seed.context(editor, days_ago);
    let (id, _) =
        usecase::create_draft_in(tx, &context, &editor.acting, column, content, false).await?;
    seed.run(tx, id, Command::Submit, editor, days_ago).await?;
    if stop == Stop::Submitted {
        return Ok(id);
    }
    let review = Command::Review {
        opinion: "内容属实，同意发布".into(),
    };
    seed.run(tx, id, review, &people.reviewer, days_ago).await?;
    if stop == Stop::Reviewed {
        return Ok(id);
    }
    seed.run(
        tx,
        id,
        Command::Publish { at: None },
        &people.publisher,
        days_ago,
    )
    .await?;
    Ok(id)
}

/// WEB-MAP, WEB-REPOST: an article with `marks` drafted, marked and published yesterday.
async fn marked(
    tx: &mut Tx,
    seed: &Seed<'_>,
    people: &People,
    (column, content): (ColumnId, Content),
    marks: Marks,
) -> anyhow::Result<ArticleId> {
    let editor = &people.editor_a;
    let context = seed.context(editor, 1);
    let (id, _) =
        usecase::create_draft_in(tx, &context, &editor.acting, column, content, false).await?;
    let annotate = Command::Annotate {
        marks: Box::new(marks),
    };
    seed.run(tx, id, annotate, editor, 1).await?;
    seed.run(tx, id, Command::Submit, editor, 1).await?;
    let review = Command::Review {
        opinion: "内容属实，同意发布".into(),
    };
    seed.run(tx, id, review, &people.reviewer, 1).await?;
    seed.run(tx, id, Command::Publish { at: None }, &people.publisher, 1)
        .await?;
    Ok(id)
}

/// The demo texts of a column: `fill.count` articles spread from the oldest to the newest day.
async fn fill_column(
    seed: &Seed<'_>,
    people: &People,
    column: ColumnId,
    (name, source): (&str, &str),
    fill: Fill,
    salt: usize,
) -> anyhow::Result<()> {
    let span = fill.oldest_days_ago - fill.newest_days_ago;
    let mut tx = seed.db.begin().await?;
    for n in 0..fill.count {
        let steps = i64::try_from(fill.count.saturating_sub(1).max(1)).unwrap_or(1);
        let days_ago = fill.oldest_days_ago - span * i64::try_from(n).unwrap_or(0) / steps;
        let k = n + salt;
        let title = match name {
            "人事信息" => format!(
                "甘州区{}年第{}批事业单位公开招聘拟聘用人员公示",
                (seed.now.to_datetime() - Duration::days(days_ago)).year(),
                n + 1
            ),
            "规划计划" => format!("甘州区{}专项规划（2025—2027年）", TOPICS[k % TOPICS.len()]),
            "甘州概况" => "甘州概况".to_owned(),
            "机构职能" => format!("{source}主要职责和内设机构"),
            _ => format!(
                "{}{}{}",
                PLACES[k % PLACES.len()],
                TOPICS[(k / PLACES.len() + k) % TOPICS.len()],
                ACTIONS[k % ACTIONS.len()]
            ),
        };
        let content = Content {
            body: body(&title, source),
            title,
            source: source.to_owned(),
            policy: None,
        };
        article(
            &mut tx,
            seed,
            people,
            column,
            content,
            days_ago,
            Stop::Published,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The portal's policy documents with their interpretations; one abolished by the next.
async fn policies(
    seed: &Seed<'_>,
    people: &People,
    (policy, interpretations): (ColumnId, ColumnId),
) -> anyhow::Result<()> {
    let mut tx = seed.db.begin().await?;
    let mut published = Vec::new();
    for (n, (title, number, subject, written, days_ago)) in POLICIES.iter().enumerate() {
        let written_on = (seed.now.to_datetime() - Duration::days(*written)).date_naive();
        let content = Content {
            title: format!("甘州区人民政府关于印发{title}的通知"),
            body: policy_body(title),
            source: "甘州区人民政府".into(),
            policy: Some(PolicyMeta {
                index_number: format!("620702-GZQZF-{}-{:04}", written_on.year(), n + 1),
                issuer: "甘州区人民政府".into(),
                document_number: number.replace("YEAR", &written_on.year().to_string()),
                written_on,
                subject: (*subject).into(),
                interpretations: Vec::new(),
            }),
        };
        let id = article(
            &mut tx,
            seed,
            people,
            policy,
            content,
            *days_ago,
            Stop::Published,
        )
        .await?;
        published.push((id, *title, *days_ago));
    }
    for index in INTERPRETED {
        let Some((document, title, days_ago)) = published.get(*index).copied() else {
            continue;
        };
        let reading = Content {
            title: format!("《{title}》政策解读"),
            body: format!(
                "<p>一、出台背景</p><p>为贯彻落实上级部署，制定《{title}》。</p>\
                 <p>二、主要内容</p><p>明确了目标任务、支持措施和保障机制。</p>"
            ),
            source: "甘州区人民政府办公室".into(),
            policy: None,
        };
        let id = article(
            &mut tx,
            seed,
            people,
            interpretations,
            reading,
            days_ago,
            Stop::Published,
        )
        .await?;
        let link = Command::LinkInterpretation { interpretation: id };
        seed.run(&mut tx, document, link, &people.publisher, days_ago)
            .await?;
    }
    // PUB-ABOLISH: the medical insurance measures are abolished by a later document.
    if let (Some((abolished, ..)), Some((_, _, by_days))) =
        (published.get(ABOLISHED), published.get(ABOLISHED + 3))
    {
        let since = (seed.now.to_datetime() - Duration::days(*by_days)).date_naive();
        let mark = Command::MarkValidity {
            validity: Validity::Abolished,
            since,
            note: format!(
                "被《甘州区城乡居民医疗保障实施办法》（甘州政发〔{}〕16号）废止",
                since.year()
            ),
        };
        seed.run(&mut tx, *abolished, mark, &people.publisher, *by_days)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Seeds the demo site group; nothing when a site exists already.
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    if !usecase::read::group_sites(db, &RuleProfile::default())
        .await?
        .is_empty()
    {
        return Ok(());
    }
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let seed = Seed {
        db,
        platform,
        calendar: &calendar,
        profile: &profile,
        now: Instant::from_millis(now_ms()),
    };
    let office = unit(db, "gz-office").await?;
    // The office's leader approves; a second leader applies for the portal (never one's own).
    let approver = holder(db, office, Role::UnitLeader, "office.leader").await?;
    let deputy = opened(db, office, Role::UnitLeader, "office.deputy").await?;
    // The site group's editors are the operator's (集约化): the demo's `editor` and a B post.
    let editor_a = holder(db, office, Role::SiteEditor, "editor").await?;
    let editor_b = opened(db, office, Role::SiteEditor, "site.editor_b").await?;
    let publisher = holder(db, office, Role::Publisher, "publisher").await?;
    for (index, (host_code, name, domain, code, icp, police)) in SITES.iter().enumerate() {
        let host = unit(db, host_code).await?;
        let host_name = platform::units::find_by_code(db, host_code)
            .await?
            .map(|unit| unit.name)
            .unwrap_or_default();
        let portal = index == 0;
        let short = host_code.trim_start_matches("gz-");
        let people = People {
            host_leader: if portal {
                deputy.clone()
            } else {
                holder(db, host, Role::UnitLeader, &format!("{short}.leader")).await?
            },
            approver: approver.clone(),
            editor_a: editor_a.clone(),
            editor_b: editor_b.clone(),
            reviewer: holder(db, host, Role::Reviewer, &format!("{short}.reviewer")).await?,
            publisher: publisher.clone(),
        };
        let kind = if portal {
            SiteKind::Portal
        } else {
            SiteKind::Department
        };
        let registration = registration(
            (name, domain, code, icp, police),
            kind,
            (host, host_name.clone()),
            office,
        );
        let site = open_site(&seed, &people, registration).await?;
        if index < SITES.len() - 1 {
            declare_hosting(&seed, &people, site).await?;
        }
        let columns = if portal {
            PORTAL_COLUMNS
        } else {
            DEPARTMENT_COLUMNS
        };
        let mut made = Vec::new();
        for (position, (column_name, kind, fill)) in columns.iter().enumerate() {
            let spec = (*column_name, *kind, host);
            let position = i64::try_from(position).unwrap_or(0);
            let id = column(&seed, &people, site, spec, position).await?;
            made.push((id, *kind));
            let source = if portal {
                "甘州区人民政府办公室"
            } else {
                host_name.as_str()
            };
            fill_column(&seed, &people, id, (column_name, source), *fill, index * 7).await?;
        }
        let find = |kind| made.iter().find(|(_, k)| *k == kind).map(|(id, _)| *id);
        if let (Some(policy), Some(readings)) =
            (find(ColumnKind::Policy), find(ColumnKind::Interpretation))
        {
            policies(&seed, &people, (policy, readings)).await?;
        }
        if let (true, Some(news)) = (portal, find(ColumnKind::News)) {
            // The workbench's waits: one article with the reviewer, one with the publisher.
            let waiting = |title: &str| Content {
                title: title.into(),
                body: body(title, "甘州区人民政府办公室"),
                source: "甘州区人民政府办公室".into(),
                policy: None,
            };
            let mut tx = db.begin().await?;
            let content = waiting("甘州区召开三季度经济运行分析会");
            article(&mut tx, &seed, &people, news, content, 0, Stop::Submitted).await?;
            let content = waiting("甘州区举办政务服务技能竞赛");
            article(&mut tx, &seed, &people, news, content, 0, Stop::Reviewed).await?;
            // WEB-REPOST, WEB-MAP: a repost of 新华社's item within its window, and a map with
            // its 审图号.
            let notice = Instant::from_millis(seed.now.millis() - 86_400_000 - 3_600_000);
            let repost = Marks {
                map: None,
                repost: Some(Repost {
                    source: "新华社".into(),
                    notice_at: notice,
                }),
            };
            let content = waiting("国务院常务会议部署进一步优化政务服务（转载）");
            marked(&mut tx, &seed, &people, (news, content), repost).await?;
            let map = Marks {
                map: Some(MapMark {
                    approval: "甘S(2023)056号".into(),
                }),
                repost: None,
            };
            let content = waiting("甘州区城区便民服务网点分布图");
            marked(&mut tx, &seed, &people, (news, content), map).await?;
            tx.commit().await?;
        }
    }
    Ok(())
}
