//! The demo's document register (issue 16 item 1: PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET),
//! made through the register's use cases as the government office's openness officer and its
//! leader would: a work plan confirmed and reviewed (the portal's editors are offered it), a
//! renovation plan the market bureau is asked to confirm (its clock runs; log in as `leader`
//! to answer), a list redacted for privacy waiting for the holders' consent, a report to the
//! superior (不予公开), a cost audit (依申请公开), a secret deployment plan, and a draft
//! waiting for the signer. The work plan is published on the portal's 通知公告 the day after
//! (its PUB-PROACTIVE deadline met, its entry in the catalogue). Nothing is made when a
//! document exists.

use calendar::Instant;
use openness::register::{
    Attribute, DocumentCommand, DocumentKind, Draft, InterestKind, Invitee, MeetingDraft,
    Redaction, ReviewOpinion, Secrecy, SecrecyLevel, Topic, Way,
};
use openness::usecase::documents as register;
use openness::{Acting, DocumentId, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sqlx::Row as _;

const DAY: i64 = 86_400_000;

/// What happens to a demo document after its registration.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Then {
    Nothing,
    /// Confirmed by the signer and reviewed 公开.
    Reviewed,
    /// Reviewed, then the market bureau is asked to confirm.
    Asked,
    /// Confirmed and reviewed 删减后公开; the holders' consent is not recorded.
    Redacted,
}

struct Demo {
    title: &'static str,
    number: &'static str,
    kind: DocumentKind,
    attribute: Attribute,
    reason: &'static str,
    secret: bool,
    privacy: Option<&'static str>,
    days_ago: i64,
    then: Then,
    topic: Topic,
}

fn demos() -> [Demo; 8] {
    let proactive = |title, number, days_ago, then| Demo {
        title,
        number,
        kind: DocumentKind::Policy,
        attribute: Attribute::Proactive,
        reason: "",
        secret: false,
        privacy: None,
        days_ago,
        then,
        topic: Topic::General,
    };
    [
        proactive(
            "关于印发《甘州区2026年政务公开工作要点》的通知",
            "甘州政办发〔2026〕8号",
            20,
            Then::Reviewed,
        ),
        Demo {
            topic: Topic::UrbanEnvironment,
            ..proactive(
                "甘州区2026年城区老旧小区改造实施方案",
                "甘州政办发〔2026〕11号",
                6,
                Then::Asked,
            )
        },
        Demo {
            privacy: Some("城南片区被征收户"),
            topic: Topic::UrbanEnvironment,
            ..proactive(
                "城南片区房屋征收补偿安置结果公示",
                "甘州政办发〔2026〕13号",
                4,
                Then::Redacted,
            )
        },
        Demo {
            kind: DocumentKind::RequestOrReport,
            attribute: Attribute::NotDisclosed,
            reason: "向上级机关报送的工作报告，属于内部事务信息",
            ..proactive(
                "关于2026年第三季度政务公开工作情况的报告",
                "甘州政办〔2026〕52号",
                12,
                Then::Nothing,
            )
        },
        Demo {
            kind: DocumentKind::Other,
            attribute: Attribute::OnApplication,
            reason: "涉及供热企业成本数据，仅向申请人提供",
            topic: Topic::Economy,
            ..proactive(
                "甘州区集中供热定价成本监审报告",
                "甘州发改〔2026〕21号",
                9,
                Then::Nothing,
            )
        },
        Demo {
            secret: true,
            ..proactive(
                "关于开展专项整治行动的部署方案",
                "甘州政办密〔2026〕2号",
                15,
                Then::Nothing,
            )
        },
        proactive(
            "关于做好2026—2027年度冬季供暖工作的通知",
            "甘州政办发〔2026〕15号",
            1,
            Then::Nothing,
        ),
        Demo {
            kind: DocumentKind::MeetingPlan,
            topic: Topic::UrbanEnvironment,
            ..proactive(
                "区政府常务会议研究城区公交线路调整的会议方案",
                "",
                2,
                Then::Nothing,
            )
        },
    ]
}

