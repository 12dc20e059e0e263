//! Demo samples and blank forms (SVC-ITEM-FIELDS: 样表, 空白表格, 结果样本) generated in code:
//! a one-page PDF whose Chinese text uses the standard CJK font STSong-Light (not embedded;
//! every PDF reader maps it), and an Excel blank form.

use rust_xlsxwriter::{Format, FormatBorder, Workbook};

/// UTF-16BE hex of `text` for the `UniGB-UCS2-H` encoding.
fn ucs2_hex(text: &str) -> String {
    text.encode_utf16()
        .map(|unit| format!("{unit:04X}"))
        .collect()
}

/// A valid one-page A4 PDF: a title, lines of text and a framed area marked 样本.
pub fn sample_pdf(title: &str, lines: &[String]) -> Vec<u8> {
    let mut content = String::new();
    content.push_str("0.75 0 0 RG 2 w 40 40 515 762 re S\n");
    content.push_str(&format!(
        "BT /F1 22 Tf 60 760 Td <{}> Tj ET\n",
        ucs2_hex(title)
    ));
    for (index, line) in lines.iter().enumerate() {
        let y = 715 - 28 * i64::try_from(index).unwrap_or(0);
        content.push_str(&format!(
            "BT /F1 13 Tf 60 {y} Td <{}> Tj ET\n",
            ucs2_hex(line)
        ));
    }
    content.push_str("0.85 g BT /F1 96 Tf 150 300 Td <");
    content.push_str(&ucs2_hex("样本"));
    content.push_str("> Tj ET\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>".to_owned(),
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [5 0 R] >>".to_owned(),
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 7 0 R /DW 1000 >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{content}endstream", content.len()),
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".to_owned(),
    ];
    let mut pdf = String::from("%PDF-1.4\n");
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.push_str(&format!("{} 0 obj\n{object}\nendobj\n", index + 1));
    }
    let xref = pdf.len();
    pdf.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        pdf.push_str(&format!("{offset:010} 00000 n \n"));
    }
    pdf.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    pdf.into_bytes()
}

/// An Excel blank form: the title and one framed row per field to fill in.
pub fn blank_form_xlsx(
    title: &str,
    fields: &[&str],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("申请表")?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 48)?;
    let title_format = Format::new().set_bold().set_font_size(16);
    let label_format = Format::new().set_bold().set_border(FormatBorder::Thin);
    let cell_format = Format::new().set_border(FormatBorder::Thin);
    sheet.write_string_with_format(0, 0, title, &title_format)?;
    for (index, field) in fields.iter().enumerate() {
        let row = u32::try_from(index).unwrap_or(0) + 2;
        sheet.write_string_with_format(row, 0, *field, &label_format)?;
        sheet.write_string_with_format(row, 1, "", &cell_format)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_files_are_recognised_by_content() {
        let pdf = sample_pdf("申请表样表", &["事项：企业设立登记".into()]);
        assert_eq!(
            platform::attachments::Kind::sniff(&pdf),
            Some(platform::attachments::Kind::Pdf)
        );
        let text = String::from_utf8(pdf).unwrap();
        let xref: usize = text
            .rsplit("startxref\n")
            .next()
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(text[xref..].starts_with("xref"), "startxref points at xref");
        let xlsx = blank_form_xlsx("申请表", &["申请人", "联系电话"]).unwrap();
        assert_eq!(
            platform::attachments::Kind::sniff(&xlsx),
            Some(platform::attachments::Kind::Xlsx)
        );
    }
}
