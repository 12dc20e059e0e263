//! A month of demo activity, so that a newcomer's first look at the queues, the supervision
//! view, the reports and the rectifications shows something: 12345 appeals at every stage
//! (some overdue) and service cases from submission to conclusion, rated good and bad. Made
//! through the real use cases with past times, so every clock, history row, notification and
//! audit entry is what real work would leave. Seeded once, with the demo jurisdiction.

use calendar::{Calendar, Instant};
use hotline::appeal::{Category, Channel, HandlingClass, Origin};
use hotline::evaluation::Rating;
use hotline::order::{
    Approval, Command, ContactOutcome, DispatchTerms, HandlingResult, ReplyChannel, UnitView,
};
use hotline::refuse::RefuseReason;
use hotline::usecase::{self, Appellant, NewAppeal, Rules};
use hotline::{AppealId, UnitId};
use platform::Platform;
use platform::attachments::Upload;
use platform::audit::AuditActor;
use platform::evaluation::Level;
use platform::personal::{CitizenIdNo, PersonName, PhoneNumber};
use platform::profile::RuleProfile;
use platform::roles::Role;
use services::case::Decision;
use services::enterprise::{
    CreditCode, Enterprise, EnterpriseAsked, EnterpriseName, check_character,
};
use services::item::DeliveryMethod;
use services::usecase::online::{self, MaterialUpload, Rater};

const MINUTE: i64 = 60_000;
const DAY: i64 = 24 * 60 * MINUTE;

/// (category, class, content, location, lead unit code)
const APPEALS: [(Category, HandlingClass, &str, &str, &str); 8] = [
    (
        Category::ComplaintReport,
        HandlingClass::ComplaintReport,
        "小区旁工地夜间施工噪音扰民，晚上十一点后仍在打桩",
        "甘州区东街街道南关小区",
        "gz-housing",
    ),
    (
        Category::ConsultationHelp,
        HandlingClass::PolicyConsultation,
        "咨询灵活就业人员如何办理城乡居民养老保险参保",
        "甘州区",
        "gz-hrss",
    ),
    (
        Category::ComplaintReport,
        HandlingClass::ComplaintReport,
        "超市销售过期酸奶，购买后发现已超过保质期三天",
        "甘州区南街街道县府街",
        "gz-market",
    ),
    (
        Category::Suggestion,
        HandlingClass::Suggestion,
        "建议在青年东街路口增设人行横道信号灯",
        "甘州区青年东街",
        "gz-dongjie",
    ),
    (
        Category::ConsultationHelp,
        HandlingClass::PolicyConsultation,
        "咨询义务教育阶段入学登记需要准备哪些材料",
        "甘州区",
        "gz-education",
    ),
    (
        Category::ComplaintReport,
        HandlingClass::ComplaintReport,
        "物业公司未经业主同意上调物业费",
        "甘州区南街街道西关小区",
        "gz-housing",
    ),
    (
        Category::ConsultationHelp,
        HandlingClass::EmergencyHelp,
        "小区供暖管道破裂漏水，楼道结冰",
        "甘州区东街街道北环路12号",
        "gz-dongjie",
    ),
    (
        Category::ComplaintReport,
        HandlingClass::ComplaintReport,
        "餐馆后厨卫生条件差，油烟直排居民楼",
        "甘州区南街街道大什字",
        "gz-market",
    ),
];

struct Seeder<'a> {
    platform: &'a Platform,
    calendar: Calendar,
    profile: RuleProfile,
    /// The demo operator, who enters phone ratings (EVAL-ALL).
    operator: AuditActor,
    system: AuditActor,
}

