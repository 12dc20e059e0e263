//! SVC-ONLINE-URL (003 §15: 缴费类、查询类、咨询类事项必须提供真实、准确、可用的网上地址): an
//! item's online address is a well-formed `https` address whose host is on the jurisdiction's
//! allowed list (the profile's `services.online_hosts`). Checked without network access: the
//! form and the host, never by fetching.

/// The host of a well-formed `https://host[:port][/path][?query]` address, in lower case, or
/// the Chinese problem.
pub fn parse(url: &str) -> Result<String, String> {
    let url = url.trim();
    let refused = || format!("网上办理地址“{url}”不是有效的 https 地址");
    let rest = url
        .strip_prefix("https://")
        .or_else(|| {
            url.get(..8)
                .filter(|head| head.eq_ignore_ascii_case("https://"))
                .and_then(|_| url.get(8..))
        })
        .ok_or_else(refused)?;
    if rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refused());
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(refused());
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if port.is_some_and(|port| port.is_empty() || port.parse::<u16>().is_err()) {
        return Err(refused());
    }
    let labels: Vec<&str> = host.split('.').collect();
    let good_label = |label: &&str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if labels.len() < 2 || !labels.iter().all(good_label) || host.len() > 253 {
        return Err(refused());
    }
    Ok(host.to_ascii_lowercase())
}

/// SVC-ONLINE-URL: `url` is well-formed and its host is one of `hosts` or a subdomain of one.
pub fn check(url: &str, hosts: &[&str]) -> Result<(), String> {
    let host = parse(url)?;
    let allowed = hosts.iter().any(|allowed| {
        let allowed = allowed.trim().to_ascii_lowercase();
        !allowed.is_empty()
            && (host == allowed
                || host
                    .strip_suffix(allowed.as_str())
                    .is_some_and(|head| head.ends_with('.')))
    });
    if allowed {
        Ok(())
    } else {
        Err(format!(
            "网上办理地址的域名“{host}”不在本辖区认可的政务服务网站之列（{}）",
            hosts.join("、")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SVC-ONLINE-URL: the form and the host are checked, in a table.
    #[test]
    fn svc_online_url_form_and_host() {
        let hosts = ["zwfw.gansu.gov.cn", "gszwfw.gov.cn"];
        let cases = [
            ("https://zwfw.gansu.gov.cn/ganzhou/item/1", true),
            ("HTTPS://zwfw.gansu.gov.cn", true),
            ("https://www.gszwfw.gov.cn:443/a?b=1", true),
            ("http://zwfw.gansu.gov.cn/", false),
            ("https://evil.example.com/", false),
            ("https://gszwfw.gov.cn.evil.com/", false),
            ("https://xgszwfw.gov.cn/", false),
            ("https://user@zwfw.gansu.gov.cn/", false),
            ("https://zwfw.gansu.gov.cn:99999/", false),
            ("https://zwfw gansu.gov.cn/", false),
            ("https:///path", false),
            ("zwfw.gansu.gov.cn", false),
            ("", false),
        ];
        for (url, ok) in cases {
            assert_eq!(check(url, &hosts).is_ok(), ok, "{url}");
        }
    }
}
