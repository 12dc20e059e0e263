//! The battery's objects of the window staff (HALL-STAFF): a register row of a person of unit
//! A (the department's leader approves it; another unit's staff do not see it), a leave
//! request of unit A (decided by the service centre's leader only: unit A's own staff are
//! refused, another unit's learn nothing), and a written notice of assessment results sent
//! to unit A (read by unit A and the centre, by no other unit).

use calendar::Instant;
use chrono::NaiveDate;
use hall::staff::assessment::{Grade, Period};
use hall::staff::requests::Kind;
use hall::usecase::staff::{self, MemberDates};
use platform::audit::AuditActor;
use platform::db::now_ms;
use platform::ids::{UnitId, UserId};
use platform::roles::{Actor, Role};
use platform::users::{self, NewAccount};
use platform::workflow::Context;

use crate::battery_fixtures::{Fixture, Made, Object};
use crate::battery_world::{UNIT_A, World};

/// The centre that decides the requests.
pub const CENTRE: &str = "gz-service";

fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

impl World<'_> {
    /// A fresh account holding `role` in `unit`, as an actor of the use cases.
    async fn hall_staff_actor(&self, role: Role, unit: &str) -> Actor {
        let db = &self.app.platform.db;
        let mut tx = db.begin().await.unwrap();
        let username = format!("hs{}", rand::random::<u64>() % 1_000_000_000_000);
        let (id, _) = users::create(
            &mut tx,
            &AuditActor::system("battery"),
            NewAccount {
                unit_id: self.unit(unit),
                username,
                display_name: "窗口测试".into(),
                roles: vec![role],
            },
            now_ms(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        users::load_actor(db, id).await.unwrap().unwrap()
    }

    /// A fresh member of unit A on the register (both approvals pending); its row id and its
    /// account.
    async fn hall_staff_member(&self) -> (i64, Actor) {
        let db = &self.app.platform.db;
        let (profile, calendar) = self.hall_rules().await;
        let system = AuditActor::system("battery");
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &system, &calendar, &profile, now);
        let person = self.hall_staff_actor(Role::UnitHandler, UNIT_A).await;
        let dates = MemberDates {
            joined_unit: d("2015-03-01"),
            on_window_since: d("2019-03-01"),
            birth_date: d("1988-06-01"),
        };
        let user = UserId(person.user_id);
        let id = staff::save_member(db, &context, &person, user, dates)
            .await
            .unwrap();
        (id, person)
    }

    /// HALL-STAFF: a register row of unit A, waiting for the approvals.
    pub async fn hall_staff_member_object(&self) -> Made {
        let (id, _) = self.hall_staff_member().await;
        Made {
            ids: vec![id],
            page: "/office/hall/staff".into(),
            other: None,
        }
    }

    /// HALL-STAFF: a leave request of unit A, waiting for the centre's decision.
    pub async fn hall_staff_request_object(&self) -> Made {
        let db = &self.app.platform.db;
        let (_, person) = self.hall_staff_member().await;
        let (profile, calendar) = self.hall_rules().await;
        let system = AuditActor::system("battery");
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &system, &calendar, &profile, now);
        let who = (UserId(person.user_id), None);
        let period = (d("2027-03-01"), d("2027-03-02"));
        let id = staff::file_request(db, &context, &person, Kind::Leave, who, period, "病假")
            .await
            .unwrap();
        Made {
            ids: vec![id],
            page: "/office/hall/staff/requests".into(),
            other: None,
        }
    }

    /// HALL-STAFF: the written notice to unit A of an annual result.
    pub async fn hall_staff_notice_object(&self) -> Made {
        let db = &self.app.platform.db;
        let (_, person) = self.hall_staff_member().await;
        let centre = self.hall_staff_actor(Role::UnitLeader, CENTRE).await;
        let (profile, calendar) = self.hall_rules().await;
        let system = AuditActor::system("battery");
        let now = Instant::from_millis(now_ms());
        let context = Context::new(&self.app.platform.key, &system, &calendar, &profile, now);
        let year = Period::Year(2025);
        let user = UserId(person.user_id);
        staff::assess(db, &context, &centre, user, (year, Grade::Competent), "")
            .await
            .unwrap();
        let unit = UnitId(self.unit(UNIT_A));
        let id = staff::send_notice(db, &context, &centre, unit, year)
            .await
            .unwrap();
        Made {
            ids: vec![id],
            page: format!("/office/hall/staff/notices/{id}"),
            other: None,
        }
    }
}

/// Unit A's own staff may not decide its requests: only the centre's leader.
const UNIT_A_STAFF: &[(Role, &str)] = &[(Role::UnitLeader, UNIT_A), (Role::UnitHandler, UNIT_A)];

/// The window staff's routes with an id.
pub const FIXTURES: &[Fixture] = &[
    Fixture {
        path: "/office/hall/staff/{id}/approve",
        object: Object::HallStaffMember,
        also_refused: &[],
        fixed_form: None,
    },
    Fixture {
        path: "/office/hall/staff/requests/{id}/decide",
        object: Object::HallStaffRequest,
        also_refused: UNIT_A_STAFF,
        fixed_form: None,
    },
    Fixture {
        path: "/office/hall/staff/notices/{id}",
        object: Object::HallStaffNotice,
        also_refused: &[],
        fixed_form: None,
    },
];
