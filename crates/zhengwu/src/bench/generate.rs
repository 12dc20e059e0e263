//! Bench data: the BENCH jurisdiction, its units, and orders over the last twelve months with
//! exactly the rows the rate report and the supervisor's view read — appeals, orders (a
//! minimal JSON state: nothing measured reads it), the dispatch's units, HL-SIGN and
//! HL-LIMITS clocks with their due times and met/breached/running statuses, the
//! `clock_stopped` history rows and the callbacks' `rated` rows with their 好差评 rating — in
//! multi-row INSERTs of generated constants, one transaction per 50,000 orders. Appellants are anonymous (NULL
//! personal fields), so nothing is sealed.

use std::collections::BTreeMap;
use std::time::Instant as Stopwatch;

use anyhow::Context as _;
use calendar::{Calendar, Instant, Limit};
use platform::audit::AuditActor;
use platform::db::{Backend, Db, Tx, now_ms};
use platform::jurisdiction::{self, NewJurisdiction};
use platform::units::{self, NewUnit, UnitKind};

use super::BENCH_CODE;

const ROWS_PER_STATEMENT: usize = 500;
const ORDERS_PER_TRANSACTION: u64 = 50_000;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

/// A small deterministic generator (splitmix64): the same data every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `[0, n)`.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// Uniform in `[low, high)` milliseconds.
    fn span(&mut self, low: i64, high: i64) -> i64 {
        low + i64::try_from(self.below(u64::try_from(high - low).unwrap_or(1))).unwrap_or(0)
    }

    /// A pick from `(weight, value)` pairs whose weights add up to 100.
    fn weighted<T: Copy>(&mut self, table: &[(u64, T)], fallback: T) -> T {
        let mut roll = self.below(100);
        for (weight, value) in table {
            if roll < *weight {
                return *value;
            }
            roll -= weight;
        }
        fallback
    }
}

/// Category code, handling class code, limit text (the ganzhou profile), content templates.
const CATEGORIES: [(u64, (&str, &str, &str)); 4] = [
    (45, ("consultation_help", "policy_consultation", "1wd")),
    (30, ("complaint_report", "complaint_report", "5wd")),
    (15, ("suggestion", "suggestion", "3wd")),
    (10, ("other", "complaint_report", "5wd")),
];

const CONTENTS: [&str; 12] = [
    "咨询{}附近社区医保参保登记需要哪些材料",
    "咨询在{}办理居住证的流程和时限",
    "询问{}周边学校入学划片政策",
    "反映{}路灯不亮，夜间出行不便",
    "投诉{}一带餐饮店油烟扰民",
    "反映{}施工工地夜间噪音扰民",
    "举报{}有占道经营，影响通行",
    "建议在{}增设公交站点",
    "建议{}路口增加红绿灯时长",
    "反映{}小区供暖温度不达标",
    "反映{}自来水水压过低",
    "其他：{}公共厕所无人保洁",
];

const STREET_STEMS: [&str; 20] = [
    "建设", "人民", "解放", "青年", "新华", "胜利", "和平", "团结", "文化", "长安", "南环", "北环",
    "东环", "西环", "朝阳", "光明", "振兴", "富民", "兴隆", "滨河",
];
const STREET_KINDS: [&str; 10] = [
    "路", "街", "大道", "巷", "东路", "西路", "南路", "北路", "中路", "北街",
];

const DEPARTMENTS: [&str; 30] = [
    "发展和改革局",
    "教育局",
    "公安分局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境分局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康局",
    "退役军人事务局",
    "应急管理局",
    "审计局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "城市管理局",
    "林业和草原局",
    "供电公司",
    "自来水公司",
    "燃气公司",
    "热力公司",
    "通信管理办公室",
    "信访局",
];

/// `level()` order: 非常满意 … 非常不满意, with the share of callbacks giving each.
const RATINGS: [(u64, &str); 5] = [
    (55, "VerySatisfied"),
    (30, "Satisfied"),
    (8, "BasicallySatisfied"),
    (5, "Unsatisfied"),
    (2, "VeryUnsatisfied"),
];

const CHANNELS: [(u64, &str); 4] = [(70, "phone"), (15, "web"), (10, "wechat"), (5, "app")];

fn streets() -> Vec<String> {
    STREET_STEMS
        .iter()
        .flat_map(|stem| STREET_KINDS.iter().map(move |kind| format!("{stem}{kind}")))
        .collect()
}

/// Multi-row INSERTs of one table, flushed (all tables together, parents first) once one
/// holds `ROWS_PER_STATEMENT` rows.
struct Batch {
    head: &'static str,
    rows: Vec<String>,
    written: u64,
}

