//! The index loader: a segment written from some text, then changed at the given places and
//! sealed again (so that the checks behind the checksum are reached), opens or is refused with a
//! reason; what opens reads without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::corpus::{Document, Format};
use sourced::index::segment::{self, Segment};
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let text = String::from_utf8_lossy(&data[..split]).into_owned();
    let doc = Document::from_contents("a.txt".into(), text, Format::Text);
    let mut bytes = segment::write(&[doc], true, &[]);
    let changes = data.get(split + 1..).unwrap_or(&[]);
    for c in changes.chunks_exact(3) {
        let at = usize::from(u16::from_le_bytes([c[0], c[1]]));
        if !bytes.is_empty() {
            let n = bytes.len();
            bytes[at % n] ^= c[2];
        }
    }
    if changes.len() % 3 == 1 {
        // A truncated file.
        bytes.truncate(bytes.len() / 2);
    }
    let sealed = changes.len() % 3 != 2;
    if sealed {
        segment::reseal(&mut bytes);
    }
    let Ok(seg) = Segment::open(Arc::new(bytes)) else {
        return;
    };
    if let Ok(docs) = seg.documents() {
        for d in &docs {
            let _ = d.text.len();
            for r in d.sentences.iter() {
                let _ = d.text.get(r);
            }
        }
    }
    let _ = seg.stamps();
    for s in 0..seg.sentence_count().min(64) as u32 {
        let _ = seg.sentence_doc(s);
        let _ = seg.length(s);
    }
    let _ = seg.postings(sourced::index::term_key("cat"));
});
