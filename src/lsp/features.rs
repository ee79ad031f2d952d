//! What the server answers, computed from a checked draft and the index: diagnostics, hovers,
//! locations, code actions, symbols and completions. Pure functions of their inputs.

use super::document::{Encoding, Positions};
use crate::check::{
    Analysis, Code, DraftFormat, FigureReport, FigureStatus, Finding, QuoteReport, QuoteStatus,
    Severity, SourceRef, WordDiff,
};
use crate::index::{Index, Retrieval, term_hashes};
use std::collections::HashMap;
use std::ops::Range;
use tower_lsp_server::ls_types::{self as lsp, Uri};

/// A draft as checked: its text and what the engine found.
pub struct CheckedText<'a> {
    pub text: &'a str,
    pub format: DraftFormat,
    pub analysis: &'a Analysis,
    pub index: &'a Index,
    pub enc: Encoding,
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Information => lsp::DiagnosticSeverity::INFORMATION,
        Severity::Hint => lsp::DiagnosticSeverity::HINT,
    }
}

/// A corpus passage as a protocol location.
pub fn source_location(index: &Index, r: &SourceRef, enc: Encoding) -> Option<lsp::Location> {
    let loc = r.locate(index, enc.is_utf8())?;
    let mut uri = Uri::from_file_path(&loc.path)?;
    // A PDF opens at its page in a viewer that follows the fragment; the range is that of the
    // extracted text.
    if let Some(page) = loc.page {
        uri = format!("{}#page={page}", uri.as_str())
            .parse()
            .unwrap_or(uri);
    }
    Some(lsp::Location::new(
        uri,
        lsp::Range::new(
            lsp::Position::new(loc.start.line, loc.start.character),
            lsp::Position::new(loc.end.line, loc.end.character),
        ),
    ))
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shorten(s: &str, max: usize) -> String {
    let s = one_line(s);
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

pub fn diagnostic(c: &CheckedText, pos: &Positions, f: &Finding) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = f
        .sources
        .iter()
        .filter_map(|s| {
            let location = source_location(c.index, s, c.enc)?;
            let doc = c.index.documents().get(s.doc)?;
            let text = doc.text.get(s.range.clone()).unwrap_or_default();
            Some(lsp::DiagnosticRelatedInformation {
                location,
                message: format!(
                    "{}: {}",
                    doc.title,
                    crate::text::quoted(&shorten(text, 200), '“', '”')
                ),
            })
        })
        .collect();
    lsp::Diagnostic {
        range: pos.range(&f.range),
        severity: Some(severity(f.severity)),
        code: Some(lsp::NumberOrString::String(f.code.as_str().into())),
        source: Some("sourced".into()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..Default::default()
    }
}

pub fn diagnostics(c: &CheckedText) -> Vec<lsp::Diagnostic> {
    let pos = Positions::new(c.text, c.enc);
    c.analysis
        .findings
        .iter()
        .map(|f| diagnostic(c, &pos, f))
        .collect()
}

fn contains(r: &Range<usize>, offset: usize) -> bool {
    r.start <= offset && offset <= r.end
}

/// The quotation at a byte offset of the draft (block quotes last: an inline quotation inside
/// a block quote is the more specific).
pub fn quote_at(a: &Analysis, offset: usize) -> Option<&QuoteReport> {
    a.quotes
        .iter()
        .filter(|q| contains(&q.quotation.range, offset))
        .min_by_key(|q| (q.quotation.block, q.quotation.range.len()))
}

pub fn figure_at(a: &Analysis, offset: usize) -> Option<&FigureReport> {
    a.figures.iter().find(|f| contains(&f.figure.range, offset))
}

fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(
            ch,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// The source sentence with the passage in bold, as a Markdown block quote.
fn sentence_with_bold(index: &Index, sentence: &SourceRef, passage: &SourceRef) -> String {
    let Some(doc) = index.documents().get(sentence.doc) else {
        return String::new();
    };
    let t = &doc.text;
    let s = sentence.range.start.min(t.len())..sentence.range.end.min(t.len());
    let p = passage.range.start.clamp(s.start, s.end)..passage.range.end.clamp(s.start, s.end);
    let (before, mid, after) = (
        t.get(s.start..p.start).unwrap_or_default(),
        t.get(p.clone()).unwrap_or_default(),
        t.get(p.end..s.end).unwrap_or_default(),
    );
    let mid = one_line(mid);
    let bold = if mid.is_empty() {
        String::new()
    } else {
        format!("**{}**", escape_md(&mid))
    };
    let lead = if before.ends_with(char::is_whitespace) && !before.trim().is_empty() {
        " "
    } else {
        ""
    };
    let trail = if after.starts_with(char::is_whitespace) && !after.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!(
        "> {}{lead}{bold}{trail}{}",
        escape_md(&one_line(before)),
        escape_md(&one_line(after))
    )
}

fn source_heading(index: &Index, passage: &SourceRef) -> String {
    let Some(d) = index.documents().get(passage.doc) else {
        return String::new();
    };
    let mut parts = vec![format!(
        "*{}*",
        escape_md(&one_line(d.headline_and_outlet().0))
    )];
    parts.extend(d.byline().into_iter().map(|x| escape_md(&one_line(x))));
    parts.push(format!("`{}`", d.file_name()));
    if let Some(page) = d.page_at(passage.range.start) {
        parts.push(format!("page {page}"));
    }
    parts.join(" · ")
}

fn diff_text(d: &WordDiff) -> String {
    match d {
        WordDiff::Changed { source, draft } => format!("“{draft}” for the source’s “{source}”"),
        WordDiff::Added { draft } => format!("“{draft}” added"),
        WordDiff::Dropped { source } => format!("“{source}” left out"),
    }
}

pub fn quote_hover(c: &CheckedText, q: &QuoteReport) -> Option<String> {
    let mut md = String::new();
    match q.status {
        QuoteStatus::Unchecked => return None,
        QuoteStatus::Unsourced => {
            md.push_str(&format!(
                "**Unsourced quotation**: no source in the corpus ({} documents) has these words.",
                c.index.documents().len()
            ));
            return Some(md);
        }
        QuoteStatus::Verified => md.push_str("**Verified quotation**"),
        QuoteStatus::Misquote => md.push_str("**Misquotation**"),
        QuoteStatus::Misattributed => md.push_str(&format!(
            "**Misattributed quotation**: the source gives these words to {}",
            escape_md(q.source_speaker.as_deref().unwrap_or("someone else"))
        )),
    }
    let (Some(passage), Some(sentence)) = (&q.passage, &q.sentence) else {
        return Some(md);
    };
    md.push_str("\n\n");
    md.push_str(&source_heading(c.index, passage));
    md.push_str("\n\n");
    md.push_str(&sentence_with_bold(c.index, sentence, passage));
    md.push_str("\n\n");
    let draft_speaker = q.draft_speaker.as_ref().map(|s| s.name.as_str());
    match (&q.source_speaker, draft_speaker) {
        (Some(src), Some(d)) => md.push_str(&format!(
            "Speaker: {} in the source; {} in the draft",
            escape_md(src),
            escape_md(d)
        )),
        (Some(src), None) => md.push_str(&format!("Speaker: {}", escape_md(src))),
        (None, Some(d)) => md.push_str(&format!(
            "Speaker: {} in the draft; the source names no speaker",
            escape_md(d)
        )),
        (None, None) => md.push_str("Speaker: not named"),
    }
    md.push_str("\n\n");
    if q.diffs.is_empty() {
        md.push_str("Match: exact");
    } else {
        let diffs: Vec<String> = q.diffs.iter().map(diff_text).collect();
        md.push_str(&format!("Match: differs: {}", escape_md(&diffs.join("; "))));
    }
    if !q.also_in.is_empty() {
        let names: Vec<String> = q
            .also_in
            .iter()
            .filter_map(|r| c.index.documents().get(r.doc))
            .map(|d| format!("`{}`", d.file_name()))
            .collect();
        md.push_str(&format!("\n\nAlso in: {}", names.join(", ")));
    }
    Some(md)
}

pub fn figure_hover(c: &CheckedText, f: &FigureReport) -> Option<String> {
    if f.sources.is_empty() {
        return None;
    }
    let figure = c.text.get(f.figure.range.clone()).unwrap_or_default();
    let mut md = match f.status {
        FigureStatus::Agrees => format!("**{}** agrees with the source", escape_md(figure)),
        FigureStatus::Differs => format!("**{}** differs from the source", escape_md(figure)),
    };
    let mut shown: Vec<&SourceRef> = Vec::new();
    for (passage, sentence) in &f.sources {
        // Two figures of one source sentence: the sentence once.
        if shown
            .iter()
            .any(|s| s.doc == sentence.doc && s.range == sentence.range)
        {
            continue;
        }
        shown.push(sentence);
        md.push_str("\n\n");
        md.push_str(&source_heading(c.index, passage));
        md.push_str("\n\n");
        md.push_str(&sentence_with_bold(c.index, sentence, passage));
    }
    Some(md)
}

pub fn hover(c: &CheckedText, offset: usize) -> Option<lsp::Hover> {
    let pos = Positions::new(c.text, c.enc);
    let (md, range) = if let Some(q) = quote_at(c.analysis, offset)
        && q.status != QuoteStatus::Unchecked
    {
        (quote_hover(c, q)?, q.quotation.range.clone())
    } else if let Some(f) = figure_at(c.analysis, offset) {
        (figure_hover(c, f)?, f.figure.range.clone())
    } else {
        return None;
    };
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: md,
        }),
        range: Some(pos.range(&range)),
    })
}