impl Batch {
    fn new(head: &'static str) -> Self {
        Self {
            head,
            rows: Vec::with_capacity(ROWS_PER_STATEMENT),
            written: 0,
        }
    }

    fn push(&mut self, row: String) {
        self.rows.push(row);
    }

    fn full(&self) -> bool {
        self.rows.len() >= ROWS_PER_STATEMENT
    }

    async fn flush(&mut self, tx: &mut Tx) -> anyhow::Result<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        // Built only from generated numbers and the constant tables above.
        let sql = format!("{} VALUES {}", self.head, self.rows.join(","));
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
            .execute(&mut **tx)
            .await
            .with_context(|| format!("批量写入失败：{}", self.head))?;
        self.written += self.rows.len() as u64;
        self.rows.clear();
        Ok(())
    }
}

struct Batches {
    appeals: Batch,
    orders: Batch,
    order_units: Batch,
    clocks: Batch,
    events: Batch,
    evaluations: Batch,
}

impl Batches {
    fn new() -> Self {
        Self {
            appeals: Batch::new(
                "INSERT INTO hotline_appeals (id, number, query_code, channel, category, content, \
                 location, is_private, created_at)",
            ),
            orders: Batch::new(
                "INSERT INTO hotline_orders (id, appeal_id, status, lead_unit_id, handling_class, \
                 state, version, created_at, updated_at)",
            ),
            order_units: Batch::new(
                "INSERT INTO hotline_order_units (order_id, unit_id, role, signed_at)",
            ),
            clocks: Batch::new(
                "INSERT INTO clocks (subject_type, subject_id, rule_id, unit_id, start_at, \
                 limit_text, due_at, yellow_at, light, status, concluded_at, created_at, updated_at)",
            ),
            events: Batch::new(
                "INSERT INTO hotline_events (order_id, at, kind, command, from_status, to_status, detail)",
            ),
            evaluations: Batch::new(
                "INSERT INTO evaluations (subject_type, subject_id, round, unit_id, channel, level, created_at)",
            ),
        }
    }

    /// Parents before children, so foreign keys hold at every statement.
    async fn flush(&mut self, tx: &mut Tx) -> anyhow::Result<()> {
        self.appeals.flush(tx).await?;
        self.orders.flush(tx).await?;
        self.order_units.flush(tx).await?;
        self.clocks.flush(tx).await?;
        self.events.flush(tx).await?;
        self.evaluations.flush(tx).await
    }

    fn any_full(&self) -> bool {
        [
            &self.appeals,
            &self.orders,
            &self.order_units,
            &self.clocks,
            &self.events,
            &self.evaluations,
        ]
        .iter()
        .any(|batch| batch.full())
    }

    fn rows(&self) -> u64 {
        self.appeals.written
            + self.orders.written
            + self.order_units.written
            + self.clocks.written
            + self.events.written
            + self.evaluations.written
    }
}

fn null_or(value: Option<i64>) -> String {
    value.map_or_else(|| "NULL".to_owned(), |v| v.to_string())
}

/// One clock as the clock table stores it.
struct ClockRow<'a> {
    order_id: i64,
    rule: &'a str,
    unit_id: i64,
    start: i64,
    limit: &'a str,
    due: i64,
    /// `None` while it runs.
    concluded: Option<i64>,
    now: i64,
}

impl ClockRow<'_> {
    fn values(&self) -> String {
        let (status, light, yellow) = match self.concluded {
            Some(at) if at <= self.due => ("met", "green", None),
            Some(_) => ("breached", "red", None),
            None => {
                let yellow = self.start + (self.due - self.start) * 2 / 3;
                let light = if self.now > self.due {
                    "red"
                } else if self.now >= yellow {
                    "yellow"
                } else {
                    "green"
                };
                ("running", light, Some(yellow))
            }
        };
        let updated = self.concluded.unwrap_or(self.start);
        format!(
            "('order','{}','{}',{},{},'{}',{},{},'{}','{}',{},{},{})",
            self.order_id,
            self.rule,
            self.unit_id,
            self.start,
            self.limit,
            self.due,
            null_or(yellow),
            light,
            status,
            null_or(self.concluded),
            self.start,
            updated
        )
    }
}

fn stopped_event(
    order_id: i64,
    at: i64,
    rule: &str,
    unit: i64,
    met: bool,
    command: &str,
) -> String {
    let clock = if rule == "HL-SIGN" {
        "sign"
    } else {
        "handling"
    };
    format!(
        "({order_id},{at},'clock_stopped','{command}',NULL,NULL,\
         '{{\"clock\":\"{clock}\",\"rule\":\"{rule}\",\"unit\":{unit},\"at\":{at},\"met\":{met}}}')"
    )
}

