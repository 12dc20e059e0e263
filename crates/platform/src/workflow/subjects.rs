//! The subject registry (OPS-ESUPERVISE): every clocked domain describes its subject kind
//! once — the code its clocks carry in the clock table, a Chinese label, where its public
//! number is kept, its page, and the rule of its main limit — and cross-domain views
//! (electronic supervision, the workbench) read the registry and the clock table instead of
//! joining each domain's tables by name. A new domain appears in them by adding its kind to
//! the registry the application builds, without touching their code.

/// One kind of subject.
#[derive(Debug, Clone, Copy)]
pub struct SubjectKind {
    /// The `subject_type` of its clock rows: `order`, `case`, …
    pub code: &'static str,
    /// 12345工单, 政务服务办件, …
    pub label: &'static str,
    /// The table holding its public number: `id` (the clock rows' `subject_id`) and
    /// `number`. A constant of the domain's code, never user input.
    pub number_table: &'static str,
    /// Its back-office page, to which the subject id is appended.
    pub page: &'static str,
    /// The rule of its main limit: a red clock of this rule makes the subject 超期.
    pub main_rule: &'static str,
    /// Where the domain's own job flags a subject overdue (a case's 超期办件), if it does: the
    /// column of `number_table` holding the flag, and the SQL counting the flagged open
    /// subjects per unit (columns `unit_id`, `n`; `$1` a unit id, 0 for all). Without it, a
    /// red clock of `main_rule` makes the subject 超期.
    pub overdue_flag: Option<OverdueFlag>,
    /// The Chinese name of a clock of this kind by its rule ID (办理时限, 签收时限 …).
    pub clock_name: fn(&str) -> &'static str,
    /// What its subjects wait for and from whom, for the workbench ([`super::workbench`]).
    pub waits: &'static [super::workbench::Wait],
    /// Where its history rows are kept ([`super::history`]).
    pub history: super::history::HistoryTable,
    /// A command's name in words by its stored code (派单, 受理 …), for the folded history.
    pub command_label: fn(&str) -> &'static str,
    /// The words and counting word of the kind's own effect rows (评价 次 …), beyond the
    /// kernel's clock and message rows.
    pub effect_words: fn(&str) -> Option<(&'static str, &'static str)>,
    /// What its clocks add to the generic counters (releases, deadlines;
    /// [`super::counters`]).
    pub counting: super::counters::Counting,
}

/// A domain's own overdue flag (see [`SubjectKind::overdue_flag`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverdueFlag {
    pub column: &'static str,
    pub count_by_unit_sql: &'static str,
}

impl SubjectKind {
    /// The page of one subject.
    pub fn link(&self, subject_id: &str) -> String {
        format!("{}{subject_id}", self.page)
    }
}

/// The kinds of one installation, in the order views list them.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    kinds: Vec<SubjectKind>,
}

impl Registry {
    /// The registry of `kinds`; a code given twice keeps the first.
    pub fn new(kinds: impl IntoIterator<Item = SubjectKind>) -> Registry {
        let mut registry = Registry::default();
        for kind in kinds {
            if registry.kind(kind.code).is_none() {
                registry.kinds.push(kind);
            }
        }
        registry
    }

    /// Every kind, in order.
    pub fn kinds(&self) -> &[SubjectKind] {
        &self.kinds
    }

    /// The kind of a clock row's `subject_type`.
    pub fn kind(&self, code: &str) -> Option<&SubjectKind> {
        self.kinds.iter().find(|kind| kind.code == code)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const ORDER: SubjectKind = SubjectKind {
        code: "order",
        label: "12345工单",
        number_table: "hotline_appeals",
        page: "/office/hotline/orders/",
        main_rule: "HL-LIMITS",
        overdue_flag: None,
        clock_name: |_| "办理时限",
        waits: &[],
        history: super::super::history::HistoryTable {
            table: "hotline_events",
            subject_column: "order_id",
        },
        command_label: |_| "操作",
        effect_words: |_| None,
        counting: super::super::counters::Counting::NONE,
    };

    /// OPS-ESUPERVISE: a kind is found by its clock code and links to its page; a code given
    /// twice is kept once.
    #[test]
    fn ops_esupervise_the_registry_finds_kinds_by_clock_code() {
        let registry = Registry::new([ORDER, ORDER]);
        assert_eq!(registry.kinds().len(), 1);
        let kind = registry.kind("order").unwrap();
        assert_eq!(kind.link("42"), "/office/hotline/orders/42");
        assert!(registry.kind("case").is_none());
    }
}