impl Seeder<'_> {
    fn rules(&self) -> Rules<'_> {
        Rules {
            calendar: &self.calendar,
            profile: &self.profile,
        }
    }

    /// A member of `unit`'s staff holding `role` as the audit actor (the hotline's operator
    /// where the unit has none).
    async fn staff_of(&self, unit: UnitId, role: Role) -> anyhow::Result<AuditActor> {
        let mut tx = self.platform.db.begin_read().await?;
        let users = platform::users::with_role(&mut tx, Some(unit.0), role).await?;
        tx.commit().await?;
        let Some(&user_id) = users.first() else {
            return Ok(self.operator.clone());
        };
        let account = platform::users::get(&self.platform.db, user_id).await?;
        Ok(AuditActor {
            user_id: Some(user_id),
            name: account.display_name,
            unit_id: Some(unit.0),
            role: role.code().to_owned(),
            ..AuditActor::system("demo-activity")
        })
    }

    async fn unit(&self, code: &str) -> anyhow::Result<i64> {
        Ok(platform::units::find_by_code(&self.platform.db, code)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo unit {code} missing"))?
            .id)
    }

    async fn run(
        &self,
        actor: &AuditActor,
        id: AppealId,
        command: Command,
        at: i64,
    ) -> anyhow::Result<()> {
        let context = self
            .rules()
            .context(&self.platform.key, actor, Instant::from_millis(at));
        usecase::execute(&self.platform.db, &context, id, command, None).await?;
        Ok(())
    }

    /// One appeal taken to `stage` (0 registered … 6 closed, 7 refused).
    async fn appeal(&self, index: usize, stage: usize, at: i64) -> anyhow::Result<()> {
        let (category, class, content, location, lead) = APPEALS[index % APPEALS.len()];
        let phone = format!("1380936{:04}", 1000 + index);
        let appeal = NewAppeal {
            channel: if index.is_multiple_of(3) {
                Channel::Web
            } else {
                Channel::Phone
            },
            category,
            origin: Origin::Local,
            content: content.into(),
            location: location.into(),
            is_private: index.is_multiple_of(5),
            // HL-PRIVACY: every other appellant who did not ask for privacy agreed to
            // publication (complaints are never published), so Open311's GET shows some.
            publish_consent: index.is_multiple_of(2) && !index.is_multiple_of(5),
            confidential: false,
            province_due: None,
            appellant: Appellant::parse("演示市民", &phone, "", "")?,
            ip: None,
        };
        let db = &self.platform.db;
        let registered = usecase::register_appeal(
            db,
            &self.platform.key,
            &self.operator,
            appeal,
            Instant::from_millis(at),
        )
        .await?;
        let id = registered.appeal_id;
        if stage == 7 {
            let refuse = Command::Refuse {
                reason: RefuseReason::LegalProcedure,
                explanation: "属于诉讼程序处理的事项，已告知诉求人依法向人民法院起诉".into(),
            };
            return self.run(&self.operator, id, refuse, at + 5 * MINUTE).await;
        }
        if stage == 0 {
            return Ok(());
        }
        let lead = UnitId(self.unit(lead).await?);
        let dispatch = Command::Dispatch {
            class,
            lead,
            assisting: vec![],
            terms: DispatchTerms::default(),
        };
        self.run(&self.operator, id, dispatch, at + 5 * MINUTE)
            .await?;
        let steps: Vec<(usize, Command, i64)> = vec![
            (2, Command::Sign { unit: lead }, 30 * MINUTE),
            (
                3,
                Command::SubmitResult {
                    unit: lead,
                    result: HandlingResult::parse(
                        "已受理并现场核查",
                        "工作人员到现场核实情况，约谈相关责任方",
                        "责令限期整改，并跟踪复查",
                        "问题已整改完毕，已向诉求人说明",
                        UnitView::Satisfied,
                    )?,
                },
                DAY,
            ),
            (
                4,
                Command::ApproveResult {
                    unit: lead,
                    decision: Approval::Approve,
                },
                DAY + 2 * 60 * MINUTE,
            ),
            (
                5,
                Command::ReplyAttempt {
                    channel: ReplyChannel::Phone,
                    outcome: ContactOutcome::Reached,
                    note: "电话告知诉求人办理结果".into(),
                },
                DAY + 4 * 60 * MINUTE,
            ),
            (
                6,
                Command::Callback {
                    rating: if index % 4 == 1 {
                        Rating::Unsatisfied
                    } else {
                        Rating::Satisfied
                    },
                    comment: "回访".into(),
                },
                2 * DAY,
            ),
        ];
        // The unit's own steps are taken by its staff: the handler signs and reports, the
        // leader approves; the hotline replies and calls back.
        let handler = self.staff_of(lead, Role::UnitHandler).await?;
        let leader = self.staff_of(lead, Role::UnitLeader).await?;
        for (needed, command, after) in steps {
            if stage < needed {
                break;
            }
            let actor = match command {
                Command::Sign { .. } | Command::SubmitResult { .. } => &handler,
                Command::ApproveResult { .. } => &leader,
                _ => &self.operator,
            };
            self.run(actor, id, command, at + after).await?;
        }
        Ok(())
    }

    /// One online application, concluded and rated when `conclude`.
    ///
    /// (The enterprise of a legal person's item is [`demo_enterprise`].)
    async fn case(
        &self,
        item: &str,
        index: usize,
        at: i64,
        conclude: Option<Level>,
    ) -> anyhow::Result<()> {
        let db = &self.platform.db;
        let published = services::usecase::published_item(db, item)
            .await?
            .ok_or_else(|| anyhow::anyhow!("demo item {item} missing"))?;
        let files = published
            .item
            .materials
            .list()
            .iter()
            .filter(|material| material.required)
            .map(|material| MaterialUpload {
                code: material.code.clone(),
                upload: Upload {
                    label: material.name.clone(),
                    file_name: format!("{}.pdf", material.name),
                    bytes: b"%PDF-1.4\n% demo material\n".to_vec(),
                },
            })
            .collect();
        let applicant = services::usecase::Applicant {
            account: services::ApplicantId(100 + i64::try_from(index)?),
            name: PersonName::parse("演示申请人")?,
            id_no: CitizenIdNo::parse(&demo_id_no(index))?,
            phone: Some(PhoneNumber::parse(&format!("1390937{:04}", 1000 + index))?),
            email: None,
            phone_proof: None,
            // Issue 14 item 4: a legal person's item is applied for by an enterprise.
            enterprise: (EnterpriseAsked::of(&published.item.basic.targets)
                == EnterpriseAsked::Required)
                .then(|| demo_enterprise(index))
                .transpose()?,
        };
        let now = Instant::from_millis(at);
        let submission = online::submit_online(
            db,
            &platform::workflow::Context::new(
                &self.platform.key,
                &self.system,
                &self.calendar,
                &self.profile,
                now,
            ),
            item,
            applicant,
            files,
        )
        .await?;
        let Some(level) = conclude else {
            return Ok(());
        };
        let window = services::UnitId(self.unit("gz-service").await?);
        let department = services::UnitId(published.item.basic.department.0);
        let commands = [
            services::case::Command::Accept { by: window },
            services::case::Command::Decide {
                by: department,
                decision: Decision::Approve,
            },
            services::case::Command::Deliver {
                by: window,
                method: DeliveryMethod::PickUp,
            },
        ];
        for (step, command) in commands.into_iter().enumerate() {
            services::usecase::execute_case(
                db,
                &platform::workflow::Context::new(
                    &self.platform.key,
                    &self.system,
                    &self.calendar,
                    &self.profile,
                    Instant::from_millis(at + (i64::try_from(step)? + 1) * 20 * MINUTE),
                ),
                submission.case_id,
                command,
                None,
            )
            .await?;
        }
        online::rate_case(
            db,
            &platform::workflow::Context::new(
                &self.platform.key,
                &self.system,
                &self.calendar,
                &self.profile,
                Instant::from_millis(at + 2 * 60 * MINUTE),
            ),
            &submission.number,
            Rater::Web {
                query_code: submission.query_code,
            },
            level,
            if matches!(level, Level::Unsatisfied | Level::VeryUnsatisfied) {
                "窗口让我跑了两趟，告知不清楚"
            } else {
                "办理很快"
            },
        )
        .await?;
        Ok(())
    }
}

