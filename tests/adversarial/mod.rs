//! Adversarial drafts for the timing test and the benchmark: each pattern that once made a check
//! grow faster than its text, at any length; and the generator the random tests share.

// Included by several test, bench and example crates, each using a part.
#![allow(dead_code)]

/// A deterministic generator (xorshift), so that every run checks the same text.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
}

fn repeat_to(unit: &str, len: usize) -> String {
    let mut s = unit.repeat(len / unit.len() + 1);
    let mut end = len.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
    s
}

/// Named drafts of about `len` bytes, each read as Markdown.
pub fn drafts(len: usize) -> Vec<(&'static str, String)> {
    let mut rng = Rng(0x5eed_1234);
    let figure_words = [
        "fentanyl",
        "deaths",
        "rose",
        "to",
        "73,600",
        "in",
        "2022",
        "more than",
        "percent",
        "12",
        "people",
        "$1.5 million",
        "and",
        "nearly",
        "two-thirds",
        "Nov. 3",
        "1990s",
        "18 to 49",
    ];
    let mut figures = String::new();
    while figures.len() < len {
        figures.push_str(rng.pick(&figure_words));
        figures.push(' ');
    }
    let pieces = [
        "\"",
        "“",
        "”",
        " ",
        " ",
        "\n",
        "\n\n",
        "\r\n",
        "…",
        "[",
        "]",
        "—",
        ",",
        ".",
        "$",
        "%",
        "42",
        "1,500",
        "2019",
        "Nov.",
        "said",
        "he",
        "Biden",
        "Liu",
        "more than",
        "percent",
        "million",
        "fentanyl",
        "the",
        "overdose",
        "> ",
        "- ",
        "`",
        "😀",
        "é",
    ];
    let mut mixed = String::new();
    while mixed.len() < len {
        mixed.push_str(rng.pick(&pieces));
    }
    vec![
        (
            "quotations in one paragraph",
            repeat_to("\"fentanyl\" ", len),
        ),
        ("unbalanced quotation marks", repeat_to("\"fentanyl ", len)),
        ("curly quotations", repeat_to("“fentanyl” ", len)),
        ("one sentence of figures", figures),
        (
            "figure sentences in one paragraph",
            repeat_to("In 2022, 73,600 people died. ", len),
        ),
        (
            "one-sentence paragraphs",
            repeat_to("In 2022, 73,600 people died.\n\n", len),
        ),
        (
            "quoted sentences",
            repeat_to("\"We will not stop,\" he said. ", len),
        ),
        (
            "nested Markdown containers",
            "> ".repeat(len / 4) + &"- ".repeat(len / 4) + "x\n",
        ),
        ("random marks, figures and names", mixed),
    ]
}
