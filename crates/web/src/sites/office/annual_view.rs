//! The annual work report as pages show it (WEB-ANNUAL; `reports.md` §2): every field of
//! `sites::annual::FIELDS` in the form's order, grouped by its block (the first rows, 信息发布,
//! 专栏专题, 解读回应, 办事服务, 互动交流, 安全防护, 移动新媒体, 创新发展, and the signatures at the
//! foot), label for label with its sub-heading and unit; a value the records fill is shown with
//! where it comes from, an input is a form field with its problem. The office page, its print
//! view and Excel export, and the public page on the site read the same rows.

use sites::annual::{AnnualReport, Field, Kind, Origin, SIGNATURE_KEYS};

/// How an input is typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Text,
    Count,
    Decimal,
    YesNo,
    Date,
    Phone,
}

impl Control {
    fn of(kind: Kind) -> Control {
        match kind {
            Kind::Text => Control::Text,
            Kind::Count => Control::Count,
            Kind::Decimal => Control::Decimal,
            Kind::YesNo => Control::YesNo,
            Kind::Date => Control::Date,
            Kind::Phone => Control::Phone,
        }
    }
}

/// One field of the report.
pub struct Row {
    pub key: &'static str,
    /// The sub-heading (办件量, 微博 …), or empty.
    pub group: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    /// The value as the form shows it (as typed, on a refused save); empty when none.
    pub value: String,
    /// Typed in by the host unit (a form field on the office page).
    pub input: Option<Control>,
    /// Where a value the records fill comes from, in words.
    pub origin: &'static str,
    /// The problem of a refused save.
    pub error: Option<String>,
}

impl Row {
    pub fn is_input(&self) -> bool {
        self.input.is_some()
    }

    /// `aria-invalid` and `aria-describedby` of the field (its key is the page's own, ASCII).
    pub fn aria(&self) -> String {
        match self.error {
            Some(_) => format!(
                " aria-invalid=\"true\" aria-describedby=\"f-{}-error\"",
                self.key
            ),
            None => String::new(),
        }
    }

    pub fn control(&self) -> &'static str {
        match self.input {
            Some(Control::Text) | None => "text",
            Some(Control::Count) => "count",
            Some(Control::Decimal) => "decimal",
            Some(Control::YesNo) => "yesno",
            Some(Control::Date) => "date",
            Some(Control::Phone) => "phone",
        }
    }

    /// The first row of its sub-heading (the sub-heading is printed once).
    pub fn group_starts(&self, previous: Option<&Row>) -> bool {
        !self.group.is_empty() && previous.is_none_or(|p| p.group != self.group)
    }
}

/// One block of the form.
pub struct Block {
    pub id: &'static str,
    pub title: &'static str,
    pub rows: Vec<Row>,
}

impl Block {
    /// The sub-heading to print before row `index`, if it starts one.
    pub fn heading_at(&self, index: &usize) -> Option<&'static str> {
        let row = self.rows.get(*index)?;
        let previous = index.checked_sub(1).and_then(|i| self.rows.get(i));
        row.group_starts(previous).then_some(row.group)
    }
}

/// Where a field's value comes from, in words (WEB-ANNUAL, WEB-STATS).
pub fn origin_words(field: &Field, portal: bool) -> &'static str {
    match field.origin {
        Origin::Registration => "网站登记信息",
        Origin::Records => match field.key {
            "unique_visitors" | "page_views" => "网站访问统计",
            "security_drill" => "应急演练记录",
            _ => "网站发布记录",
        },
        Origin::PortalRecords if portal => "政务服务事项目录和办件记录",
        Origin::PortalRecords | Origin::Input => "填报",
    }
}

fn block_of(field: &Field) -> (&'static str, &'static str) {
    if SIGNATURE_KEYS.contains(&field.key) {
        return ("signatures", "签署");
    }
    match field.section {
        "" => ("identity", "基本信息"),
        "信息发布" => ("info", "信息发布"),
        "专栏专题" => ("special", "专栏专题"),
        "解读回应" => ("respond", "解读回应"),
        "办事服务" => ("service", "办事服务"),
        "互动交流" => ("talk", "互动交流"),
        "安全防护" => ("security", "安全防护"),
        "移动新媒体" => ("media", "移动新媒体"),
        "创新发展" => ("innovation", "创新发展"),
        other => ("other", other),
    }
}

/// The report's blocks; `typed` (the texts of a refused save) replace the inputs' values, and
/// `problems` (`(key, message)`) are put next to their fields.
pub fn blocks(
    report: &AnnualReport,
    typed: &[(String, String)],
    problems: &[(String, String)],
    inputs: bool,
) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (field, value) in report.rows() {
        let input = (inputs && field.is_input(report.portal)).then(|| Control::of(field.kind));
        let value = typed
            .iter()
            .find(|(key, _)| input.is_some() && key == field.key)
            .map(|(_, text)| text.clone())
            .or_else(|| value.map(sites::annual::Value::text))
            .unwrap_or_default();
        let row = Row {
            key: field.key,
            group: field.group,
            label: field.label,
            unit: field.unit,
            value,
            input,
            origin: origin_words(field, report.portal),
            error: problems
                .iter()
                .find(|(key, _)| key == field.key)
                .map(|(_, message)| message.clone()),
        };
        let (id, title) = block_of(field);
        match blocks.last_mut() {
            Some(block) if block.id == id => block.rows.push(row),
            _ => blocks.push(Block {
                id,
                title,
                rows: vec![row],
            }),
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use sites::SiteId;
    use sites::annual::{FIELDS, Value};

    #[test]
    fn every_field_is_in_one_block_in_the_forms_order_with_the_signatures_last() {
        let due = chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap_or_default();
        let mut report = AnnualReport::new(SiteId(1), 2025, false, due);
        assert!(report.set("info_total", Some(Value::Count(12))).is_ok());
        let typed = vec![("signed_head".to_owned(), "王明<".to_owned())];
        let problems = vec![("signed_phone".to_owned(), "联系电话格式不正确".to_owned())];
        let blocks = blocks(&report, &typed, &problems, true);
        let keys: Vec<&str> = blocks.iter().flat_map(|b| &b.rows).map(|r| r.key).collect();
        let all: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        assert_eq!(keys, all);
        assert_eq!(blocks[0].title, "基本信息");
        let last = blocks.last().map(|b| b.title);
        assert_eq!(last, Some("签署"));
        let row = |key: &str| blocks.iter().flat_map(|b| &b.rows).find(|r| r.key == key);
        assert_eq!(row("info_total").map(|r| r.value.as_str()), Some("12"));
        assert!(row("info_total").is_some_and(|r| !r.is_input()));
        assert_eq!(row("signed_head").map(|r| r.value.as_str()), Some("王明<"));
        assert!(row("signed_phone").is_some_and(|r| r.error.is_some()));
        // A department site types in the services block; the portal's is counted.
        assert!(row("service_items").is_some_and(Row::is_input));
        let portal = AnnualReport::new(SiteId(1), 2025, true, due);
        let blocks = super::blocks(&portal, &[], &[], true);
        let items = blocks
            .iter()
            .flat_map(|b| &b.rows)
            .find(|r| r.key == "service_items");
        assert!(items.is_some_and(|r| !r.is_input()));
    }
}
