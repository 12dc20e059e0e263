//! NET-IPAM: CSV in NetBox's bulk-import columns — a file read row by row, every bad row
//! named in Chinese and the whole file refused, and what is written reads back the same.

use extranet::ErrorKind;
use extranet::ipam::netbox;
use extranet::ipam::{AllocationStatus, Prefix};

/// NET-IPAM: NetBox's prefix columns read (other NetBox columns ignored, quoted fields kept).
#[test]
fn a_netbox_prefix_file_reads() {
    let text = "prefix,status,tenant,site,description\n\
                10.20.1.0/24,active,区教育局,机关,\"教育城域网, 一期\"\n\
                10.20.2.0/29,reserved,区卫生健康局,,\n";
    let rows = netbox::read_prefixes(text).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].prefix, Prefix::parse("10.20.1.0/24").unwrap());
    assert_eq!(rows[0].tenant, "区教育局");
    assert_eq!(rows[0].description, "教育城域网, 一期");
    assert_eq!(rows[1].status, AllocationStatus::Reserved);
    assert_eq!(rows[1].line, 3);
}

/// NET-IPAM: one bad row refuses the file; each bad row is named with its line and problem.
#[test]
fn bad_rows_are_named_and_the_file_refused() {
    let text = "address,status,tenant,dns_name,description\n\
                10.20.1.5/24,active,区教育局,oa.jyj.gz,办公系统\n\
                10.20.1.300/24,active,区教育局,,\n\
                10.20.1.6/24,retired,,bad_name!,\n";
    let error = netbox::read_addresses(text).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Invalid);
    let message = error.to_string();
    assert!(
        message.starts_with("导入文件有误，整个文件未导入。"),
        "{message}"
    );
    assert!(
        message.contains("第 3 行：“10.20.1.300/24”不是有效的 IP 地址"),
        "{message}"
    );
    assert!(
        message.contains("第 4 行：状态“retired”应为 active、reserved 或 deprecated"),
        "{message}"
    );
    assert!(message.contains("未填写使用单位（tenant）"), "{message}");
    assert!(message.contains("“bad_name!”不是有效的域名"), "{message}");
    assert!(!message.contains("第 2 行"), "{message}");
    let missing = netbox::read_prefixes("prefix,description\n10.0.0.0/8,x\n").unwrap_err();
    assert_eq!(
        missing.to_string(),
        "CSV 文件缺少列：status、tenant（NetBox 格式的表头为 prefix,status,tenant,description）"
    );
}

/// NET-IPAM: an exported file reads back as the same rows.
#[test]
fn what_is_written_reads_back() {
    let text = "address,status,tenant,dns_name,description\n\
                10.20.1.5/32,active,区教育局,oa.jyj.gz,\"办公系统 \"\"OA\"\"\"\n\
                2001:db8::10/128,deprecated,区卫生健康局,,\n";
    let rows = netbox::read_addresses(text).unwrap();
    assert_eq!(rows[0].dns_name.as_deref(), Some("oa.jyj.gz"));
    assert_eq!(rows[0].description, "办公系统 \"OA\"");
    let written = netbox::write_addresses(&rows);
    assert_eq!(written, text.replace("\\\n", ""));
    assert_eq!(netbox::read_addresses(&written).unwrap(), rows);
}
