//! Messages stored and run on the workflow kernel, on both backends (MSG-KINDS, MSG-ROUTE,
//! MSG-LIMITS, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY): a citizen writes to the government
//! office's portal; the editor routes it to the education bureau, whose contacts are texted;
//! another unit cannot reply; the bureau replies, its leader reviews, the editor publishes;
//! the writer finds it by number and code and rates it, a bad rating opening the 好差评
//! rectification; a writer's refusal blocks publication; a transfer to 12345 registers an
//! order linked both ways; the statistics and 互动回应差 count them. The writer's identity
//! never reaches what the unit reads (privacy canary).

use calendar::Instant;
use participation::message::{Acting, Channel, Command, Filing, Status, WithholdReason, Writer};
use participation::store::messages as store;
use participation::usecase::{self, Submitted};
use participation::{MessageId, UnitId};
use platform::Platform;
use platform::audit::AuditActor;
use platform::workflow::Context;
use sqlx::Row as _;

use crate::{CAL, GANZHOU, at};

const NAME: &str = "名MKWRITERQX";
const PHONE: &str = "13957310042";
const MARKERS: [&str; 2] = ["MKWRITERQX", "13957310042"];

pub(crate) struct Staff {
    pub(crate) acting: Acting,
    pub(crate) audit: AuditActor,
}

pub(crate) struct World {
    pub(crate) platform: Platform,
    pub(crate) site: UnitId,
    pub(crate) education: UnitId,
    pub(crate) editor: Staff,
    pub(crate) handler: Staff,
    pub(crate) leader: Staff,
    pub(crate) petition: Staff,
    /// The market bureau's handler and leader: no part in the message.
    pub(crate) stranger: Staff,
    pub(crate) public: AuditActor,
}

async fn unit(platform: &Platform, code: &str) -> UnitId {
    UnitId(
        platform::units::find_by_code(&platform.db, code)
            .await
            .unwrap()
            .unwrap()
            .id,
    )
}

async fn staff_of(platform: &Platform, username: &str) -> Staff {
    let db = &platform.db;
    let id = platform::users::id_by_username(db, username)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{username}"));
    let actor = platform::users::load_actor(db, id).await.unwrap().unwrap();
    Staff {
        acting: usecase::acting(db, &actor).await.unwrap(),
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    }
}

pub(crate) async fn worlds() -> Vec<World> {
    let mut worlds = Vec::new();
    for platform in platform::testing::each_backend().await {
        platform::demo::seed(&platform.db, &platform.key)
            .await
            .unwrap();
        platform::demo::seed_contacts(&platform.db, &platform.key)
            .await
            .unwrap();
        worlds.push(World {
            site: unit(&platform, "gz-office").await,
            education: unit(&platform, "gz-education").await,
            editor: staff_of(&platform, "editor").await,
            handler: staff_of(&platform, "education.a").await,
            leader: staff_of(&platform, "education.leader").await,
            petition: staff_of(&platform, "petition.a").await,
            stranger: staff_of(&platform, "leader").await,
            public: AuditActor::anonymous("127.0.0.1"),
            platform,
        });
    }
    worlds
}

pub(crate) fn context<'a>(world: &'a World, actor: &'a AuditActor, now: Instant) -> Context<'a> {
    Context::new(&world.platform.key, actor, &CAL, &GANZHOU, now)
}

fn filing(channel: Channel, allow_publication: bool) -> Filing {
    Filing {
        channel,
        writer: Writer {
            name: NAME.into(),
            phone: PHONE.into(),
            email: String::new(),
        },
        title: "实验小学门口积水".into(),
        content: "教育局管辖的实验小学门口每逢下雨积水严重，请处理。".into(),
        allow_publication,
        page: String::new(),
    }
}

pub(crate) async fn submit(
    world: &World,
    channel: Channel,
    allow: bool,
    now: Instant,
) -> Submitted {
    let context = context(world, &world.public, now);
    usecase::submit(
        &world.platform.db,
        &context,
        world.site,
        &filing(channel, allow),
    )
    .await
    .unwrap()
}

pub(crate) async fn run(
    world: &World,
    staff: &Staff,
    id: MessageId,
    command: Command,
    now: Instant,
) -> platform::Result<Status> {
    let context = context(world, &staff.audit, now);
    usecase::execute(
        &world.platform.db,
        &context,
        &staff.acting,
        id,
        command,
        None,
    )
    .await
    .map(|(message, _)| message.status)
}

