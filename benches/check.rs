//! Checking speed and indexing throughput.
//!
//! `cargo bench --bench check` — medians are in criterion's report; indexing throughput is
//! reported as bytes per second.

mod common;

use common::long_draft;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use sourced::check::{DraftFormat, analyse};
use sourced::corpus::{Corpus, builtin};
use sourced::index::Index;
use std::hint::black_box;
use std::path::Path;

#[path = "../tests/adversarial/mod.rs"]
mod adversarial;

fn bench(c: &mut Criterion) {
    let index = Index::build(builtin::builtin());
    let draft = long_draft();
    c.bench_function("check 5,000-word draft against the seeds", |b| {
        b.iter(|| analyse(black_box(&index), black_box(&draft), DraftFormat::Markdown))
    });

    let seeds_bytes: usize = builtin::SEEDS.iter().map(|(_, t)| t.len()).sum();
    let mut g = c.benchmark_group("indexing");
    g.throughput(Throughput::Bytes(seeds_bytes as u64));
    g.bench_function("seeds", |b| {
        b.iter(|| Index::build(black_box(builtin::builtin())))
    });
    let ecb = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/ecbplus/text");
    if ecb.exists() {
        let corpus = Corpus::load(std::slice::from_ref(&ecb));
        let bytes: usize = corpus.documents.iter().map(|d| d.text.len()).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.sample_size(10);
        g.bench_function("ecbplus (load and index)", |b| {
            b.iter(|| Index::build(Corpus::load(std::slice::from_ref(&ecb))))
        });
    }
    g.finish();

    // Adversarial drafts of 1 MB: each is checked in about the time of its length.
    let mut g = c.benchmark_group("adversarial 1 MB");
    g.sample_size(10);
    for (name, text) in adversarial::drafts(1 << 20) {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| analyse(black_box(&index), black_box(&text), DraftFormat::Markdown))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
