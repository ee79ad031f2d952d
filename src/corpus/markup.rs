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

/// What a page's meta tags say of it.
#[derive(Default)]
struct Meta {
    title: Option<String>,
    site: Option<String>,
    published: Option<String>,
}

/// Reads one `<meta>` tag: Open Graph title and site name, and the usual publication dates.
fn read_meta(attributes: &[(&[u8], &[u8])], meta: &mut Meta) {
    let get = |key: &str| {
        attributes
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key.as_bytes()))
            .map(|(_, v)| String::from_utf8_lossy(v).trim().to_string())
    };
    let Some(content) = get("content").filter(|c| !c.is_empty()) else {
        return;
    };
    let content: String = content.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = get("property")
        .or_else(|| get("name"))
        .or_else(|| get("itemprop"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let slot = match key.as_str() {
        "og:title" | "twitter:title" => &mut meta.title,
        "og:site_name" | "application-name" => &mut meta.site,
        "article:published_time"
        | "og:published_time"
        | "datepublished"
        | "date"
        | "pubdate"
        | "dc.date"
        | "dcterms.date"
        | "publish-date" => &mut meta.published,
        _ => return,
    };
    if slot.is_none() {
        *slot = Some(content);
    }
}

/// Visible text of an HTML file and where each piece of it came from.
#[derive(Debug, Default, Clone)]
pub struct HtmlText {
    pub text: String,
    pub title: Option<String>,
    /// From the page's meta tags: the site's name and the publication date, as written.
    pub site: Option<String>,
    pub published: Option<String>,
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

/// Elements that hold no content of their own, so never close.
const VOID_TAGS: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Pages larger than this, or nested deeper, are not given to the readability extractor (which
/// builds a tree of the page); their visible text is used whole.
const MAX_READABLE_BYTES: usize = 4 << 20;
const MAX_READABLE_DEPTH: usize = 256;
/// How far past the last paragraph found the next one is looked for, in words.
const SEARCH_WORDS: usize = 5000;

/// The visible text of an HTML page, with the map back to the file. A saved news page loses its
/// menus, footers, cookie banners and scripts: a readability extractor picks the article, and
/// its paragraphs are located in the page's own text so that every offset still maps to the
/// file. A page the extractor cannot read is kept whole.
pub fn html_text(html: &str) -> HtmlText {
    let (full, depth) = visible_text(html);
    if html.len() > MAX_READABLE_BYTES || depth > MAX_READABLE_DEPTH {
        return full;
    }
    match readable_text(html) {
        Some(article) => keep_article(full, &article),
        None => full,
    }
}

/// The visible text of a page, whole (menus and footers included).
pub fn visible_text_only(html: &str) -> String {
    visible_text(html).0.text
}

/// The article's text as the readability extractor gives it, paragraphs on lines of their own.
fn readable_text(html: &str) -> Option<String> {
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        max_elements_to_parse: 50_000,
        ..Default::default()
    };
    // The extractor is another crate's code run on any file: a panic there costs the page its
    // cleaning, not the corpus.
    std::panic::catch_unwind(|| {
        let mut r = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
        let article = r.parse().ok()?;
        Some(article.text_content.to_string())
    })
    .ok()
    .flatten()
}

/// The lower-cased words of a text with their byte ranges.
fn plain_words(text: &str) -> Vec<(std::ops::Range<usize>, String)> {
    crate::text::word_ranges(text)
        .into_iter()
        .map(|r| {
            let w = text[r.clone()].to_lowercase();
            (r, w)
        })
        .collect()
}

/// Keeps of the page's text only the stretches that are the article's paragraphs, found in order.
fn keep_article(full: HtmlText, article: &str) -> HtmlText {
    let words = plain_words(&full.text);
    let mut regions: Vec<Range<usize>> = Vec::new();
    let mut from = 0;
    for para in article.lines().map(str::trim).filter(|p| !p.is_empty()) {
        let want: Vec<String> = plain_words(para).into_iter().map(|(_, w)| w).collect();
        if want.is_empty() {
            continue;
        }
        let probe = want.len().min(4);
        // Paragraphs come in order, with at most a menu or an advertisement between them: the
        // search is bounded so that a page costs about its length.
        let Some(at) = (from..words
            .len()
            .saturating_sub(probe - 1)
            .min(from + SEARCH_WORDS))
            .find(|&j| (0..probe).all(|k| words[j + k].1 == want[k]))
        else {
            continue;
        };
        let mut n = probe;
        while n < want.len() && at + n < words.len() && words[at + n].1 == want[n] {
            n += 1;
        }
        // Marks around the words (quotation marks, final stops) belong to the paragraph.
        let t = &full.text;
        let mut start = words[at].0.start;
        while let Some(c) = t[..start]
            .chars()
            .next_back()
            .filter(|c| !c.is_whitespace())
        {
            start -= c.len_utf8();
        }
        let mut end = words[at + n - 1].0.end;
        while let Some(c) = t[end..].chars().next().filter(|c| !c.is_whitespace()) {
            end += c.len_utf8();
        }
        regions.push(start.max(regions.last().map_or(0, |r| r.end))..end);
        from = at + n;
    }
    let kept: usize = regions.iter().map(|r| r.len()).sum();
    // A page whose article cannot be found in its own text is kept whole rather than emptied.
    if kept * 5 < article.len() {
        return full;
    }
    let mut out = HtmlText {
        title: full.title.clone(),
        site: full.site.clone(),
        published: full.published.clone(),
        ..HtmlText::default()
    };
    let mut last_end: Option<usize> = None;
    for r in regions.into_iter().filter(|r| r.start < r.end) {
        match last_end {
            // Within one stretch of white space, the original space is kept.
            Some(e)
                if full.text[e..r.start].trim().is_empty()
                    && !full.text[e..r.start].contains('\n') =>
            {
                append(&mut out, &full, e..r.start)
            }
            Some(_) => out.text.push_str("\n\n"),
            None => {}
        }
        append(&mut out, &full, r.clone());
        last_end = Some(r.end);
    }
    out
}

/// Appends `full.text[range]` to `out`, with its anchors into the file.
fn append(out: &mut HtmlText, full: &HtmlText, range: Range<usize>) {
    let base = out.text.len();
    out.map.push((base, map_offset(&full.map, range.start)));
    let first = full.map.partition_point(|&(t, _)| t <= range.start);
    for &(t, f) in &full.map[first..] {
        if t >= range.end {
            break;
        }
        out.map.push((base + t - range.start, f));
    }
    out.text.push_str(&full.text[range]);
}

/// Whether a text starts with a reference to `&` itself (`&amp;`, `&#38;`, `&#x26;`), as opposed
/// to a bare `&`.
fn is_ampersand_reference(s: &str) -> bool {
    let head: String = s.chars().take(6).collect::<String>().to_ascii_lowercase();
    head.starts_with("&amp") || head.starts_with("&#38") || head.starts_with("&#x26")
}

/// Where the entity starting at `at` (with `&`) ends in `raw`.
fn entity_end(raw: &str, at: usize) -> usize {
    let rest = &raw.as_bytes()[at + 1..];
    let body = rest
        .iter()
        .take(40)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    let semi = usize::from(rest.get(body) == Some(&b';'));
    (at + 1 + body + semi).min(raw.len())
}

/// Every visible character of an HTML page (scripts, styles and the head left out), white space
/// collapsed, paragraph breaks where blocks end, with the map to file offsets; and how deep its
/// elements nest.
fn visible_text(html: &str) -> (HtmlText, usize) {
    use html5gum::emitters::default::DefaultEmitter;
    use html5gum::{Token, Tokenizer};

    let mut out = HtmlText::default();
    let mut hidden = 0usize;
    let mut in_title = false;
    let mut title = String::new();
    let mut meta = Meta::default();
    let mut last_file_end = usize::MAX;
    let (mut depth, mut max_depth) = (0usize, 0usize);
    let paragraph_break = |out: &mut HtmlText| {
        let trimmed = out.text.trim_end_matches([' ', '\n']).len();
        if trimmed > 0 && !out.text.ends_with("\n\n") {
            out.text.truncate(trimmed);
            out.text.push_str("\n\n");
        }
    };
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Script and style contents are text to the tokenizer, not markup.
    emitter.naively_switch_states(true);
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let name = name.as_str();
                if !tag.self_closing && !VOID_TAGS.contains(&name) {
                    depth += 1;
                    max_depth = max_depth.max(depth);
                }
                if name == "meta" {
                    let attributes: Vec<(&[u8], &[u8])> = tag
                        .attributes
                        .iter()
                        .map(|(k, v)| (&k[..], &v.value[..]))
                        .collect();
                    read_meta(&attributes, &mut meta);
                }
                if name == "title" {
                    in_title = true;
                } else if HIDDEN_TAGS.contains(&name) && !tag.self_closing {
                    hidden += 1;
                }
                if BLOCK_TAGS.contains(&name) {
                    paragraph_break(&mut out);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let name = name.as_str();
                depth = depth.saturating_sub(1);
                if name == "title" {
                    in_title = false;
                } else if HIDDEN_TAGS.contains(&name) {
                    hidden = hidden.saturating_sub(1);
                }
                if BLOCK_TAGS.contains(&name) {
                    paragraph_break(&mut out);
                }
            }
            Token::String(s) => {
                let decoded = String::from_utf8_lossy(&s.value);
                if in_title {
                    title.push_str(&decoded);
                    continue;
                }
                if hidden > 0 {
                    continue;
                }
                let span = s.span.start.min(html.len())..s.span.end.min(html.len());
                let raw = html.get(span.clone()).unwrap_or_default();
                let mut ri = 0;
                for c in decoded.chars() {
                    // Where this character is in the file, and how many bytes it takes there.
                    let rest = &raw[ri.min(raw.len())..];
                    let entity =
                        rest.starts_with('&') && (c != '&' || is_ampersand_reference(rest));
                    let taken = if entity {
                        entity_end(raw, ri) - ri
                    } else if rest.starts_with(c) {
                        c.len_utf8()
                    } else if c == '\n' && rest.starts_with('\r') {
                        if rest.starts_with("\r\n") { 2 } else { 1 }
                    } else if c == '\u{FFFD}' {
                        rest.chars().next().map_or(0, char::len_utf8)
                    } else {
                        // The second character of an entity that stands for two.
                        0
                    };
                    let file_pos = span.start + ri.min(raw.len());
                    ri = (ri + taken).min(raw.len());
                    let c = if c.is_whitespace() { ' ' } else { c };
                    if c == ' ' && (out.text.is_empty() || out.text.ends_with([' ', '\n'])) {
                        continue;
                    }
                    if file_pos != last_file_end {
                        out.map.push((out.text.len(), file_pos));
                    }
                    last_file_end = file_pos + taken;
                    // A character reference (&amp;) is longer in the file than in the text:
                    // anchor the next character afresh.
                    if taken != c.len_utf8() {
                        last_file_end = usize::MAX;
                    }
                    out.text.push(c);
                }
            }
            _ => {}
        }
    }
    let t = title.split_whitespace().collect::<Vec<_>>().join(" ");
    out.title = meta.title.or((!t.is_empty()).then_some(t));
    out.site = meta.site;
    out.published = meta.published;
    (out, max_depth)
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
    fn a_saved_news_page_keeps_its_article_only() {
        let html = include_str!("../../tests/pages/saved-news.html");
        let h = html_text(html);
        for gone in [
            "cookies",
            "Subscribe",
            "Weather",
            "Most read",
            "stadium",
            "rights reserved",
            "dataLayer",
            "noopener",
        ] {
            assert!(!h.text.contains(gone), "{gone:?} kept:\n{}", h.text);
        }
        for kept in [
            "Overdose deaths involving fentanyl fell in 2023",
            "74,702 deaths",
            "“We are seeing the first real signs",
            "agency’s deputy director",
            "more than 40 states",
        ] {
            assert!(h.text.contains(kept), "{kept:?} lost:\n{}", h.text);
        }
        // Every word starts in the file where it is mapped; one written without references is
        // there whole.
        for r in crate::text::word_ranges(&h.text) {
            let word = &h.text[r.clone()];
            let f = h.file_offset(r.start);
            let there = &html[f..(f + word.len()).min(html.len())];
            if there.contains('&') {
                assert!(there.starts_with(word.chars().next().unwrap()) || there.starts_with('&'));
            } else {
                assert_eq!(there, word);
            }
        }
        let q = h.text.find("“We are").unwrap();
        assert_eq!(&html[h.file_offset(q)..h.file_offset(q) + 7], "&ldquo;");
    }

    #[test]
    fn deeply_nested_html_is_read_without_the_extractor() {
        let html = "<div>".repeat(100_000) + "<p>Deep words here.</p>" + &"</div>".repeat(100_000);
        let h = html_text(&html);
        assert!(h.text.contains("Deep words here."));
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
