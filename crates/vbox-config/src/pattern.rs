//! Name patterns of maps: `web-{n}`, `web-{n:02}` (zero-padded to two digits).

/// A name with one number placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePattern {
    prefix: String,
    suffix: String,
    /// Zero-pad the number to this many digits (`{n:03}` → 3); 0: no padding.
    width: usize,
}

impl NamePattern {
    /// Parse a pattern. `Ok(None)`: no placeholder (a literal name). The error says what is
    /// wrong, for a diagnostic.
    pub fn parse(text: &str) -> Result<Option<NamePattern>, String> {
        let Some(open) = text.find('{') else {
            if text.contains('}') {
                return Err("unmatched `}` in the name pattern".into());
            }
            return Ok(None);
        };
        let close = text[open..]
            .find('}')
            .map(|i| open + i)
            .ok_or("unclosed `{` in the name pattern")?;
        let (prefix, suffix) = (&text[..open], &text[close + 1..]);
        if suffix.contains(['{', '}']) {
            return Err("a name pattern has one placeholder, `{n}` or `{n:02}`".into());
        }
        let width = match &text[open + 1..close] {
            "n" => 0,
            spec => spec
                .strip_prefix("n:0")
                .filter(|w| !w.is_empty() && w.len() <= 2)
                .and_then(|w| w.parse::<usize>().ok())
                .filter(|w| *w <= 12)
                .ok_or_else(|| {
                    format!("unknown placeholder `{{{spec}}}`: write `{{n}}` or `{{n:0W}}` (W digits, zero-padded)")
                })?,
        };
        Ok(Some(NamePattern {
            prefix: prefix.to_string(),
            suffix: suffix.to_string(),
            width,
        }))
    }

    /// The name of machine number `n`.
    pub fn render(&self, n: u64) -> String {
        format!(
            "{}{n:0width$}{}",
            self.prefix,
            self.suffix,
            width = self.width
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_numbers_with_padding() {
        let p = NamePattern::parse("web-{n:02}.lab").unwrap().unwrap();
        assert_eq!(p.render(3), "web-03.lab");
        assert_eq!(p.render(123), "web-123.lab");
        let p = NamePattern::parse("{n}-db").unwrap().unwrap();
        assert_eq!(p.render(7), "7-db");
        assert_eq!(NamePattern::parse("plain").unwrap(), None);
    }

    #[test]
    fn refuses_bad_patterns() {
        for (bad, why) in [
            ("web-{n", "unclosed `{` in the name pattern"),
            ("web-}", "unmatched `}` in the name pattern"),
            (
                "web-{i}",
                "unknown placeholder `{i}`: write `{n}` or `{n:0W}` (W digits, zero-padded)",
            ),
            (
                "web-{n:2}",
                "unknown placeholder `{n:2}`: write `{n}` or `{n:0W}` (W digits, zero-padded)",
            ),
            (
                "{n}-{n}",
                "a name pattern has one placeholder, `{n}` or `{n:02}`",
            ),
        ] {
            assert_eq!(NamePattern::parse(bad).unwrap_err(), why, "{bad}");
        }
    }
}
