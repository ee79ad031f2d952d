//! Turning marked-up files into checkable prose.
//!
//! Markdown keeps its byte offsets: everything that is not prose (code, link targets, front
//! matter, HTML, markup characters) is replaced by spaces, so a finding's range in the prose is
//! its range in the file. HTML becomes its visible text plus a map back to file offsets.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use std::ops::Range;

/// What the Markdown parser saw, besides the prose itself.
#[derive(Debug, Default, Clone)]
pub struct MarkdownProse {
    /// The file with every non-prose byte replaced by a space (same length as the input).
    pub prose: String,
    /// Byte ranges of block quotes (`> …`), whose text counts as quotation.
    pub block_quotes: Vec<Range<usize>>,
    /// HTML comments and their byte ranges, for `<!-- sourced-ignore -->` directives.
    pub comments: Vec<(Range<usize>, String)>,
    /// Byte ranges of paragraphs and headings, in order.
    pub blocks: Vec<Range<usize>>,
}

/// Containers (block quotes, list items) nested deeper than this on one line are read as text:
/// the parser's work on a line grows with the square of its nesting.
const MAX_NESTING: usize = 32;

/// The text with container markers past `MAX_NESTING` on a line turned into a character that
/// marks nothing, byte for byte (the prose is taken from the original text, so only what the
/// parser sees changes).
fn shallow(text: &str) -> std::borrow::Cow<'_, str> {
    let mut bytes: Option<Vec<u8>> = None;
    let mut line_start = 0;
    let src = text.as_bytes();
    while line_start < src.len() {
        let line_end = src[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(src.len(), |i| line_start + i + 1);
        let mut i = line_start;
        let mut depth = 0;
        loop {
            while i < line_end && matches!(src[i], b' ' | b'\t') {
                i += 1;
            }
            let marker_len = match src.get(i) {
                Some(b'>') => 1,
                Some(b'-' | b'+' | b'*') if matches!(src.get(i + 1), Some(b' ' | b'\t')) => 1,
                Some(b'0'..=b'9') => {
                    let digits = src[i..line_end]
                        .iter()
                        .take_while(|b| b.is_ascii_digit())
                        .count();
                    let after = i + digits;
                    if digits <= 9
                        && matches!(src.get(after), Some(b'.' | b')'))
                        && matches!(src.get(after + 1), Some(b' ' | b'\t'))
                    {
                        digits + 1
                    } else {
                        0
                    }
                }
                _ => 0,
            };
            if marker_len == 0 || i >= line_end {
                break;
            }
            depth += 1;
            if depth > MAX_NESTING {
                let b = bytes.get_or_insert_with(|| src.to_vec());
                b[i..i + marker_len].fill(b'^');
            }
            i += marker_len;
        }
        line_start = line_end;
    }
    match bytes {
        // Only ASCII bytes were replaced by ASCII bytes.
        Some(b) => std::borrow::Cow::Owned(String::from_utf8(b).unwrap_or_default()),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Blanks everything in a Markdown text that is not prose.
pub fn markdown_prose(text: &str) -> MarkdownProse {
    let mut keep = vec![false; text.len()];
    let mut out = MarkdownProse::default();
    let opts = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut in_code_block = 0usize;
    let mut in_metadata = 0usize;
    let mut quote_stack: Vec<usize> = Vec::new();
    let mut block_start: Option<usize> = None;
    let parsed = shallow(text);
    for (event, range) in Parser::new_ext(&parsed, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block += 1,
            Event::End(TagEnd::CodeBlock) => in_code_block = in_code_block.saturating_sub(1),
            Event::Start(Tag::MetadataBlock(_)) => in_metadata += 1,
            Event::End(TagEnd::MetadataBlock(_)) => in_metadata = in_metadata.saturating_sub(1),
            Event::Start(Tag::BlockQuote(_)) => quote_stack.push(range.start),
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(start) = quote_stack.pop()
                    && quote_stack.is_empty()
                {
                    out.block_quotes.push(start..range.end);
                }
            }
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item) => {
                block_start.get_or_insert(range.start);
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => {
                if let Some(start) = block_start.take() {
                    out.blocks.push(start..range.end);
                }
            }
            Event::Text(_) if in_code_block == 0 && in_metadata == 0 => {
                // Escapes and entities make the event text differ from the source bytes: keep the
                // source bytes (a character reference stays as written).
                for k in &mut keep[range] {
                    *k = true;
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let s = html.trim();
                if s.starts_with("<!--") {
                    out.comments.push((range, s.to_string()));
                }
            }
            _ => {}
        }
    }
    let bytes = text.as_bytes();
    let mut prose = Vec::with_capacity(text.len());
    for (i, &b) in bytes.iter().enumerate() {
        // Line ends survive so that lines and paragraphs keep their shape.
        if keep[i] || b == b'\n' || b == b'\r' {
            prose.push(b);
        } else {
            prose.push(b' ');
        }
    }
    // Blanking whole characters byte by byte keeps UTF-8 valid: a kept character is kept whole
    // because event ranges fall on character boundaries.
    out.prose = String::from_utf8(prose).unwrap_or_else(|e| {
        String::from_utf8_lossy(e.as_bytes())
            .chars()
            .map(|c| if c == '\u{FFFD}' { ' ' } else { c })
            .collect()
    });
    out
}

/// Visible text of an HTML file and where each piece of it came from.
#[derive(Debug, Default, Clone)]
pub struct HtmlText {
    pub text: String,
    pub title: Option<String>,
    /// Sorted `(text offset, file offset)` pairs; a text offset maps to the file offset of the
    /// last pair at or before it, plus the distance from that pair.
    pub map: Vec<(usize, usize)>,
}

impl HtmlText {
    /// File byte offset of a byte offset in the visible text.
    pub fn file_offset(&self, text_offset: usize) -> usize {
        map_offset(&self.map, text_offset)
    }
}

/// Maps an offset through sorted `(from, to)` anchor pairs.
pub fn map_offset(map: &[(usize, usize)], offset: usize) -> usize {
    let i = map.partition_point(|&(t, _)| t <= offset);
    if i == 0 {
        return offset;
    }
    let (t, f) = map[i - 1];
    f + (offset - t)
}

const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "blockquote",
    "section",
    "article",
    "header",
    "footer",
    "title",
    "figcaption",
    "pre",
    "hr",
    "dd",
    "dt",
];

