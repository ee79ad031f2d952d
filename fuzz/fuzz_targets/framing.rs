//! LSP framing: any byte stream gives frames no larger than the limit, refusals with an error
//! answer, and an end.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sourced::lsp::transport::{Frame, FrameReader, id_in_prefix, rejection};

const MAX: usize = 4096;

fuzz_target!(|bytes: &[u8]| {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let mut frames = FrameReader::new(bytes, MAX);
        let mut n = 0;
        while let Some(f) = frames.next().await {
            n += 1;
            assert!(n <= bytes.len() + 1, "more frames than bytes");
            match f {
                Frame::Body(b) => {
                    assert!(b.len() <= MAX);
                    if let Some(e) = rejection(&b) {
                        assert!(e["error"]["code"].is_i64());
                    }
                }
                Frame::Refused(e) => assert!(e["error"]["code"].is_i64()),
            }
        }
    });
    let id = id_in_prefix(bytes);
    assert!(id.is_null() || id.is_string() || id.is_number());
});
