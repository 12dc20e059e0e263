//! One generated case, lived through the pure case machine (`services::case::submit` and
//! `apply`) at generated instants, so its snapshot, clocks and history are exactly what the
//! use cases would have stored: submission, pre-review where the item offers it, now and then
//! a one-time notice and resubmission, a rejection or a withdrawal, acceptance, the stages
//! (a special procedure pausing the promised clock on some), the decision and the delivery.
//! Each step comes at a random point of its clock's limit, a few late; a step whose instant
//! is still ahead of `now` is not taken, so recent cases are open with running clocks. An
//! open case past its promised time is flagged 超期办件 a minute after it, as the
//! e-supervision job does; a few recent cases stall after acceptance and end up flagged.
//! The applicants' names, phones and valid ID numbers are generated here too.

use calendar::{Calendar, Instant};
use platform::profile::RuleProfile;
use services::case::{
    Application, Case, Channel, ClockKind, Command, Decision, Event, MaterialDefect,
    MaterialSource, Status, SubmittedMaterial, apply, submit,
};
use services::item::DeliveryMethod;
use services::store::events::command_code;
use services::usecase::PublishedItem;
use services::{ApplicantId, AttachmentId, CaseId};

use super::generate::Rng;

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 20] = [
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞",
];

/// A valid 18-digit citizen ID number (GB 11643 checksum) of the bench's region.
pub fn citizen_id(rng: &mut Rng) -> String {
    let year = 1950 + rng.below(55);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let body = format!("620799{year}{month:02}{day:02}{:03}", rng.below(1000));
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize];
    format!("{body}{}", char::from(check))
}

/// A person's name and a mobile number.
pub fn person(rng: &mut Rng) -> (String, String) {
    let surname = SURNAMES[rng.below(SURNAMES.len() as u64) as usize];
    let given = GIVEN[rng.below(GIVEN.len() as u64) as usize];
    let phone = format!("13{:09}", rng.below(1_000_000_000));
    (format!("{surname}{given}"), phone)
}

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// What the generator needs of the installation.
pub struct World {
    pub calendar: Calendar,
    pub profile: RuleProfile,
    pub now: i64,
}

/// One history row: the command's instant, code and transition, and the event.
pub struct HistoryRow {
    pub at: i64,
    pub command: String,
    pub from: Option<&'static str>,
    pub to: &'static str,
    pub event: Event,
}

/// A generated case: the final snapshot, its optimistic version, last change and history.
pub struct Lived {
    pub case: Case,
    pub version: i64,
    pub updated: i64,
    pub history: Vec<HistoryRow>,
}

struct Sim<'a> {
    world: &'a World,
    item: &'a PublishedItem,
    lived: Lived,
}

impl Sim<'_> {
    fn due(&self, kind: ClockKind) -> Option<i64> {
        self.lived
            .case
            .clock(kind, None)
            .map(|clock| clock.clock.due(&self.world.calendar).at.millis())
    }

    fn apply_at(&mut self, command: &Command, at: i64) -> anyhow::Result<()> {
        let from = self.lived.case.status;
        let (case, events) = apply(
            &self.lived.case,
            &self.item.item,
            command,
            Instant::from_millis(at),
            &self.world.profile,
            &self.world.calendar,
        )
        .map_err(|e| anyhow::anyhow!("生成办件时状态机拒绝了 {:?}：{e}", command.kind()))?;
        let code = command_code(command.kind());
        for event in events {
            self.lived.history.push(HistoryRow {
                at,
                command: code.clone(),
                from: Some(from.code()),
                to: case.status.code(),
                event,
            });
        }
        self.lived.case = case;
        self.lived.version += 1;
        self.lived.updated = at;
        Ok(())
    }

    /// SVC-PROMISE: the e-supervision job flags an open case a minute after its promised
    /// time, when that is before `at`.
    fn flag_if_overdue(&mut self, at: i64) -> anyhow::Result<()> {
        let case = &self.lived.case;
        if !case.status.under_promise() || case.overdue_flagged.is_some() {
            return Ok(());
        }
        let Some(due) = case.promised_due(&self.world.calendar) else {
            return Ok(());
        };
        let flag_at = (due.millis() + MINUTE).max(self.lived.updated);
        let overdue = case.is_overdue(&self.world.calendar, Instant::from_millis(flag_at));
        if overdue && flag_at <= at {
            self.apply_at(&Command::FlagOverdue, flag_at)?;
        }
        Ok(())
    }

    /// Runs `command` at `at` unless `at` is still ahead; false when it was not run.
    fn step(&mut self, command: Command, at: i64) -> anyhow::Result<bool> {
        let at = at.max(self.lived.updated + MINUTE);
        self.flag_if_overdue(at.min(self.world.now))?;
        if at > self.world.now {
            return Ok(false);
        }
        self.apply_at(&command, at)?;
        Ok(true)
    }
}

/// An instant for a step whose clock runs from `start` to `due`: in time but 1.5 % late.
fn within(rng: &mut Rng, start: i64, due: Option<i64>) -> i64 {
    let due = due.unwrap_or(start + DAY).max(start + 10 * MINUTE);
    if rng.below(1000) < 985 {
        start + 10 * MINUTE + ((due - start - 10 * MINUTE) as f64 * rng.unit() * 0.9) as i64
    } else {
        due + HOUR + rng.below(3 * DAY as u64) as i64
    }
}

