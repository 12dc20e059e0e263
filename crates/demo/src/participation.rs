//! The demo's messages (issue 17 item 6, MSG-*), made through the participation use cases as
//! the citizens, the portal's editor, the petition bureau and the units would: a year of
//! messages to the portal of 甘州区人民政府 in every channel and state — waiting at the desk,
//! with a unit (one of them overdue, one left unanswered for months: 互动回应差), replied and
//! awaiting review, approved and awaiting publication, published and rated (one badly, which
//! opens the 好差评 rectification), not published with the reason recorded, transferred to
//! 12345, invalid. Nothing is made when a message exists.

use calendar::{Calendar, Instant};
use participation::message::{Acting, Channel, Command, Filing, WithholdReason, Writer};
use participation::{MessageId, UnitId, usecase};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::{Db, now_ms};
use platform::profile::RuleProfile;
use platform::workflow::Context;
use sqlx::Row as _;

const DAY: i64 = 86_400_000;

/// Who acts in a step.
#[derive(Clone, Copy)]
enum Who {
    Editor,
    Petition,
    Handler,
    Leader,
}

/// What happens to a demo message after it is received: (days after receipt, who, what).
enum Step {
    Route(&'static str),
    Do(Who, Command),
    Transfer,
    Rate(u8, u8, &'static str),
}

struct Demo {
    channel: Channel,
    name: &'static str,
    title: &'static str,
    content: &'static str,
    publish: bool,
    days_ago: i64,
    steps: Vec<(i64, Step)>,
}

fn reply(text: &str) -> Step {
    Step::Do(Who::Handler, Command::Reply { text: text.into() })
}

fn approve(who: Who) -> Step {
    Step::Do(
        who,
        Command::Approve {
            note: String::new(),
        },
    )
}

fn publish() -> Step {
    Step::Do(Who::Editor, Command::Publish)
}

/// The reviewer of a channel's replies (MSG-REVIEW).
fn reviewer(channel: Channel) -> Who {
    match channel {
        Channel::LeaderMailbox => Who::Petition,
        Channel::SiteError => Who::Editor,
        _ => Who::Leader,
    }
}

fn demo(
    channel: Channel,
    (name, title, content): (&'static str, &'static str, &'static str),
    days_ago: i64,
    steps: Vec<(i64, Step)>,
) -> Demo {
    Demo {
        channel,
        name,
        title,
        content,
        publish: true,
        days_ago,
        steps,
    }
}

/// A published reply on `channel` by `unit`, `days` after receipt.
fn answered(
    channel: Channel,
    unit: &'static str,
    text: &'static str,
    days: i64,
) -> Vec<(i64, Step)> {
    vec![
        (0, Step::Route(unit)),
        (days, reply(text)),
        (days, approve(reviewer(channel))),
        (days + 1, publish()),
    ]
}

fn demos() -> Vec<Demo> {
    use Channel::{Complaint, Consultation, LeaderMailbox, SiteError, Suggestion};
    let mut published = vec![
        demo(
            LeaderMailbox,
            (
                "张建华",
                "建议延长城区公交末班车时间",
                "城区多条公交线路末班车在晚上七点半前结束，下晚班的群众出行不便，建议延长至晚上九点。",
            ),
            320,
            answered(
                LeaderMailbox,
                "gz-market",
                "已商请区交通运输部门研究，自下月起1路、3路末班车延长至21时。感谢您的建议。",
                4,
            ),
        ),
        demo(
            Consultation,
            (
                "李桂兰",
                "新生入学需要准备哪些材料",
                "孩子今年秋季上小学一年级，请问需要准备哪些入学材料？",
            ),
            250,
            answered(
                Consultation,
                "gz-education",
                "需提供户口簿、不动产权证书或租房合同及居住证、儿童预防接种证明，具体见区教育局招生公告。",
                2,
            ),
        ),
        demo(
            Complaint,
            (
                "王志强",
                "农贸市场电子秤短斤少两",
                "东街农贸市场部分摊位电子秤不准，多次短斤少两。",
            ),
            180,
            answered(
                Complaint,
                "gz-market",
                "经现场检查，对3台不合格电子秤予以查封，并对经营者立案调查。",
                5,
            ),
        ),
        demo(
            SiteError,
            (
                "赵敏",
                "政策文件链接打不开",
                "政府信息公开栏目中《2025年政府工作报告》链接显示页面不存在。",
            ),
            90,
            answered(
                SiteError,
                "gz-office",
                "已修复该链接，感谢您对政府网站的关注和支持。",
                1,
            ),
        ),
        demo(
            Suggestion,
            (
                "孙丽",
                "建议在学校周边增设减速带",
                "实验小学门口车速快，上下学时段存在安全隐患，建议增设减速带和警示标志。",
            ),
            60,
            answered(
                Suggestion,
                "gz-education",
                "已会同交警部门在学校周边增设减速带2处、警示标志4块。",
                3,
            ),
        ),
    ];
    // MSG-QUERY: the writers rated two of them; one badly (the 好差评 rectification).
    published[1].steps.push((5, Step::Rate(5, 5, "答复很及时")));
    published[2]
        .steps
        .push((9, Step::Rate(2, 2, "处理结果没有反馈到位")));
    let mut private = demo(
        Suggestion,
        (
            "周涛",
            "关于小区物业收费的建议",
            "我所在小区物业费上涨后服务没有改善，建议有关部门加强监管。",
        ),
        120,
        vec![
            (0, Step::Route("gz-market")),
            (3, reply("已约谈物业企业，责令其公示收费标准和服务内容。")),
            (3, approve(Who::Leader)),
            (
                4,
                Step::Do(
                    Who::Editor,
                    Command::Withhold {
                        reason: WithholdReason::WriterRefused,
                        note: String::new(),
                    },
                ),
            ),
        ],
    );
    private.publish = false;
    let withheld = demo(
        Complaint,
        (
            "吴刚",
            "邻居违规饲养犬只扰民",
            "某小区某号楼某住户饲养大型犬，夜间吠叫扰民。",
        ),
        45,
        vec![
            (0, Step::Route("gz-market")),
            (4, reply("已联系社区和公安部门上门劝导，督促住户规范养犬。")),
            (4, approve(Who::Leader)),
            (
                5,
                Step::Do(
                    Who::Editor,
                    Command::Withhold {
                        reason: WithholdReason::Private,
                        note: "涉及具体住户信息".into(),
                    },
                ),
            ),
        ],
    );
    let mut rest = vec![
        private,
        withheld,
        // Transferred to 12345: handled as a hotline order on the order's clock.
        demo(
            Complaint,
            ("郑强", "路灯不亮", "南街与县府街交叉口路灯连续一周不亮。"),
            30,
            vec![(1, Step::Transfer)],
        ),
        // 互动回应差: routed four months ago and never answered.
        demo(
            Consultation,
            (
                "冯雪",
                "公租房申请条件咨询",
                "外地户籍在本区工作满三年能否申请公租房？",
            ),
            130,
            vec![(1, Step::Route("gz-market"))],
        ),
        // Overdue now: with the unit past its reply limit.
        demo(
            LeaderMailbox,
            (
                "陈伟",
                "反映老旧小区加装电梯问题",
                "我们小区已征得全部住户同意，申请加装电梯一直没有答复。",
            ),
            14,
            vec![(1, Step::Route("gz-market"))],
        ),
        // Replied, awaiting the leader's review.
        demo(
            Consultation,
            (
                "褚红",
                "教师资格证认定时间",
                "今年下半年教师资格认定什么时候开始？",
            ),
            3,
            vec![
                (0, Step::Route("gz-education")),
                (1, reply("下半年认定工作预计9月开始，具体以公告为准。")),
            ],
        ),
        // Approved, awaiting the publication decision.
        demo(
            Suggestion,
            (
                "卫东",
                "建议图书馆延长开放时间",
                "建议区图书馆周末延长开放至晚上八点。",
            ),
            5,
            vec![
                (0, Step::Route("gz-education")),
                (2, reply("已转区文化馆研究，暑期试行周末延时开放。")),
                (2, approve(Who::Leader)),
            ],
        ),
        // Waiting at the routing desk.
        demo(
            SiteError,
            (
                "蒋芳",
                "办事指南电话号码错误",
                "营业执照办理指南中的咨询电话已停用。",
            ),
            1,
            vec![],
        ),
        demo(
            LeaderMailbox,
            (
                "沈阳",
                "建议增加城区停车位",
                "城区中心停车难，建议利用闲置地块建设公共停车场。",
            ),
            0,
            vec![],
        ),
        // Invalid (advertising).
        demo(
            Consultation,
            (
                "韩梅",
                "优惠办理各类证件",
                "专业代办各类证件，价格优惠，详询。",
            ),
            20,
            vec![(
                0,
                Step::Do(
                    Who::Editor,
                    Command::MarkInvalid {
                        reason: "广告信息，与政务无关".into(),
                    },
                ),
            )],
        ),
    ];
    published.append(&mut rest);
    published
}

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff(db: &Db, username: &str) -> anyhow::Result<Staff> {
    let actor = crate::actor_of(db, username).await?;
    Ok(Staff {
        acting: usecase::acting(db, &actor).await?,
        audit: AuditActor::staff(&actor, "127.0.0.1"),
    })
}

async fn unit(db: &Db, code: &str) -> anyhow::Result<UnitId> {
    let unit = platform::units::find_by_code(db, code)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))?;
    Ok(UnitId(unit.id))
}

/// The handler and leader of a unit of the demo.
async fn unit_staff(db: &Db, code: &str) -> anyhow::Result<(Staff, Staff)> {
    let (handler, leader) = match code {
        "gz-market" => ("handler", "leader"),
        "gz-education" => ("education.a", "education.leader"),
        _ => ("office.a", "office.leader"),
    };
    Ok((staff(db, handler).await?, staff(db, leader).await?))
}

/// Seeds the demo messages (none when a message exists).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM participation_messages")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    // The units' 12345 contacts reply to messages too (idempotent; the seed made them).
    platform::demo::seed_contacts(db, &platform.key).await?;
    let site = unit(db, "gz-office").await?;
    let editor = staff(db, "editor").await?;
    let petition = staff(db, "petition.a").await?;
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let rules = (&calendar, &profile);
    let now = now_ms();
    let public = AuditActor::anonymous("127.0.0.1");
    for (index, demo) in demos().into_iter().enumerate() {
        let received = now - demo.days_ago * DAY - 3_600_000;
        let filing = Filing {
            channel: demo.channel,
            writer: Writer {
                name: demo.name.into(),
                phone: format!("1399360{:04}", 1000 + index),
                email: String::new(),
            },
            title: demo.title.into(),
            content: demo.content.into(),
            allow_publication: demo.publish,
            page: String::new(),
        };
        let submitted = usecase::submit(
            db,
            &at_context(platform, rules, &public, received),
            site,
            &filing,
        )
        .await?;
        let id = submitted.id;
        let mut unit_code = "gz-office";
        for (after, step) in demo.steps {
            let at = (received + after * DAY).min(now);
            match step {
                Step::Route(code) => {
                    unit_code = code;
                    let command = Command::Route {
                        unit: unit(db, code).await?,
                        note: String::new(),
                    };
                    let desk = if demo.channel == Channel::LeaderMailbox {
                        &petition
                    } else {
                        &editor
                    };
                    run(
                        db,
                        &at_context(platform, rules, &desk.audit, at),
                        desk,
                        id,
                        command,
                    )
                    .await?;
                }
                Step::Transfer => {
                    let c = at_context(platform, rules, &editor.audit, at);
                    let note = "需现场处置，转12345热线";
                    usecase::transfer_to_hotline(db, &c, &editor.acting, id, note, None).await?;
                }
                Step::Rate(timeliness, quality, comment) => {
                    let c = at_context(platform, rules, &public, at);
                    let code = (submitted.number.as_str(), submitted.query_code.as_str());
                    usecase::rate(db, &c, code, (timeliness, quality), comment).await?;
                }
                Step::Do(who, command) => {
                    let (handler, leader) = unit_staff(db, unit_code).await?;
                    let by = match who {
                        Who::Editor => &editor,
                        Who::Petition => &petition,
                        Who::Handler => &handler,
                        Who::Leader => &leader,
                    };
                    run(
                        db,
                        &at_context(platform, rules, &by.audit, at),
                        by,
                        id,
                        command,
                    )
                    .await?;
                }
            }
        }
    }
    Ok(())
}

fn at_context<'a>(
    platform: &'a Platform,
    (calendar, profile): (&'a Calendar, &'a RuleProfile),
    actor: &'a AuditActor,
    at: i64,
) -> Context<'a> {
    Context::new(
        &platform.key,
        actor,
        calendar,
        profile,
        Instant::from_millis(at),
    )
}

async fn run(
    db: &Db,
    context: &Context<'_>,
    staff: &Staff,
    id: MessageId,
    command: Command,
) -> anyhow::Result<()> {
    usecase::execute(db, context, &staff.acting, id, command, None).await?;
    Ok(())
}
