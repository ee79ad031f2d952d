//! GitHub Actions workflow commands: one `::warning file=…,line=…::message` line per finding,
//! shown as annotations on the pull request. Lines count from 1, columns too (UTF-16 code
//! units).

use super::Checked;
use crate::check::Severity;
use crate::text::LineIndex;

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Information | Severity::Hint => "notice",
    }
}

/// A command's message: `%`, carriage returns and line feeds are encoded.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: as a message, and `:` and `,` too, which end properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(checked: &[Checked]) -> String {
    let mut out = String::new();
    for c in checked {
        let file = escape_property(&c.path.display().to_string());
        let lines = LineIndex::new(&c.text);
        for f in &c.analysis.findings {
            let start = lines.position_utf16(&c.text, f.range.start);
            let end = lines.position_utf16(&c.text, f.range.end);
            let (message, _) = super::human::split_message(&f.message);
            out.push_str(&format!(
                "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}\n",
                command(f.severity),
                start.line + 1,
                start.character + 1,
                end.line + 1,
                end.character + 1,
                escape_property(f.code.as_str()),
                escape_data(message),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_and_properties_are_escaped() {
        assert_eq!(escape_data("50% up\r\nnext"), "50%25 up%0D%0Anext");
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }
}