/// Lives one case of `item` submitted at `created` by applicant `applicant`.
pub fn live(
    world: &World,
    item: &PublishedItem,
    id: i64,
    applicant: i64,
    created: i64,
    rng: &mut Rng,
) -> anyhow::Result<Lived> {
    let materials: Vec<SubmittedMaterial> = item
        .item
        .materials
        .list()
        .iter()
        .filter(|m| m.required)
        .map(|m| SubmittedMaterial {
            code: m.code.clone(),
            source: MaterialSource::Uploaded(AttachmentId(0)),
        })
        .collect();
    let first_material = materials.first().map(|m| m.code.clone());
    let application = Application {
        id: CaseId(id),
        item: item.id,
        item_version: item.version,
        applicant: ApplicantId(applicant),
        channel: Channel::Online,
        materials,
    };
    let now = Instant::from_millis(created);
    let (case, events) = submit(
        application,
        &item.item,
        now,
        &world.profile,
        &world.calendar,
    )
    .map_err(|e| anyhow::anyhow!("生成办件时提交被拒绝：{e}"))?;
    let to = case.status.code();
    let history = events
        .into_iter()
        .map(|event| HistoryRow {
            at: created,
            command: "submit".into(),
            from: None,
            to,
            event,
        })
        .collect();
    let mut sim = Sim {
        world,
        item,
        lived: Lived {
            case,
            version: 1,
            updated: created,
            history,
        },
    };
    proceed(&mut sim, rng, first_material)?;
    let now = world.now;
    sim.flag_if_overdue(now)?;
    Ok(sim.lived)
}

fn proceed(sim: &mut Sim<'_>, rng: &mut Rng, material: Option<String>) -> anyhow::Result<()> {
    let department = sim.item.item.basic.department;
    let age = sim.world.now - sim.lived.updated;
    let fate = rng.below(1000);
    let mut at = sim.lived.updated;
    if sim.item.item.basic.offers_prereview {
        at = within(rng, at, sim.due(ClockKind::PreReview));
        let opinion = "材料齐全，请按预约时间到窗口核验原件".to_owned();
        if !sim.step(
            Command::PreReview {
                by: department,
                opinion,
            },
            at,
        )? {
            return Ok(());
        }
    }
    if fate < 20 {
        at = within(rng, at, sim.due(ClockKind::Acceptance));
        return sim
            .step(
                Command::Withdraw {
                    reason: "申请人不再需要办理".into(),
                },
                at,
            )
            .map(drop);
    }
    if let Some(code) = material.filter(|_| fate < 80) {
        at = within(rng, at, sim.due(ClockKind::Acceptance));
        let name = sim
            .item
            .item
            .materials
            .list()
            .iter()
            .find(|m| m.code == code);
        let defects = vec![MaterialDefect {
            material: name.map_or_else(|| code.clone(), |m| m.name.clone()),
            problem: "复印件不清晰，请重新提交".into(),
        }];
        if !sim.step(
            Command::RequestSupplement {
                by: department,
                defects,
            },
            at,
        )? {
            return Ok(());
        }
        at += HOUR + rng.below(5 * DAY as u64) as i64;
        let resubmitted = vec![SubmittedMaterial {
            code,
            source: MaterialSource::Uploaded(AttachmentId(0)),
        }];
        if !sim.step(
            Command::Resubmit {
                materials: resubmitted,
            },
            at,
        )? {
            return Ok(());
        }
    }
    at = within(rng, at, sim.due(ClockKind::Acceptance));
    if fate >= 980 {
        let reason = "申请事项依法不需要取得行政许可".to_owned();
        return sim
            .step(
                Command::Reject {
                    by: department,
                    reason,
                },
                at,
            )
            .map(drop);
    }
    if !sim.step(Command::Accept { by: department }, at)? {
        return Ok(());
    }
    // A few recent cases stall in review: e-supervision flags them 超期办件.
    if (960..980).contains(&fate) && age < 60 * DAY {
        return Ok(());
    }
    let stages = sim.item.item.process.stages.len();
    let special = sim.item.item.process.special.first().map(|s| s.procedure);
    for index in 0..stages {
        let kind = ClockKind::Stage(u32::try_from(index).unwrap_or(0));
        if let Some(procedure) = special.filter(|_| index == 0 && rng.below(100) < 25) {
            at = within(rng, at, sim.due(kind));
            let reason = "需依法进行特别程序".to_owned();
            if !sim.step(Command::StartSpecial { procedure, reason }, at)? {
                return Ok(());
            }
            at = within(rng, at, sim.due(ClockKind::Special));
            let outcome = "特别程序已完成，结果符合要求".to_owned();
            if !sim.step(Command::EndSpecial { outcome }, at)? {
                return Ok(());
            }
        }
        at = within(rng, at, sim.due(kind));
        let opinion = "经审查，符合法定条件".to_owned();
        if !sim.step(
            Command::CompleteStage {
                by: department,
                opinion,
            },
            at,
        )? {
            return Ok(());
        }
    }
    at = within(
        rng,
        at,
        sim.due(ClockKind::Promise).map(|due| due.max(at + HOUR)),
    );
    let decision = if rng.below(100) < 97 {
        Decision::Approve
    } else {
        Decision::Deny("申请材料反映的情况不符合法定条件".into())
    };
    if !sim.step(
        Command::Decide {
            by: department,
            decision,
        },
        at,
    )? {
        return Ok(());
    }
    at += 10 * MINUTE + rng.below(2 * DAY as u64) as i64;
    let method = if rng.below(100) < 60 {
        DeliveryMethod::Electronic
    } else {
        DeliveryMethod::PickUp
    };
    sim.step(
        Command::Deliver {
            by: department,
            method,
        },
        at,
    )
    .map(drop)
}

/// Whether the case is open (not final).
pub fn is_open(status: Status) -> bool {
    !status.is_final()
}