/// The exact source ranges of the quotation or checked figure at an offset.
pub fn definition(c: &CheckedText, offset: usize) -> Vec<lsp::Location> {
    if let Some(q) = quote_at(c.analysis, offset)
        && let Some(p) = &q.passage
    {
        return source_location(c.index, p, c.enc).into_iter().collect();
    }
    if let Some(f) = figure_at(c.analysis, offset) {
        return f
            .sources
            .iter()
            .filter_map(|(p, _)| source_location(c.index, p, c.enc))
            .collect();
    }
    Vec::new()
}

/// Every place in the corpus with the quotation at an offset (and the quotation itself when
/// asked for).
pub fn references(
    c: &CheckedText,
    offset: usize,
    uri: &Uri,
    include_declaration: bool,
) -> Vec<lsp::Location> {
    let mut out = Vec::new();
    if let Some(q) = quote_at(c.analysis, offset) {
        if include_declaration {
            let pos = Positions::new(c.text, c.enc);
            out.push(lsp::Location::new(
                uri.clone(),
                pos.range(&q.quotation.range),
            ));
        }
        out.extend(
            q.passage
                .iter()
                .chain(&q.also_in)
                .filter_map(|p| source_location(c.index, p, c.enc)),
        );
    } else if let Some(f) = figure_at(c.analysis, offset) {
        out.extend(
            f.sources
                .iter()
                .filter_map(|(p, _)| source_location(c.index, p, c.enc)),
        );
    }
    out
}

