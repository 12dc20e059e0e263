//! The demo's disclosure applications (issue 16, PUB-APPLY, PUB-ANSWER), made through the
//! openness use cases as the citizens and the government office's openness officer would:
//! a dozen applications to 区人民政府办公室 received over the last weeks, at every stage —
//! just received, with a supplement notice out, corrected, in handling, with a third party
//! consulted (its clock paused), extended by the office head, answered with several outcomes
//! of table 三, delivered, withdrawn. Nothing is made when an application exists.

use calendar::{Calendar, Instant, Limit, LimitUnit};
use openness::application::{
    AnswerInput, Applicant, ApplicantKind, Channel, Command, Filing, Form, NotDisclosedReason,
    NotProcessedReason, Outcome, ThirdPartyOpinion,
};
use openness::{Acting, ApplicationId, Issuer, UnitId, usecase};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::profile::RuleProfile;
use platform::roles::Role;
use platform::workflow::Context;
use sqlx::Row as _;

const DAY: i64 = 86_400_000;

/// One demo application: who, what, how many days ago, and what was done (days after
/// receipt, command).
struct Demo {
    name: &'static str,
    kind: ApplicantKind,
    id_number: &'static str,
    description: &'static str,
    days_ago: i64,
    steps: Vec<(i64, Step)>,
}

#[derive(Clone)]
enum Step {
    Officer(Command),
    Head(Command),
    Applicant(Command),
}

fn wd(days: u32) -> Limit {
    Limit::new(days, LimitUnit::WorkingDays)
}

fn answer(outcome: Outcome, reasoning: &str, provided: &[&str]) -> Step {
    Step::Officer(Command::Answer {
        outcome,
        input: AnswerInput {
            reasoning: reasoning.into(),
            provided: provided.iter().map(|item| (*item).to_owned()).collect(),
            form: (!provided.is_empty()).then_some(Form::Electronic),
            ..AnswerInput::default()
        },
    })
}

fn handle() -> Step {
    Step::Officer(Command::StartHandling)
}

fn demos() -> Vec<Demo> {
    let person = ApplicantKind::NaturalPerson;
    let disclosed = answer(Outcome::Disclosed, "", &["立项批复（甘发改〔2025〕12号）"]);
    vec![
        Demo {
            name: "王建国",
            kind: person,
            id_number: "620702198003150011",
            description: "2026年城区老旧小区改造项目名单",
            days_ago: 1,
            steps: vec![],
        },
        Demo {
            name: "李秀英",
            kind: person,
            id_number: "620702197512020022",
            description: "关于那个文件",
            days_ago: 4,
            steps: vec![(
                1,
                Step::Officer(Command::RequestSupplement {
                    items: vec![
                        "请写明所需文件的名称或文号".into(),
                        "请写明文件的大致形成时间".into(),
                    ],
                    period: wd(15),
                }),
            )],
        },
        Demo {
            name: "张伟",
            kind: person,
            id_number: "620702199001010033",
            description: "征地补偿标准",
            days_ago: 12,
            steps: vec![
                (
                    1,
                    Step::Officer(Command::RequestSupplement {
                        items: vec!["请写明征地项目名称".into()],
                        period: wd(15),
                    }),
                ),
                (
                    3,
                    Step::Applicant(Command::Supplemented {
                        description: "2025年甘州区东环路拓宽工程征地补偿标准".into(),
                    }),
                ),
                (4, handle()),
            ],
        },
        Demo {
            name: "甘州区绿源农业科技有限公司",
            kind: ApplicantKind::Commercial,
            id_number: "91620702MA7XXXX01K",
            description: "2025年度农业产业化项目补助资金分配结果",
            days_ago: 8,
            steps: vec![
                (1, handle()),
                (
                    2,
                    Step::Officer(Command::ConsultThirdParty {
                        party: "甘州区丰收种植专业合作社".into(),
                        matter: "分配结果涉及该合作社的经营数据".into(),
                    }),
                ),
            ],
        },
        Demo {
            name: "刘芳",
            kind: person,
            id_number: "620702198807070044",
            description: "甘州区2025年政府投资项目计划",
            days_ago: 25,
            steps: vec![
                (1, handle()),
                (
                    10,
                    Step::Head(Command::Extend {
                        amount: wd(15),
                        reason: "所需信息分散在多个部门，需调取汇总".into(),
                    }),
                ),
            ],
        },
        Demo {
            name: "陈明",
            kind: person,
            id_number: "620702197001010055",
            description: "东环路拓宽工程立项批复",
            days_ago: 30,
            steps: vec![(1, handle()), (6, disclosed.clone())],
        },
        Demo {
            name: "甘州区法律援助律师事务所",
            kind: ApplicantKind::LegalService,
            id_number: "31620000MD0XXXX02P",
            description: "某拆迁项目的会议纪要",
            days_ago: 35,
            steps: vec![
                (1, handle()),
                (
                    8,
                    answer(
                        Outcome::NotDisclosed(NotDisclosedReason::ProcessInformation),
                        "所申请信息为行政机关在履行行政管理职能过程中形成的会议纪要，属于过程性信息",
                        &[],
                    ),
                ),
                (
                    9,
                    Step::Officer(Command::Deliver {
                        way: "邮寄".into(),
                        evidence: "EMS 1100000000001".into(),
                    }),
                ),
            ],
        },
        Demo {
            name: "赵丽",
            kind: person,
            id_number: "620702199205050066",
            description: "城区道路照明设施维护经费",
            days_ago: 20,
            steps: vec![
                (1, handle()),
                (
                    5,
                    answer(
                        Outcome::PartlyDisclosed,
                        "经费明细中涉及个人信息的部分不予公开",
                        &["2025年道路照明维护经费汇总表"],
                    ),
                ),
            ],
        },
        Demo {
            name: "孙强",
            kind: person,
            id_number: "620702198506060077",
            description: "东环路拓宽工程立项批复（再次申请）",
            days_ago: 6,
            steps: vec![
                (1, handle()),
                (
                    2,
                    Step::Officer(Command::Answer {
                        outcome: Outcome::NotProcessed(NotProcessedReason::Repeat),
                        input: AnswerInput {
                            reasoning: "申请人重复申请相同政府信息，本机关已作出答复".into(),
                            refer_to: "本机关对“东环路拓宽工程立项批复”申请的答复".into(),
                            ..AnswerInput::default()
                        },
                    }),
                ),
            ],
        },
        Demo {
            name: "周敏",
            kind: person,
            id_number: "620702197808080088",
            description: "区政府常务会议议定事项",
            days_ago: 15,
            steps: vec![(
                2,
                Step::Applicant(Command::Withdraw {
                    reason: "已在政府网站查到".into(),
                }),
            )],
        },
        Demo {
            name: "甘州区环境保护志愿者协会",
            kind: ApplicantKind::PublicInterest,
            id_number: "51620702MJ0XXXX03Q",
            description: "2025年重点排污单位监测数据",
            days_ago: 18,
            steps: vec![
                (1, handle()),
                (
                    2,
                    Step::Officer(Command::ConsultThirdParty {
                        party: "甘州区某热电有限公司".into(),
                        matter: "监测数据涉及该公司".into(),
                    }),
                ),
                (
                    6,
                    Step::Officer(Command::ThirdPartyReplied {
                        opinion: ThirdPartyOpinion::Consents,
                        reply: "同意公开".into(),
                    }),
                ),
                (7, disclosed),
            ],
        },
        Demo {
            name: "吴涛",
            kind: person,
            id_number: "620702198109090099",
            description: "甘州区2025年财政预算执行情况",
            days_ago: 3,
            steps: vec![(1, handle())],
        },
    ]
}

