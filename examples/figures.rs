//! Prints the figures the extractor reads in each line of standard input, for inspecting
//! extraction: `echo "Smith, 45, said" | cargo run --release --example figures`.

use std::io::BufRead;

fn main() {
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        println!("{line}");
        for f in sourced::figures::extract(&line) {
            println!(
                "  {:?} {} value={} high={:?} precision={} hedge={:?} unit={:?} date={:?}",
                &line[f.range.clone()],
                f.kind.name(),
                f.value,
                f.high,
                f.precision,
                f.hedge,
                f.unit,
                f.date
            );
        }
    }
}