fn edit(uri: &Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    lsp::WorkspaceEdit {
        changes: Some(changes),
        ..Default::default()
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The line ending the draft uses.
fn newline(text: &str) -> &'static str {
    match text.find(['\r', '\n']) {
        Some(i) if text[i..].starts_with("\r\n") => "\r\n",
        Some(i) if text[i..].starts_with('\r') => "\r",
        _ => "\n",
    }
}

/// Start of the paragraph holding an offset: the line after the last blank line before it.
fn paragraph_start(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let mut start = 0;
    let mut pos = 0;
    let mut prev_blank = true;
    for line in text.split_inclusive(['\n', '\r']) {
        if pos > offset {
            break;
        }
        let blank = line.trim().is_empty();
        if !blank && prev_blank {
            start = pos;
        }
        prev_blank = blank;
        pos += line.len();
    }
    start
}

/// The label of a source's footnote in a text, and whether the note is already there: one note
/// per source (found by its location), other sources of the same title numbered on.
fn footnote_label(text: &str, title: &str, location: &str) -> (String, bool) {
    let base = match crate::text::slug(title, 32) {
        s if s.is_empty() => "source".to_string(),
        s => s,
    };
    for n in 1.. {
        let label = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let head = format!("[^{label}]:");
        let note = text
            .split(['\n', '\r'])
            .find(|line| line.trim_start().starts_with(&head));
        match note {
            None => return (label, false),
            Some(line) if line.contains(location) => return (label, true),
            Some(_) => {}
        }
    }
    unreachable!("labels run out only after every number")
}

/// "Insert citation": a footnote reference after the span and, unless the source already has
/// one, its note at the end: `[^label]: Title, date. <location>`.
fn citation_action(
    c: &CheckedText,
    uri: &Uri,
    span: &Range<usize>,
    doc: usize,
) -> Option<lsp::CodeAction> {
    let pos = Positions::new(c.text, c.enc);
    let nl = newline(c.text);
    let d = c.index.documents().get(doc)?;
    let location = Uri::from_file_path(&d.path)
        .map(|u| u.to_string())
        .unwrap_or_else(|| d.path.display().to_string());
    let title = one_line(&d.title);
    let (label, exists) = footnote_label(c.text, &title, &location);
    let reference = lsp::TextEdit::new(pos.range(&(span.end..span.end)), format!("[^{label}]"));
    if exists {
        return Some(lsp::CodeAction {
            title: "Insert citation".into(),
            kind: Some(lsp::CodeActionKind::REFACTOR),
            edit: Some(edit(uri, vec![reference])),
            ..Default::default()
        });
    }
    let mut note = one_line(d.headline_and_outlet().0)
        .trim_end_matches(['.', ' '])
        .to_string();
    let byline: Vec<String> = d.byline().into_iter().map(one_line).collect();
    if !byline.is_empty() {
        note.push_str(" — ");
        note.push_str(&byline.join(", "));
    }
    let note = format!("{note}. <{location}>");
    let end = c.text.len();
    let trimmed = c.text.trim_end_matches(['\n', '\r', ' ', '\t']);
    let last_line = trimmed.rsplit(['\n', '\r']).next().unwrap_or("");
    let lead = if c.text.is_empty() {
        ""
    } else if last_line.starts_with("[^") {
        // Notes already end the document: add to them.
        if c.text.ends_with(['\n', '\r']) {
            ""
        } else {
            nl
        }
    } else if c.text.ends_with(['\n', '\r']) {
        nl
    } else {
        "\n\n"
    };
    let lead = if lead == "\n\n" {
        format!("{nl}{nl}")
    } else {
        lead.to_string()
    };
    Some(lsp::CodeAction {
        title: "Insert citation".into(),
        kind: Some(lsp::CodeActionKind::REFACTOR),
        edit: Some(edit(
            uri,
            vec![
                reference,
                lsp::TextEdit::new(
                    pos.range(&(end..end)),
                    format!("{lead}[^{label}]: {note}{nl}"),
                ),
            ],
        )),
        ..Default::default()
    })
}

/// Quick fixes for the findings in a range, citations for verified quotes and agreeing figures,
/// and silencing comments.
pub fn code_actions(c: &CheckedText, uri: &Uri, range: Range<usize>) -> Vec<lsp::CodeAction> {
    let pos = Positions::new(c.text, c.enc);
    let mut out = Vec::new();
    let markdown = c.format == DraftFormat::Markdown;
    for f in c
        .analysis
        .findings
        .iter()
        .filter(|f| overlaps(&f.range, &range))
    {
        let diag = diagnostic(c, &pos, f);
        for (i, fix) in f.fixes.iter().enumerate() {
            out.push(lsp::CodeAction {
                title: fix.title.clone(),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diag.clone()]),
                edit: Some(edit(
                    uri,
                    vec![lsp::TextEdit::new(
                        pos.range(&fix.range),
                        fix.replacement.clone(),
                    )],
                )),
                is_preferred: Some(i == 0),
                ..Default::default()
            });
        }
    }
    if markdown {
        for q in
            c.analysis.quotes.iter().filter(|q| {
                q.status == QuoteStatus::Verified && overlaps(&q.quotation.range, &range)
            })
        {
            let silenced_doubt = c
                .analysis
                .findings
                .iter()
                .any(|f| overlaps(&f.range, &q.quotation.range));
            if let (false, Some(p)) = (silenced_doubt, &q.passage) {
                out.extend(citation_action(c, uri, &q.quotation.range, p.doc));
            }
        }
        for f in c
            .analysis
            .figures
            .iter()
            .filter(|f| f.status == FigureStatus::Agrees && overlaps(&f.figure.range, &range))
        {
            if let Some((p, _)) = f.sources.first() {
                out.extend(citation_action(c, uri, &f.figure.range, p.doc));
            }
        }
        let mut seen: Vec<(usize, Code)> = Vec::new();
        for f in c
            .analysis
            .findings
            .iter()
            .filter(|f| overlaps(&f.range, &range))
        {
            let start = paragraph_start(c.text, f.range.start);
            if seen.contains(&(start, f.code)) {
                continue;
            }
            seen.push((start, f.code));
            out.push(lsp::CodeAction {
                title: format!("Ignore this finding here ({})", f.code.as_str()),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic(c, &pos, f)]),
                edit: Some(edit(
                    uri,
                    vec![lsp::TextEdit::new(
                        pos.range(&(start..start)),
                        format!(
                            "<!-- sourced-ignore: {} -->{}",
                            f.code.as_str(),
                            newline(c.text)
                        ),
                    )],
                )),
                ..Default::default()
            });
        }
    }
    out
}

