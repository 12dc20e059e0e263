//! The window staff's use cases (HALL-STAFF; 000 中心 §4(二)(四), §27, §29–32): each opens one
//! transaction, decides with the pure [`crate::staff`] core, writes and audits in it. Who is
//! who: the centre is HALL-BOX's ([`super::complaints::centre`]); its leaders and handlers
//! keep the register, the attendance and the assessments, its leader approves members,
//! decides requests and sends the written notices; a department's leaders and handlers see
//! only their own unit's people, register them and file their requests, its leader approves
//! its members (§27(三)). Anything outside the viewer's reach is not found.
//!
//! Leave and replacement requests do not run on the workflow kernel: the rule gives them no
//! clock and no one waits on a deadline, so they are a two-state approval with a version
//! against stale pages (the kernel's clocks, history and workbench would carry nothing).

use calendar::Instant;
use chrono::NaiveDate;
use platform::audit::{self, AuditEvent};
use platform::db::Db;
use platform::ids::{UnitId, UserId};
use platform::roles::{Actor, Role};
use platform::workflow::Context;
use platform::{Error, Result};

use super::complaints::{centre, is_centre_staff};
use crate::staff::assessment::{self, Grade, Period};
use crate::staff::attendance::{self, DayHours};
use crate::staff::register::{self, Approver, EligibilityRules, Member};
use crate::staff::requests::{self, Decision, Kind};
use crate::store::assessments::{self, NewAssessment, Notice, StoredAssessment};
use crate::store::staff::{self as store, AttendanceRow, StoredMember, StoredRequest};

/// What the viewer may see: the centre all units, a department its own.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub centre: UnitId,
    /// The viewer works for the centre.
    pub centre_view: bool,
    pub unit: UnitId,
    pub leader: bool,
}

impl Scope {
    /// The unit filter of the lists: none for the centre.
    pub fn filter(&self) -> Option<UnitId> {
        (!self.centre_view).then_some(self.unit)
    }

    pub fn sees(&self, unit: UnitId) -> bool {
        self.centre_view || unit == self.unit
    }
}

/// HALL-STAFF: the viewer's scope; only units' leaders and handlers have one.
pub async fn scope(db: &Db, actor: &Actor) -> Result<Scope> {
    if !(actor.has(Role::UnitLeader) || actor.has(Role::UnitHandler)) {
        return Err(Error::Refused(
            "窗口工作人员管理仅限各单位负责人和经办人".into(),
        ));
    }
    let centre = centre(db).await?;
    Ok(Scope {
        centre,
        centre_view: is_centre_staff(actor, centre),
        unit: UnitId(actor.unit_id),
        leader: actor.has(Role::UnitLeader),
    })
}

fn today(context: &Context<'_>) -> NaiveDate {
    context.now.local_date()
}

fn centre_only(scope: &Scope, what: &str) -> Result<()> {
    if scope.centre_view {
        Ok(())
    } else {
        Err(Error::Refused(format!("{what}由区政务服务中心办理")))
    }
}

/// A member of the register with the conditions of §27 not met today.
#[derive(Debug, Clone)]
pub struct RegisterLine {
    pub stored: StoredMember,
    pub unmet: Vec<String>,
}

/// HALL-STAFF: the register the viewer may read, with each member's eligibility.
pub async fn register(db: &Db, context: &Context<'_>, actor: &Actor) -> Result<Vec<RegisterLine>> {
    let scope = scope(db, actor).await?;
    let rules = EligibilityRules::of(&context.profile.hall);
    let mut tx = db.begin_read().await?;
    let members = store::members(&mut tx, scope.filter()).await?;
    tx.commit().await?;
    let today = today(context);
    Ok(members
        .into_iter()
        .map(|stored| RegisterLine {
            unmet: register::unmet(&stored.member, rules, today),
            stored,
        })
        .collect())
}

/// The dates of a member as a form gives them.
#[derive(Debug, Clone, Copy)]
pub struct MemberDates {
    pub joined_unit: NaiveDate,
    pub on_window_since: NaiveDate,
    pub birth_date: NaiveDate,
}

