//! The difference between two versions of an article (WEB-REVIEW: every version is kept, with a
//! diff view between any two): a longest-common-subsequence diff of lines, and of characters
//! within a changed line or a changed field, so a reviewer sees the very characters that
//! changed. Pure: no IO.

use crate::article::Content;

/// What happened to a piece between the old and the new text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Removed,
    Added,
}

/// A run of characters with one mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub mark: Mark,
    pub text: String,
}

/// The most cells the LCS table of one diff may have; beyond it the middle is shown as
/// removed and added whole (a page still renders, in time).
const MAX_CELLS: usize = 4_000_000;

/// The edit script turning `old` into `new`: every item of each, in order, marked.
pub fn diff<T: PartialEq + Clone>(old: &[T], new: &[T]) -> Vec<(Mark, T)> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (old_rest, new_rest) = (&old[prefix..], &new[prefix..]);
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let a = &old_rest[..old_rest.len() - suffix];
    let b = &new_rest[..new_rest.len() - suffix];
    let mut out: Vec<(Mark, T)> = old[..prefix]
        .iter()
        .map(|item| (Mark::Same, item.clone()))
        .collect();
    out.extend(middle(a, b));
    out.extend(
        old_rest[old_rest.len() - suffix..]
            .iter()
            .map(|item| (Mark::Same, item.clone())),
    );
    out
}

/// The LCS diff of the differing middle.
fn middle<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Vec<(Mark, T)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || (n + 1).saturating_mul(m + 1) > MAX_CELLS {
        let removed = a.iter().map(|item| (Mark::Removed, item.clone()));
        return removed
            .chain(b.iter().map(|item| (Mark::Added, item.clone())))
            .collect();
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::with_capacity(n + m);
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((Mark::Same, a[i].clone()));
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            out.push((Mark::Removed, a[i].clone()));
            i += 1;
        } else {
            out.push((Mark::Added, b[j].clone()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().map(|item| (Mark::Removed, item.clone())));
    out.extend(b[j..].iter().map(|item| (Mark::Added, item.clone())));
    out
}

/// The character diff of two texts, as runs.
pub fn chars(old: &str, new: &str) -> Vec<Span> {
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let mut spans: Vec<Span> = Vec::new();
    for (mark, c) in diff(&a, &b) {
        match spans.last_mut() {
            Some(span) if span.mark == mark => span.text.push(c),
            _ => spans.push(Span {
                mark,
                text: c.to_string(),
            }),
        }
    }
    spans
}

/// The lines of an article body: its text split at line breaks and after each block
/// element's end, so that an editor's one-line HTML still reads paragraph by paragraph.
pub fn lines_of(body: &str) -> Vec<String> {
    let mut marked = body.to_owned();
    for end in [
        "</p>",
        "<br>",
        "<br/>",
        "<br />",
        "</li>",
        "</tr>",
        "</h2>",
        "</h3>",
        "</h4>",
        "</h5>",
        "</h6>",
        "</div>",
        "</table>",
        "</blockquote>",
    ] {
        marked = marked.replace(end, &format!("{end}\n"));
    }
    marked
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One line of a body's diff: unchanged, removed, added, or changed in place (a removed line
/// paired with the added line that took its place, with the characters that differ).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Removed(String),
    Added(String),
    Changed {
        old: String,
        new: String,
        spans: Vec<Span>,
    },
}

/// The line diff of two bodies; within a block of removed lines followed by added ones, the
/// lines are paired in order and shown changed in place.
pub fn lines(old: &str, new: &str) -> Vec<Line> {
    let script = diff(&lines_of(old), &lines_of(new));
    let mut out = Vec::with_capacity(script.len());
    let mut index = 0;
    while index < script.len() {
        if script[index].0 == Mark::Same {
            out.push(Line::Same(script[index].1.clone()));
            index += 1;
            continue;
        }
        let removed: Vec<&String> = script[index..]
            .iter()
            .take_while(|(mark, _)| *mark == Mark::Removed)
            .map(|(_, line)| line)
            .collect();
        let after = index + removed.len();
        let added: Vec<&String> = script[after..]
            .iter()
            .take_while(|(mark, _)| *mark == Mark::Added)
            .map(|(_, line)| line)
            .collect();
        index = after + added.len();
        let paired = removed.len().min(added.len());
        for (old, new) in removed.iter().zip(&added) {
            out.push(Line::Changed {
                old: (*old).clone(),
                new: (*new).clone(),
                spans: chars(old, new),
            });
        }
        out.extend(
            removed[paired..]
                .iter()
                .map(|l| Line::Removed((*l).clone())),
        );
        out.extend(added[paired..].iter().map(|l| Line::Added((*l).clone())));
    }
    out
}

/// One field of two versions (标题, 信息来源, 文号 …) side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub label: &'static str,
    pub old: String,
    pub new: String,
    /// The character diff; all `Same` when unchanged.
    pub spans: Vec<Span>,
}

impl Field {
    pub fn changed(&self) -> bool {
        self.old != self.new
    }
}

/// The diff of two versions of an article's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentDiff {
    pub fields: Vec<Field>,
    pub body: Vec<Line>,
}

impl ContentDiff {
    /// Whether anything differs.
    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(|field| !field.changed())
            && self.body.iter().all(|line| matches!(line, Line::Same(_)))
    }
}

/// The fields of a content in the order a page shows them (a policy document's elements
/// empty when it is not one).
fn fields_of(content: &Content) -> Vec<(&'static str, String)> {
    let policy = content.policy.as_ref();
    let of = |get: fn(&crate::article::PolicyMeta) -> String| policy.map(get).unwrap_or_default();
    vec![
        ("标题", content.title.clone()),
        ("信息来源", content.source.clone()),
        ("索引号", of(|p| p.index_number.clone())),
        ("发文机关", of(|p| p.issuer.clone())),
        ("文号", of(|p| p.document_number.clone())),
        ("成文日期", of(|p| p.written_on.to_string())),
        ("主题分类", of(|p| p.subject.clone())),
    ]
}

/// WEB-REVIEW: what changed from `old` to `new`, field by field and line by line.
pub fn content(old: &Content, new: &Content) -> ContentDiff {
    let fields = fields_of(old)
        .into_iter()
        .zip(fields_of(new))
        .map(|((label, old), (_, new))| Field {
            label,
            spans: chars(&old, &new),
            old,
            new,
        })
        .collect();
    ContentDiff {
        fields,
        body: lines(&old.body, &new.body),
    }
}
