//! The battery's objects of the units' submissions and the sites' annual reports (issue 15):
//! a submission of unit A to a column of a site of unit A (whose A/B editors are unit A's
//! editor and a colleague) at a stage of its workflow (WEB-SUBMIT) — a draft is written by the
//! insider who acts on it, a submission further on by unit A's handler and approved by unit
//! A's leader, so that the insider may act; a recorded run of missed weeks of unit A, which its
//! leader explains; and the annual report of last year of a site of unit A registered then
//! (WEB-ANNUAL), signed or not — all made through the sites' use cases.

use std::sync::atomic::{AtomicU32, Ordering};

use calendar::Instant;
use chrono::{Datelike as _, Days, NaiveDate};
use platform::db::now_ms;
use platform::roles::Role;
use platform::workflow::Context;
use sites::column::ColumnKind;
use sites::registry::{self, Duty, Registration, Responsible, SiteKind};
use sites::submission::{Command, SubmissionInput};
use sites::usecase;
use sites::{Acting, SiteId, SubmissionId, UnitId};

use crate::battery_fixtures::{ArticleStage, Made, SiteStage, SubmissionStage};
use crate::battery_world::{Staff, UNIT_A, World};

/// Each made annual site's and run's number.
static SEQ: AtomicU32 = AtomicU32::new(1);