const HIDDEN_TAGS: &[&str] = &["script", "style", "noscript", "template", "svg", "head"];

/// Extracts the visible text of an HTML document, paragraph breaks where blocks end.
pub fn html_text(html: &str) -> HtmlText {
    use html5tokenizer::offset::PosTrackingReader;
    use html5tokenizer::trace::Trace;
    use html5tokenizer::{NaiveParser, Token, TracingEmitter};

    let mut out = HtmlText::default();
    let mut hidden = 0usize;
    let mut in_title = false;
    let mut title = String::new();
    let mut last_file_end = usize::MAX;
    let parser =
        NaiveParser::new_with_emitter(PosTrackingReader::new(html), TracingEmitter::default());
    let paragraph_break = |out: &mut HtmlText| {
        let trimmed = out.text.trim_end_matches([' ', '\n']).len();
        if trimmed > 0 && !out.text.ends_with("\n\n") {
            out.text.truncate(trimmed);
            out.text.push_str("\n\n");
        }
    };
    for item in parser.flatten() {
        match item {
            (Token::StartTag(tag), _) => {
                let name = tag.name.as_str();
                if name == "title" {
                    in_title = true;
                } else if HIDDEN_TAGS.contains(&name) && !tag.self_closing {
                    hidden += 1;
                }
                if BLOCK_TAGS.contains(&name) {
                    paragraph_break(&mut out);
                }
            }
            (Token::EndTag(tag), _) => {
                let name = tag.name.as_str();
                if name == "title" {
                    in_title = false;
                } else if HIDDEN_TAGS.contains(&name) {
                    hidden = hidden.saturating_sub(1);
                }
                if BLOCK_TAGS.contains(&name) {
                    paragraph_break(&mut out);
                }
            }
            (Token::Char(c), Trace::Char(span)) => {
                if in_title {
                    title.push(c);
                    continue;
                }
                if hidden > 0 {
                    continue;
                }
                let c = if c.is_whitespace() { ' ' } else { c };
                if c == ' ' && (out.text.is_empty() || out.text.ends_with([' ', '\n'])) {
                    continue;
                }
                if span.start != last_file_end {
                    out.map.push((out.text.len(), span.start));
                }
                last_file_end = span.end;
                // A character reference (&amp;) is longer in the file than in the text: anchor
                // the next character afresh.
                if span.end - span.start != c.len_utf8() {
                    last_file_end = usize::MAX;
                }
                out.text.push(c);
            }
            _ => {}
        }
    }
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    out.title = (!t.is_empty()).then_some(t);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_keeps_offsets_and_drops_code_and_links() {
        let md = "---\ntitle: x 42\n---\n# Head\n\nSaid \"hi\" `code 7` [link](http://a/9) ok.\n\n```\n99 bottles\n```\n";
        let p = markdown_prose(md);
        assert_eq!(p.prose.len(), md.len());
        assert!(!p.prose.contains("42"));
        assert!(!p.prose.contains("code 7"));
        assert!(!p.prose.contains("http"));
        assert!(!p.prose.contains("99"));
        assert!(p.prose.contains("Said \"hi\""));
        assert!(p.prose.contains("link"));
        let i = md.find("Said").unwrap();
        assert_eq!(&p.prose[i..i + 4], "Said");
    }

    #[test]
    fn markdown_reports_block_quotes_and_comments() {
        let md = "Intro.\n\n> quoted words here\n\n<!-- sourced-ignore -->\nNext.\n";
        let p = markdown_prose(md);
        assert_eq!(p.block_quotes.len(), 1);
        assert!(md[p.block_quotes[0].clone()].contains("quoted words"));
        assert!(p.prose[p.block_quotes[0].clone()].contains("quoted words here"));
        assert!(!p.prose.contains('>'));
        assert_eq!(p.comments.len(), 1);
        assert!(p.comments[0].1.contains("sourced-ignore"));
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let md = "> ".repeat(100_000) + &"- ".repeat(100_000) + "x “words” here\n";
        let started = std::time::Instant::now();
        let p = markdown_prose(&md);
        assert!(
            started.elapsed().as_secs_f64() < 1.0,
            "{:?}",
            started.elapsed()
        );
        assert_eq!(p.prose.len(), md.len());
        assert!(
            p.prose.ends_with("x “words” here\n"),
            "{:?}",
            &p.prose[p.prose.len() - 30..]
        );
        // Ordinary nesting is read as before.
        let normal = "> - quoted item\n";
        assert_eq!(shallow(normal), normal);
        assert_eq!(markdown_prose(normal).block_quotes.len(), 1);
    }

    #[test]
    fn html_text_maps_back_to_the_file() {
        let html = "<html><head><title>The Title</title><script>var x=1;</script></head>\n<body><p>First para &amp; more.</p>\n<p>Second “para” here.</p></body></html>";
        let h = html_text(html);
        assert_eq!(h.title.as_deref(), Some("The Title"));
        assert!(h.text.contains("First para & more."));
        assert!(h.text.contains("\n\nSecond “para” here."));
        assert!(!h.text.contains("var x"));
        let t = h.text.find("Second").unwrap();
        assert_eq!(&html[h.file_offset(t)..h.file_offset(t) + 6], "Second");
        let m = h.text.find("more").unwrap();
        assert_eq!(&html[h.file_offset(m)..h.file_offset(m) + 4], "more");
        let q = h.text.find("here").unwrap();
        assert_eq!(&html[h.file_offset(q)..h.file_offset(q) + 4], "here");
    }
}