/// A valid demo 身份证号 (GB 11643 check digit) for the demo applicant `index`.
fn demo_id_no(index: usize) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
    let body = format!("62070219900101{:03}", index % 1000);
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    format!("{body}{}", CHECK[(sum % 11) as usize])
}

/// The morning `days` working days before today, 09:00 local, plus `index` minutes.
fn working_morning(calendar: &Calendar, now: Instant, days: u32, index: i64) -> i64 {
    let day = calendar.nth_working_day_before(now.local_date(), days);
    Instant::from_local(day, 9 * 60).millis() + index * 7 * MINUTE
}

/// Seeds the demo activity (call once, after the demo jurisdiction and catalogue: the cases
/// are applications to `GZ-RS-0002` and `GZ-SC-0003`).
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let operator_id = platform::users::id_by_username(db, "operator").await?;
    let seeder = Seeder {
        platform,
        calendar: platform::workcal::load_current(db).await?,
        profile: platform::jurisdiction::current(db)
            .await?
            .map(|j| j.profile)
            .unwrap_or_default(),
        operator: AuditActor {
            user_id: operator_id,
            ..AuditActor::system("demo-activity")
        },
        system: AuditActor::system("demo-activity"),
    };
    let now = Instant::from_millis(platform::db::now_ms());
    // (days back, stage): old ones concluded, some stuck (overdue), recent ones early.
    let appeals: [(u32, usize); 16] = [
        (20, 6),
        (18, 6),
        (17, 7),
        (15, 6),
        (14, 2),
        (12, 6),
        (11, 1),
        (9, 6),
        (8, 5),
        (6, 6),
        (5, 2),
        (4, 4),
        (3, 3),
        (2, 2),
        (1, 1),
        (0, 0),
    ];
    for (index, (days, stage)) in appeals.into_iter().enumerate() {
        let at = working_morning(&seeder.calendar, now, days, i64::try_from(index)?);
        seeder
            .appeal(index, stage, at.min(now.millis() - 30 * MINUTE))
            .await?;
    }
    let cases: [(&str, u32, Option<Level>); 8] = [
        ("GZ-RS-0002", 15, Some(Level::VerySatisfied)),
        ("GZ-RS-0002", 12, Some(Level::Satisfied)),
        ("GZ-RS-0002", 9, Some(Level::Unsatisfied)),
        ("GZ-RS-0002", 6, Some(Level::Satisfied)),
        ("GZ-RS-0002", 3, Some(Level::BasicallySatisfied)),
        ("GZ-SC-0003", 10, None),
        ("GZ-SC-0003", 4, None),
        ("GZ-SC-0003", 1, None),
    ];
    for (index, (item, days, level)) in cases.into_iter().enumerate() {
        let at = working_morning(&seeder.calendar, now, days, i64::try_from(index)?);
        seeder.case(item, index, at, level).await?;
    }
    tracing::info!("demo activity seeded");
    Ok(())
}

/// A demo enterprise of 甘州区 (issue 14 item 4): its 统一社会信用代码 of the district's form
/// (91 企业, 620702 甘州区) with the check character computed (GB 32100-2015).
fn demo_enterprise(index: usize) -> anyhow::Result<Enterprise> {
    const NAMES: &[&str] = &[
        "张掖市甘州区示例商贸有限公司",
        "张掖市甘州区丝路餐饮管理有限公司",
        "张掖市甘州区祁连食品有限责任公司",
    ];
    let body = format!("91620702MA7{index:06}");
    let check = check_character(&body).ok_or_else(|| anyhow::anyhow!("demo code {body}"))?;
    Ok(Enterprise {
        name: EnterpriseName::parse(NAMES[index % NAMES.len()])?,
        credit_code: CreditCode::parse(&format!("{body}{check}"))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_id_numbers_pass_the_gb_11643_check() {
        for index in [0, 1, 7, 42, 999] {
            assert!(CitizenIdNo::parse(&demo_id_no(index)).is_ok(), "{index}");
        }
    }
}
