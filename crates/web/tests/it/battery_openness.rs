//! The battery's objects of disclosure applications (issue 16, PUB-APPLY): an application to
//! unit A at a stage of its machine — received online, with a supplement notice out, in
//! handling, with a third party consulted, answered — made through the openness use cases by
//! the citizen and unit A's openness officer; a document of the register (PUB-ATTR, PUB-CONFID,
//! PUB-COORD, SEC-SECRET) at each stage, made by unit A's officer and leader.

use calendar::Instant;
use openness::application::{
    AnswerInput, Applicant, ApplicantKind, Channel, Command, Filing, Form, Outcome,
};
use openness::{Acting, ApplicationId, Issuer, UnitId, usecase};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object, row};
use crate::battery_world::{UNIT_A, WINDOW, World};

use ApplicationStage as P;
use DocumentStage as D;

/// Where a disclosure application to unit A stands (PUB-APPLY).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApplicationStage {
    Received,
    /// The supplement notice is out (the applicant's period runs).
    Supplementing,
    InHandling,
    /// A third party is consulted (the answer clock paused).
    ThirdParty,
    Answered,
}

impl World<'_> {
    /// Runs `run` with the rules in force now, as `audit`.
    async fn openness_at<T, F>(&self, audit: &AuditActor, run: F) -> T
    where
        F: for<'c> AsyncFnOnce(&'c Context<'c>) -> platform::Result<T>,
    {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, audit, &calendar, &profile, now);
        run(&context).await.unwrap()
    }

    /// An application to unit A at `stage`; its page.
    pub async fn application_object(&self, stage: P) -> Made {
        let db = &self.app.platform.db;
        let unit = UnitId(self.unit(UNIT_A));
        let filing = Filing {
            applicant: Applicant {
                kind: ApplicantKind::NaturalPerson,
                name: "电池测试".into(),
                id_number: "620702198001011234".into(),
                contact_person: String::new(),
                phone: "13800138000".into(),
                address: String::new(),
                email: String::new(),
            },
            channel: Channel::Online,
            description: "电池测试所需的政府信息".into(),
            purpose: String::new(),
            form: Form::Electronic,
            registered_by: None,
        };
        let public = AuditActor::anonymous("127.0.0.1");
        let registered = self
            .openness_at(&public, async |c| {
                usecase::register(db, c, &Issuer::Applicant, unit, filing).await
            })
            .await;
        let id = registered.id;
        let officer = self.staff(Role::OpennessOfficer, UNIT_A).await;
        let actor = platform::users::load_actor(db, officer.client.user_id)
            .await
            .unwrap()
            .unwrap();
        let acting = Acting::from(&actor);
        let audit = AuditActor::staff(&actor, "127.0.0.1");
        let steps: Vec<Command> = match stage {
            P::Received => vec![],
            P::Supplementing => vec![Command::RequestSupplement {
                items: vec!["请写明文号".into()],
                period: calendar::Limit::new(10, calendar::LimitUnit::WorkingDays),
            }],
            P::InHandling => vec![Command::StartHandling],
            P::ThirdParty => vec![
                Command::StartHandling,
                Command::ConsultThirdParty {
                    party: "电池测试公司".into(),
                    matter: "电池测试事项".into(),
                },
            ],
            P::Answered => vec![
                Command::StartHandling,
                Command::Answer {
                    outcome: Outcome::Disclosed,
                    input: AnswerInput {
                        provided: vec!["电池测试文件".into()],
                        form: Some(Form::Electronic),
                        ..AnswerInput::default()
                    },
                },
            ],
        };
        for command in steps {
            self.openness_command(&audit, &acting, id, command).await;
        }
        Made {
            ids: vec![id.0],
            page: format!("/office/openness/applications/{}", id.0),
            other: None,
        }
    }

    async fn openness_command(
        &self,
        audit: &AuditActor,
        acting: &Acting,
        id: ApplicationId,
        command: Command,
    ) {
        let db = &self.app.platform.db;
        self.openness_at(audit, async |c| {
            usecase::execute(db, c, acting, id, command, None).await
        })
        .await;
    }
}

/// Where a document of the register stands (PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentStage {
    /// Unit A's 主动公开 document just registered (not yet confirmed or reviewed).
    Fresh,
    /// Confirmed, and its review says 需报审.
    Referred,
    /// Marked 秘密, not declassified.
    Secret,
    /// Concerning a right holder whose consent is not recorded.
    WithInterest,
    /// The service centre's document, unit A asked to confirm it.
    Asked,
    /// Confirmed and reviewed 公开: a column's editor may draft from it (PUB-PROACTIVE).
    Publishable,
}

