//! The grant (授权, DATA-GRANT; 000 共享 §5(一)(二)): a consumer's access to named fields of
//! one resource for a number of days (at most `datashare.grant_max`) from the approval time
//! the platform recorded. It ends by itself ([`Grant::state_at`]); the provider or the
//! administrator may suspend, resume or revoke it, the administrator or the consumer
//! terminate it; the provider may revoke an API grant unused for `datashare.api_unused_revocable`
//! ([`Grant::revocable_unused`]). Renewal is a new request: no command lengthens a grant.

use calendar::{Clock, Instant};

use crate::error::SharingError;
use crate::request::{Request, Status as RequestStatus};
use crate::{Acting, EntryId, GrantId, RequestId, ResourceId, Rules, UnitId};

const DAY_MS: i64 = 86_400_000;

/// The stored status of a grant; [`Grant::state_at`] adds 已到期.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Active,
    Suspended,
    Revoked,
    Terminated,
    /// Past its end (only from [`Grant::state_at`]; never stored as a decision).
    Expired,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Active,
        Status::Suspended,
        Status::Revoked,
        Status::Terminated,
        Status::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Suspended => "suspended",
            Status::Revoked => "revoked",
            Status::Terminated => "terminated",
            Status::Expired => "expired",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Active => "有效",
            Status::Suspended => "已暂停",
            Status::Revoked => "已收回",
            Status::Terminated => "已终止",
            Status::Expired => "已到期",
        }
    }

    pub fn parse(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }
}

/// A grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    pub id: GrantId,
    pub request: RequestId,
    pub consumer: UnitId,
    pub provider: UnitId,
    pub entry: EntryId,
    pub resource: ResourceId,
    /// The field codes granted (最小可用): nothing else is ever answered.
    pub fields: Vec<String>,
    pub api: bool,
    /// The approval time the platform recorded; the term runs from it.
    pub approved_at: Instant,
    pub ends_at: Instant,
    pub status: Status,
    pub last_used_at: Option<Instant>,
    pub reason: String,
}

/// A command on a grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Suspend {
        reason: String,
    },
    Resume,
    Revoke {
        reason: String,
    },
    Terminate {
        reason: String,
    },
    /// The provider revokes an API grant unused for the profile's period.
    RevokeUnused,
}

impl Command {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Command::Suspend { .. } => "暂停",
            Command::Resume => "恢复",
            Command::Revoke { .. } => "收回",
            Command::Terminate { .. } => "终止",
            Command::RevokeUnused => "收回闲置接口授权",
        }
    }
}

/// Every allowed transition of the stored status `(from, command label, to)`.
pub const TRANSITIONS: &[(Status, &str, Status)] = &[
    (Status::Active, "暂停", Status::Suspended),
    (Status::Suspended, "恢复", Status::Active),
    (Status::Active, "收回", Status::Revoked),
    (Status::Suspended, "收回", Status::Revoked),
    (Status::Active, "终止", Status::Terminated),
    (Status::Suspended, "终止", Status::Terminated),
    (Status::Active, "收回闲置接口授权", Status::Revoked),
];

impl Grant {
    /// DATA-GRANT: the grant an approved request makes; its term runs `days` from the
    /// recorded approval time.
    pub fn from_request(id: GrantId, request: &Request) -> Result<Grant, SharingError> {
        let Some(approved_at) = request
            .decided_at
            .filter(|_| request.status == RequestStatus::Approved)
        else {
            return Err(SharingError::invalid("申请未获授权"));
        };
        let ends_at =
            Instant::from_millis(approved_at.millis() + i64::from(request.filing.days) * DAY_MS);
        Ok(Grant {
            id,
            request: request.id,
            consumer: request.consumer,
            provider: request.provider,
            entry: request.filing.entry,
            resource: request.filing.resource,
            fields: request.filing.fields.clone(),
            api: request.api,
            approved_at,
            ends_at,
            status: Status::Active,
            last_used_at: None,
            reason: String::new(),
        })
    }

    /// DATA-GRANT: the status at `now`; an active or suspended grant past its end is expired.
    pub fn state_at(&self, now: Instant) -> Status {
        match self.status {
            Status::Active | Status::Suspended if now >= self.ends_at => Status::Expired,
            other => other,
        }
    }

    /// DATA-CALL: whether a call may be answered at `now`, or why not (Chinese).
    pub fn may_call(&self, now: Instant) -> Result<(), &'static str> {
        match self.state_at(now) {
            Status::Active => Ok(()),
            Status::Suspended => Err("授权已暂停"),
            Status::Revoked => Err("授权已收回"),
            Status::Terminated => Err("授权已终止"),
            Status::Expired => Err("授权已到期，如需继续使用请重新申请"),
        }
    }

    /// DATA-GRANT: an API grant unused since its approval or last call for
    /// `datashare.api_unused_revocable` may be revoked by the provider.
    pub fn revocable_unused(&self, now: Instant, rules: Rules<'_>) -> bool {
        if !self.api || self.state_at(now) != Status::Active {
            return false;
        }
        let since = self.last_used_at.unwrap_or(self.approved_at);
        let limit = rules.profile.datashare.api_unused_revocable.limit();
        Clock::new(since, limit).due(rules.calendar).at <= now
    }

    /// Judges `command` for `acting` at `now`; a refusal changes nothing.
    pub fn apply(
        &self,
        command: &Command,
        acting: &Acting,
        now: Instant,
        rules: Rules<'_>,
    ) -> Result<Grant, SharingError> {
        let label = command.label_zh();
        let from = self.state_at(now);
        let Some(&(_, _, to)) = TRANSITIONS
            .iter()
            .find(|(row_from, row, _)| *row_from == from && *row == label)
        else {
            return Err(SharingError::transition(from.label_zh(), label));
        };
        let provider_or_admin = acting.acts_for(self.provider) || acting.is_administrator();
        let allowed = match command {
            Command::Suspend { .. } | Command::Resume | Command::Revoke { .. } => provider_or_admin,
            Command::Terminate { .. } => {
                acting.is_administrator() || acting.acts_for(self.consumer)
            }
            Command::RevokeUnused => acting.acts_for(self.provider),
        };
        if !allowed {
            return Err(SharingError::not_permitted(format!(
                "无权{label}该授权（DATA-GRANT）"
            )));
        }
        let reason = match command {
            Command::Suspend { reason }
            | Command::Revoke { reason }
            | Command::Terminate { reason } => {
                if reason.trim().is_empty() {
                    return Err(SharingError::invalid(format!("{label}授权须写明理由")));
                }
                reason.trim().to_owned()
            }
            Command::Resume => String::new(),
            Command::RevokeUnused => {
                if !self.api {
                    return Err(SharingError::invalid("只有服务接口授权闲置可收回"));
                }
                if !self.revocable_unused(now, rules) {
                    return Err(SharingError::invalid(
                        "获得授权后未满规定期限不使用的，才可收回（DATA-GRANT）",
                    ));
                }
                "获得授权后超过规定期限未使用服务接口".to_owned()
            }
        };
        let mut next = self.clone();
        next.status = to;
        next.reason = reason;
        Ok(next)
    }
}