/// PUB-MEETING: the demo meeting plan's opinions — a major livelihood matter, consulted
/// before, public representatives and the media invited, broadcast and reported.
fn meeting() -> MeetingDraft {
    MeetingDraft {
        major: true,
        invite: Some(true),
        invitees: vec![Invitee::PublicRepresentatives, Invitee::Media],
        public: Some(true),
        ways: vec![Way::Internet, Way::NewsReport],
        not_public_reason: String::new(),
        consulted: true,
        adoption: "征求意见期间收到意见42条，采纳29条，未采纳的主要为超出调整范围的线路新增要求"
            .into(),
    }
}

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff_by_id(db: &platform::db::Db, id: i64) -> anyhow::Result<Staff> {
    let actor = platform::users::load_actor(db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {id} missing"))?;
    Ok(Staff {
        acting: Acting::from(&actor),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    })
}

/// Seeds the register of the government office (nothing when a document exists; without a
/// leader of the office, the documents stay unconfirmed).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM openness_documents")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    let unit = |code: &'static str| async move {
        platform::units::find_by_code(db, code)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))
    };
    let office = unit("gz-office").await?;
    let market = UnitId(unit("gz-market").await?.id);
    let officer_id = platform::users::id_by_username(db, "openness")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account openness missing"))?;
    let officer = staff_by_id(db, officer_id).await?;
    let mut tx = db.begin().await?;
    let leaders = platform::users::with_role(&mut tx, Some(office.id), Role::UnitLeader).await?;
    tx.commit().await?;
    let head = match leaders.first() {
        Some(id) => Some(staff_by_id(db, *id).await?),
        None => None,
    };
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let now = now_ms();
    let run = async |by: &Staff, id: DocumentId, command: DocumentCommand, at: i64| {
        let at = Instant::from_millis(at);
        let context = Context::new(&platform.key, &by.audit, &calendar, &profile, at);
        register::execute(db, &context, &by.acting, id, command, None).await
    };
    for demo in demos() {
        let drafted = now - demo.days_ago * DAY;
        let draft = Draft {
            title: demo.title.into(),
            number: demo.number.into(),
            kind: Some(demo.kind),
            attribute: Some(demo.attribute),
            attribute_reason: demo.reason.into(),
            secrecy: demo.secret.then_some(Secrecy {
                level: SecrecyLevel::Secret,
                until: None,
            }),
            topic: Some(demo.topic),
            meeting: (demo.kind == DocumentKind::MeetingPlan).then(meeting),
            interests: demo
                .privacy
                .map(|holder| vec![(InterestKind::Privacy, holder.to_owned())])
                .unwrap_or_default(),
        };
        let context = Context::new(
            &platform.key,
            &officer.audit,
            &calendar,
            &profile,
            Instant::from_millis(drafted),
        );
        let id = register::register_draft(db, &context, &officer.acting, draft)
            .await?
            .document
            .id;
        let Some(head) = &head else { continue };
        if demo.then == Then::Nothing {
            continue;
        }
        run(head, id, DocumentCommand::Confirm, drafted + DAY / 4).await?;
        let redaction = (demo.then == Then::Redacted).then(|| Redaction {
            removed: "被征收户身份证号码、联系电话".into(),
            reason: "涉及个人隐私".into(),
        });
        let review = DocumentCommand::Review {
            opinion: ReviewOpinion::Disclose,
            basis: "《甘州区政府信息公开保密审查办法》".into(),
            reason: String::new(),
            redaction,
        };
        run(&officer, id, review, drafted + DAY / 2).await?;
        if demo.then == Then::Reviewed {
            let number = register::office_document(db, id, &officer.acting)
                .await?
                .number;
            publish_on_portal(platform, (&calendar, &profile), &number, drafted + DAY).await?;
        }
        if demo.then == Then::Asked {
            let ask = DocumentCommand::RequestCoordination {
                units: vec![market],
                matter: "请确认方案中涉及市场监管部门的职责分工表述".into(),
            };
            run(&officer, id, ask, drafted + DAY).await?;
        }
    }
    Ok(())
}

/// An account of the demo by user name, as the sites' acting user.
async fn site_staff(db: &platform::db::Db, id: i64) -> anyhow::Result<(sites::Acting, AuditActor)> {
    let actor = platform::users::load_actor(db, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {id} missing"))?;
    Ok((
        sites::Acting::from(&actor),
        AuditActor::staff(&actor, "127.0.0.1"),
    ))
}

/// PUB-PROACTIVE, PUB-CATALOG: the reviewed document numbered `number` drafted into the
/// portal's 通知公告 by its editor, reviewed and published at `at` — its deadline met and its
/// entry in the catalogue. Nothing when the demo has no such column.
async fn publish_on_portal(
    platform: &Platform,
    (calendar, profile): (&calendar::Calendar, &platform::profile::RuleProfile),
    number: &str,
    at: i64,
) -> anyhow::Result<()> {
    use sites::article::Command;
    let db = &platform.db;
    let column = sqlx::query(
        "SELECT c.id, c.editor_a FROM site_columns c JOIN sites s ON s.id = c.site_id \
         WHERE c.name = '通知公告' AND c.editor_a IS NOT NULL ORDER BY s.id, c.id LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    let Some(column) = column else {
        return Ok(());
    };
    let editor_id: i64 = column.try_get("editor_a")?;
    let column = sites::ColumnId(column.try_get("id")?);
    let user = |name: &'static str| async move {
        platform::users::id_by_username(db, name)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo account {name} missing"))
    };
    let editor = site_staff(db, editor_id).await?;
    let reviewer = site_staff(db, user("reviewer").await?).await?;
    let publisher = site_staff(db, user("publisher").await?).await?;
    let at = Instant::from_millis(at);
    let (id, _) = sites::usecase::documents::draft_from_document(
        db,
        &Context::new(&platform.key, &editor.1, calendar, profile, at),
        &editor.0,
        column,
        number,
    )
    .await?;
    let review = Command::Review {
        opinion: "内容属实，同意发布".into(),
    };
    let steps = [
        (Command::Submit, &editor),
        (review, &reviewer),
        (Command::Publish { at: None }, &publisher),
    ];
    for (command, by) in steps {
        let check = &sites::check::Builtin;
        let context = Context::new(&platform.key, &by.1, calendar, profile, at);
        sites::usecase::execute_article(db, &context, &by.0, check, id, command, None).await?;
    }
    Ok(())
}
