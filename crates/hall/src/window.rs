//! Windows of the hall and their staff (HALL-WINDOWS, 000 中心 §5, §6(一), §7(四), §8): the
//! comprehensive (无差别) and professional (分领域) windows of §5 and the special windows of
//! §7(四); the chief representative (首席代表) of a professional window, the A/B posts; the
//! window a clerk sits at today.

use chrono::NaiveDate;

use crate::error::HallError;

/// A special window of §7(二)(四).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpecialKind {
    /// 跨省通办.
    CrossProvince,
    /// 省内通办.
    WithinProvince,
    /// 帮办代办 (HALL-ASSIST).
    Assisted,
    /// 办不成事反映 (HALL-HARDCASE).
    HardCase,
    /// 陇商通, the enterprises' window (HALL-HARDCASE).
    Longshangtong,
}

impl SpecialKind {
    pub const ALL: [SpecialKind; 5] = [
        SpecialKind::CrossProvince,
        SpecialKind::WithinProvince,
        SpecialKind::Assisted,
        SpecialKind::HardCase,
        SpecialKind::Longshangtong,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SpecialKind::CrossProvince => "cross_province",
            SpecialKind::WithinProvince => "within_province",
            SpecialKind::Assisted => "assisted",
            SpecialKind::HardCase => "hard_case",
            SpecialKind::Longshangtong => "longshangtong",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SpecialKind::CrossProvince => "跨省通办",
            SpecialKind::WithinProvince => "省内通办",
            SpecialKind::Assisted => "帮办代办",
            SpecialKind::HardCase => "办不成事反映",
            SpecialKind::Longshangtong => "陇商通",
        }
    }

    /// The letter of its ticket numbers (C… to G…).
    pub fn letter(self) -> char {
        match self {
            SpecialKind::CrossProvince => 'C',
            SpecialKind::WithinProvince => 'D',
            SpecialKind::Assisted => 'E',
            SpecialKind::HardCase => 'F',
            SpecialKind::Longshangtong => 'G',
        }
    }

    pub fn parse(code: &str) -> Option<SpecialKind> {
        SpecialKind::ALL
            .into_iter()
            .find(|kind| kind.code() == code)
    }
}

/// What a window serves, and what a ticket asks for: the one "window type" of HALL-QUEUE.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ServiceType {
    /// 综合服务窗口 (无差别): every item of the comprehensive window.
    Comprehensive,
    /// 专业服务窗口 (分领域) of one field (不动产, 市场准入, …).
    Professional(Field),
    /// A special window.
    Special(SpecialKind),
}

impl ServiceType {
    /// The stored code: `comprehensive`, `professional:<field>`, `special:<kind>`.
    pub fn code(&self) -> String {
        match self {
            ServiceType::Comprehensive => "comprehensive".into(),
            ServiceType::Professional(field) => format!("professional:{}", field.as_str()),
            ServiceType::Special(kind) => format!("special:{}", kind.code()),
        }
    }

    pub fn parse(code: &str) -> Result<ServiceType, HallError> {
        let invalid = || HallError::Invalid(format!("窗口类型“{code}”无效"));
        match code.split_once(':') {
            None if code == "comprehensive" => Ok(ServiceType::Comprehensive),
            Some(("professional", field)) => Ok(ServiceType::Professional(
                Field::parse(field).map_err(|_| invalid())?,
            )),
            Some(("special", kind)) => SpecialKind::parse(kind)
                .map(ServiceType::Special)
                .ok_or_else(invalid),
            _ => Err(invalid()),
        }
    }

    /// The label shown to a citizen (综合窗口, 不动产登记, 跨省通办).
    pub fn label(&self) -> String {
        match self {
            ServiceType::Comprehensive => "综合窗口（无差别）".into(),
            ServiceType::Professional(field) => format!("{}（分领域）", field.as_str()),
            ServiceType::Special(kind) => format!("{}专窗", kind.label()),
        }
    }

    /// The letter of the ticket numbers of this type: A comprehensive, B professional, C–G
    /// special windows.
    pub fn letter(&self) -> char {
        match self {
            ServiceType::Comprehensive => 'A',
            ServiceType::Professional(_) => 'B',
            ServiceType::Special(kind) => kind.letter(),
        }
    }

    /// The key of the day's number sequence: professional fields count apart, so each
    /// field's numbers run B001, B002 … on their own screen.
    pub fn sequence_key(&self) -> String {
        self.code()
    }
}

/// The field (领域) of a professional window: 1 to 20 characters, no colon.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field(String);

