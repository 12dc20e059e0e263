//! How the hotline looks through Open311 GeoReport v2: the four appeal categories are the
//! services (service_code = `Category::code`), an order's status is `open` or `closed`
//! with its Chinese label as status notes, and a service request carries no personal data
//! (HL-PRIVACY). Pure functions, no IO.

use calendar::Instant;
use platform::personal::PersonName;
use platform::{Error, Result};

use crate::appeal::Category;
use crate::order::Status;

/// The Open311 group every hotline service belongs to.
pub const SERVICE_GROUP: &str = "12345政务服务便民热线";

/// One Open311 service: a hotline appeal category (HL-REGISTER).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub service_code: &'static str,
    pub service_name: &'static str,
    pub description: &'static str,
    /// Whether a service definition with attributes exists (always: `private`, and `publish`
    /// but for complaints).
    pub metadata: bool,
    /// `realtime`: the request id is given at once.
    pub service_type: &'static str,
    pub keywords: &'static str,
    pub group: &'static str,
}

/// The Open311 service of a category.
pub fn service(category: Category) -> Service {
    let (description, keywords) = match category {
        Category::ConsultationHelp => ("政策咨询、办事指引和求助", "咨询,求助,政策,办事"),
        Category::Suggestion => ("对政府工作和公共服务的意见和建议", "意见,建议"),
        Category::ComplaintReport => (
            "对违法违规行为、服务问题的投诉和举报",
            "投诉,举报,噪音,环境,市场",
        ),
        Category::Other => ("不属于以上类别的诉求", "其他"),
    };
    Service {
        service_code: category.code(),
        service_name: category.label_zh(),
        description,
        metadata: true,
        service_type: "realtime",
        keywords,
        group: SERVICE_GROUP,
    }
}

/// Every service, in the order of `Category::ALL`.
pub fn services() -> Vec<Service> {
    Category::ALL.into_iter().map(service).collect()
}

/// One allowed value of a list attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeValue {
    pub key: &'static str,
    pub name: &'static str,
}

/// One attribute of a service definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribute {
    /// Whether the client sends a value (false: informational text).
    pub variable: bool,
    pub code: &'static str,
    /// `string`, `number`, `datetime`, `text`, `singlevaluelist`, `multivaluelist`.
    pub datatype: &'static str,
    pub required: bool,
    pub datatype_description: &'static str,
    pub order: u32,
    pub description: &'static str,
    pub values: Vec<AttributeValue>,
}

/// The code of the attribute every service has: keep the appeal private.
pub const PRIVATE_ATTRIBUTE: &str = "private";
/// The code of the attribute that says the appellant agreed to publication (issue 12
/// finding 12).
pub const PUBLISH_ATTRIBUTE: &str = "publish";

/// The definition of a service: the `private` attribute (an appeal filed private is never
/// published, HL-PRIVACY, and therefore never listed by GET requests) and, but for
/// complaints, which are never published, the `publish` attribute: the appellant's consent
/// to publish the content without personal data (default no).
pub fn service_definition(category: Category) -> (Service, Vec<Attribute>) {
    let private = Attribute {
        variable: true,
        code: PRIVATE_ATTRIBUTE,
        datatype: "singlevaluelist",
        required: false,
        datatype_description: "yes 或 no，默认 no",
        order: 1,
        description: "是否要求不公开（不公开的诉求不在查询接口中列出）",
        values: vec![
            AttributeValue {
                key: "no",
                name: "公开",
            },
            AttributeValue {
                key: "yes",
                name: "不公开",
            },
        ],
    };
    let publish = Attribute {
        variable: true,
        code: PUBLISH_ATTRIBUTE,
        datatype: "singlevaluelist",
        required: false,
        datatype_description: "yes 或 no，默认 no",
        order: 2,
        description: "诉求人是否同意公开诉求内容（不含个人信息；公开前隐去手机号、身份证号、银行卡号、邮箱和姓名）",
        values: vec![
            AttributeValue {
                key: "no",
                name: "不同意公开",
            },
            AttributeValue {
                key: "yes",
                name: "同意公开",
            },
        ],
    };
    if category == Category::ComplaintReport {
        return (service(category), vec![private]);
    }
    (service(category), vec![private, publish])
}

/// The Open311 status: `open` while the order is being worked on, `closed` once concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OpenStatus {
    Open,
    Closed,
}

impl OpenStatus {
    /// `open` or `closed`.
    pub const fn code(self) -> &'static str {
        match self {
            OpenStatus::Open => "open",
            OpenStatus::Closed => "closed",
        }
    }

    /// Parses `open` or `closed`.
    pub fn parse(text: &str) -> Result<OpenStatus> {
        match text.trim() {
            "open" => Ok(OpenStatus::Open),
            "closed" => Ok(OpenStatus::Closed),
            other => Err(Error::invalid(format!(
                "status 应为 open 或 closed，而不是“{other}”"
            ))),
        }
    }

    /// The order statuses this Open311 status covers.
    pub fn order_statuses(self) -> Vec<Status> {
        Status::ALL
            .into_iter()
            .filter(|status| open_status(*status) == self)
            .collect()
    }
}

/// HL-WITHDRAW's `is_open` decides: registered, dispatched, handling … are open; closed,
/// archived, refused, merged, transferred, withdrawn are closed.
pub fn open_status(status: Status) -> OpenStatus {
    if status.is_open() {
        OpenStatus::Open
    } else {
        OpenStatus::Closed
    }
}

/// The status notes: the order status's Chinese label.
pub fn status_notes(status: Status) -> &'static str {
    status.label_zh()
}

/// A service request as GET requests answers it. There is no field for the appellant's
/// name, phone, email or address: they cannot leak (HL-PRIVACY).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceRequest {
    /// The appeal number (`GZ20250303000001`).
    pub service_request_id: String,
    pub status: OpenStatus,
    pub status_notes: String,
    pub service_name: String,
    pub service_code: String,
    /// The appeal content.
    pub description: String,
    /// The lead unit's name, once dispatched.
    pub agency_responsible: Option<String>,
    pub requested_datetime: Instant,
    pub updated_datetime: Instant,
    /// The place of the matter (`location`), not the appellant's address.
    pub address: String,
    pub lat: Option<String>,
    pub long: Option<String>,
}

/// The appellant's name from Open311's first and last name: Chinese order (family name
/// first, no space) when both are Chinese, `first last` otherwise; none when both empty.
pub fn person_name(first_name: &str, last_name: &str) -> Result<Option<PersonName>> {
    let (first, last) = (first_name.trim(), last_name.trim());
    let is_cjk = |text: &str| text.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let joined = match (first.is_empty(), last.is_empty()) {
        (true, true) => return Ok(None),
        (false, true) => first.to_owned(),
        (true, false) => last.to_owned(),
        (false, false) if is_cjk(first) && is_cjk(last) => format!("{last}{first}"),
        (false, false) => format!("{first} {last}"),
    };
    PersonName::parse(&joined).map(Some)
}

/// A WGS84 coordinate in decimal degrees within `-limit..=limit`, normalised text.
pub fn coordinate(text: &str, field: &str, limit: f64) -> Result<String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| Error::invalid(format!("{field} 应为十进制度数")))?;
    if !value.is_finite() || value.abs() > limit {
        return Err(Error::invalid(format!(
            "{field} 应在 -{limit} 至 {limit} 度之间"
        )));
    }
    Ok(format!("{value}"))
}
