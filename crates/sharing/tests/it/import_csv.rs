//! CSV import of a hosted table (DATA-RESOURCE, bad input): GBK files are detected and
//! converted, broken encodings refused with a clear message, headers by code or label, a row
//! with the wrong number of columns refuses the whole file — nothing half-imported.

use sharing::import::{decode, parse_csv, rows_for};

use crate::field;

#[test]
fn data_resource_a_gbk_file_is_detected_and_converted() {
    let text = "统一社会信用代码,企业名称\r\n91620702MA00000001,\"甘州示例企业,有限公司\"\r\n";
    let (gbk, _, failed) = encoding_rs::GBK.encode(text);
    assert!(!failed);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the fixture really is GBK"
    );
    assert_eq!(decode(&gbk).unwrap(), text);
    let mut utf8_bom = b"\xEF\xBB\xBF".to_vec();
    utf8_bom.extend_from_slice(text.as_bytes());
    assert_eq!(decode(&utf8_bom).unwrap(), text);
    let broken = [0x81u8, 0x20, 0xFF, 0xFE, 0x80];
    assert!(decode(&broken).unwrap_err().contains("编码无法识别"));
    let dictionary = [
        field("uscc", "统一社会信用代码", false),
        field("name", "企业名称", false),
        field("status", "登记状态", false),
    ];
    let rows = rows_for(&dictionary, &parse_csv(text).unwrap()).unwrap();
    assert_eq!(
        rows,
        vec![vec![
            "91620702MA00000001".to_owned(),
            "甘州示例企业,有限公司".to_owned(),
            String::new()
        ]]
    );
}

#[test]
fn data_resource_one_bad_row_or_header_refuses_the_whole_file() {
    let dictionary = [field("uscc", "统一社会信用代码", false)];
    let bad = parse_csv("uscc,salary\n1,2\n3\n").unwrap();
    let error = rows_for(&dictionary, &bad).unwrap_err();
    assert!(
        error.contains("salary") && error.contains("第 3 行"),
        "{error}"
    );
    assert!(parse_csv("uscc\n\"open").unwrap_err().contains("引号"));
    assert!(rows_for(&dictionary, &[]).unwrap_err().contains("为空"));
}