impl World<'_> {
    /// A document of the register at `stage`; its page.
    pub async fn document_object(&self, stage: D) -> Made {
        use openness::register::{
            Attribute, DocumentCommand, Draft, InterestKind, ReviewOpinion, Secrecy, SecrecyLevel,
        };
        use openness::usecase::documents as register;
        let db = &self.app.platform.db;
        let issuer = if stage == D::Asked { WINDOW } else { UNIT_A };
        let staff_of = async |role: Role, unit: &'static str| {
            let staff = self.staff(role, unit).await;
            let actor = platform::users::load_actor(db, staff.client.user_id)
                .await
                .unwrap()
                .unwrap();
            (Acting::from(&actor), AuditActor::staff(&actor, "127.0.0.1"))
        };
        let (officer, officer_audit) = staff_of(Role::OpennessOfficer, issuer).await;
        let (leader, leader_audit) = staff_of(Role::UnitLeader, issuer).await;
        let draft = Draft {
            title: "电池测试公文".into(),
            number: "电池发〔2026〕1号".into(),
            kind: None,
            attribute: Some(Attribute::Proactive),
            attribute_reason: String::new(),
            secrecy: (stage == D::Secret).then_some(Secrecy {
                level: SecrecyLevel::Secret,
                until: None,
            }),
            topic: None,
            meeting: None,
            interests: match stage {
                D::WithInterest => vec![(InterestKind::Privacy, "电池测试权利人".into())],
                _ => Vec::new(),
            },
        };
        let stored = self
            .openness_at(&officer_audit, async |c| {
                register::register_draft(db, c, &officer, draft).await
            })
            .await;
        let id = stored.document.id;
        let review = |opinion| DocumentCommand::Review {
            opinion,
            basis: "电池测试依据".into(),
            reason: "电池测试理由".into(),
            redaction: None,
        };
        let steps: Vec<(DocumentCommand, bool)> = match stage {
            D::Fresh | D::Secret => vec![],
            D::Referred => vec![
                (DocumentCommand::Confirm, true),
                (review(ReviewOpinion::Refer), false),
            ],
            D::WithInterest => vec![(review(ReviewOpinion::Disclose), false)],
            D::Publishable => vec![
                (DocumentCommand::Confirm, true),
                (review(ReviewOpinion::Disclose), false),
            ],
            D::Asked => vec![(
                DocumentCommand::RequestCoordination {
                    units: vec![UnitId(self.unit(UNIT_A))],
                    matter: "电池测试确认事项".into(),
                },
                false,
            )],
        };
        for (command, by_leader) in steps {
            let (acting, audit) = match by_leader {
                true => (&leader, &leader_audit),
                false => (&officer, &officer_audit),
            };
            self.openness_at(audit, async |c| {
                register::execute(db, c, acting, id, command, None).await
            })
            .await;
        }
        Made {
            ids: vec![id.0],
            page: format!("/office/openness/documents/{}", id.0),
            other: None,
        }
    }
}

impl World<'_> {
    /// PUB-ANNUAL: a pending review of unit A in the register of table 四; the report's page.
    pub async fn openness_case_object(&self) -> Made {
        use openness::annual::four::CaseKind;
        let db = &self.app.platform.db;
        let staff = self.staff(Role::OpennessOfficer, UNIT_A).await;
        let actor = platform::users::load_actor(db, staff.client.user_id)
            .await
            .unwrap()
            .unwrap();
        let filed = chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let now = Instant::from_millis(now_ms());
        let id = usecase::annual::register_case(
            db,
            &Acting::from(&actor),
            CaseKind::Review,
            "电池测试复议",
            filed,
            now,
        )
        .await
        .unwrap();
        Made {
            ids: vec![id],
            page: "/office/openness/annual?year=2025".into(),
            other: None,
        }
    }
}

/// The routes with an id of disclosure applications, each with its stage.
pub const FIXTURES: &[Fixture] = &[
    // PUB-APPLY, PUB-ANSWER: a disclosure application to unit A at each stage.
    row(
        "/office/openness/applications/{id}",
        Object::Application(P::Received),
    ),
    row(
        "/office/openness/applications/{id}/notice",
        Object::Application(P::Answered),
    ),
    row(
        "/office/openness/applications/{id}/supplement",
        Object::Application(P::Received),
    ),
    Fixture {
        fixed_form: Some((
            "version={version}",
            "the page offers 逾期未补正终止处理 only once the applicant's period has passed",
        )),
        ..row(
            "/office/openness/applications/{id}/close",
            Object::Application(P::Supplementing),
        )
    },
    row(
        "/office/openness/applications/{id}/handle",
        Object::Application(P::Received),
    ),
    row(
        "/office/openness/applications/{id}/consult",
        Object::Application(P::InHandling),
    ),
    row(
        "/office/openness/applications/{id}/reply",
        Object::Application(P::ThirdParty),
    ),
    row(
        "/office/openness/applications/{id}/answer",
        Object::Application(P::InHandling),
    ),
    row(
        "/office/openness/applications/{id}/deliver",
        Object::Application(P::Answered),
    ),
    row(
        "/office/openness/applications/{id}/withdraw",
        Object::Application(P::Received),
    ),
    row(
        "/office/openness/applications/{id}/applicant",
        Object::Application(P::Received),
    ),
    row(
        "/office/openness/applications/{id}/files",
        Object::Application(P::InHandling),
    ),
    row(
        "/office/openness/applications/{id}/extend",
        Object::Application(P::InHandling),
    ),
    // PUB-ATTR, PUB-CONFID, PUB-COORD, SEC-SECRET: a document of the register at each stage.
    row(
        "/office/openness/documents/{id}",
        Object::Document(D::Fresh),
    ),
    row(
        "/office/openness/documents/{id}/confirm",
        Object::Document(D::Fresh),
    ),
    row(
        "/office/openness/documents/{id}/review",
        Object::Document(D::Fresh),
    ),
    row(
        "/office/openness/documents/{id}/determine",
        Object::Document(D::Referred),
    ),
    row(
        "/office/openness/documents/{id}/declassify",
        Object::Document(D::Secret),
    ),
    row(
        "/office/openness/documents/{id}/consent",
        Object::Document(D::WithInterest),
    ),
    row(
        "/office/openness/documents/{id}/coordinate",
        Object::Document(D::Fresh),
    ),
    row(
        "/office/openness/documents/{id}/reply",
        Object::Document(D::Asked),
    ),
    // PUB-PROACTIVE: a draft from a register document, in a column of unit A's site.
    row(
        "/office/sites/columns/{id}/from-document",
        Object::Column(crate::battery_fixtures::ColumnStage::Draft),
    ),
    // PUB-ANNUAL: a pending review of unit A in the register of table 四.
    row(
        "/office/openness/annual/cases/{id}/conclude",
        Object::OpennessCase,
    ),
];
