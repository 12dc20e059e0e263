//! SEC-HOSTING, pure: the hosting declaration read from a form (addresses and CIDR prefixes
//! validated, every problem at once), its checks against 000 网站 §22 (abroad, a foreign
//! provider: violations) and the jurisdiction's region (004 §32(七): a finding), a site
//! with no declaration, and the resolved addresses compared with the declared ones
//! (localhost only, no network).

use std::net::IpAddr;

use sites::registry::{
    Hosting, HostingIssue, Region, ServerAddress, check_hosting, undeclared_addresses,
};

use sites::usecase::hosting::resolve;

use crate::PROFILE;

fn gansu() -> Region {
    let [province, city, county] = PROFILE.website.hosting_region_parts();
    Region {
        province,
        city,
        county,
    }
}

fn declared(province: &str, city: &str, county: &str, abroad: (bool, bool)) -> Hosting {
    Hosting::from_form(
        "gov_cloud",
        "张掖市政务云",
        abroad.0,
        abroad.1,
        province,
        city,
        county,
        "10.1.2.0/24\n2001:db8::1",
    )
    .unwrap()
}

#[test]
fn sec_hosting_addresses_and_prefixes_are_validated() {
    let table: &[(&str, Option<&str>)] = &[
        ("192.0.2.10", Some("192.0.2.10")),
        ("192.0.2.0/24", Some("192.0.2.0/24")),
        ("2001:db8::/32", Some("2001:db8::/32")),
        (" ::1 ", Some("::1")),
        ("192.0.2.0/33", None),
        ("2001:db8::/129", None),
        ("192.0.2.300", None),
        ("192.0.2.0/+8", None),
        ("www.example.gov.cn", None),
        ("", None),
    ];
    for (text, want) in table {
        let got = ServerAddress::parse(text).map(|address| address.to_string());
        assert_eq!(got.as_deref(), *want, "{text}");
    }
    let net = ServerAddress::parse("10.1.2.0/24").unwrap();
    assert!(net.contains("10.1.2.77".parse().unwrap()));
    assert!(net.contains("::ffff:10.1.2.77".parse().unwrap()));
    assert!(!net.contains("10.1.3.1".parse().unwrap()));
    let all = ServerAddress::parse("0.0.0.0/0").unwrap();
    assert!(all.contains("203.0.113.9".parse().unwrap()));
}

#[test]
fn sec_hosting_a_bad_form_names_every_problem() {
    let error = Hosting::from_form(
        "cloud",
        "",
        false,
        false,
        "",
        "张掖市",
        "甘州区",
        "1.2.3.4/40",
    )
    .unwrap_err()
    .to_string();
    for part in ["托管方式", "服务提供方", "所在省", "1.2.3.4/40"] {
        assert!(error.contains(part), "{part}: {error}");
    }
    let none = Hosting::from_form(
        "own_room",
        "区信息中心",
        false,
        false,
        "甘肃省",
        "张掖市",
        "甘州区",
        " \n ",
    )
    .unwrap_err()
    .to_string();
    assert!(none.contains("至少一个服务器地址"), "{none}");
    let long = "云".repeat(61);
    assert!(
        Hosting::from_form(
            "commercial",
            &long,
            false,
            false,
            "甘肃省",
            "张掖市",
            "甘州区",
            "1.2.3.4"
        )
        .is_err()
    );
}

/// SEC-HOSTING: 000 网站 §22 (violations) and 004 §32(七) (a finding), and no declaration.
#[test]
fn sec_hosting_declarations_are_checked_against_the_article_and_the_region() {
    let region = gansu();
    assert_eq!(region.county, "甘州区");
    let at_home = declared("甘肃", "张掖市", "甘州区", (false, false));
    assert_eq!(check_hosting(Some(&at_home), &region), vec![]);
    let kinds = |hosting: Option<&Hosting>| -> Vec<(&'static str, bool)> {
        check_hosting(hosting, &region)
            .iter()
            .map(|issue| (issue.kind(), issue.is_violation()))
            .collect()
    };
    assert_eq!(kinds(None), vec![("hosting-undeclared", false)]);
    assert_eq!(
        kinds(Some(&declared(
            "甘肃省",
            "兰州市",
            "城关区",
            (false, false)
        ))),
        vec![("hosting-outside-region", false)]
    );
    assert_eq!(
        kinds(Some(&declared("香港", "香港", "中西区", (true, true)))),
        vec![("hosting-abroad", true), ("hosting-abroad", true)]
    );
    let foreign = check_hosting(
        Some(&declared("甘肃省", "张掖市", "甘州区", (true, false))),
        &region,
    );
    assert!(matches!(&foreign[..], [HostingIssue::ForeignProvider(p)] if p == "张掖市政务云"));
    assert!(foreign[0].detail().contains("000 网站 §22"));
    // A city-level region (empty county) compares province and city only.
    let city = Region {
        province: "河北省".into(),
        city: "承德市".into(),
        county: String::new(),
    };
    assert_eq!(
        check_hosting(
            Some(&declared("河北", "承德", "双桥区", (false, false))),
            &city
        ),
        vec![]
    );
}

/// SEC-HOSTING: an address a domain resolves to that is not declared is a finding
/// ("解析地址不在登记的服务器地址内"); resolved through the system resolver on localhost.
#[tokio::test]
async fn sec_hosting_resolved_addresses_outside_the_declaration_are_found() {
    let resolved = resolve("localhost").await;
    let loopback: IpAddr = "127.0.0.1".parse().unwrap();
    assert!(resolved.iter().any(IpAddr::is_loopback), "{resolved:?}");
    let form = |addresses: &str| {
        Hosting::from_form(
            "own_room",
            "区信息中心",
            false,
            false,
            "甘肃省",
            "张掖市",
            "甘州区",
            addresses,
        )
        .unwrap()
    };
    let loopbacks = form("127.0.0.0/8\n::1");
    assert_eq!(
        undeclared_addresses(&loopbacks, "localhost", &resolved),
        vec![]
    );
    let other = form("192.0.2.10");
    let found = undeclared_addresses(&other, "localhost", &[loopback, loopback]);
    assert_eq!(found.len(), 1, "one finding per address");
    assert_eq!(found[0].kind(), "hosting-address");
    assert!(found[0].detail().contains("解析地址不在登记的服务器地址内"));
    assert!(found[0].detail().contains("127.0.0.1"));
}
