//! `error:` / `caused by:` / `hint:` rendering. Each cause is printed once: library errors do
//! not repeat their source, and a cause whose text the line above already contains is
//! skipped, so a backend that does repeat it still reads cleanly.

use std::fmt::Write;

/// ANSI styles for the three labels, used only when colour is on.
const RED_BOLD: &str = "\u{1b}[1;31m";
const BOLD: &str = "\u{1b}[1m";
const CYAN_BOLD: &str = "\u{1b}[1;36m";
const RESET: &str = "\u{1b}[0m";

/// The full report for an error: its message, each distinct cause, then the hint.
pub fn render(err: &anyhow::Error, hint: Option<&str>, color: bool) -> String {
    let mut out = String::new();
    let mut previous = String::new();
    for (i, cause) in err.chain().enumerate() {
        let text = cause.to_string();
        if i > 0 && (text.is_empty() || previous.contains(&text)) {
            continue;
        }
        if i == 0 {
            push(&mut out, "", "error:", RED_BOLD, &text, color);
        } else {
            push(&mut out, "  ", "caused by:", BOLD, &text, color);
        }
        previous = text;
    }
    if let Some(hint) = hint {
        push(&mut out, "", "hint:", CYAN_BOLD, hint, color);
    }
    out
}

/// One labelled entry; lines after the first are indented under the text.
fn push(out: &mut String, indent: &str, label: &str, style: &str, text: &str, color: bool) {
    let pad = indent.len() + label.len() + 1;
    let mut lines = text.lines();
    let first = lines.next().unwrap_or("");
    if color {
        let _ = writeln!(out, "{indent}{style}{label}{RESET} {first}");
    } else {
        let _ = writeln!(out, "{indent}{label} {first}");
    }
    for line in lines {
        let _ = writeln!(out, "{:pad$}{line}", "");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::anyhow;

    #[derive(Debug, thiserror::Error)]
    #[error("cannot start `web1`")]
    struct Outer(#[source] Inner);

    #[derive(Debug, thiserror::Error)]
    #[error("The machine 'web1' is already running")]
    struct Inner;

    #[test]
    fn message_causes_and_hint() {
        let err = anyhow::Error::new(Outer(Inner));
        assert_eq!(
            render(&err, Some("stop it first with `vboxctl stop web1`"), false),
            "error: cannot start `web1`\n\
             \x20 caused by: The machine 'web1' is already running\n\
             hint: stop it first with `vboxctl stop web1`\n"
        );
    }

    #[test]
    fn skips_causes_already_said() {
        let err = anyhow!("The machine 'web1' is already running")
            .context("cannot start: The machine 'web1' is already running");
        assert_eq!(
            render(&err, None, false),
            "error: cannot start: The machine 'web1' is already running\n"
        );
    }

    #[test]
    fn indents_multi_line_messages() {
        let err = anyhow!("first line\nsecond line");
        assert_eq!(
            render(&err, Some("a\nb"), false),
            "error: first line\n       second line\nhint: a\n      b\n"
        );
    }

    #[test]
    fn colours_only_the_labels() {
        let err = anyhow!("boom");
        assert_eq!(
            render(&err, Some("try again"), true),
            "\u{1b}[1;31merror:\u{1b}[0m boom\n\u{1b}[1;36mhint:\u{1b}[0m try again\n"
        );
    }
}