/// HALL-STAFF (§27(三): 由各单位选派): account `user` registered (or its dates corrected) by
/// its unit or the centre; the unit is the account's. Changed dates need both approvals
/// again. Audited; a refusal changes nothing.
pub async fn save_member(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    user: UserId,
    dates: MemberDates,
) -> Result<i64> {
    let scope = scope(db, actor).await?;
    let account = platform::users::get(db, user.0).await?;
    if !account.active || !scope.sees(UnitId(account.unit_id)) {
        return Err(Error::invalid("请选择本单位在用的工作人员账号"));
    }
    let mut member = Member {
        user,
        unit: UnitId(account.unit_id),
        joined_unit: dates.joined_unit,
        on_window_since: dates.on_window_since,
        birth_date: dates.birth_date,
        centre_approved: None,
        department_approved: None,
    };
    member.check(today(context))?;
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    if let Some(old) = store::member_of_user(&mut tx, user).await? {
        let same = old.member.joined_unit == member.joined_unit
            && old.member.on_window_since == member.on_window_since
            && old.member.birth_date == member.birth_date
            && old.member.unit == member.unit;
        if same {
            member.centre_approved = old.member.centre_approved;
            member.department_approved = old.member.department_approved;
        }
    }
    let id = store::save_member(&mut tx, &member, now).await?;
    // The birth date is personal data: never in the audit detail.
    let event = AuditEvent::new("hall.staff.register", "hall_staff", id).detail(format!(
        "窗口工作人员登记：{}（{}），进入本单位 {}，到窗口 {}",
        account.display_name, account.unit_name, member.joined_unit, member.on_window_since
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// HALL-STAFF (§27(三): 区政务服务中心及各业务部门审核确定): the centre's leader or the
/// member's department's leader approves register row `id`. Audited.
pub async fn approve(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    id: i64,
    by: Approver,
) -> Result<()> {
    let scope = scope(db, actor).await?;
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let stored = store::member(&mut tx, id)
        .await?
        .filter(|s| scope.sees(s.member.unit))
        .ok_or_else(|| Error::not_found("窗口工作人员"))?;
    let allowed = scope.leader
        && match by {
            Approver::Centre => scope.centre_view,
            Approver::Department => stored.member.unit == scope.unit,
        };
    if !allowed {
        return Err(Error::Refused(format!("应由{}负责人审核确定", by.label())));
    }
    let member = register::approve(&stored.member, by, today(context))?;
    store::save_member(&mut tx, &member, now).await?;
    let event = AuditEvent::new("hall.staff.approve", "hall_staff", id).detail(format!(
        "{}审核确定窗口工作人员 {}",
        by.label(),
        stored.name
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The hours a day's attendance is judged against: the hall's first session's start and
/// last session's end; a closed day has none.
pub async fn day_hours(db: &Db, context: &Context<'_>, day: NaiveDate) -> Result<Option<DayHours>> {
    let hours = &context.profile.calendar.working_hours;
    let schedule = super::schedule_for(db, context.calendar, hours, day).await?;
    Ok(
        match (schedule.sessions.first(), schedule.sessions.last()) {
            (Some(first), Some(last)) => Some(DayHours {
                start: first.start,
                end: last.end,
            }),
            _ => None,
        },
    )
}

/// A member's line of a day's attendance.
#[derive(Debug, Clone)]
pub struct AttendanceLine {
    pub stored: StoredMember,
    pub row: Option<AttendanceRow>,
    pub on_leave: bool,
}

/// HALL-STAFF: the day's attendance of the members the viewer may see.
pub async fn attendance_of(db: &Db, actor: &Actor, day: NaiveDate) -> Result<Vec<AttendanceLine>> {
    let scope = scope(db, actor).await?;
    let mut tx = db.begin_read().await?;
    let members = store::members(&mut tx, scope.filter()).await?;
    let rows = store::attendance(&mut tx, day).await?;
    let leave = store::on_leave(&mut tx, day).await?;
    tx.commit().await?;
    Ok(members
        .into_iter()
        .map(|stored| AttendanceLine {
            row: rows.iter().find(|r| r.user == stored.member.user).cloned(),
            on_leave: leave.contains(&stored.member.user),
            stored,
        })
        .collect())
}

/// HALL-STAFF (§4(四), §29): the centre records a member's sign-in and sign-out of `day`; the
/// mark follows the day's hours and approved leave. Audited; a refusal changes nothing.
pub async fn record_attendance(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    user: UserId,
    day: NaiveDate,
    (signed_in, signed_out): (Option<u32>, Option<u32>),
) -> Result<attendance::Mark> {
    let scope = scope(db, actor).await?;
    centre_only(&scope, "考勤登记")?;
    if day > today(context) {
        return Err(Error::invalid("不能登记今天以后的考勤"));
    }
    let hours = day_hours(db, context, day)
        .await?
        .ok_or_else(|| Error::invalid(format!("{day} 大厅不办公，无需登记考勤")))?;
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let stored = store::member_of_user(&mut tx, user)
        .await?
        .ok_or_else(|| Error::invalid("该人员不在窗口工作人员名册中"))?;
    let on_leave = store::on_leave(&mut tx, day).await?.contains(&user);
    let mark = attendance::judge(signed_in, signed_out, hours, on_leave)?;
    let row = AttendanceRow {
        user,
        signed_in,
        signed_out,
        mark,
    };
    store::save_attendance(&mut tx, day, &row, actor.user_id, now).await?;
    let event = AuditEvent::new("hall.staff.attendance", "hall_staff", stored.id).detail(format!(
        "{day} {} 考勤：{}",
        stored.name,
        mark.label()
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(mark)
}

/// HALL-STAFF (§30: 事先向区政务服务中心提出调整申请): the member's unit (or the centre) files
/// a leave or replacement request; a replacement's substitute must be a registered, eligible
/// member. Audited; a refusal changes nothing.
pub async fn file_request(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    kind: Kind,
    (member, substitute): (UserId, Option<UserId>),
    period: (NaiveDate, NaiveDate),
    reason: &str,
) -> Result<i64> {
    let scope = scope(db, actor).await?;
    let rules = EligibilityRules::of(&context.profile.hall);
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let stored = store::member_of_user(&mut tx, member)
        .await?
        .filter(|s| scope.sees(s.member.unit))
        .ok_or_else(|| Error::invalid("请选择本单位名册中的窗口工作人员"))?;
    let substitute = match substitute {
        None => None,
        Some(user) => {
            let unmet = match store::member_of_user(&mut tx, user).await? {
                Some(s) => register::unmet(&s.member, rules, today(context)),
                None => vec!["不在窗口工作人员名册中".to_owned()],
            };
            Some((user, unmet))
        }
    };
    let request = requests::file(kind, member, substitute, period, reason)?;
    let id =
        store::insert_request(&mut tx, &request, stored.member.unit, actor.user_id, now).await?;
    let event = AuditEvent::new("hall.staff.request", "hall_staff_request", id).detail(format!(
        "{}申请：{}，{} 至 {}",
        kind.label(),
        stored.name,
        period.0,
        period.1
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The requests the viewer may read, newest first.
pub async fn requests_of(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<StoredRequest>> {
    let scope = scope(db, actor).await?;
    let mut tx = db.begin_read().await?;
    let rows = store::requests(&mut tx, scope.filter(), limit).await?;
    tx.commit().await?;
    Ok(rows)
}

/// HALL-STAFF (§30: 经同意后方可调换): the centre's leader approves or refuses request `id`
/// seen at `version`. Audited; a refusal, a decided request or a stale page changes nothing.
pub async fn decide_request(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    id: i64,
    decision: &Decision,
    version: i64,
) -> Result<()> {
    let scope = scope(db, actor).await?;
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let stored = store::request(&mut tx, id)
        .await?
        .filter(|s| scope.sees(s.unit))
        .ok_or_else(|| Error::not_found("请假、调换申请"))?;
    let by_centre = scope.centre_view && scope.leader;
    let next = requests::decide(&stored.request, decision, by_centre)?;
    store::decide(&mut tx, id, &next, version, actor.user_id, now).await?;
    let event = AuditEvent::new("hall.staff.decide", "hall_staff_request", id).detail(format!(
        "{}申请：{}",
        next.kind.label(),
        next.status.label()
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(())
}

/// HALL-STAFF: the profile's periodic kind (1 monthly, 3 quarterly).
pub fn period_months(context: &Context<'_>) -> u32 {
    context.profile.hall.staff_assessment_months
}

/// HALL-STAFF (§4(二), §32): the centre assesses a member for an ended period with a grade;
/// the records' figures of the period are taken in. Audited; a refusal changes nothing.
pub async fn assess(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    user: UserId,
    (period, grade): (Period, Grade),
    comment: &str,
) -> Result<i64> {
    let scope = scope(db, actor).await?;
    centre_only(&scope, "窗口工作人员考核")?;
    assessment::check(period, today(context), comment)?;
    let (from, to) = period.days();
    let millis = (
        Instant::from_local(from, 0).millis(),
        Instant::from_local(to, 24 * 60).millis(),
    );
    let bad_from = i64::from(context.profile.evaluation.bad_rating_from_level);
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let stored = store::member_of_user(&mut tx, user)
        .await?
        .ok_or_else(|| Error::invalid("该人员不在窗口工作人员名册中"))?;
    let code = period.code();
    if assessments::exists(&mut tx, user, &code).await? {
        return Err(Error::invalid(format!(
            "{} 的{}已考核",
            stored.name,
            period.label()
        )));
    }
    let figures = assessments::figures(&mut tx, user, (from, to), millis, bad_from).await?;
    let new = NewAssessment {
        user,
        unit: stored.member.unit,
        period: &code,
        grade,
        figures,
        comment: comment.trim(),
    };
    let id = assessments::insert(&mut tx, &new, actor.user_id, now).await?;
    let event = AuditEvent::new("hall.staff.assess", "hall_staff_assessment", id).detail(format!(
        "{}{}：{} {}",
        period.label(),
        period.kind_label(),
        stored.name,
        grade.label()
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// The assessments of `period` the viewer may read.
pub async fn assessments_of(
    db: &Db,
    actor: &Actor,
    period: Period,
) -> Result<Vec<StoredAssessment>> {
    let scope = scope(db, actor).await?;
    let mut tx = db.begin_read().await?;
    let rows = assessments::of_period(&mut tx, &period.code(), scope.filter()).await?;
    tx.commit().await?;
    Ok(rows)
}

/// HALL-STAFF (§4(二): 将考核结果书面通知入驻单位): the centre's leader sends `unit` the
/// written notice of its results of `period` not yet sent, dated today. Audited; with no
/// result to send, refused.
pub async fn send_notice(
    db: &Db,
    context: &Context<'_>,
    actor: &Actor,
    unit: UnitId,
    period: Period,
) -> Result<i64> {
    let scope = scope(db, actor).await?;
    if !(scope.centre_view && scope.leader) {
        return Err(Error::Refused(
            "考核结果书面通知由区政务服务中心负责人签发".into(),
        ));
    }
    let now = context.now.millis();
    let mut tx = db.begin().await?;
    let code = period.code();
    let (id, carried) =
        assessments::send_notice(&mut tx, unit, &code, today(context), actor.user_id, now).await?;
    if carried == 0 {
        return Err(Error::invalid(format!(
            "该单位{}没有尚未通知的考核结果",
            period.label()
        )));
    }
    let event = AuditEvent::new("hall.staff.notice", "hall_staff_notice", id).detail(format!(
        "{}考核结果书面通知单位 {}，{carried} 人",
        period.label(),
        unit.0
    ));
    audit::record(&mut tx, context.actor, event, now).await?;
    tx.commit().await?;
    Ok(id)
}

/// Notice `id` with the results it carries, for the centre and the unit it went to.
pub async fn notice(db: &Db, actor: &Actor, id: i64) -> Result<(Notice, Vec<StoredAssessment>)> {
    let scope = scope(db, actor).await?;
    let mut tx = db.begin_read().await?;
    let notice = assessments::notice(&mut tx, id)
        .await?
        .filter(|n| scope.sees(n.unit))
        .ok_or_else(|| Error::not_found("考核结果通知"))?;
    let rows = assessments::of_notice(&mut tx, id).await?;
    tx.commit().await?;
    Ok((notice, rows))
}

/// The notices the viewer may read, newest first.
pub async fn notices(db: &Db, actor: &Actor, limit: i64) -> Result<Vec<Notice>> {
    let scope = scope(db, actor).await?;
    let mut tx = db.begin_read().await?;
    let rows = assessments::notices(&mut tx, scope.filter(), limit).await?;
    tx.commit().await?;
    Ok(rows)
}