fn quote_status_name(s: QuoteStatus) -> &'static str {
    match s {
        QuoteStatus::Verified => "verified",
        QuoteStatus::Misquote => "misquote",
        QuoteStatus::Misattributed => "misattributed",
        QuoteStatus::Unsourced => "unsourced",
        QuoteStatus::Unchecked => "unchecked",
    }
}

#[allow(deprecated)]
pub fn document_symbols(c: &CheckedText) -> Vec<lsp::DocumentSymbol> {
    let pos = Positions::new(c.text, c.enc);
    let mut items: Vec<(usize, lsp::DocumentSymbol)> = Vec::new();
    for q in &c.analysis.quotes {
        let r = pos.range(&q.quotation.range);
        let text = c.text.get(q.quotation.inner.clone()).unwrap_or_default();
        let mut detail = quote_status_name(q.status).to_string();
        if let Some(s) = &q.draft_speaker {
            detail.push_str(&format!(" · {}", s.name));
        }
        items.push((
            q.quotation.range.start,
            lsp::DocumentSymbol {
                name: format!("“{}”", shorten(text, 60)),
                detail: Some(detail),
                kind: lsp::SymbolKind::STRING,
                tags: None,
                deprecated: None,
                range: r,
                selection_range: r,
                children: None,
            },
        ));
    }
    for f in &c.analysis.figures {
        let r = pos.range(&f.figure.range);
        let text = c.text.get(f.figure.range.clone()).unwrap_or_default();
        items.push((
            f.figure.range.start,
            lsp::DocumentSymbol {
                name: shorten(text, 60),
                detail: Some(
                    match f.status {
                        FigureStatus::Agrees => "agrees",
                        FigureStatus::Differs => "differs",
                    }
                    .into(),
                ),
                kind: lsp::SymbolKind::NUMBER,
                tags: None,
                deprecated: None,
                range: r,
                selection_range: r,
                children: None,
            },
        ));
    }
    items.sort_by_key(|(s, _)| *s);
    items.into_iter().map(|(_, s)| s).collect()
}

