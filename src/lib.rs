//! sourced: checks a draft's quotations and figures against a corpus of source documents.
//!
//! The engine (corpus, index, figures, quotes, check) is synchronous and pure: text in, findings
//! with byte ranges out. The command line (`cli`), the language server (`lsp`) and the review
//! page (`report`) translate.

pub mod check;
pub mod cli;
pub mod config;
pub mod corpus;
pub mod figures;
pub mod files;
pub mod index;
pub mod lsp;
pub mod quotes;
pub mod report;
pub mod text;
pub mod trust;
