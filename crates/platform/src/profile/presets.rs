//! The shipped presets: one per source document, each a change of the `ganzhou` defaults.

use super::{RuleProfile, TimeLimit, news_sources};
use crate::error::{Error, Result};

/// A named preset: its label and how it differs from `ganzhou`, with the source of each
/// difference (shown in the editor instead of the default's source).
pub struct Preset {
    pub name: &'static str,
    pub label: &'static str,
    pub document: &'static str,
    apply: fn(&mut RuleProfile),
    pub sources: &'static [(&'static str, &'static str)],
}

impl Preset {
    pub fn build(&self) -> RuleProfile {
        let mut profile = RuleProfile::default();
        (self.apply)(&mut profile);
        profile
    }

    /// Where this preset's value of `key` comes from.
    pub fn source_of(&self, key: &str) -> Option<&'static str> {
        self.sources
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, source)| *source)
            .or_else(|| super::note_for(key).map(|note| note.source))
    }
}

fn t(text: &str) -> TimeLimit {
    TimeLimit::of(text)
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "ganzhou",
        label: "甘州区（默认）",
        document: "000 甘州区六项制度（2024）",
        apply: |_| {},
        sources: &[],
    },
    Preset {
        name: "chengde",
        label: "承德市",
        document: "001 承德市“互联网+政务服务”平台运行管理",
        apply: |p| {
            p.messages.site_error_report = t("5wd");
            p.reports.half_monthly_notice = true;
            p.website.licensed_news_sources = news_sources("河北省人民政府网；河北日报");
            p.website.hosting_region = "河北省；承德市；".into();
            p.services.item_review_chain = "审改办审核 → 政务公开信息科备案".into();
            p.services.item_legal_review = "法制办合法性审查".into();
            p.services.legal_review_first = true;
            p.services.online_hosts = "www.hbzwfw.gov.cn".into();
        },
        sources: &[
            (
                "website.hosting_region",
                "004 §32(七)（本级行政区域：河北省承德市）",
            ),
            (
                "services.item_review_chain",
                "001 §9（法制办 → 审改办，经政务公开信息科报备）",
            ),
            ("services.item_legal_review", "001 §9（法制办）"),
            (
                "services.legal_review_first",
                "001 §9（报市法制办审核同意后报市审改办）",
            ),
            (
                "messages.site_error_report",
                "001 §5（四个栏目均为 5 个工作日）",
            ),
            ("reports.half_monthly_notice", "001 §25"),
            (
                "website.licensed_news_sources",
                "000 网站 §14（承德市：河北省政府网站和省级党报）",
            ),
        ],
    },
    Preset {
        name: "fenggang",
        label: "凤冈县",
        document: "002 凤冈县政务公开标准体系（2018）",
        apply: |p| {
            p.website.fresh_news = t("7d");
            p.website.department_sites_allowed = false;
            p.website.footer_party_mark = false;
            p.website.licensed_news_sources = news_sources("贵州省人民政府网；贵州日报");
            p.website.hosting_region = "贵州省；遵义市；凤冈县".into();
            p.services.online_hosts = "zwfw.guizhou.gov.cn".into();
            p.messages.consultation = t("15wd");
            p.messages.complaint = t("20wd");
            p.messages.extension_max = t("30wd");
            p.messages.consultations_per_year = 6;
            p.openness.application_answer = t("15wd");
            p.openness.application_extension = t("15wd");
            p.openness.unit_annual_report_by = "02-28".into();
            p.openness.portal_columns = super::FENGGANG_PORTAL_COLUMNS.into();
            p.openness.unit_site_columns = String::new();
        },
        sources: &[
            (
                "website.hosting_region",
                "004 §32(七)（本级行政区域：贵州省遵义市凤冈县）",
            ),
            ("website.fresh_news", "002 网站规范 §23（每周更新）"),
            (
                "website.department_sites_allowed",
                "002 网站规范 §6（部门、镇乡、村不得建设政府网站）",
            ),
            (
                "website.footer_party_mark",
                "002 网站规范 §16(一)4（须显示主办单位、网站标识码和找错入口）",
            ),
            (
                "website.licensed_news_sources",
                "000 网站 §14（凤冈县：贵州省政府网站和省级党报）",
            ),
            ("messages.consultation", "002 网站规范 §23(六)"),
            ("messages.complaint", "002 网站规范 §23(六)"),
            ("messages.extension_max", "002 网站规范 §23(六)"),
            ("messages.consultations_per_year", "002 网站规范 §23(八)"),
            (
                "openness.application_answer",
                "002 公开制度 §16（2008 年条例的历史值；现行条例为 20 个工作日）",
            ),
            (
                "openness.application_extension",
                "002 公开制度 §16（2008 年条例的历史值；现行条例为 20 个工作日）",
            ),
            (
                "openness.unit_annual_report_by",
                "002 年度报告 §4（历史值；现行条例 §49 为 1 月 31 日）",
            ),
            (
                "openness.portal_columns",
                "002 网站规范 §18(二)（13 个基本栏目）",
            ),
            (
                "openness.unit_site_columns",
                "002 网站规范 §6（部门、镇乡不建网站，无单位网站栏目要求）",
            ),
        ],
    },
    Preset {
        name: "chengguan",
        label: "城关区",
        document: "003 城关区网上政务服务运行管理（2022）",
        apply: |p| {
            p.services.item_review_chain = "区政务服务管理局审批".into();
            p.services.item_legal_review = "区司法局合法性审查".into();
            p.services.legal_review_first = true;
            p.website.hosting_region = "甘肃省；兰州市；城关区".into();
        },
        sources: &[
            (
                "website.hosting_region",
                "004 §32(七)（本级行政区域：甘肃省兰州市城关区）",
            ),
            (
                "services.item_review_chain",
                "003 §12–14（区政务服务管理局审批）",
            ),
            (
                "services.item_legal_review",
                "003 §12–14（区司法局合法性审查）",
            ),
            (
                "services.legal_review_first",
                "003 §9（区司法局合法性审核），§12–14（区政务服务管理局审批在后）",
            ),
        ],
    },
    Preset {
        name: "xingning",
        label: "兴宁市",
        document: "004 兴宁市政府网站管理（2014）",
        apply: |p| {
            p.openness.policy_document = t("5wd");
            p.openness.news = t("2wd");
            p.openness.portal_columns = super::XINGNING_PORTAL_COLUMNS.into();
            p.messages.leader_mailbox = t("2wd");
            p.messages.consultation = t("2wd");
            p.messages.suggestion = t("2wd");
            p.messages.complaint = t("2wd");
            p.messages.site_error_report = t("2wd");
            p.messages.complex = t("10wd");
            p.website.unit_weekly_submissions = 1;
            p.website.licensed_news_sources = news_sources("广东省人民政府网；南方日报");
            p.website.hosting_region = "广东省；梅州市；兴宁市".into();
            p.services.online_hosts = "www.gdzwfw.gov.cn".into();
        },
        sources: &[
            (
                "website.hosting_region",
                "004 §32(七)（本级行政区域：广东省梅州市兴宁市）",
            ),
            ("openness.policy_document", "004 §13"),
            ("openness.news", "004 §13"),
            ("openness.portal_columns", "004 §14（门户网站 10 项）"),
            (
                "messages.leader_mailbox",
                "004 §13(三)（一般 2 个工作日，复杂 10 个工作日）",
            ),
            ("messages.consultation", "004 §13(三)"),
            ("messages.suggestion", "004 §13(三)"),
            ("messages.complaint", "004 §13(三)"),
            ("messages.site_error_report", "004 §13(三)"),
            ("messages.complex", "004 §13(三)（复杂 10 个工作日）"),
            ("website.unit_weekly_submissions", "004 §26"),
            (
                "website.licensed_news_sources",
                "000 网站 §14（兴宁市：广东省政府网站和省级党报）",
            ),
        ],
    },
];

