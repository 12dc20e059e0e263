//! The demo's consultations and interviews (issue 17 items 3, 4 and 6: MSG-CONSULT,
//! PUB-PRECONSULT, MSG-INTERVIEW), made through the consultation use cases as the government
//! office and the citizens would, on the portal: a topic still open with comments and votes,
//! a topic whose period ended with its adoption report published, and a past interview with
//! its transcript (questions published with the guest's answers, one set aside). Nothing is
//! made when a topic exists or the demo has no site.

use calendar::Instant;
use consultation::UnitId;
use consultation::interview::{Announcement, Command as InterviewCommand};
use consultation::topic::{Adoption, Command, Draft, Question, QuestionKind};
use consultation::usecase::{self, interviews, phone};
use platform::Platform;
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::personal::PhoneNumber;
use platform::workflow::Context;
use sqlx::Row as _;

const DAY: i64 = 86_400_000;

fn question(kind: QuestionKind, text: &str, options: &[&str]) -> Question {
    Question {
        kind,
        text: text.into(),
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    }
}

/// Seeds the consultations and the interview once.
pub async fn seed(platform: &Platform) -> anyhow::Result<()> {
    let db = &platform.db;
    let key = &platform.key;
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM consultation_topics")
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(());
    }
    let Some(site) = sites::store::sites::list(db).await?.into_iter().next() else {
        return Ok(());
    };
    let site = site.site.id.0;
    let office = platform::units::find_by_code(db, "gz-office")
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo unit gz-office missing"))?;
    let unit = UnitId(office.id);
    let profile = platform::jurisdiction::current(db)
        .await?
        .map(|j| j.profile)
        .unwrap_or_default();
    let calendar = platform::workcal::load_current(db).await?;
    let staff = AuditActor::system("demo-seed");
    let public = AuditActor::anonymous("127.0.0.1");
    let now = now_ms();
    let at = |days: i64| Instant::from_millis(now - days * DAY);
    let mut phones = 0u32;
    let mut next_phone = || {
        phones += 1;
        format!("1370000{:04}", phones)
    };

    // A topic whose period ended 20 days ago, with its adoption report.
    let reported = Draft {
        site_id: site,
        title: "关于《甘州区城区停车收费管理办法（征求意见稿）》公开征求意见".into(),
        draft: "为规范城区停车秩序，拟对城区路内停车实行分时段收费：7:30至20:00每半小时1元，\
                20:00至次日7:30免费；新能源汽车首小时免费。请社会各界提出意见建议。"
            .into(),
        opens_at: at(48),
        closes_at: at(34),
        questions: vec![
            question(QuestionKind::Comment, "您对征求意见稿有何意见建议？", &[]),
            question(
                QuestionKind::Single,
                "您是否赞成分时段收费？",
                &["赞成", "不赞成", "无所谓"],
            ),
        ],
        no_secrets: true,
    };
    let context = Context::new(key, &staff, &calendar, &profile, at(50));
    let topic = usecase::decide(db, &context, unit, &reported).await?;
    let context = Context::new(key, &staff, &calendar, &profile, at(48));
    usecase::execute(db, &context, unit, topic.id, Command::Publish, None).await?;
    let comments = [
        ("老城居民", "建议学校周边上下学时段给予15分钟免费停车。"),
        ("张先生", "夜间免费时段建议从19:00开始。"),
        ("", "希望增加停车位而不是只收费。"),
    ];
    for (n, (nickname, body)) in comments.iter().enumerate() {
        let when = at(45 - i64::try_from(n).unwrap_or(0));
        let mobile = next_phone();
        let code = phone::send_code(db, key, &public, &PhoneNumber::parse(&mobile)?, when).await?;
        usecase::comment(
            db, key, &public, topic.id, nickname, body, &mobile, &code, when,
        )
        .await?;
    }
    for (n, choice) in [0usize, 0, 1, 0, 2, 0, 1].iter().enumerate() {
        let when = at(44 - i64::try_from(n).unwrap_or(0));
        let mobile = next_phone();
        let code = phone::send_code(db, key, &public, &PhoneNumber::parse(&mobile)?, when).await?;
        let ballot = vec![(1, vec![*choice])];
        usecase::vote(db, key, &public, topic.id, &ballot, &mobile, &code, when).await?;
    }
    let shown: Vec<i64> = sqlx::query(
        "SELECT id FROM consultation_comments WHERE topic_id = $1 AND status = 'shown' ORDER BY id",
    )
    .bind(topic.id.0)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|row| row.try_get("id"))
    .collect::<Result<_, _>>()?;
    let reasons = [
        (
            true,
            "已在办法第八条增加学校周边接送车辆15分钟免费停放的规定。",
        ),
        (
            false,
            "晚高峰至20:00停车需求仍大，提前免费将加剧占道，暂不采纳。",
        ),
        (
            true,
            "已纳入配套的停车设施建设计划，年内新增公共停车位500个。",
        ),
    ];
    let entries = shown
        .iter()
        .zip(reasons.iter().cycle())
        .map(|(id, (adopted, reason))| Adoption {
            comment_id: *id,
            adopted: *adopted,
            reason: (*reason).to_owned(),
        })
        .collect();
    let report = Command::Report {
        summary: "征集期间共收到意见3条、投票7人次，赞成分时段收费的占多数。采纳意见2条，未采纳1条，理由见各条说明。".into(),
        entries,
        shown: Vec::new(),
    };
    let context = Context::new(key, &staff, &calendar, &profile, at(20));
    usecase::execute(db, &context, unit, topic.id, report, None).await?;

    // A topic open now.
    let open = Draft {
        site_id: site,
        title: "2027年区政府十件民生实事项目公开征集".into(),
        draft: "区政府拟于2027年实施一批民生实事项目，现面向社会公开征集，请从下列领域中选择您最关心的事项，并提出具体建议。".into(),
        opens_at: at(4),
        closes_at: Instant::from_millis(now + 16 * DAY),
        questions: vec![
            question(QuestionKind::Multiple, "您最关心哪些领域？（可多选）", &["教育", "医疗", "养老", "交通出行", "就业"]),
            question(QuestionKind::Comment, "请提出您的具体建议", &[]),
        ],
        no_secrets: true,
    };
    let context = Context::new(key, &staff, &calendar, &profile, at(5));
    let topic = usecase::decide(db, &context, unit, &open).await?;
    let context = Context::new(key, &staff, &calendar, &profile, at(4));
    usecase::execute(db, &context, unit, topic.id, Command::Publish, None).await?;
    for (n, chosen) in [vec![0, 1], vec![2], vec![1, 3], vec![0, 4]]
        .into_iter()
        .enumerate()
    {
        let when = at(3 - i64::try_from(n).unwrap_or(0) / 2);
        let mobile = next_phone();
        let code = phone::send_code(db, key, &public, &PhoneNumber::parse(&mobile)?, when).await?;
        usecase::vote(
            db,
            key,
            &public,
            topic.id,
            &vec![(0, chosen)],
            &mobile,
            &code,
            when,
        )
        .await?;
    }
    let when = at(2);
    let mobile = next_phone();
    let code = phone::send_code(db, key, &public, &PhoneNumber::parse(&mobile)?, when).await?;
    usecase::comment(
        db,
        key,
        &public,
        topic.id,
        "社区志愿者",
        "建议在各社区增设老年助餐点。",
        &mobile,
        &code,
        when,
    )
    .await?;

    // A past interview with its transcript.
    let announcement = Announcement {
        site_id: site,
        title: "解读《甘州区优化营商环境十条措施》".into(),
        summary: "区政府办公室负责人做客在线访谈，解读十条措施的主要内容并回答网友提问。".into(),
        guests: "区人民政府办公室主任".into(),
        starts_at: at(20),
    };
    let interview = interviews::announce(db, &staff, unit, &announcement, at(27)).await?;
    let questions = [
        (
            "个体户小王",
            "新办个体工商户现在需要跑几次？",
            Some("全程网办，一次都不用跑；确需现场核验的，最多跑一次。"),
        ),
        (
            "企业财务",
            "涉企收费有没有清单？",
            Some("已在区政府门户网站公布涉企收费目录清单，清单之外一律不得收费。"),
        ),
        ("网友", "能不能降低房价？", None),
    ];
    for (nickname, body, _) in &questions {
        let mobile = next_phone();
        let when = at(21);
        let code = phone::send_code(db, key, &public, &PhoneNumber::parse(&mobile)?, when).await?;
        interviews::ask(
            db,
            key,
            &public,
            interview.id,
            nickname,
            body,
            &mobile,
            &code,
            when,
        )
        .await?;
    }
    let live = at(20);
    interviews::command(
        db,
        &staff,
        unit,
        interview.id,
        InterviewCommand::Start,
        live,
    )
    .await?;
    let asked = consultation::store::interviews::all(db, interview.id).await?;
    for (question, (_, _, answer)) in asked.iter().zip(questions.iter()) {
        let during = Instant::from_millis(live.millis() + 600_000);
        let answer = answer.map(|text| ("区人民政府办公室主任", text));
        interviews::answer(db, &staff, unit, interview.id, question.id, answer, during).await?;
    }
    let ended = Instant::from_millis(live.millis() + 3_600_000);
    interviews::command(db, &staff, unit, interview.id, InterviewCommand::End, ended).await?;
    Ok(())
}
