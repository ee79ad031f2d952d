//! Silencing findings in the draft, as linters do: `<!-- sourced-ignore -->` silences the next
//! paragraph, `<!-- sourced-ignore: figure-mismatch, misquote -->` only those codes there.

use super::{Code, Finding};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ignore {
    /// Bytes the directive covers: the paragraph after the comment.
    pub range: Range<usize>,
    /// Codes silenced; empty means all.
    pub codes: Vec<Code>,
}

/// Reads the directives among a draft's HTML comments.
pub fn parse(prose: &str, comments: &[(Range<usize>, String)]) -> Vec<Ignore> {
    let mut out = Vec::new();
    for (range, body) in comments {
        let inner = body
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        let Some(rest) = inner.strip_prefix("sourced-ignore") else {
            continue;
        };
        let codes: Vec<Code> = match rest.trim().strip_prefix(':') {
            Some(list) => list.split(',').filter_map(Code::parse).collect(),
            None if rest.trim().is_empty() => Vec::new(),
            None => continue,
        };
        out.push(Ignore {
            range: next_paragraph(prose, range.end),
            codes,
        });
    }
    out
}

/// The paragraph that starts at or after `from`: up to the next blank line.
fn next_paragraph(prose: &str, from: usize) -> Range<usize> {
    let from = from.min(prose.len());
    let rest = &prose[from..];
    let lead = rest.len() - rest.trim_start().len();
    let start = from + lead;
    let body = &prose[start..];
    let mut end = prose.len();
    let mut pos = start;
    for line in body.split_inclusive('\n') {
        if line.trim().is_empty() && pos > start {
            end = pos;
            break;
        }
        pos += line.len();
    }
    start..end
}

pub fn silenced(ignores: &[Ignore], f: &Finding) -> bool {
    ignores.iter().any(|i| {
        i.range.start <= f.range.start
            && f.range.start < i.range.end
            && (i.codes.is_empty() || i.codes.contains(&f.code))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_cover_the_next_paragraph() {
        let text = "A.\n\n<!-- sourced-ignore: figure-mismatch -->\nB line one\nline two.\n\nC.";
        let c = text.find("<!--").unwrap();
        let e = text.find("-->").unwrap() + 3;
        let ig = parse(text, &[(c..e, text[c..e].to_string())]);
        assert_eq!(ig.len(), 1);
        assert_eq!(ig[0].codes, [Code::FigureMismatch]);
        assert_eq!(&text[ig[0].range.clone()], "B line one\nline two.\n");
        let other = parse(text, &[(0..10, "<!-- not ours -->".into())]);
        assert!(other.is_empty());
    }
}