/// Corpus sentences matching the words of a query, best first.
pub fn workspace_symbols(index: &Index, query: &str, enc: Encoding) -> Vec<lsp::WorkspaceSymbol> {
    let terms = term_hashes(query);
    if terms.is_empty() {
        return Vec::new();
    }
    index
        .search(&terms, 50)
        .into_iter()
        .filter_map(|(id, _)| {
            let s = index.sentence(id);
            let doc = &index.documents()[s.doc as usize];
            let r = SourceRef {
                doc: s.doc as usize,
                range: index.sentence_range(id),
            };
            Some(lsp::WorkspaceSymbol {
                name: shorten(index.sentence_text(id), 100),
                kind: lsp::SymbolKind::STRING,
                tags: None,
                container_name: Some(format!("{} ({})", one_line(&doc.title), doc.file_name())),
                location: lsp::OneOf::Left(source_location(index, &r, enc)?),
                data: None,
            })
        })
        .collect()
}

/// The words typed after an opening quotation mark on the cursor's line: their byte range, if
/// the quotation is still open at the cursor.
pub fn open_quotation(text: &str, offset: usize) -> Option<Range<usize>> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = &text[line_start..offset];
    let mut open: Option<usize> = None;
    for (i, ch) in line.char_indices() {
        match ch {
            '“' | '„' | '«' => open = Some(i + ch.len_utf8()),
            '”' | '»' => open = None,
            '"' => {
                open = match open {
                    Some(_) => None,
                    None => Some(i + 1),
                }
            }
            _ => {}
        }
    }
    let start = line_start + open?;
    Some(start..offset)
}

