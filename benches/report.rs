//! Building the review page of a 5,000-word draft against the seeds.
//!
//! `cargo bench --bench report` — criterion prints the medians; the page's size is printed once.
//! "report" is what `sourced report` does after indexing: check the draft and build the page;
//! "index the seeds, check and page" is the whole command but for reading and writing files;
//! "page only" is the page from a finished check.

mod common;

use common::long_draft;
use criterion::{Criterion, criterion_group, criterion_main};
use sourced::check::{DraftFormat, analyse};
use sourced::corpus::builtin;
use sourced::index::Index;
use sourced::report::{self, CorpusInfo, Report};
use std::hint::black_box;
use std::time::SystemTime;

fn page(index: &Index, draft: &str, analysis: &sourced::check::Analysis) -> String {
    let corpus = CorpusInfo {
        description: CorpusInfo::describe(&[], None),
        indexed: SystemTime::now(),
    };
    report::render(&Report {
        name: "long-draft.md",
        text: draft,
        format: DraftFormat::Markdown,
        analysis,
        index,
        corpus: &corpus,
        generated: SystemTime::now(),
    })
    .expect("the page renders")
    .html
}

fn bench(c: &mut Criterion) {
    let index = Index::build(builtin::builtin());
    let draft = long_draft();
    let analysis = analyse(&index, &draft, DraftFormat::Markdown);
    let html = page(&index, &draft, &analysis);
    println!(
        "report of a {}-word draft: {} bytes ({:.2} MB)",
        draft.split_whitespace().count(),
        html.len(),
        html.len() as f64 / 1e6
    );
    c.bench_function("report of a 5,000-word draft against the seeds", |b| {
        b.iter(|| {
            let a = analyse(black_box(&index), black_box(&draft), DraftFormat::Markdown);
            page(&index, &draft, &a)
        })
    });
    c.bench_function("index the seeds, check and page, 5,000-word draft", |b| {
        b.iter(|| {
            let index = Index::build(builtin::builtin());
            let a = analyse(&index, black_box(&draft), DraftFormat::Markdown);
            page(&index, &draft, &a)
        })
    });
    c.bench_function("page only, 5,000-word draft", |b| {
        b.iter(|| page(black_box(&index), black_box(&draft), black_box(&analysis)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