pub(crate) async fn text_of(world: &World, sql: &str) -> String {
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(&world.platform.db.pool)
        .await
        .unwrap();
    rows.iter()
        .map(|row| row.try_get::<String, _>("t").unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn open_clock_units(world: &World, id: MessageId) -> Vec<i64> {
    let rows = sqlx::query(
        "SELECT unit_id FROM clocks WHERE subject_type = 'participation_message' \
         AND subject_id = $1 AND status IN ('running', 'paused')",
    )
    .bind(id.0.to_string())
    .fetch_all(&world.platform.db.pool)
    .await
    .unwrap();
    rows.iter()
        .map(|row| row.try_get("unit_id").unwrap())
        .collect()
}

/// MSG-KINDS, MSG-ROUTE, MSG-REVIEW, MSG-PUBLISH, MSG-QUERY: the whole path of a message on
/// both backends, with the refusals that change nothing.
#[tokio::test]
async fn msg_route_review_publish_query_stored_on_both_backends() {
    for world in worlds().await {
        let db = &world.platform.db;
        let t = at("2026-03-02T09:00");
        let submitted = submit(&world, Channel::Complaint, true, t).await;
        assert!(
            submitted.number.starts_with("LY2026"),
            "{}",
            submitted.number
        );
        let id = submitted.id;
        assert_eq!(open_clock_units(&world, id).await, vec![world.site.0]);

        // MSG-ROUTE: only the desk routes; the unit's contacts are texted.
        let route = Command::Route {
            unit: world.education,
            note: "属教育局职责".into(),
        };
        assert!(
            run(&world, &world.handler, id, route.clone(), t)
                .await
                .is_err()
        );
        let sms_before = text_of(
            &world,
            "SELECT channel AS t FROM outbox WHERE channel = 'sms'",
        )
        .await;
        assert_eq!(
            run(&world, &world.editor, id, route, t).await.unwrap(),
            Status::Routed
        );
        let sms_after = text_of(
            &world,
            "SELECT channel AS t FROM outbox WHERE channel = 'sms'",
        )
        .await;
        assert!(
            sms_after.len() > sms_before.len(),
            "the unit's contacts are texted"
        );
        assert_eq!(open_clock_units(&world, id).await, vec![world.education.0]);

        // Another unit cannot reply: a clear message, nothing changed.
        let reply = Command::Reply {
            text: "已安排疏通排水，感谢监督。".into(),
        };
        let version = store::get(db, id).await.unwrap().version;
        let refused = run(&world, &world.stranger, id, reply.clone(), t)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("本单位"), "{refused}");
        assert_eq!(store::get(db, id).await.unwrap().version, version);

        assert_eq!(
            run(&world, &world.handler, id, reply, t).await.unwrap(),
            Status::Replied
        );
        // MSG-REVIEW: the complaint's reply is reviewed by the unit's leader, not the editor.
        let approve = Command::Approve {
            note: String::new(),
        };
        assert!(
            run(&world, &world.editor, id, approve.clone(), t)
                .await
                .is_err()
        );
        assert_eq!(
            run(&world, &world.leader, id, approve, t).await.unwrap(),
            Status::Approved
        );
        assert!(open_clock_units(&world, id).await.is_empty());
        assert_eq!(
            run(&world, &world.editor, id, Command::Publish, t)
                .await
                .unwrap(),
            Status::Published
        );
        let published = store::list(
            db,
            store::Filter::Published {
                site: Some(world.site),
            },
            10,
        )
        .await
        .unwrap();
        assert_eq!(published.len(), 1);
        assert_eq!(published[0].message.in_time, Some(true));

        // MSG-QUERY: the number and code find it; a wrong code does not.
        let key = &world.platform.key;
        assert!(
            usecase::lookup(db, key, &submitted.number, "WRONG-CODE")
                .await
                .is_err()
        );
        let found = usecase::lookup(db, key, &submitted.number, &submitted.query_code)
            .await
            .unwrap();
        assert_eq!(found.message.id, id);
        let public = context(&world, &world.public, t);
        let code = (submitted.number.as_str(), submitted.query_code.as_str());
        usecase::rate(db, &public, code, (1, 2), "答复敷衍")
            .await
            .unwrap();
        let second = usecase::rate(db, &public, code, (5, 5), "")
            .await
            .unwrap_err();
        assert!(second.to_string().contains("不能重复评价"), "{second}");
        // A bad rating opens the rectification of the replying unit (EVAL-BAD).
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM rectifications r \
             JOIN evaluations e ON e.id = r.evaluation_id \
             WHERE e.subject_id = $1 AND e.unit_id = $2",
        )
        .bind(&submitted.number)
        .bind(world.education.0)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        assert_eq!(row.try_get::<i64, _>("n").unwrap(), 1);

        // MSG-PUBLISH: the writer refused publication.
        let private = submit(&world, Channel::Suggestion, false, t).await.id;
        let route = Command::Route {
            unit: world.education,
            note: String::new(),
        };
        run(&world, &world.petition, private, route, t)
            .await
            .unwrap();
        let reply = Command::Reply {
            text: "感谢建议。".into(),
        };
        run(&world, &world.handler, private, reply, t)
            .await
            .unwrap();
        let approve = Command::Approve {
            note: String::new(),
        };
        run(&world, &world.leader, private, approve, t)
            .await
            .unwrap();
        let refused = run(&world, &world.editor, private, Command::Publish, t)
            .await
            .unwrap_err();
        assert!(
            refused.to_string().contains("留言人选择不公开"),
            "{refused}"
        );
        let withhold = Command::Withhold {
            reason: WithholdReason::WriterRefused,
            note: String::new(),
        };
        let status = run(&world, &world.editor, private, withhold, t)
            .await
            .unwrap();
        assert_eq!(status, Status::NotPublished);

        // MSG-PUBLISH (content check): personal data in the message blocks publication.
        let mut leaky = filing(Channel::Consultation, true);
        leaky.content = "我的身份证号是620702198001011234，请帮我查询。".into();
        let context_public = context(&world, &world.public, t);
        let leaky = usecase::submit(db, &context_public, world.site, &leaky)
            .await
            .unwrap()
            .id;
        let route = Command::Route {
            unit: world.education,
            note: String::new(),
        };
        run(&world, &world.editor, leaky, route, t).await.unwrap();
        let reply = Command::Reply {
            text: "已查询。".into(),
        };
        run(&world, &world.handler, leaky, reply, t).await.unwrap();
        let approve = Command::Approve {
            note: String::new(),
        };
        run(&world, &world.leader, leaky, approve, t).await.unwrap();
        let refused = run(&world, &world.editor, leaky, Command::Publish, t)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("不能公开"), "{refused}");
        assert_eq!(
            store::get(db, leaky).await.unwrap().message.status,
            Status::Approved
        );

        // MSG-PUBLISH, HL-PRIVACY: a reply that names the writer is not published either.
        let named = submit(&world, Channel::Consultation, true, t).await.id;
        let route = Command::Route {
            unit: world.education,
            note: String::new(),
        };
        run(&world, &world.editor, named, route, t).await.unwrap();
        let reply = Command::Reply {
            text: format!("{NAME}同志：您反映的积水问题已处理。"),
        };
        run(&world, &world.handler, named, reply, t).await.unwrap();
        let approve = Command::Approve {
            note: String::new(),
        };
        run(&world, &world.leader, named, approve, t).await.unwrap();
        let refused = run(&world, &world.editor, named, Command::Publish, t)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("留言人姓名"), "{refused}");
        assert!(!refused.to_string().contains(NAME), "{refused}");

        // MSG-ROUTE: the transfer to 12345 registers an order, linked both ways.
        let transferred = submit(&world, Channel::Consultation, true, t).await.id;
        let desk = context(&world, &world.editor.audit, t);
        let (message, _) = usecase::transfer_to_hotline(
            db,
            &desk,
            &world.editor.acting,
            transferred,
            "需现场处置",
            None,
        )
        .await
        .unwrap();
        assert_eq!(message.status, Status::Transferred);
        let order = message.transfer.unwrap().order_id.unwrap();
        let back = usecase::message_of_order(db, order).await.unwrap().unwrap();
        assert_eq!(back.message.id, transferred);
        assert!(open_clock_units(&world, transferred).await.is_empty());

        // MSG-PUBLISH: the statistics per unit count received, replied, on time, rated.
        let from = at("2026-03-01T00:00");
        let to = at("2026-04-01T00:00");
        let stats = usecase::statistics(db, Some(world.site), from, to)
            .await
            .unwrap();
        let education = stats.iter().find(|s| s.unit == world.education).unwrap();
        assert_eq!(
            (
                education.received,
                education.replied,
                education.on_time,
                education.rated
            ),
            // the message naming its writer is the fourth, replied on time
            (4, 4, 4, 1)
        );
        assert_eq!(education.satisfaction_percent(), Some(0));
    }
}