/// Creates the bench jurisdiction, its government and `n_units` units (codes `bench-u0000` …;
/// departments first, then street communities); returns the units' ids. Both benches use it.
pub(super) async fn jurisdiction_and_units(
    db: &Db,
    n_units: u32,
    now: i64,
) -> anyhow::Result<Vec<i64>> {
    let actor = AuditActor::system("bench");
    let mut tx = db.begin().await?;
    let jurisdiction_id = jurisdiction::create(
        &mut tx,
        &actor,
        &NewJurisdiction {
            code: BENCH_CODE.into(),
            name: "基准测试区（bench）".into(),
            host_unit: "基准测试区人民政府办公室".into(),
            site_code: "0000000000".into(),
            icp_number: "—".into(),
            police_number: "—".into(),
            contact_phone: "12345".into(),
            contact_address: "基准测试地址".into(),
            profile_preset: "ganzhou".into(),
            is_demo: false,
        },
        now,
    )
    .await?;
    let unit = |parent_id, code: String, name: String, kind| NewUnit {
        jurisdiction_id,
        parent_id,
        code,
        name,
        kind,
    };
    let root = units::create(
        &mut tx,
        &actor,
        unit(
            None,
            "bench".into(),
            "基准测试区人民政府".into(),
            UnitKind::Government,
        ),
        now,
    )
    .await?;
    let streets = streets();
    let mut ids = Vec::new();
    for index in 0..n_units {
        let i = usize::try_from(index).unwrap_or(0);
        let (name, kind) = match DEPARTMENTS.get(i) {
            Some(department) => (format!("区{department}"), UnitKind::Department),
            None => {
                let street = streets.get(i % streets.len()).map_or("", String::as_str);
                (
                    format!("{street}第{}社区", i / streets.len() + 1),
                    UnitKind::Village,
                )
            }
        };
        let code = format!("bench-u{index:04}");
        ids.push(units::create(&mut tx, &actor, unit(Some(root), code, name, kind), now).await?);
    }
    tx.commit().await?;
    Ok(ids)
}

