//! The flow chart of a guide (SVC-ITEM-FIELDS 流程图), generated server-side as inline SVG from
//! the item's process: application, pre-review where offered, acceptance, each review stage
//! with its department, handler and limit, the co-approving departments, the decision's
//! delivery; special procedures (SVC-SPECIAL) beside the review as dashed boxes. Every text
//! is escaped here, because the template inserts the SVG as is.

use std::collections::HashMap;
use std::fmt::Write as _;

use services::item::{Item, WindowMode};

use super::unit_name;

const WIDTH: i64 = 680;
const BOX_X: i64 = 20;
const BOX_W: i64 = 380;
const BOX_H: i64 = 66;
const GAP: i64 = 30;
const SIDE_X: i64 = 440;
const SIDE_W: i64 = 220;

/// Escapes text for SVG content and attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Cuts `text` to `max` characters with an ellipsis.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// One box of the main column: a title and up to two lines.
struct Node {
    title: String,
    lines: Vec<String>,
    /// Start and end are drawn rounded.
    terminal: bool,
}

fn node(title: impl Into<String>, lines: Vec<String>) -> Node {
    Node {
        title: title.into(),
        lines,
        terminal: false,
    }
}

fn draw_box(svg: &mut String, x: i64, y: i64, w: i64, node: &Node, dashed: bool, class: &str) {
    let radius = if node.terminal { 28 } else { 6 };
    let dash = if dashed {
        " stroke-dasharray=\"6 4\""
    } else {
        ""
    };
    let _ = write!(
        svg,
        "<g class=\"{class}\"><rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{BOX_H}\" rx=\"{radius}\" \
         fill=\"{}\" stroke=\"#8e1212\" stroke-width=\"1.5\"{dash}/>",
        if dashed { "#fff8e1" } else { "#ffffff" }
    );
    let max_chars = usize::try_from((w - 20) / 13).unwrap_or(20);
    let _ = write!(
        svg,
        "<text x=\"{}\" y=\"{}\" font-size=\"15\" font-weight=\"700\" fill=\"#1f2933\">{}</text>",
        x + 12,
        y + 22,
        esc(&fit(&node.title, max_chars))
    );
    for (index, line) in node.lines.iter().take(2).enumerate() {
        let offset = i64::try_from(index).unwrap_or(0) * 18;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"#5f6b7a\">{}</text>",
            x + 12,
            y + 41 + offset,
            esc(&fit(line, max_chars + 4))
        );
    }
    svg.push_str("</g>");
}

/// The SVG of `item`'s flow; `prereview` is the profile's pre-review limit label.
pub fn flow_svg(item: &Item, units: &HashMap<i64, String>, prereview: &str) -> String {
    let basic = &item.basic;
    let department = unit_name(units, basic.department.0);
    let mut nodes = vec![Node {
        title: "提交申请".into(),
        lines: vec!["网上申请或到政务服务中心窗口申请".into()],
        terminal: true,
    }];
    if basic.offers_prereview {
        nodes.push(node(
            "网上预审",
            vec![
                department.clone(),
                format!("时限：{prereview}内出具预审意见"),
            ],
        ));
    }
    let acceptor = match basic.window {
        WindowMode::Professional => format!("{department}（专业窗口）"),
        WindowMode::Comprehensive { window } => {
            format!("{}（综合窗口）", unit_name(units, window.0))
        }
    };
    nodes.push(node(
        "受理",
        vec![
            acceptor,
            format!(
                "时限：{}；材料不全一次性告知",
                basic.acceptance_limit.label_zh()
            ),
        ],
    ));
    let first_stage = nodes.len();
    for stage in &item.process.stages {
        nodes.push(node(
            stage.name.clone(),
            vec![
                format!(
                    "{} · {}",
                    unit_name(units, stage.department.0),
                    stage.handler_role
                ),
                format!("时限：{}", stage.limit.label_zh()),
            ],
        ));
    }
    if !item.process.parallel.is_empty() {
        let parts = item
            .process
            .parallel
            .iter()
            .map(|part| {
                format!(
                    "{}（{}）",
                    unit_name(units, part.department.0),
                    part.limit.label_zh()
                )
            })
            .collect::<Vec<_>>()
            .join("、");
        nodes.push(node(
            "并联审批",
            vec![parts, "各部门限时办理，统一回复".into()],
        ));
    }
    let delivery = basic
        .delivery
        .iter()
        .map(|method| method.label_zh())
        .collect::<Vec<_>>()
        .join("、");
    nodes.push(Node {
        title: format!("办结 · {}", basic.result.name),
        lines: vec![
            format!(
                "承诺时限：{}（自受理之日起）",
                basic.promised_limit.label_zh()
            ),
            format!("结果送达：{delivery}"),
        ],
        terminal: true,
    });
    let specials = &item.process.special;
    let main_height = i64::try_from(nodes.len()).unwrap_or(0) * (BOX_H + GAP);
    let side_height = i64::try_from(specials.len()).unwrap_or(0) * (BOX_H + GAP) + 40;
    let height = main_height.max(side_height) + 20;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flow-chart\" viewBox=\"0 0 {WIDTH} {height}\" \
         width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-labelledby=\"flow-title\" \
         font-family=\"'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif\">\
         <title id=\"flow-title\">{} 办理流程图</title>\
         <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" \
         markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8e1212\"/></marker></defs>",
        esc(&basic.main_name)
    );
    let top = |index: usize| 10 + i64::try_from(index).unwrap_or(0) * (BOX_H + GAP);
    for (index, current) in nodes.iter().enumerate() {
        let y = top(index);
        draw_box(&mut svg, BOX_X, y, BOX_W, current, false, "flow-step");
        if index + 1 < nodes.len() {
            let x = BOX_X + BOX_W / 2;
            let _ = write!(
                svg,
                "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#8e1212\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>",
                y + BOX_H,
                y + BOX_H + GAP - 2
            );
        }
    }
    if !specials.is_empty() {
        // Beside the review stages (or acceptance when the item has none).
        let anchor_index = if item.process.stages.is_empty() {
            first_stage - 1
        } else {
            first_stage
        };
        let anchor_y = top(anchor_index) + BOX_H / 2;
        let _ = write!(
            svg,
            "<text x=\"{SIDE_X}\" y=\"{}\" font-size=\"12\" fill=\"#8e1212\">特别程序（暂停计时，不计入承诺时限）</text>",
            top(anchor_index) - 4
        );
        for (index, special) in specials.iter().enumerate() {
            let y = top(anchor_index) + 6 + i64::try_from(index).unwrap_or(0) * (BOX_H + 12);
            let box_node = node(
                format!("特别程序：{}", special.procedure.label_zh()),
                vec![
                    format!("时限：{}", special.limit.label_zh()),
                    "需要时启动，告知申请人原因".into(),
                ],
            );
            draw_box(&mut svg, SIDE_X, y, SIDE_W, &box_node, true, "flow-special");
        }
        let _ = write!(
            svg,
            "<line x1=\"{}\" y1=\"{anchor_y}\" x2=\"{}\" y2=\"{anchor_y}\" stroke=\"#8e1212\" stroke-width=\"1.2\" stroke-dasharray=\"5 4\" marker-end=\"url(#arrow)\" marker-start=\"url(#arrow)\"/>",
            BOX_X + BOX_W + 2,
            SIDE_X - 2
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_in_names() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(fit("一二三四五", 3), "一二…");
        assert_eq!(fit("一二三", 3), "一二三");
    }
}