/// Source passages that continue the words typed inside an open quotation (at least two words).
pub fn completions(
    text: &str,
    offset: usize,
    index: &Index,
    enc: Encoding,
) -> Vec<lsp::CompletionItem> {
    let Some(typed_range) = open_quotation(text, offset) else {
        return Vec::new();
    };
    let typed = &text[typed_range.clone()];
    let typed_words = crate::text::words(typed);
    if typed_words.len() < 2 {
        return Vec::new();
    }
    // The last word may be half typed.
    let ends_mid_word = !typed.ends_with(|c: char| c.is_whitespace() || c.is_ascii_punctuation());
    let terms = term_hashes(typed);
    if terms.is_empty() {
        return Vec::new();
    }
    let pos = Positions::new(text, enc);
    let replace = pos.range(&typed_range);
    let mut out: Vec<lsp::CompletionItem> = Vec::new();
    for (id, _) in index.search(&terms, 40) {
        let s = index.sentence(id);
        let doc = &index.documents()[s.doc as usize];
        let srange = index.sentence_range(id);
        let stext = &doc.text[srange.clone()];
        let swords = crate::text::words(stext);
        let n = typed_words.len();
        let found = (0..swords.len()).find(|&i| {
            i + n <= swords.len()
                && typed_words.iter().enumerate().all(|(k, w)| {
                    let sw = &swords[i + k].norm;
                    if k == n - 1 && ends_mid_word {
                        sw.starts_with(&w.norm)
                    } else {
                        *sw == w.norm
                    }
                })
        });
        let Some(i) = found else { continue };
        let from = swords[i].range.start;
        let rest = &stext[from..];
        // Stop at the end of the quotation in the source, if the passage is quoted there.
        let cut = rest.find(['”', '"', '»']).unwrap_or(rest.len());
        let passage = rest[..cut].trim_end();
        let passage = one_line(passage);
        if passage.is_empty() || out.iter().any(|c| c.label == passage) {
            continue;
        }
        let date = doc.date.clone().unwrap_or_default();
        out.push(lsp::CompletionItem {
            label: passage.clone(),
            kind: Some(lsp::CompletionItemKind::TEXT),
            detail: Some(format!("{} · {}", one_line(&doc.title), doc.file_name())),
            documentation: Some(lsp::Documentation::MarkupContent(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: format!(
                    "{}\n\n> {}",
                    [one_line(&doc.title), date, doc.file_name()]
                        .into_iter()
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" · "),
                    escape_md(&one_line(stext))
                ),
            })),
            filter_text: Some(typed.to_string()),
            sort_text: Some(format!("{:04}", out.len())),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit::new(
                replace, passage,
            ))),
            ..Default::default()
        });
        if out.len() >= 20 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_starts_and_footnotes() {
        let t = "Title\n\nOne line\ntwo “x” line\n\nNext";
        assert_eq!(paragraph_start(t, t.find('x').unwrap()), 7);
        assert_eq!(paragraph_start(t, t.len()), t.find("Next").unwrap());
        assert_eq!(paragraph_start(t, 2), 0);
    }

    #[test]
    fn a_figure_hover_shows_each_source_sentence_once() {
        use crate::check::{FigureReport, FigureStatus};
        let index = Index::build(crate::corpus::builtin::builtin());
        let doc = &index.documents()[1];
        let at = doc.text.find("73,600").unwrap();
        let sentence = doc.sentence_at(at).unwrap();
        let sentence = SourceRef {
            doc: 1,
            range: doc.sentences.at(sentence),
        };
        let passage = SourceRef {
            doc: 1,
            range: at..at + "73,600".len(),
        };
        let text = "In 2022, 73,600 people died.";
        let figure = crate::figures::extract(text).remove(1);
        let report = FigureReport {
            figure,
            status: FigureStatus::Agrees,
            sources: vec![(passage.clone(), sentence.clone()), (passage, sentence)],
        };
        let analysis = crate::check::Analysis::default();
        let c = CheckedText {
            text,
            format: DraftFormat::Markdown,
            analysis: &analysis,
            index: &index,
            enc: Encoding::Utf16,
        };
        let md = figure_hover(&c, &report).unwrap();
        assert_eq!(md.matches("> In 2022").count(), 1, "{md}");
    }

    #[test]
    fn one_footnote_per_source() {
        assert_eq!(footnote_label("", "—", "x").0, "source");
        assert_eq!(
            footnote_label("", "U.S. raises pressure on China to combat", "x").0,
            "us-raises-pressure-on-china"
        );
        let title = "Bridge report";
        let text = "A quote.[^bridge-report]\n\n[^bridge-report]: Bridge report. <file:///a.txt>\n";
        assert_eq!(
            footnote_label(text, title, "file:///a.txt"),
            ("bridge-report".into(), true)
        );
        // Another source of the same title gets a label of its own.
        assert_eq!(
            footnote_label(text, title, "file:///b.txt"),
            ("bridge-report-2".into(), false)
        );
        assert_eq!(
            footnote_label("", title, "file:///a.txt"),
            ("bridge-report".into(), false)
        );
    }

    #[test]
    fn open_quotations_on_the_line() {
        let t = "He said “we believe the";
        let r = open_quotation(t, t.len()).unwrap();
        assert_eq!(&t[r], "we believe the");
        assert!(open_quotation("“closed” now", 12).is_none());
        let s = "x \"a b";
        assert_eq!(&s[open_quotation(s, s.len()).unwrap()], "a b");
    }
}