/// 互动回应差 (reports.md §3): a valid message unanswered more than three months within the
/// past year counts against its site; an answered one and an invalid one do not.
#[tokio::test]
async fn msg_response_gap_counts_messages_unanswered_over_three_months() {
    for world in worlds().await {
        let db = &world.platform.db;
        let old = at("2026-01-05T09:00");
        let unanswered = submit(&world, Channel::LeaderMailbox, true, old).await;
        let invalid = submit(&world, Channel::Consultation, true, old).await.id;
        let reason = Command::MarkInvalid {
            reason: "广告".into(),
        };
        run(&world, &world.editor, invalid, reason, old)
            .await
            .unwrap();
        let recent = submit(&world, Channel::Consultation, true, at("2026-04-01T09:00")).await;
        let now = at("2026-04-20T09:00");
        let gaps = usecase::response_gaps(db, now).await.unwrap();
        assert_eq!(gaps.len(), 1);
        assert_eq!(gaps[0].site, world.site);
        assert_eq!(gaps[0].numbers, vec![unanswered.number.clone()]);
        assert!(!gaps[0].numbers.contains(&recent.number));
        let before = usecase::response_gaps(db, at("2026-03-20T09:00"))
            .await
            .unwrap();
        assert!(before.is_empty());
    }
}

