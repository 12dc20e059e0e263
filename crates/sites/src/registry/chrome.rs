//! What a site's pages show of its registration: the header with the site's full name
//! (WEB-HEADER) and the footer's elements (WEB-FOOTER), as of any date, so an archived page
//! shows the registration it was published under.

use platform::profile::RuleProfile;

use crate::registry::Registration;

/// WEB-HEADER (000 网站 §6, 002 网站规范 §16(一)2): the header shows the site's full name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// 网站全称.
    pub full_name: String,
    /// The main domain, for the logo's link.
    pub domain: Option<String>,
}

impl Header {
    pub fn of(registration: &Registration) -> Header {
        Header {
            full_name: registration.name.clone(),
            domain: registration.main_domain().map(str::to_owned),
        }
    }
}

/// WEB-FOOTER (000 门户 §7, 002 网站规范 §16(一)4): the footer's elements. The sitemap and
/// the 我为政府网站找错 entry are on every footer; the 党政机关网站标识 where the profile
/// says so (`website.footer_party_mark`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footer {
    /// 主办单位.
    pub host_unit: String,
    /// 网站标识码.
    pub site_code: String,
    /// ICP备案编号.
    pub icp_number: String,
    /// 公安机关备案号.
    pub police_number: String,
    pub contact_phone: String,
    pub contact_address: String,
    /// Shows the 党政机关网站标识.
    pub party_mark: bool,
    /// Links the 站点地图 and the 我为政府网站找错 entry (always).
    pub sitemap: bool,
    pub error_report: bool,
}

impl Footer {
    pub fn of(registration: &Registration, profile: &RuleProfile) -> Footer {
        Footer {
            host_unit: registration.host_unit_name.clone(),
            site_code: registration.site_code.clone(),
            icp_number: registration.icp_number.clone(),
            police_number: registration.police_number.clone(),
            contact_phone: registration.contact_phone.clone(),
            contact_address: registration.contact_address.clone(),
            party_mark: profile.website.footer_party_mark,
            sitemap: true,
            error_report: true,
        }
    }

    /// The labelled text lines, in the order pages print them.
    pub fn lines(&self) -> Vec<(&'static str, &str)> {
        let mut lines = vec![
            ("主办单位", self.host_unit.as_str()),
            ("网站标识码", self.site_code.as_str()),
            ("ICP备案", self.icp_number.as_str()),
            ("公安备案", self.police_number.as_str()),
            ("联系电话", self.contact_phone.as_str()),
        ];
        if !self.contact_address.is_empty() {
            lines.push(("地址", self.contact_address.as_str()));
        }
        lines
    }
}
