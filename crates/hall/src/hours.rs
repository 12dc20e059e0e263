//! The hall's hours of one day (HALL-QUEUE, 000 中心 §8, §15): opening sessions, delayed
//! service (延时服务) after the last session, and appointment service outside hours (预约服务),
//! configured per day by the centre. A working day without a configuration opens at the
//! profile's working hours (`calendar.working_hours`); a closed day takes numbers only where the
//! centre configured appointment service for it.

use std::fmt;

use crate::error::HallError;

/// Minutes after local midnight, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: u32, end: u32) -> Result<Span, HallError> {
        if start >= end || end > 24 * 60 {
            return Err(HallError::Invalid(format!(
                "时段 {}-{} 无效，结束应晚于开始且不超过 24:00",
                hhmm(start),
                hhmm(end)
            )));
        }
        Ok(Span { start, end })
    }

    pub fn contains(self, minute: u32) -> bool {
        self.start <= minute && minute < self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", hhmm(self.start), hhmm(self.end))
    }
}

/// `08:30` of a minute of the day.
pub fn hhmm(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

/// Parses `08:30-12:00,14:30-18:00` (the profile's working hours, a configured day's
/// sessions); empty text is no span.
pub fn parse_spans(text: &str) -> Result<Vec<Span>, HallError> {
    let mut spans = Vec::new();
    for part in text
        .split([',', '，'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let invalid = || HallError::Invalid(format!("时段“{part}”无效，应如 08:30-12:00"));
        let (start, end) = part.split_once('-').ok_or_else(invalid)?;
        let minute = |text: &str| -> Option<u32> {
            let (h, m) = text.trim().split_once(':')?;
            let (h, m) = (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?);
            (h <= 24 && m < 60).then_some(h * 60 + m)
        };
        let span = Span::new(
            minute(start).ok_or_else(invalid)?,
            minute(end).ok_or_else(invalid)?,
        )?;
        if spans
            .last()
            .is_some_and(|last: &Span| last.end > span.start)
        {
            return Err(HallError::Invalid("时段应按时间先后排列且不重叠".into()));
        }
        spans.push(span);
    }
    Ok(spans)
}

/// Where a ticket comes from (HALL-QUEUE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The kiosk page in the hall (取号机).
    Kiosk,
    /// An online appointment for a time slot starting at this minute of the day.
    Appointment { slot_start: u32 },
    /// A number taken by SMS.
    Sms,
}

impl Source {
    pub fn code(self) -> &'static str {
        match self {
            Source::Kiosk => "kiosk",
            Source::Appointment { .. } => "appointment",
            Source::Sms => "sms",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Source::Kiosk => "现场取号",
            Source::Appointment { .. } => "网上预约",
            Source::Sms => "短信取号",
        }
    }
}

/// One day's hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaySchedule {
    /// Opening sessions; empty on a closed day.
    pub sessions: Vec<Span>,
    /// Delayed service: the hall keeps taking and calling numbers until this minute after the
    /// last session (延时服务).
    pub delayed_until: Option<u32>,
    /// Appointment service outside the sessions (预约服务, e.g. a Saturday morning).
    pub appointment: Vec<Span>,
}

impl DaySchedule {
    /// A closed day with no appointment service.
    pub fn closed() -> DaySchedule {
        DaySchedule {
            sessions: Vec::new(),
            delayed_until: None,
            appointment: Vec::new(),
        }
    }

    /// A working day at the profile's working hours (`calendar.working_hours`).
    pub fn working_day(working_hours: &str) -> Result<DaySchedule, HallError> {
        Ok(DaySchedule {
            sessions: parse_spans(working_hours)?,
            delayed_until: None,
            appointment: Vec::new(),
        })
    }

    /// Checks a configured day: delayed service ends after the last session and not past
    /// midnight, and needs sessions.
    pub fn check(&self) -> Result<(), HallError> {
        if let Some(until) = self.delayed_until {
            match self.sessions.last() {
                None => return Err(HallError::Invalid("不开放的日子不能设置延时服务".into())),
                Some(last) if until <= last.end || until > 24 * 60 => {
                    return Err(HallError::Invalid(format!(
                        "延时服务应在 {} 之后结束，且不晚于 24:00",
                        hhmm(last.end)
                    )));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// The delayed-service span, if any.
    pub fn delayed(&self) -> Option<Span> {
        let last = self.sessions.last()?;
        let until = self.delayed_until?;
        (until > last.end).then_some(Span {
            start: last.end,
            end: until,
        })
    }

    /// Whether the hall walks in people at `minute` (a session or delayed service).
    pub fn open_at(&self, minute: u32) -> bool {
        self.sessions.iter().any(|s| s.contains(minute))
            || self.delayed().is_some_and(|s| s.contains(minute))
    }

    /// How the hours read on the kiosk: `08:30-12:00、14:30-18:00，延时服务至 19:00`.
    pub fn describe(&self) -> String {
        if self.sessions.is_empty() && self.appointment.is_empty() {
            return "今日不办公".into();
        }
        let mut text = if self.sessions.is_empty() {
            "今日不对外开放".to_owned()
        } else {
            self.sessions
                .iter()
                .map(Span::to_string)
                .collect::<Vec<_>>()
                .join("、")
        };
        if let Some(until) = self.delayed_until {
            text.push_str(&format!("，延时服务至 {}", hhmm(until)));
        }
        if !self.appointment.is_empty() {
            let spans: Vec<String> = self.appointment.iter().map(Span::to_string).collect();
            text.push_str(&format!("，预约服务 {}", spans.join("、")));
        }
        text
    }

    /// Whether a number from `source` is taken at `minute` of this day (HALL-QUEUE): walk-in
    /// and SMS numbers while the hall is open (sessions and delayed service); an appointment
    /// for a slot inside the sessions, the delayed service or the appointment service.
    pub fn accepts(&self, source: Source, minute: u32) -> Result<(), HallError> {
        match source {
            Source::Kiosk | Source::Sms => {
                if self.open_at(minute) {
                    Ok(())
                } else {
                    Err(HallError::Closed(format!(
                        "大厅现在不办公（{}），不能取号",
                        self.describe()
                    )))
                }
            }
            Source::Appointment { slot_start } => {
                if self.open_at(slot_start)
                    || self.appointment.iter().any(|s| s.contains(slot_start))
                {
                    Ok(())
                } else {
                    Err(HallError::Closed(format!(
                        "{} 不在可预约的时段内（{}）",
                        hhmm(slot_start),
                        self.describe()
                    )))
                }
            }
        }
    }

    /// The appointment slots of the day, `slot_minutes` long, in the sessions, the delayed
    /// service and the appointment service; a slot never straddles a span's end.
    pub fn slots(&self, slot_minutes: u32) -> Vec<Span> {
        let step = slot_minutes.max(5);
        let mut spans: Vec<Span> = self.sessions.clone();
        spans.extend(self.delayed());
        spans.extend(self.appointment.iter().copied());
        spans.sort_by_key(|s| s.start);
        let mut slots = Vec::new();
        for span in spans {
            let mut start = span.start;
            while start + step <= span.end {
                slots.push(Span {
                    start,
                    end: start + step,
                });
                start += step;
            }
        }
        slots
    }
}