impl World<'_> {
    /// Runs `run` as `who` at `now` with the rules in force.
    async fn as_at<T, F>(&self, who: &Staff, now: Instant, run: F) -> T
    where
        F: for<'c> AsyncFnOnce(&'c Context<'c>, &'c Acting) -> platform::Result<T>,
    {
        let db = &self.app.platform.db;
        let profile = platform::jurisdiction::current(db)
            .await
            .unwrap()
            .unwrap()
            .profile;
        let calendar = platform::workcal::load_current(db).await.unwrap();
        let doer = self.doer(who).await;
        let context = Context::new(
            &self.app.platform.key,
            &doer.audit,
            &calendar,
            &profile,
            now,
        );
        run(&context, &doer.acting).await.unwrap()
    }

    async fn submission_command(&self, who: &Staff, id: SubmissionId, command: Command) {
        let db = &self.app.platform.db;
        let now = Instant::from_millis(now_ms());
        self.as_at(who, now, async |c, a| {
            usecase::execute_submission(db, c, a, id, command, None).await
        })
        .await;
    }

    /// A submission of unit A at `stage` to a fresh site's column: a draft by `owner`, later
    /// stages by unit A's handler, approved by unit A's leader. Its page (the edit form's for
    /// `Editor`).
    pub async fn submission_object(&self, stage: SubmissionStage, owner: &Staff) -> Made {
        let site = self.made_site(SiteStage::Open).await;
        let column = self
            .made_column(site, ColumnKind::News, "电池测试栏目")
            .await;
        let draft = matches!(stage, SubmissionStage::Draft | SubmissionStage::Editor);
        let writer = if draft {
            owner.clone()
        } else {
            self.staff(Role::UnitHandler, UNIT_A).await
        };
        let input = SubmissionInput {
            column,
            author: "电池测试".into(),
            mobile: "13800138000".into(),
            title: "电池测试报送信息".into(),
            body: "<p>电池测试的正文。</p>".into(),
            major: false,
        };
        let db = &self.app.platform.db;
        let now = Instant::from_millis(now_ms());
        let (id, _) = self
            .as_at(&writer, now, async |c, a| {
                usecase::create_submission(db, c, a, input).await
            })
            .await;
        if !draft {
            self.submission_command(&writer, id, Command::Submit).await;
        }
        if stage == SubmissionStage::AtEditors {
            let leader = self.staff(Role::UnitLeader, UNIT_A).await;
            let approve = Command::Approve {
                opinion: "同意".into(),
            };
            self.submission_command(&leader, id, approve).await;
        }
        let page = match stage {
            SubmissionStage::Editor => format!("/office/sites/submissions/{}/edit", id.0),
            _ => format!("/office/sites/submissions/{}", id.0),
        };
        Made {
            ids: vec![id.0],
            page,
            other: None,
        }
    }

    /// A recorded run of weeks without unit A's submissions, its explanation due.
    pub async fn late_run_object(&self) -> Made {
        let n = SEQ.fetch_add(1, Ordering::SeqCst);
        let first = NaiveDate::from_ymd_opt(2020, 1, 6)
            .and_then(|monday| monday.checked_add_days(Days::new(7 * u64::from(n) * 4)))
            .unwrap();
        let last = first.checked_add_days(Days::new(14)).unwrap();
        let db = &self.app.platform.db;
        let mut tx = db.begin().await.unwrap();
        let unit = UnitId(self.unit(UNIT_A));
        let now = Instant::from_millis(now_ms());
        let id = sites::store::submissions::insert_late_run(&mut tx, unit, (first, last, 3), now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        Made {
            ids: vec![id],
            page: "/office/sites/submissions/weeks".into(),
            other: None,
        }
    }

    /// WEB-ACCOUNT: an open accountability record of unit A (a draft of its column withdrawn
    /// for an error, as recorded), its 书面检查 due.
    pub async fn accountability_object(&self) -> Made {
        let article = self.made_article(ArticleStage::Draft).await;
        let db = &self.app.platform.db;
        let mut tx = db.begin().await.unwrap();
        let now = Instant::from_millis(now_ms());
        let new = sites::store::accountability::NewRecord {
            unit: UnitId(self.unit(UNIT_A)),
            article,
            kind: sites::article::AccountKind::Error,
            detail: "电池测试：内容差错撤稿",
            occurred_on: now.local_date(),
            due_at: None,
        };
        let id = sites::store::accountability::insert_in(&mut tx, &new, now)
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        Made {
            ids: vec![id],
            page: "/office/sites/accountability".into(),
            other: None,
        }
    }

    /// Last year's annual report of a department site of unit A registered, applied for and
    /// opened last June; signed when `signed` (the five signatures saved by its leader).
    pub async fn annual_object(&self, signed: bool) -> Made {
        let n = SEQ.fetch_add(1, Ordering::SeqCst);
        let year = Instant::from_millis(now_ms()).local_date().year() - 1;
        let june = NaiveDate::from_ymd_opt(year, 6, 1).unwrap();
        let then = Instant::from_local(june, 9 * 60);
        let unit = UnitId(self.unit(UNIT_A));
        let registration = Registration {
            name: format!("电池年报网站{n}"),
            kind: SiteKind::Department,
            domains: vec![format!("a{n}.battery-annual.gov.cn")],
            site_code: format!("A{n:09}"),
            icp_number: "陇ICP备12345678号".into(),
            police_number: "甘公网安备 62070202000123号".into(),
            host_unit: unit,
            host_unit_name: "区市场监督管理局".into(),
            operator_unit: unit,
            supervising_unit: unit,
            contact_phone: "0936-8212345".into(),
            contact_address: "甘州区县府街".into(),
            responsible: vec![
                Responsible {
                    duty: Duty::Principal,
                    name: "张三".into(),
                },
                Responsible {
                    duty: Duty::Security,
                    name: "李四".into(),
                },
            ],
        };
        let applicant = self.colleague(Role::UnitLeader, UNIT_A).await;
        let leader = self.staff(Role::UnitLeader, UNIT_A).await;
        let db = &self.app.platform.db;
        let site: SiteId = self
            .as_at(&applicant, then, async |c, a| {
                usecase::register_site(db, c, a, registration).await
            })
            .await;
        for (who, command) in [
            (
                &applicant,
                registry::Command::ApplyOpen {
                    reason: "电池测试开设".into(),
                },
            ),
            (
                &leader,
                registry::Command::Approve {
                    opinion: "同意".into(),
                },
            ),
        ] {
            self.as_at(who, then, async |c, a| {
                usecase::execute_site(db, c, a, site, command, None).await
            })
            .await;
        }
        if signed {
            let texts: Vec<(String, String)> = [
                ("signed_head", "张三"),
                ("signed_reviewer", "李四"),
                ("signed_filler", "王五"),
                ("signed_phone", "0936-8212345"),
                ("signed_on", "2026-01-20"),
            ]
            .iter()
            .map(|(key, text)| ((*key).to_owned(), (*text).to_owned()))
            .collect();
            let now = Instant::from_millis(now_ms());
            self.as_at(&leader, now, async |c, a| {
                usecase::save_annual_inputs(db, c, a, (site, year), &texts, None).await
            })
            .await;
        }
        Made {
            ids: vec![site.0, i64::from(year)],
            page: format!("/office/sites/{}/annual/{year}", site.0),
            other: None,
        }
    }
}
