//! `sourced.toml`: any text is parsed or refused with a message; sizes likewise.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|text: &str| {
    if let Ok(c) = sourced::config::Config::parse(text, Path::new("/w")) {
        let mut findings = Vec::new();
        c.apply(&mut findings);
    }
    let _ = sourced::config::parse_size(text);
});
