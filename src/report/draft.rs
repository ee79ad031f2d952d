//! The draft as HTML with its quotations and figures marked. pulldown-cmark renders it (and
//! escapes its text); marks are cut into the text events by byte offset, so a mark spanning
//! emphasis or a line break becomes several `<mark>` elements with one id, and the HTML stays
//! well formed. Raw HTML in the draft is shown as text, never passed through.

use crate::check::DraftFormat;
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// A mark to cut into the draft.
#[derive(Debug, Clone)]
pub struct Span {
    pub range: Range<usize>,
    pub id: usize,
    pub verdict: &'static str,
    pub kind: &'static str,
    pub title: &'static str,
    /// Shown after the mark: what the source has instead.
    pub note: Option<String>,
}

/// The same reading of Markdown as `corpus::markup` uses for the draft's prose.
const OPTIONS: Options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
    .union(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS)
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_STRIKETHROUGH);

/// Renders a draft; `spans` must be sorted by start.
pub fn render(text: &str, format: DraftFormat, spans: &[Span]) -> String {
    let events = match format {
        DraftFormat::Markdown => markdown_events(text),
        DraftFormat::Plain => plain_events(text),
    };
    let mut marker = Marker {
        text,
        spans,
        opened: vec![false; spans.len()],
        reach: spans
            .iter()
            .scan(0, |end, s| {
                *end = s.range.end.max(*end);
                Some(*end)
            })
            .collect(),
        out: Vec::with_capacity(events.len() + spans.len() * 4),
    };
    for (event, range) in events {
        match event {
            Event::Text(t) => marker.text(t, range),
            Event::SoftBreak => marker.soft_break(range),
            other => marker.out.push(other),
        }
    }
    let mut html = String::with_capacity(text.len() * 2 + spans.len() * 120);
    pulldown_cmark::html::push_html(&mut html, marker.out.into_iter());
    html
}

/// Markdown events with their byte ranges, made safe: raw HTML becomes text (comments are
/// dropped), links other than web, mail and relative ones lose their target, images become their
/// alternative text, front matter is left out, and tables lose their alignment (which would be
/// style attributes, refused by the page's security policy).
fn markdown_events(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out = Vec::new();
    let mut in_metadata = false;
    let mut html_block: Option<(String, Range<usize>)> = None;
    let mut links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, OPTIONS).into_offset_iter() {
        if in_metadata {
            in_metadata = !matches!(event, Event::End(TagEnd::MetadataBlock(_)));
            continue;
        }
        match event {
            Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
            Event::Start(Tag::HtmlBlock) => html_block = Some((String::new(), range)),
            Event::Html(raw) => match &mut html_block {
                Some((buf, _)) => buf.push_str(&raw),
                None => push_visible_html(&mut out, &raw, range),
            },
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((raw, r)) = html_block.take()
                    && !without_comments(&raw).trim().is_empty()
                {
                    let kind = CodeBlockKind::Fenced(CowStr::Borrowed("html"));
                    out.push((Event::Start(Tag::CodeBlock(kind)), r.clone()));
                    out.push((Event::Text(raw.into()), r.clone()));
                    out.push((Event::End(TagEnd::CodeBlock), r));
                }
            }
            Event::InlineHtml(raw) => push_visible_html(&mut out, &raw, range),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let keep = safe_url(&dest_url);
                links.push(keep);
                if keep {
                    let tag = Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    };
                    out.push((Event::Start(tag), range));
                }
            }
            Event::End(TagEnd::Link) => {
                if links.pop().unwrap_or(false) {
                    out.push((event, range));
                }
            }
            Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => {}
            Event::Start(Tag::Table(alignments)) => {
                let none = vec![Alignment::None; alignments.len()];
                out.push((Event::Start(Tag::Table(none)), range));
            }
            other => out.push((other, range)),
        }
    }
    out
}

/// Inline HTML shown as the text it is, comments left out.
fn push_visible_html<'a>(out: &mut Vec<(Event<'a>, Range<usize>)>, raw: &str, range: Range<usize>) {
    let visible = without_comments(raw);
    if !visible.is_empty() {
        out.push((Event::Text(visible.into()), range));
    }
}

