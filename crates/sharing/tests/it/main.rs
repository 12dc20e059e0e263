//! Integration tests of data sharing, built as one binary: the catalogue entry, request,
//! demand and grant machines (every pair of their tables, who may act, the clocks from the
//! profile), the stored gateway with its chained call log on both backends, and quality
//! reports and maintenance notices (DATA-QUALITY, DATA-MAINT, SEC-NOTICE), platform accounts
//! (DATA-ACCOUNTS) and the monthly usage reports (DATA-MAINT).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod demand_table;
mod entry_table;
mod grant_rules;
mod import_csv;
mod no_account;
mod outage;
mod quality_maint;
mod request_table;
mod stored_gateway;
mod usage_report;
mod world;

use std::sync::LazyLock;

use calendar::{Calendar, Instant};
use platform::profile::RuleProfile;
use platform::roles::Role;
use sharing::entry::{
    self, Entry, EntryDraft, Field, FieldType, Resource, ResourceKind, SharingClass,
};
use sharing::{Acting, EntryId, ResourceId, Rules, UnitId, UserId};

pub static CAL: LazyLock<Calendar> = LazyLock::new(|| Calendar::try_national().unwrap());
pub static PROFILE: LazyLock<RuleProfile> = LazyLock::new(RuleProfile::default);
/// A district that runs its own platform (decides requests itself).
pub static OWN_PLATFORM: LazyLock<RuleProfile> = LazyLock::new(|| {
    let mut profile = RuleProfile::default();
    profile.datashare.forward_upward = false;
    profile
});

/// The ganzhou profile: every request forwarded upward.
pub fn rules() -> Rules<'static> {
    Rules {
        profile: &PROFILE,
        calendar: &CAL,
    }
}

/// A district deciding its own requests.
pub fn own_rules() -> Rules<'static> {
    Rules {
        profile: &OWN_PLATFORM,
        calendar: &CAL,
    }
}

/// 区市场监督管理局: the provider.
pub const PROVIDER: UnitId = UnitId(5);
/// 区人力资源和社会保障局: the consumer.
pub const CONSUMER: UnitId = UnitId(6);
/// 区信息化工作办公室: the platform administrator's unit.
pub const ADMIN_UNIT: UnitId = UnitId(2);

pub fn acting(user: i64, unit: UnitId, roles: &[Role]) -> Acting {
    Acting::new(UserId(user), unit, roles)
}

pub fn provider() -> Acting {
    acting(50, PROVIDER, &[Role::UnitHandler])
}

pub fn consumer() -> Acting {
    acting(60, CONSUMER, &[Role::UnitHandler])
}

pub fn administrator() -> Acting {
    acting(20, ADMIN_UNIT, &[Role::DataAdmin])
}

pub fn at(text: &str) -> Instant {
    Instant::parse_rfc3339(&format!("{text}:00+08:00")).unwrap()
}

/// Monday 2 March 2026, 09:00.
pub fn t0() -> Instant {
    at("2026-03-02T09:00")
}

pub fn field(code: &str, label: &str, personal: bool) -> Field {
    Field {
        code: code.into(),
        label: label.into(),
        kind: FieldType::Text,
        description: String::new(),
        personal,
    }
}

pub fn draft(class: SharingClass) -> EntryDraft {
    EntryDraft {
        name: "企业登记信息".into(),
        class,
        fields: vec![
            field("uscc", "统一社会信用代码", false),
            field("name", "企业名称", false),
            field("legal_person", "法定代表人", true),
        ],
        frequency: "每日".into(),
        resources: vec![
            Resource {
                id: ResourceId(1),
                name: "企业登记库表".into(),
                kind: ResourceKind::Table {
                    frequency: "每日".into(),
                },
                online: true,
            },
            Resource {
                id: ResourceId(2),
                name: "企业核验接口".into(),
                kind: ResourceKind::Api {
                    url: "https://scjg.example/api/verify".into(),
                    method: "GET".into(),
                    document: "接口说明.pdf".into(),
                    self_checked: true,
                },
                online: true,
            },
        ],
    }
}

/// A published entry of `class`.
pub fn published(class: SharingClass) -> Entry {
    let (entry, _) = entry::register(EntryId(1), draft(class), &provider()).unwrap();
    let (entry, _) =
        entry::apply(&entry, &entry::Command::Submit, &provider(), t0(), rules()).unwrap();
    let (entry, _) = entry::apply(
        &entry,
        &entry::Command::Publish,
        &administrator(),
        t0(),
        rules(),
    )
    .unwrap();
    entry
}