pub fn preset(name: &str) -> Result<&'static Preset> {
    PRESETS
        .iter()
        .find(|preset| preset.name == name)
        .ok_or_else(|| {
            Error::invalid(format!(
                "未知的规则预设“{name}”：可选 ganzhou、chengde、fenggang、chengguan、xingning"
            ))
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::profile::note_for;

    #[test]
    fn every_preset_limit_parses_and_validates() {
        for preset in PRESETS {
            let profile = preset.build();
            for (key, value) in profile.leaves().unwrap() {
                if let Some(text) = value.as_str()
                    && text.ends_with(['d', 'h'])
                {
                    assert!(
                        text.parse::<calendar::Limit>().is_ok(),
                        "{}: {key}={text}",
                        preset.name
                    );
                }
            }
            profile.validate().unwrap();
        }
    }

    #[test]
    fn every_profile_field_has_a_label_rule_and_source() {
        for (key, _) in RuleProfile::default().leaves().unwrap() {
            let note = note_for(&key).unwrap_or_else(|| panic!("no note for {key}"));
            assert!(!note.label.is_empty() && !note.rule.is_empty() && !note.source.is_empty());
        }
    }

    #[test]
    fn every_preset_source_names_a_real_field() {
        for preset in PRESETS {
            for (key, _) in preset.sources {
                assert!(note_for(key).is_some(), "{}: {key}", preset.name);
            }
        }
    }

    #[test]
    fn hl_sign_ganzhou_default_is_one_working_hour() {
        // HL-SIGN, HL-LIMITS: the defaults come from file 000, not from code constants.
        let profile = preset("ganzhou").unwrap().build();
        assert_eq!(profile.hotline.sign.to_string(), "1wh");
        assert_eq!(profile.hotline.complaint_report.to_string(), "5wd");
    }

    /// WEB-REGISTRY, WEB-FOOTER, WEB-FRESH: fenggang opens no department or township site,
    /// asks for no 党政机关网站标识 and wants news weekly; ganzhou allows department sites on
    /// approval, shows the mark, and gives news two weeks and the home page two weeks.
    #[test]
    fn web_registry_fenggang_opens_no_department_sites_and_updates_news_weekly() {
        let ganzhou = preset("ganzhou").unwrap().build().website;
        let fenggang = preset("fenggang").unwrap().build().website;
        assert!(ganzhou.department_sites_allowed && ganzhou.footer_party_mark);
        assert!(!fenggang.department_sites_allowed && !fenggang.footer_party_mark);
        assert_eq!(ganzhou.fresh_news.to_string(), "14d");
        assert_eq!(fenggang.fresh_news.to_string(), "7d");
        assert_eq!(ganzhou.fresh_home_page.to_string(), "14d");
        assert_eq!(ganzhou.fresh_overview.to_string(), "365d");
    }

    #[test]
    fn pub_apply_fenggang_keeps_the_historical_15_working_days() {
        // PUB-APPLY: fenggang documents the 2008 value; every other preset uses 20 WD.
        assert_eq!(
            preset("fenggang")
                .unwrap()
                .build()
                .openness
                .application_answer
                .to_string(),
            "15wd"
        );
        assert_eq!(
            preset("chengde")
                .unwrap()
                .build()
                .openness
                .application_answer
                .to_string(),
            "20wd"
        );
    }

    #[test]
    fn stored_overrides_apply_on_top_of_the_preset_and_round_trip() {
        let edited = preset("xingning")
            .unwrap()
            .build()
            .with_edits(&[
                ("hotline.sign".into(), "2wh".into()),
                ("security.session_idle_minutes".into(), "15".into()),
            ])
            .unwrap();
        let stored = edited.overrides_against("xingning").unwrap();
        assert_eq!(RuleProfile::load("xingning", &stored).unwrap(), edited);
        assert!(stored.contains("2wh") && !stored.contains("messages"));
    }

    /// WEB-INSPECT: a profile saved while the deduction points were profile text still loads;
    /// the text is dropped (the points are the table of `/office/inspect/deductions` now).
    #[test]
    fn web_inspect_a_profile_saved_with_the_old_deduction_text_loads_without_it() {
        let stored =
            r#"{"website": {"inspection_deductions": "broken-link=3", "inspection_fix": "5wd"}}"#;
        let profile = RuleProfile::load("ganzhou", stored).unwrap();
        assert_eq!(profile.website.inspection_fix.to_string(), "5wd");
        assert!(
            !profile
                .overrides_against("ganzhou")
                .unwrap()
                .contains("inspection_deductions")
        );
    }

    /// Issue 12 finding 7 (SEC-ACCOUNTS): a profile saved when logins had a hard lock still
    /// loads; its failure count carries over, its lock duration (120 minutes here, beyond the
    /// delay's one-hour bound) is dropped for the preset's cap.
    #[test]
    fn sec_accounts_a_profile_saved_with_the_old_lockout_fields_loads_with_the_login_delay() {
        let stored = r#"{"security": {"lockout_after_failures": 3, "lockout_minutes": 120}}"#;
        let profile = RuleProfile::load("ganzhou", stored).unwrap();
        assert_eq!(profile.security.login_delay_after_failures, 3);
        assert_eq!(profile.security.login_delay_cap_minutes, 15);
        assert!(
            !profile
                .overrides_against("ganzhou")
                .unwrap()
                .contains("lockout")
        );
    }

    #[test]
    fn sec_audit_edits_below_six_months_or_malformed_are_refused() {
        let profile = RuleProfile::default();
        let cases = [
            ("security.audit_retention_months", "3"),
            ("hotline.sign", "1 week"),
            ("hotline.sign", "-1wh"),
            ("security.login_delay_after_failures", "abc"),
            ("security.login_delay_cap_minutes", "0"),
            ("security.login_delay_cap_minutes", "61"),
            ("no.such.key", "1"),
            ("calendar.working_hours", "8-12"),
        ];
        for (key, value) in cases {
            let result = profile.with_edits(&[(key.into(), value.into())]);
            assert!(result.is_err(), "{key}={value} accepted");
        }
    }
}