/// Text with its `<!-- … -->` comments removed (an unclosed one runs to the end).
fn without_comments(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 4..].find("-->") {
            Some(end) => &rest[start + 4 + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

/// Web, mail and relative links are kept; any other scheme (javascript:, data:, vbscript:, file:)
/// is not. Browsers ignore tabs, line breaks and leading controls in a scheme, so they are
/// removed before it is read.
fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].find(':') {
        None => true,
        Some(colon) => {
            let scheme = cleaned[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// A plain-text draft as paragraphs (blank lines between them) of lines.
fn plain_events(text: &str) -> Vec<(Event<'_>, Range<usize>)> {
    let mut out = Vec::new();
    let mut open = false;
    let mut pos = 0;
    // Where the last line's text ended: its line break runs from there.
    let mut line_end = 0;
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if open {
                out.push((Event::End(TagEnd::Paragraph), start..start));
                open = false;
            }
            continue;
        }
        if open {
            out.push((Event::SoftBreak, line_end..start));
        } else {
            out.push((Event::Start(Tag::Paragraph), start..start));
            open = true;
        }
        line_end = start + content.len();
        out.push((Event::Text(CowStr::Borrowed(content)), start..line_end));
    }
    if open {
        out.push((Event::End(TagEnd::Paragraph), pos..pos));
    }
    out
}

struct Marker<'t, 's> {
    text: &'t str,
    spans: &'s [Span],
    /// Whether a span's first fragment was written (it alone takes keyboard focus).
    opened: Vec<bool>,
    /// The furthest end of the spans up to each one: spans before the first whose reach passes
    /// an offset all end before it, so a long draft is not scanned from the start for each text.
    reach: Vec<usize>,
    out: Vec<Event<'t>>,
}

impl<'t> Marker<'t, '_> {
    /// Indices of the spans overlapping a range.
    fn overlapping(&self, range: &Range<usize>) -> Vec<usize> {
        let from = self.reach.partition_point(|&end| end <= range.start);
        let upto = self.spans.partition_point(|s| s.range.start < range.end);
        (from..upto.max(from))
            .filter(|&i| self.spans[i].range.end > range.start && !self.spans[i].range.is_empty())
            .collect()
    }

    fn text(&mut self, t: CowStr<'t>, range: Range<usize>) {
        let active = self.overlapping(&range);
        if active.is_empty() {
            self.out.push(Event::Text(t));
            return;
        }
        // Text that is not the source's bytes (an entity, an escape) is marked whole.
        if self.text.get(range.clone()) != Some(&*t) {
            self.piece(t, &active, range.end);
            return;
        }
        let mut cuts = vec![range.start, range.end];
        for &i in &active {
            let r = &self.spans[i].range;
            cuts.extend([r.start, r.end].into_iter().filter(|c| range.contains(c)));
        }
        cuts.sort_unstable();
        cuts.dedup();
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let Some(piece) = self.text.get(a..b) else {
                continue;
            };
            let covering: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&i| self.spans[i].range.start <= a && b <= self.spans[i].range.end)
                .collect();
            if covering.is_empty() {
                self.out.push(Event::Text(CowStr::Borrowed(piece)));
            } else {
                self.piece(CowStr::Borrowed(piece), &covering, b);
            }
        }
    }

    /// A line break inside a mark stays inside it, so that the mark reads as one.
    fn soft_break(&mut self, range: Range<usize>) {
        let covering: Vec<usize> = self
            .overlapping(&range)
            .into_iter()
            .filter(|&i| {
                let s = &self.spans[i].range;
                s.start <= range.start && range.end < s.end
            })
            .collect();
        if covering.is_empty() {
            self.out.push(Event::SoftBreak);
        } else {
            self.piece(CowStr::Borrowed("\n"), &covering, range.end);
        }
    }

    /// Writes a piece of text inside the given spans (outermost first), closing each and, where
    /// a span ends here, adding what the source has instead and the mark's number.
    fn piece(&mut self, t: CowStr<'t>, covering: &[usize], end: usize) {
        let mut order = covering.to_vec();
        order.sort_by_key(|&i| {
            (
                self.spans[i].range.start,
                std::cmp::Reverse(self.spans[i].range.end),
            )
        });
        for &i in &order {
            let s = &self.spans[i];
            let focus = if self.opened[i] {
                ""
            } else {
                " tabindex=\"0\" role=\"button\""
            };
            self.opened[i] = true;
            self.out.push(Event::InlineHtml(
                format!(
                    "<mark class=\"v-{v} k-{k}\" data-m=\"{id}\" data-verdict=\"{v}\" data-kind=\"{k}\" title=\"{title}\"{focus}>",
                    v = s.verdict,
                    k = s.kind,
                    id = s.id,
                    title = s.title,
                )
                .into(),
            ));
        }
        self.out.push(Event::Text(t));
        for &i in order.iter().rev() {
            let s = &self.spans[i];
            self.out
                .push(Event::InlineHtml(CowStr::Borrowed("</mark>")));
            if s.range.end != end {
                continue;
            }
            if let Some(note) = &s.note {
                self.out.push(Event::InlineHtml(
                    format!("<span class=\"source-value\" data-m=\"{}\">", s.id).into(),
                ));
                self.out.push(Event::Text(note.clone().into()));
                self.out
                    .push(Event::InlineHtml(CowStr::Borrowed("</span>")));
            }
            self.out.push(Event::InlineHtml(
                format!("<sup class=\"mark-id\" aria-hidden=\"true\">{}</sup>", s.id).into(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(range: Range<usize>, id: usize, verdict: &'static str) -> Span {
        Span {
            range,
            id,
            verdict,
            kind: "figure",
            title: "t",
            note: None,
        }
    }

    #[test]
    fn a_mark_across_emphasis_is_cut_into_well_formed_pieces() {
        let text = "He said “a *big* deal” today.\n";
        let start = text.find('“').unwrap();
        let end = text.find('”').unwrap() + '”'.len_utf8();
        let html = render(
            text,
            DraftFormat::Markdown,
            &[span(start..end, 1, "traced")],
        );
        assert_eq!(html.matches("<mark ").count(), 3, "{html}");
        assert_eq!(html.matches("</mark>").count(), 3, "{html}");
        assert_eq!(html.matches("tabindex").count(), 1, "{html}");
        assert!(html.contains("<em><mark "), "{html}");
    }

    #[test]
    fn a_line_break_inside_a_mark_is_marked_too() {
        for format in [DraftFormat::Markdown, DraftFormat::Plain] {
            let text = "She said “one two\nthree four” then.\n";
            let start = text.find('“').unwrap();
            let end = text.find('”').unwrap() + '”'.len_utf8();
            let html = render(text, format, &[span(start..end, 1, "traced")]);
            assert!(html.contains("two</mark><mark "), "{format:?}: {html}");
            assert!(html.contains(">\n</mark>"), "{format:?}: {html}");
        }
    }

    #[test]
    fn nested_marks_close_inner_first_and_notes_follow_their_mark() {
        let text = "“We lost 70,000 people,” she said.";
        let q = 0..text.find(',').unwrap() + 1 + "”".len();
        let f = text.find("70,000").unwrap();
        let mut figure = span(f..f + 6, 2, "differs");
        figure.note = Some("73,600".into());
        let html = render(text, DraftFormat::Plain, &[span(q, 1, "traced"), figure]);
        let inner = html.find("data-m=\"2\"").unwrap();
        let outer = html.find("data-m=\"1\"").unwrap();
        assert!(outer < inner, "{html}");
        assert!(
            html.contains("70,000</mark><span class=\"source-value\" data-m=\"2\">73,600</span>"),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_text_and_comments_vanish() {
        let text = "<script>alert(1)</script>\n\nSee <b onclick=\"x()\">this</b> <!-- sourced-ignore -->.\n\n<!-- only a comment -->\n";
        let html = render(text, DraftFormat::Markdown, &[]);
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<b "), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("&lt;b onclick="), "{html}");
        assert!(!html.contains("sourced-ignore"), "{html}");
        assert!(!html.contains("only a comment"), "{html}");
    }

    #[test]
    fn only_web_mail_and_relative_links_keep_their_target() {
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
        ] {
            let text = format!("[click](<{bad}>) and ![img](<{bad}>)\n");
            let html = render(&text, DraftFormat::Markdown, &[]);
            assert!(!html.contains("href"), "{bad}: {html}");
            assert!(!html.contains("<img"), "{bad}: {html}");
            assert!(html.contains("click"), "{html}");
        }
        for good in [
            "https://example.org/a?b#c",
            "notes.md#part",
            "mailto:a@b.org",
        ] {
            let html = render(&format!("[x]({good})\n"), DraftFormat::Markdown, &[]);
            assert!(html.contains("href"), "{good}: {html}");
        }
    }

    #[test]
    fn front_matter_is_left_out_and_table_alignment_is_not_a_style() {
        let text = "---\ntitle: secret\n---\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n";
        let html = render(text, DraftFormat::Markdown, &[]);
        assert!(!html.contains("secret"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(!html.contains("style"), "{html}");
    }

    #[test]
    fn plain_text_keeps_its_paragraphs_and_escapes() {
        let text = "One <i>line</i>\nand 5 more.\n\n\nNext & last.\n";
        let f = text.find('5').unwrap();
        let html = render(text, DraftFormat::Plain, &[span(f..f + 1, 1, "not-found")]);
        assert_eq!(html.matches("<p>").count(), 2, "{html}");
        assert!(html.contains("&lt;i&gt;line&lt;/i&gt;"), "{html}");
        assert!(html.contains("Next &amp; last."), "{html}");
        assert!(html.contains(">5</mark>"), "{html}");
    }
}
