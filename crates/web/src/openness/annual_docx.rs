//! The openness annual report as a Word document (PUB-ANNUAL): minimal WordprocessingML
//! (ECMA-376) written with the `zip` crate, stored uncompressed — the title and tables 二, 三 and 四 with their
//! header rows and merged cells (`w:gridSpan` across, `w:vMerge` down), every label as the
//! pages show it. Sections 一, 五 and 六 are the office's own text, written in Word.

use std::io::Write as _;

use super::annual_view::Tables;

/// A cell as laid out: its text, how many grid columns and rows it covers, and whether it is
/// a header.
struct Span {
    text: String,
    rows: usize,
    cols: usize,
    header: bool,
}

fn span(text: &str, rows: usize, cols: usize, header: bool) -> Span {
    Span {
        text: text.to_owned(),
        rows,
        cols,
        header,
    }
}

/// What a grid position holds once laid out.
#[derive(Clone, Copy)]
enum Slot {
    Free,
    /// The top row of the span that starts at (row, column).
    Start(usize, usize),
    /// A row below the top of the span that starts at (row, column).
    Below(usize, usize),
}

/// Lays out `rows` of spans on a grid of `width` columns the way HTML does (a span takes the
/// first free position) and writes the table.
fn table(xml: &mut String, rows: &[Vec<Span>], width: usize) {
    let mut grid = vec![vec![Slot::Free; width]; rows.len()];
    for (r, row) in rows.iter().enumerate() {
        let mut c = 0;
        for (i, cell) in row.iter().enumerate() {
            while c < width && !matches!(grid[r][c], Slot::Free) {
                c += 1;
            }
            for (below, line) in grid.iter_mut().enumerate().skip(r).take(cell.rows) {
                let slot = match below == r {
                    true => Slot::Start(r, i),
                    false => Slot::Below(r, i),
                };
                for place in line.iter_mut().skip(c).take(cell.cols) {
                    *place = slot;
                }
            }
            c += cell.cols;
        }
    }
    xml.push_str(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/>\
         </w:tblBorders></w:tblPr><w:tblGrid>",
    );
    for _ in 0..width {
        xml.push_str("<w:gridCol/>");
    }
    xml.push_str("</w:tblGrid>");
    for line in &grid {
        xml.push_str("<w:tr>");
        let mut c = 0;
        while c < width {
            match line[c] {
                Slot::Free => {
                    xml.push_str("<w:tc><w:p/></w:tc>");
                    c += 1;
                }
                Slot::Start(r, i) | Slot::Below(r, i) => {
                    let cell = &rows[r][i];
                    let below = matches!(line[c], Slot::Below(..));
                    xml.push_str("<w:tc><w:tcPr>");
                    if cell.cols > 1 {
                        xml.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", cell.cols));
                    }
                    match (cell.rows > 1, below) {
                        (true, false) => xml.push_str("<w:vMerge w:val=\"restart\"/>"),
                        (_, true) => xml.push_str("<w:vMerge/>"),
                        _ => {}
                    }
                    xml.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
                    match below {
                        true => xml.push_str("<w:p/>"),
                        false => paragraph(xml, &cell.text, cell.header, false),
                    }
                    xml.push_str("</w:tc>");
                    c += cell.cols.max(1);
                }
            }
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn paragraph(xml: &mut String, text: &str, bold: bool, centred: bool) {
    xml.push_str("<w:p>");
    if centred {
        xml.push_str("<w:pPr><w:jc w:val=\"center\"/></w:pPr>");
    }
    xml.push_str("<w:r><w:rPr><w:rFonts w:eastAsia=\"宋体\"/>");
    if bold {
        xml.push_str("<w:b/>");
    }
    xml.push_str(&format!(
        "</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape(text)
    ));
}

fn two(t: &Tables) -> Vec<Vec<Span>> {
    let mut rows = Vec::new();
    for block in &t.two {
        rows.push(vec![span(block.article, 1, 4, true)]);
        rows.push(block.header.iter().map(|h| span(h, 1, 1, true)).collect());
        for (label, cells) in &block.rows {
            let mut row = vec![span(label, 1, 1, false)];
            row.extend(cells.iter().map(|c| span(c, 1, 1, false)));
            rows.push(row);
        }
    }
    rows
}

fn three(t: &Tables) -> Vec<Vec<Span>> {
    let mut rows = vec![
        vec![
            span(
                &format!("（本列数据的勾稽关系为：{}）", t.check_statement),
                3,
                3,
                true,
            ),
            span(t.applicants, 1, 7, true),
        ],
        vec![
            span(t.columns[0], 2, 1, true),
            span(t.organisations, 1, 5, true),
            span(t.columns[6], 2, 1, true),
        ],
        t.kinds.iter().map(|k| span(k, 1, 1, true)).collect(),
    ];
    for line in &t.three {
        let mut row: Vec<Span> = line
            .labels
            .iter()
            .map(|l| span(&l.text, l.rowspan, l.colspan, false))
            .collect();
        row.extend(line.cells.iter().map(|n| span(&n.to_string(), 1, 1, false)));
        rows.push(row);
    }
    rows
}

fn four(t: &Tables) -> Vec<Vec<Span>> {
    let mut columns = Vec::new();
    for _ in 0..3 {
        columns.extend(t.four_columns.iter().map(|c| span(c, 1, 1, true)));
    }
    vec![
        vec![span(t.review, 2, 5, true), span(t.litigation, 1, 10, true)],
        vec![
            span(t.direct_suit, 1, 5, true),
            span(t.suit_after_review, 1, 5, true),
        ],
        columns,
        t.four
            .iter()
            .map(|n| span(&n.to_string(), 1, 1, false))
            .collect(),
    ]
}

/// The document.xml of the report.
fn body(title: &str, t: &Tables) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>",
    );
    paragraph(&mut xml, title, true, true);
    paragraph(&mut xml, t.two_title, true, false);
    table(&mut xml, &two(t), 4);
    paragraph(&mut xml, t.three_title, true, false);
    table(&mut xml, &three(t), 10);
    for failure in &t.check_failures {
        paragraph(&mut xml, &format!("核对不符：{failure}"), false, false);
    }
    paragraph(&mut xml, t.four_title, true, false);
    table(&mut xml, &four(t), 15);
    xml.push_str(
        "<w:sectPr><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>\
         <w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" \
         w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
    );
    xml
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
</Types>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
Target=\"word/document.xml\"/></Relationships>";

/// PUB-ANNUAL: the `.docx` bytes of the report's tables under `title`.
pub fn document(title: &str, t: &Tables) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", RELS.to_owned()),
        ("word/document.xml", body(title, t)),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