/// Privacy canary (HL-PRIVACY, MSG-ROUTE): markers planted in the writer's name and phone
/// never reach what the unit a complaint is about can read — the stored snapshot, history,
/// messages to staff, audit rows — and only the routing desk may reveal the writer, audited.
#[tokio::test]
async fn msg_privacy_the_unit_complained_about_never_sees_the_writer() {
    for world in worlds().await {
        let db = &world.platform.db;
        let t = at("2026-03-02T09:00");
        let id = submit(&world, Channel::Complaint, true, t).await.id;
        let route = Command::Route {
            unit: world.education,
            note: String::new(),
        };
        run(&world, &world.editor, id, route, t).await.unwrap();
        let reply = Command::Reply {
            text: "已核实处理。".into(),
        };
        run(&world, &world.handler, id, reply, t).await.unwrap();
        for (what, sql) in [
            ("snapshot", "SELECT state AS t FROM participation_messages"),
            (
                "history",
                "SELECT detail AS t FROM participation_message_events",
            ),
            ("outbox", "SELECT subject || ' ' || body AS t FROM outbox"),
            ("audit", "SELECT COALESCE(detail, '') AS t FROM audit_log"),
        ] {
            let text = text_of(&world, sql).await;
            for marker in MARKERS {
                assert!(!text.contains(marker), "{what} contains {marker}");
            }
        }
        let unit_view = usecase::execute(
            db,
            &context(&world, &world.leader.audit, t),
            &world.leader.acting,
            id,
            Command::Approve {
                note: String::new(),
            },
            None,
        )
        .await
        .unwrap()
        .0;
        assert!(!unit_view.filing.writer.name.contains("MKWRITERQX"));
        assert!(!unit_view.filing.writer.phone.contains("57310042"));
        let context_leader = context(&world, &world.leader.audit, t);
        let refused =
            usecase::unmask_writer(db, &context_leader, &world.leader.acting, id, "核实").await;
        assert!(refused.is_err());
        let context_editor = context(&world, &world.editor.audit, t);
        let writer = usecase::unmask_writer(db, &context_editor, &world.editor.acting, id, "回访")
            .await
            .unwrap();
        assert_eq!(writer.name, NAME);
        let audited = text_of(
            &world,
            "SELECT action AS t FROM audit_log WHERE object_type = 'participation_message'",
        )
        .await;
        assert!(audited.contains("unmask"), "{audited}");
    }
}
