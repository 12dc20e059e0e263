//! CSV and XLSX import of a hosted table (DATA-RESOURCE, bad input): GBK files are detected and
//! converted, broken encodings refused with a clear message, headers by code or label, a row
//! with the wrong number of columns refuses the whole file — nothing half-imported; an XLSX's
//! first sheet reads as the same records as the CSV, with the same checks and messages, and a
//! broken one is refused.

use sharing::import::{decode, parse_csv, records_of, rows_for};

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

/// An .xlsx whose first sheet holds `rows` (a number where the text parses as one).
fn workbook(rows: &[&[&str]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (u32::try_from(r).unwrap(), u16::try_from(c).unwrap());
            match text.parse::<f64>() {
                Ok(number) => sheet.write_number(r, c, number).unwrap(),
                Err(_) => sheet.write_string(r, c, *text).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn data_resource_an_xlsx_reads_as_the_csv_with_the_same_checks() {
    let dictionary = [
        field("uscc", "统一社会信用代码", false),
        field("name", "企业名称", false),
        field("capital", "注册资本", false),
    ];
    let xlsx = workbook(&[
        &["统一社会信用代码", "企业名称", "capital"],
        &["91620702MA00000001", "甘州示例企业,有限公司", "500"],
        &["", "", ""],
        &["91620702MA00000002", "乙公司", "12.5"],
    ]);
    let csv = "统一社会信用代码,企业名称,capital\r\n91620702MA00000001,\"甘州示例企业,有限公司\",500\r\n91620702MA00000002,乙公司,12.5\r\n";
    let records = records_of(&xlsx).unwrap();
    assert_eq!(
        records,
        records_of(csv.as_bytes()).unwrap(),
        "blank row dropped"
    );
    assert_eq!(
        rows_for(&dictionary, &records).unwrap(),
        rows_for(&dictionary, &parse_csv(csv).unwrap()).unwrap()
    );
    // The same messages as a CSV: an unknown header, a row wider than the header.
    let bad = workbook(&[&["uscc", "salary"], &["1", "2"], &["3", "4", "5"]]);
    let error = rows_for(&dictionary, &records_of(&bad).unwrap()).unwrap_err();
    let csv_error = rows_for(
        &dictionary,
        &parse_csv("uscc,salary\n1,2\n3,4,5\n").unwrap(),
    )
    .unwrap_err();
    assert_eq!(error, csv_error);
    assert!(
        error.contains("salary") && error.contains("第 3 行"),
        "{error}"
    );
    // A broken archive is refused in Chinese.
    let mut broken = xlsx[..40].to_vec();
    broken.extend_from_slice(b"garbage");
    assert!(
        records_of(&broken)
            .unwrap_err()
            .contains("不是有效的 XLSX 文件"),
        "refused"
    );
}
