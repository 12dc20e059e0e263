//! Text of attachments (WEB-INSPECT): the lists of subsidy recipients sites publish as DOCX,
//! XLSX, PDF and DOC give their full ID numbers to the privacy checker; a zip bomb named .xlsx,
//! a broken PDF and a file too large are refused with a reason, never a panic.

use std::io::Write as _;

use inspect::extract::{document_xml_text, text_of};
use inspect::{AttachmentKind, ExtractError, Limits, PrivacyKind, find_personal};
use rust_xlsxwriter::Workbook;

const ID: &str = "620702198503121238";

fn kinds(text: &str) -> Vec<PrivacyKind> {
    find_personal(text).into_iter().map(|f| f.kind).collect()
}

/// A zip archive of `(name, bytes)` parts, deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        assert!(writer.start_file(*name, options).is_ok());
        assert!(writer.write_all(bytes).is_ok());
    }
    writer
        .finish()
        .unwrap_or_else(|error| unreachable!("{error}"))
        .into_inner()
}

#[test]
fn a_docx_gives_its_paragraphs_with_runs_joined() {
    // Word splits a number over runs; the runs of one paragraph are joined.
    let xml = format!(
        r#"<?xml version="1.0"?><w:document><w:body><w:p><w:r><w:t>补贴名单</w:t></w:r></w:p><w:p><w:r><w:t xml:space="preserve">张三 </w:t></w:r><w:r><w:t>{}</w:t></w:r><w:r><w:t>{}</w:t></w:r><w:r><w:tab/><w:t>A&amp;B</w:t></w:r></w:p></w:body></w:document>"#,
        &ID[..10],
        &ID[10..]
    );
    let docx = zip_of(&[("word/document.xml", xml.as_bytes())]);
    let text = text_of(AttachmentKind::Docx, &docx, &Limits::default())
        .unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(text, format!("补贴名单\n张三 {ID}\tA&B\n"));
    assert_eq!(kinds(&text), [PrivacyKind::IdNumber]);
    assert_eq!(
        document_xml_text("<w:p><w:t>&#x4E2D;&#22269;</w:t></w:p>"),
        "中国\n"
    );
}

#[test]
fn an_xlsx_gives_every_cell_of_every_sheet() {
    let mut workbook = Workbook::new();
    let first = workbook.add_worksheet();
    assert!(first.write_string(0, 0, "姓名").is_ok());
    assert!(first.write_string(0, 1, "身份证号").is_ok());
    assert!(first.write_string(1, 0, "张三").is_ok());
    assert!(first.write_string(1, 1, ID).is_ok());
    let second = workbook.add_worksheet();
    assert!(second.write_number(0, 0, 13912345678.0).is_ok());
    let bytes = workbook
        .save_to_buffer()
        .unwrap_or_else(|error| unreachable!("{error}"));
    let text = text_of(AttachmentKind::Xlsx, &bytes, &Limits::default())
        .unwrap_or_else(|error| unreachable!("{error}"));
    assert!(text.contains(&format!("张三\t{ID}")), "{text}");
    assert_eq!(
        kinds(&text),
        [PrivacyKind::IdNumber, PrivacyKind::Mobile],
        "{text}"
    );
}

#[test]
fn a_zip_bomb_named_xlsx_is_refused_before_it_is_opened() {
    let limits = Limits {
        max_unpacked_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let zeros = vec![0u8; 2 * 1024 * 1024];
    let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)]);
    assert!(bomb.len() < 64 * 1024, "compressed to {}", bomb.len());
    for kind in [AttachmentKind::Xlsx, AttachmentKind::Docx] {
        assert_eq!(
            text_of(kind, &bomb, &limits),
            Err(ExtractError::Unpacked(1))
        );
    }
    // Within the default limit the same archive is read as what it is: no workbook.
    assert!(matches!(
        text_of(AttachmentKind::Xlsx, &bomb, &Limits::default()),
        Err(ExtractError::Invalid { .. })
    ));
}

/// A one-page PDF showing `line` in Helvetica, with a correct cross-reference table.
fn pdf_of(line: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 720 Td ({line}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", index + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn a_pdf_gives_its_text_and_a_broken_one_is_unreadable() {
    let pdf = pdf_of(&format!("ID {ID} Tel 13912345678"));
    let text = text_of(AttachmentKind::Pdf, &pdf, &Limits::default())
        .unwrap_or_else(|error| unreachable!("{error}"));
    assert_eq!(
        kinds(&text),
        [PrivacyKind::IdNumber, PrivacyKind::Mobile],
        "{text}"
    );
    let mut truncated = pdf.clone();
    truncated.truncate(pdf.len() / 2);
    for broken in [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog".to_vec(),
        b"not a pdf at all".to_vec(),
        truncated,
        vec![0xFF; 4096],
    ] {
        assert!(matches!(
            text_of(AttachmentKind::Pdf, &broken, &Limits::default()),
            Err(ExtractError::Invalid { kind: "PDF", .. })
        ));
    }
}

#[test]
fn a_legacy_doc_gives_its_readable_runs_and_too_large_is_refused() {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    for unit in format!("领取人身份证号{ID}").encode_utf16() {
        doc.extend_from_slice(&unit.to_le_bytes());
    }
    doc.extend_from_slice(&[0, 0, 0xFF, 0xFE, 3, 1]);
    doc.extend_from_slice(b"Tel 13912345678\0\0");
    let text = text_of(AttachmentKind::Doc, &doc, &Limits::default())
        .unwrap_or_else(|error| unreachable!("{error}"));
    assert!(text.contains(&format!("领取人身份证号{ID}")), "{text}");
    assert!(kinds(&text).contains(&PrivacyKind::Mobile), "{text}");
    let small = Limits {
        max_input_bytes: 8,
        ..Limits::default()
    };
    assert_eq!(
        text_of(AttachmentKind::Doc, &doc, &small),
        Err(ExtractError::TooLarge(0))
    );
    assert_eq!(
        AttachmentKind::from_name("/files/名单.XLSX"),
        Some(AttachmentKind::Xlsx)
    );
    assert_eq!(AttachmentKind::from_name("/index.html"), None);
}
