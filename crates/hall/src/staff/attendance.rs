//! A day's attendance of the window staff (HALL-STAFF, 000 中心 §4(四): 到岗情况、请销假情况;
//! §29: 按时上下班，不擅离职守): the sign-in and sign-out minutes the centre records and the
//! mark they give against the day's hours (the first session's start and the last one's end
//! of [`crate::hours`]); approved leave is marked as leave.

use crate::HallError;

/// The mark of a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// 到岗: in by the start, out not before the end.
    Present,
    /// 迟到.
    Late,
    /// 早退.
    LeftEarly,
    /// 迟到且早退.
    LateAndEarly,
    /// 缺勤: no sign-in.
    Absent,
    /// 请假: approved leave covers the day.
    OnLeave,
}

impl Mark {
    pub const ALL: [Mark; 6] = [
        Mark::Present,
        Mark::Late,
        Mark::LeftEarly,
        Mark::LateAndEarly,
        Mark::Absent,
        Mark::OnLeave,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Mark::Present => "present",
            Mark::Late => "late",
            Mark::LeftEarly => "left_early",
            Mark::LateAndEarly => "late_early",
            Mark::Absent => "absent",
            Mark::OnLeave => "leave",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Mark::Present => "到岗",
            Mark::Late => "迟到",
            Mark::LeftEarly => "早退",
            Mark::LateAndEarly => "迟到、早退",
            Mark::Absent => "缺勤",
            Mark::OnLeave => "请假",
        }
    }

    pub fn parse(code: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// The day's hours the marks are judged against, minutes of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayHours {
    pub start: u32,
    pub end: u32,
}

/// Parses `08:30` into minutes of the day.
pub fn parse_minute(text: &str) -> Result<u32, HallError> {
    let bad = || HallError::Invalid(format!("时间“{}”应为 时:分（如 08:30）", text.trim()));
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// `08:30` of minutes of the day.
pub fn minute_text(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// HALL-STAFF: the mark of a day with `signed_in` and `signed_out` (minutes) against `hours`;
/// approved leave wins; a sign-out before the sign-in is refused.
pub fn judge(
    signed_in: Option<u32>,
    signed_out: Option<u32>,
    hours: DayHours,
    on_leave: bool,
) -> Result<Mark, HallError> {
    if let (Some(i), Some(o)) = (signed_in, signed_out)
        && o < i
    {
        return Err(HallError::Invalid("签退时间不能早于签到时间".into()));
    }
    if signed_in.is_none() && signed_out.is_some() {
        return Err(HallError::Invalid("未签到不能签退".into()));
    }
    if on_leave {
        return Ok(Mark::OnLeave);
    }
    let Some(signed_in) = signed_in else {
        return Ok(Mark::Absent);
    };
    let late = signed_in > hours.start;
    let early = signed_out.is_some_and(|o| o < hours.end);
    Ok(match (late, early) {
        (false, false) => Mark::Present,
        (true, false) => Mark::Late,
        (false, true) => Mark::LeftEarly,
        (true, true) => Mark::LateAndEarly,
    })
}