/// Seeds the demo applications (nothing when one exists).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM openness_applications")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    let office = platform::units::find_by_code(db, "gz-office")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit gz-office missing"))?;
    let unit = UnitId(office.id);
    let officer = staff(db, "openness").await?;
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
    let public = AuditActor::anonymous("127.0.0.1");
    let run = Run {
        platform,
        calendar: &calendar,
        profile: &profile,
    };
    for demo in demos() {
        let received = now - demo.days_ago * DAY;
        let filing = Filing {
            applicant: Applicant {
                kind: demo.kind,
                name: demo.name.into(),
                id_number: demo.id_number.into(),
                contact_person: if demo.kind.is_organisation() {
                    "办公室".into()
                } else {
                    String::new()
                },
                phone: "0936-8210000".into(),
                address: "甘州区县府街1号".into(),
                email: String::new(),
            },
            channel: Channel::Online,
            description: demo.description.into(),
            purpose: String::new(),
            form: Form::Electronic,
            registered_by: None,
        };
        let context = run.context(&public, received);
        let registered = usecase::register(db, &context, &Issuer::Applicant, unit, filing).await?;
        for (after, step) in demo.steps {
            let at = received + after * DAY;
            let keys = (registered.number.as_str(), registered.query_code.as_str());
            match step {
                Step::Officer(command) => run.staff(&officer, registered.id, command, at).await?,
                Step::Head(command) => {
                    if let Some(head) = &head {
                        run.staff(head, registered.id, command, at).await?;
                    }
                }
                Step::Applicant(command) => {
                    let context = run.context(&public, at);
                    usecase::applicant_execute(db, &context, keys, command).await?;
                }
            }
        }
    }
    Ok(())
}

struct Staff {
    acting: Acting,
    audit: AuditActor,
}

async fn staff(db: &platform::db::Db, username: &str) -> anyhow::Result<Staff> {
    let id = platform::users::id_by_username(db, username)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo account {username} missing"))?;
    staff_by_id(db, id).await
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

struct Run<'a> {
    platform: &'a Platform,
    calendar: &'a Calendar,
    profile: &'a RuleProfile,
}

impl Run<'_> {
    fn context<'b>(&'b self, actor: &'b AuditActor, at: i64) -> Context<'b> {
        Context::new(
            &self.platform.key,
            actor,
            self.calendar,
            self.profile,
            Instant::from_millis(at),
        )
    }

    async fn staff(
        &self,
        by: &Staff,
        id: ApplicationId,
        command: Command,
        at: i64,
    ) -> anyhow::Result<()> {
        let context = self.context(&by.audit, at);
        usecase::execute(&self.platform.db, &context, &by.acting, id, command, None).await?;
        Ok(())
    }
}
