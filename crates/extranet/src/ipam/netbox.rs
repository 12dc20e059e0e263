//! CSV in NetBox's bulk-import columns (NET-IPAM), so an office can move its address ledger
//! in or out: prefixes `prefix,status,tenant,description` and IP addresses
//! `address,status,tenant,dns_name,description` (NetBox's `address` carries its subnet's mask,
//! `10.1.2.3/24`; the allocation is the one address). `tenant` is the unit's name. Other
//! NetBox columns are ignored. Reading checks every row and names each bad one in Chinese
//! (第 N 行); one bad row refuses the whole file.

use super::{AllocationStatus, Prefix, parse_dns_name};
use crate::error::ExtranetError;

/// The header of a prefixes file.
pub const PREFIX_COLUMNS: [&str; 4] = ["prefix", "status", "tenant", "description"];
/// The header of an IP addresses file.
pub const ADDRESS_COLUMNS: [&str; 5] = ["address", "status", "tenant", "dns_name", "description"];

/// One row of a prefixes or addresses file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// The line in the file (the header is line 1).
    pub line: usize,
    pub prefix: Prefix,
    pub status: AllocationStatus,
    /// The unit's name (NetBox's tenant).
    pub tenant: String,
    /// Addresses only.
    pub dns_name: Option<String>,
    pub description: String,
}

/// Splits CSV text into records (RFC 4180: quoted fields, `""` inside quotes, CRLF or LF).
pub fn records(text: &str) -> Result<Vec<Vec<String>>, ExtranetError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => quoted = false,
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() => quoted = true,
            ',' => row.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            _ => field.push(c),
        }
    }
    if quoted {
        return Err(ExtranetError::invalid("CSV 文件中有未闭合的引号"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.retain(|row| row.iter().any(|field| !field.trim().is_empty()));
    Ok(rows)
}

/// Reads a prefixes file (`prefix,status,tenant,description`).
pub fn read_prefixes(text: &str) -> Result<Vec<Row>, ExtranetError> {
    read(text, "prefix", false)
}

/// Reads an IP addresses file (`address,status,tenant,dns_name,description`).
pub fn read_addresses(text: &str) -> Result<Vec<Row>, ExtranetError> {
    read(text, "address", true)
}

fn read(text: &str, key: &str, addresses: bool) -> Result<Vec<Row>, ExtranetError> {
    let records = records(text)?;
    let Some((header, body)) = records.split_first() else {
        return Err(ExtranetError::invalid("CSV 文件是空的"));
    };
    let header: Vec<String> = header
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |name: &str| header.iter().position(|h| h == name);
    let required = [key, "status", "tenant"];
    let missing: Vec<&str> = required
        .into_iter()
        .filter(|name| column(name).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(ExtranetError::invalid(format!(
            "CSV 文件缺少列：{}（NetBox 格式的表头为 {}）",
            missing.join("、"),
            if addresses {
                ADDRESS_COLUMNS.join(",")
            } else {
                PREFIX_COLUMNS.join(",")
            }
        )));
    }
    let (key_at, status_at, tenant_at) = (column(key), column("status"), column("tenant"));
    let (dns_at, description_at) = (column("dns_name"), column("description"));
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (index, record) in body.iter().enumerate() {
        let line = index + 2;
        let cell = |at: Option<usize>| {
            at.and_then(|at| record.get(at))
                .map_or("", |value| value.trim())
        };
        let mut bad = Vec::new();
        let prefix = if addresses {
            Prefix::parse_address(cell(key_at))
        } else {
            Prefix::parse(cell(key_at))
        };
        let prefix = prefix.map_err(|error| bad.push(error.to_string())).ok();
        let status = AllocationStatus::from_code(cell(status_at));
        if status.is_none() {
            bad.push(format!(
                "状态“{}”应为 active、reserved 或 deprecated",
                cell(status_at)
            ));
        }
        let tenant = cell(tenant_at).to_owned();
        if tenant.is_empty() {
            bad.push("未填写使用单位（tenant）".to_owned());
        }
        let dns_name = match cell(dns_at) {
            "" => None,
            name => parse_dns_name(name)
                .map_err(|error| bad.push(error.to_string()))
                .ok(),
        };
        match (prefix, status) {
            (Some(prefix), Some(status)) if bad.is_empty() => rows.push(Row {
                line,
                prefix,
                status,
                tenant,
                dns_name,
                description: cell(description_at).to_owned(),
            }),
            _ => problems.push(format!("第 {line} 行：{}", bad.join("，"))),
        }
    }
    if !problems.is_empty() {
        return Err(ExtranetError::invalid(format!(
            "导入文件有误，整个文件未导入。{}",
            problems.join("；")
        )));
    }
    if rows.is_empty() {
        return Err(ExtranetError::invalid("CSV 文件只有表头，没有数据行"));
    }
    Ok(rows)
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// Writes a prefixes file (the rows' `dns_name` is not a prefix column).
pub fn write_prefixes(rows: &[Row]) -> String {
    let mut out = format!("{}\n", PREFIX_COLUMNS.join(","));
    for row in rows {
        let fields = [
            row.prefix.to_string(),
            row.status.code().to_owned(),
            row.tenant.clone(),
            row.description.clone(),
        ];
        out.push_str(&fields.map(|f| quote(&f)).join(","));
        out.push('\n');
    }
    out
}

/// Writes an IP addresses file (each address with its full mask, `10.1.2.3/32`).
pub fn write_addresses(rows: &[Row]) -> String {
    let mut out = format!("{}\n", ADDRESS_COLUMNS.join(","));
    for row in rows {
        let fields = [
            row.prefix.to_string(),
            row.status.code().to_owned(),
            row.tenant.clone(),
            row.dns_name.clone().unwrap_or_default(),
            row.description.clone(),
        ];
        out.push_str(&fields.map(|f| quote(&f)).join(","));
        out.push('\n');
    }
    out
}