impl Field {
    pub fn parse(text: &str) -> Result<Field, HallError> {
        let text = text.trim();
        let count = text.chars().count();
        if count == 0 || count > 20 || text.contains(':') {
            return Err(HallError::Invalid(
                "专业窗口的领域应为 1 至 20 个字，不含冒号".into(),
            ));
        }
        Ok(Field(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A post at a window (HALL-WINDOWS, §6(一) and the A/B post system).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Post {
    /// 首席代表 of a professional window.
    Chief,
    /// A 岗: the one who handles.
    A,
    /// B 岗: who stands in when A is away.
    B,
}

impl Post {
    pub fn code(self) -> &'static str {
        match self {
            Post::Chief => "chief",
            Post::A => "a",
            Post::B => "b",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Post::Chief => "首席代表",
            Post::A => "A岗",
            Post::B => "B岗",
        }
    }

    pub fn parse(code: &str) -> Option<Post> {
        [Post::Chief, Post::A, Post::B]
            .into_iter()
            .find(|post| post.code() == code)
    }
}

/// One staff member's post at a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assignment {
    pub user_id: i64,
    pub post: Post,
}

/// A window of the hall: its number on the wall (1 to 999), its name and what it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub number: u16,
    pub name: String,
    pub service: ServiceType,
    /// The unit stationed at a professional window (进驻单位); the centre's own otherwise.
    pub unit_id: Option<i64>,
}

impl Window {
    /// Checks a new window (HALL-WINDOWS): number 1–999, a name, a professional window has its
    /// stationed unit. Every problem at once.
    pub fn check(&self) -> Result<(), HallError> {
        let mut problems = Vec::new();
        if self.number == 0 || self.number > 999 {
            problems.push("窗口号应为 1 至 999");
        }
        let name = self.name.trim().chars().count();
        if name == 0 || name > 40 {
            problems.push("窗口名称应为 1 至 40 个字");
        }
        if matches!(self.service, ServiceType::Professional(_)) && self.unit_id.is_none() {
            problems.push("专业窗口须写明进驻单位");
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(HallError::Invalid(problems.join("；")))
        }
    }

    /// Whether this window calls tickets of `service` (HALL-QUEUE: only a window that serves
    /// that type).
    pub fn serves(&self, service: &ServiceType) -> bool {
        &self.service == service
    }
}

/// Checks the staff of a window (HALL-WINDOWS, §6(一)): one A post and one B post held by
/// two different people; a professional window has exactly one chief representative, the
/// others none (their staff are the centre's, §4(八)); nobody holds a post twice.
pub fn check_staff(service: &ServiceType, staff: &[Assignment]) -> Result<(), HallError> {
    let mut problems = Vec::new();
    let count = |post: Post| staff.iter().filter(|a| a.post == post).count();
    let holder = |post: Post| staff.iter().find(|a| a.post == post).map(|a| a.user_id);
    if count(Post::A) != 1 {
        problems.push("须有且只有一名A岗");
    }
    if count(Post::B) != 1 {
        problems.push("须有且只有一名B岗");
    }
    if count(Post::A) == 1 && holder(Post::A) == holder(Post::B) {
        problems.push("A岗与B岗不能为同一人");
    }
    match (service, count(Post::Chief)) {
        (ServiceType::Professional(_), 1) => {}
        (ServiceType::Professional(_), _) => problems.push("专业窗口须有且只有一名首席代表"),
        (_, 0) => {}
        (_, _) => problems.push("首席代表只设于进驻单位的专业窗口"),
    }
    let mut seen = Vec::new();
    for assignment in staff {
        let key = (assignment.user_id, assignment.post);
        if seen.contains(&key) {
            problems.push("同一人不能重复担任同一岗位");
            break;
        }
        seen.push(key);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(HallError::Invalid(problems.join("；")))
    }
}

/// Where a clerk sits on a day (HALL-WINDOWS: the window a clerk sits at today). A clerk
/// sits at most at one window a day; the window has at most one clerk at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seating {
    pub day: NaiveDate,
    pub user_id: i64,
    pub window_number: u16,
}

/// Checks that a clerk may sit at a window today: the clerk holds a post there, or the window
/// is one of the centre's own (comprehensive and special windows, whose staff the centre
/// deploys, §4(八)).
pub fn may_sit(window: &Window, staff: &[Assignment], user_id: i64) -> Result<(), HallError> {
    let centre_window = !matches!(window.service, ServiceType::Professional(_));
    if centre_window || staff.iter().any(|a| a.user_id == user_id) {
        Ok(())
    } else {
        Err(HallError::WrongWindow(
            "您不在该窗口的岗位名单上，不能坐此窗口".into(),
        ))
    }
}