/// Generates the whole data set and prints progress and the generation time.
pub async fn generate(db: &Db, n_orders: u64, n_units: u32) -> anyhow::Result<()> {
    let started = Stopwatch::now();
    let now = now_ms();
    let unit_ids = jurisdiction_and_units(db, n_units, now).await?;
    let calendar: Calendar = platform::workcal::load_current(db).await?;
    let streets = streets();
    let mut rng = Rng::new(0x1234_5678_9ABC_DEF0);
    let first = now - 365 * DAY;
    let step = (365 * DAY) / i64::try_from(n_orders).unwrap_or(1).max(1);
    let mut sequences: BTreeMap<String, i64> = BTreeMap::new();
    let mut batches = Batches::new();
    let sign_limit: Limit = "1wh".parse().map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut tx = db.begin().await?;
    println!("生成数据：{n_orders} 个工单，{n_units} 个单位，近 12 个月……");
    for index in 0..n_orders {
        let id = i64::try_from(index).unwrap_or(0) + 1;
        let created = first + (id - 1) * step + rng.span(0, step.max(1));
        let day = Instant::from_millis(created)
            .local_date()
            .format("%Y%m%d")
            .to_string();
        let sequence = sequences.entry(day.clone()).or_insert(0);
        *sequence += 1;
        let (category, class, limit_text) =
            rng.weighted(&CATEGORIES, ("other", "complaint_report", "5wd"));
        let street = streets
            .get(usize::try_from(rng.below(streets.len() as u64)).unwrap_or(0))
            .map_or("", String::as_str);
        let template = CONTENTS
            .get(usize::try_from(rng.below(CONTENTS.len() as u64)).unwrap_or(0))
            .copied()
            .unwrap_or("{}");
        let content = template.replace("{}", street);
        let location = format!("{street}{}号", rng.below(300) + 1);
        let channel = rng.weighted(&CHANNELS, "phone");
        batches
            .appeals
            .push(format!(
                    "({id},'{BENCH_CODE}{day}{sequence:06}','{}','{channel}','{category}','{content}','{location}',0,{created})",
                    "0".repeat(64)
                ));
        // Busier units get more orders: a square skews picks towards the first units.
        let pick = |rng: &mut Rng| {
            let r = rng.unit();
            let i = ((r * r) * unit_ids.len() as f64) as usize;
            unit_ids.get(i).copied().unwrap_or(0)
        };
        let lead = pick(&mut rng);
        let assisting = (rng.below(10) == 0)
            .then(|| pick(&mut rng))
            .filter(|u| *u != lead);
        let age = now - created;
        let open_share = if age < 3 * DAY {
            60
        } else if age < 15 * DAY {
            10
        } else {
            2
        };
        let open = rng.below(100) < open_share;
        let dispatched = created + rng.span(5 * MINUTE, 60 * MINUTE);
        let sign_due = calendar
            .due(Instant::from_millis(dispatched), sign_limit)
            .at
            .millis();
        let awaiting_sign = open && rng.below(4) == 0;
        let signed = if awaiting_sign {
            None
        } else if rng.below(100) < 96 {
            Some(dispatched + ((sign_due - dispatched) as f64 * rng.unit()) as i64)
        } else {
            Some(sign_due + rng.span(10 * MINUTE, 5 * HOUR))
        };
        let mut units = vec![(lead, "lead")];
        if let Some(unit) = assisting {
            units.push((unit, "assisting"));
        }
        for (unit, role) in &units {
            batches
                .order_units
                .push(format!("({id},{unit},'{role}',{})", null_or(signed)));
            let clock = ClockRow {
                order_id: id,
                rule: "HL-SIGN",
                unit_id: *unit,
                start: dispatched,
                limit: "1wh",
                due: sign_due,
                concluded: signed,
                now,
            };
            batches.clocks.push(clock.values());
            if let Some(at) = signed {
                let event = stopped_event(id, at, "HL-SIGN", *unit, at <= sign_due, "sign");
                batches.events.push(event);
            }
        }
        let status = match signed {
            None => "dispatched",
            Some(_) if open => "handling",
            Some(_) if age < 90 * DAY => "closed",
            Some(_) => "archived",
        };
        if let Some(start) = signed {
            let limit: Limit = limit_text.parse().map_err(|e| anyhow::anyhow!("{e}"))?;
            let due = calendar.due(Instant::from_millis(start), limit).at.millis();
            let concluded = (!open).then(|| {
                if rng.below(100) < 93 {
                    start + ((due - start) as f64 * rng.unit()) as i64
                } else {
                    due + rng.span(HOUR, 3 * DAY)
                }
            });
            let clock = ClockRow {
                order_id: id,
                rule: "HL-LIMITS",
                unit_id: lead,
                start,
                limit: limit_text,
                due,
                concluded,
                now,
            };
            batches.clocks.push(clock.values());
            if let Some(at) = concluded {
                let event = stopped_event(id, at, "HL-LIMITS", lead, at <= due, "approve_result");
                batches.events.push(event);
                if rng.below(100) < 90 {
                    let rated_at = (at + rng.span(HOUR, 2 * DAY)).min(now);
                    let rating = rng.weighted(&RATINGS, "Satisfied");
                    let event = format!(
                        "({id},{rated_at},'rated','record_callback','replied','under_review',\
                         '{{\"rating\":\"{rating}\",\"bad\":false}}')"
                    );
                    batches.events.push(event);
                    // The same callback in 好差评 (EVAL-ALL), as the command records it.
                    let level = RATINGS
                        .iter()
                        .position(|(_, name)| *name == rating)
                        .map_or(2, |i| i + 1);
                    let evaluation =
                        format!("('order','{id}',1,{lead},'phone',{level},{rated_at})");
                    batches.evaluations.push(evaluation);
                }
            }
        }
        batches
            .orders
            .push(format!(
                    "({id},{id},'{status}',{lead},'{class}','{{\"snapshot_version\":1,\"bench\":true}}',8,{created},{})",
                    created.max(signed.unwrap_or(created))
                ));
        if batches.any_full() {
            batches.flush(&mut tx).await?;
        }
        if (index + 1) % ORDERS_PER_TRANSACTION == 0 {
            batches.flush(&mut tx).await?;
            tx.commit().await?;
            tx = db.begin().await?;
            println!(
                "  {} / {n_orders} 个工单（{} 行，{:.0} 秒）",
                index + 1,
                batches.rows(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    batches.flush(&mut tx).await?;
    for (day, last) in &sequences {
        sqlx::query("INSERT INTO hotline_number_seq (day, last_seq) VALUES ($1, $2)")
            .bind(day)
            .bind(*last)
            .execute(&mut *tx)
            .await?;
    }
    if db.backend == Backend::Postgres {
        // Ids were given explicitly: the identity continues after them.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('hotline_appeals', 'id'), \
             (SELECT MAX(id) FROM hotline_appeals))",
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if db.backend == Backend::Postgres {
        // As autovacuum would after such a load: statistics, and the visibility map that lets
        // the covering indexes answer without the table. SQLite installations never run
        // ANALYZE, so the bench does not either.
        sqlx::query("VACUUM ANALYZE").execute(&db.pool).await?;
    }
    println!(
        "generation: {n_orders} orders, {} rows in {:.1} s",
        batches.rows(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
