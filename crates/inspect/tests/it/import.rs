//! Importing lists (WEB-INSPECT): TXT with a header line and `错误=>正确`, GBK text, XLSX with
//! a column-name row; bad rows named in Chinese and the whole file refused.

use inspect::{
    Category, ImportError, ListMeta, Provenance, whitelist_from_txt, whitelist_from_xlsx,
    words_from_txt, words_from_xlsx,
};
use rust_xlsxwriter::Workbook;

fn issued() -> ListMeta {
    ListMeta::new("", "", "", Provenance::Issued)
}

fn form_meta() -> ListMeta {
    ListMeta::new(
        "2026年第四季度词库",
        "市委网信办",
        "2026-10",
        Provenance::Issued,
    )
}

fn xlsx(rows: &[&[&str]]) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, cells) in rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            if !cell.is_empty() {
                let written = sheet.write_string(row as u32, column as u16, *cell);
                assert!(written.is_ok());
            }
        }
    }
    workbook
        .save_to_buffer()
        .unwrap_or_else(|error| unreachable!("{error}"))
}

#[test]
fn a_txt_list_takes_its_header_words_and_corrections() {
    let text = "\u{FEFF}# 名称：上级下发词库 | 来源：市政府办公室 | 版本：2026-3\n\n# 注释\n台独\n国土资源部=>自然资源部\n环保局＝生态环境局\n农业部 = 农业农村部\n台独\n";
    let list =
        words_from_txt(text.as_bytes(), &issued()).unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(
        list.meta,
        ListMeta::new("上级下发词库", "市政府办公室", "2026-3", Provenance::Issued)
    );
    let entries: Vec<(&str, Option<&str>, Category)> = list
        .entries
        .iter()
        .map(|entry| {
            (
                entry.word.as_str(),
                entry.correction.as_deref(),
                entry.category(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            ("台独", None, Category::Sensitive),
            ("国土资源部", Some("自然资源部"), Category::Wrong),
            ("环保局", Some("生态环境局"), Category::Wrong),
            ("农业部", Some("农业农村部"), Category::Wrong),
        ]
    );
}

#[test]
fn the_form_wins_over_the_header_and_a_missing_source_is_refused() {
    let text = "# 名称：文件里的名称 | 来源：文件里的来源 | 版本：1\n台独\n";
    let list = words_from_txt(text.as_bytes(), &form_meta())
        .unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(list.meta, form_meta());
    let refused = words_from_txt(
        "台独\n".as_bytes(),
        &ListMeta::new("词库", "", "1", Provenance::Local),
    );
    assert_eq!(refused, Err(ImportError::MissingMeta("来源")));
    assert!(refused.unwrap_err().to_string().starts_with("缺少词库来源"));
}

#[test]
fn a_gbk_txt_file_is_read() {
    let (bytes, _, _) = encoding_rs::GBK
        .encode("# 名称：旧词库 | 来源：县委宣传部 | 版本：1\n国土资源部=>自然资源部\n");
    let list = words_from_txt(&bytes, &issued()).unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(list.meta.source, "县委宣传部");
    assert_eq!(list.entries[0].word, "国土资源部");
}

#[test]
fn bad_txt_rows_are_each_named_and_nothing_is_taken() {
    let cases: &[(&str, &str)] = &[
        ("=>自然资源部", "第1行：错误表述为空"),
        ("国土资源部=>", "第1行：“国土资源部”后缺少正确表述"),
        ("，。！", "第1行：词语“，。！”只有空白或标点，无法匹配"),
        (
            "农业部=>农业部门",
            "第1行：正确表述“农业部门”本身含有错误表述“农业部”，改正后仍会被查出",
        ),
        (
            "农业部=>农业农村部\n农业部=>农业农村局",
            "第2行：“农业部”与第1行重复，但正确表述不同",
        ),
        (&"长".repeat(51), "第1行：词语“"),
    ];
    for (text, expected) in cases {
        let error = words_from_txt(text.as_bytes(), &form_meta()).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("文件有1处错误，未导入："), "{message}");
        assert!(message.contains(expected), "{text}: {message}");
    }
    let many = "台独\n\n=>甲\n乙=>\n丙\n";
    match words_from_txt(many.as_bytes(), &form_meta()) {
        Err(ImportError::Rows(problems)) => {
            assert_eq!(
                problems
                    .iter()
                    .map(|problem| problem.row)
                    .collect::<Vec<_>>(),
                [3, 4]
            );
        }
        other => unreachable!("{other:?}"),
    }
    assert_eq!(
        words_from_txt("# 只有注释\n\n".as_bytes(), &form_meta()),
        Err(ImportError::Empty)
    );
    assert!(matches!(
        words_from_txt(b"\xFF\xFE\x00\xD8\xFF", &form_meta()),
        Err(ImportError::Rows(_))
    ));
}

#[test]
fn a_whitelist_txt_refuses_corrections() {
    let whitelist = whitelist_from_txt("农业部门\n原国土资源部\n".as_bytes(), &form_meta())
        .unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(whitelist.phrases, ["农业部门", "原国土资源部"]);
    let error =
        whitelist_from_txt("农业部门=>农业农村部门\n".as_bytes(), &form_meta()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("第1行：白名单只列短语，不写“=>”"),
        "{error}"
    );
}

#[test]
fn an_xlsx_list_reads_column_a_and_b_after_the_column_names() {
    let bytes = xlsx(&[
        &["错误表述", "正确表述"],
        &["国土资源部", "自然资源部"],
        &["", ""],
        &["台独", ""],
        &["  环保局 ", "生态环境局"],
    ]);
    let list =
        words_from_xlsx(&bytes, &form_meta()).unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(list.meta, form_meta());
    let entries: Vec<(&str, Option<&str>)> = list
        .entries
        .iter()
        .map(|entry| (entry.word.as_str(), entry.correction.as_deref()))
        .collect();
    assert_eq!(
        entries,
        [
            ("国土资源部", Some("自然资源部")),
            ("台独", None),
            ("环保局", Some("生态环境局"))
        ]
    );
    let whitelist = whitelist_from_xlsx(&xlsx(&[&["短语"], &["农业部门"]]), &form_meta())
        .unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(whitelist.phrases, ["农业部门"]);
}

#[test]
fn bad_xlsx_rows_name_the_sheet_row() {
    let bytes = xlsx(&[
        &["词语", "正确表述"],
        &["台独", ""],
        &["", "自然资源部"],
        &["——", ""],
    ]);
    let error = words_from_xlsx(&bytes, &form_meta()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "文件有2处错误，未导入：第3行：错误表述为空；第4行：词语“——”只有空白或标点，无法匹配"
    );
}

#[test]
fn a_file_that_is_not_xlsx_is_refused_in_chinese() {
    for bytes in [&b"not a zip"[..], &b"PK\x03\x04broken"[..], &[][..]] {
        let error = words_from_xlsx(bytes, &form_meta()).unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("不是有效的 Excel（.xlsx）文件"),
            "{error}"
        );
    }
    let too_large = vec![b'a'; inspect::import::MAX_FILE_BYTES + 1];
    assert_eq!(
        words_from_xlsx(&too_large, &form_meta()),
        Err(ImportError::TooLarge)
    );
    assert_eq!(
        words_from_txt(&too_large, &form_meta()),
        Err(ImportError::TooLarge)
    );
}

#[test]
fn an_xlsx_that_unpacks_too_large_is_refused_before_reading() {
    let mut bytes = xlsx(&[&["台独"]]);
    // Declare the first part of the archive 4 GB unpacked in its central directory entry,
    // as a zip bomb does.
    let central = bytes
        .windows(4)
        .position(|window| window == b"PK\x01\x02")
        .unwrap_or_else(|| unreachable!("an xlsx has a central directory"));
    bytes[central + 24..central + 28].copy_from_slice(&0xFFFF_FFF0_u32.to_le_bytes());
    let error = words_from_xlsx(&bytes, &form_meta()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "不是有效的 Excel（.xlsx）文件：解压后超过64MB"
    );
}
