//! The encyclopedia slice beside the checkout, for the archive test and bench.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The 100 MB encyclopedia slice, unpacked once under `target/`, or `None` (a failure under CI) when the packed one is absent.
pub fn unpacked() -> Option<PathBuf> {
    let packed = root().join("../shared/corpora/wikipedia-en-100mb.tar.xz");
    let dir = root().join("target/wikipedia-archive");
    if dir.join("text").exists() {
        return Some(dir);
    }
    if !packed.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is absent",
            packed.display()
        );
        eprintln!("skipping: {} is absent", packed.display());
        return None;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let ok = Command::new("tar")
        .arg("-xJf")
        .arg(&packed)
        .arg("-C")
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "could not unpack {}", packed.display());
    Some(dir)
}
