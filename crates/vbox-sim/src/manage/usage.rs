//! The brief usage texts VBoxManage prints with syntax errors, and its logo.
//!
//! VBoxManage renders these from the manual's refentries at build time: `Usage - <purpose>:`,
//! an empty line, then each synopsis word-wrapped with a 2-space first line and 6-space
//! continuation lines (the 7.0.14 capture `syntax-error`, whose widths bound the wrap column
//! to 69..80). A subcommand's error shows `Usage:` and that subcommand's synopses only. The
//! synopses below follow the 7.0 manual for the commands and options the emulator knows.

use crate::SimOptions;
use vbox_types::ApiVersion;

/// Synopsis lines are wrapped at this column.
const WRAP_COLUMN: usize = 79;
/// `ERROR_REPEAT_AFTER_USAGE_LENGTH`: after a usage this long the error is printed again.
pub(crate) const REPEAT_ERROR_AFTER_LINES: usize = 16;

/// One command's usage: its purpose and its synopses, each with the subcommand it belongs
/// to (`""` for synopses of the whole command).
#[derive(Debug)]
pub(crate) struct Usage {
    /// The refentry purpose, lower case as in the manual.
    pub purpose: &'static str,
    /// (subcommand, synopsis without wrapping).
    pub synopses: &'static [(&'static str, &'static str)],
}

/// The logo syntax errors and help start with. 7.1 renamed the product.
pub(crate) fn logo(opts: &SimOptions) -> String {
    let product = if opts.api >= ApiVersion::V7_1 {
        "Oracle VirtualBox"
    } else {
        "Oracle VM VirtualBox"
    };
    // VBOX_C_YEAR of the releases emulated by default: 6.1.50 and 7.0.14 came out in
    // January 2024, 7.1.12 in 2025; the real 7.2.22 host (Debian's build) prints 2026.
    let year = match opts.api {
        a if a >= ApiVersion::V7_2 => 2026,
        ApiVersion::V7_1 => 2025,
        _ => 2024,
    };
    format!(
        "{product} Command Line Management Interface Version {}\nCopyright (C) 2005-{year} Oracle and/or its affiliates\n\n",
        opts.version
    )
}

/// The brief usage of a command (`subcommand == ""`) or of one subcommand, and how many
/// lines it has.
pub(crate) fn render(usage: &Usage, subcommand: &str) -> (String, usize) {
    let mut text = if subcommand.is_empty() {
        let mut purpose = usage.purpose.chars();
        let first = purpose.next().map(|c| c.to_uppercase().collect::<String>());
        format!(
            "Usage - {}{}:\n",
            first.unwrap_or_default(),
            purpose.as_str()
        )
    } else {
        "Usage:\n".to_string()
    };
    let mut lines = 0;
    let chosen = usage
        .synopses
        .iter()
        .filter(|(scope, _)| subcommand.is_empty() || *scope == subcommand);
    for (_, synopsis) in chosen {
        let wrapped = wrap(synopsis);
        lines += wrapped.len() + 1;
        text.push('\n');
        for line in wrapped {
            text.push_str(&line);
            text.push('\n');
        }
    }
    (text, lines)
}

/// The usage of every command, one after the other (what VBoxManage shows for an invalid
/// command), and its length in lines.
pub(crate) fn render_all() -> (String, usize) {
    let mut seen: Vec<&Usage> = Vec::new();
    let (mut text, mut lines) = (String::new(), 0);
    for (_, u) in super::commands::COMMANDS {
        if seen.iter().any(|s| std::ptr::eq(*s, *u)) {
            continue;
        }
        seen.push(u);
        let (t, n) = render(u, "");
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(&t);
        lines += n + 1;
    }
    (text, lines)
}

/// Word-wrap a synopsis: the first line indented by 2, continuation lines by 6.
fn wrap(synopsis: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::from("  ");
    let mut empty = true;
    for word in synopsis.split_whitespace() {
        if !empty && line.len() + 1 + word.len() > WRAP_COLUMN {
            lines.push(std::mem::replace(&mut line, " ".repeat(6)));
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clonevm_usage_wraps_like_the_capture() {
        let (text, lines) = render(&super::super::commands::clonevm::USAGE, "");
        assert_eq!(
            text,
            "Usage - Create a clone of an existing virtual machine:\n\n  \
             VBoxManage clonevm <vmname|uuid> [--basefolder=basefolder]\n      \
             [--groups=group,...] [--mode=machine | --mode=machinechildren |\n      \
             --mode=all] [--name=name] [--options=option,...] [--register]\n      \
             [--snapshot=snapshot-name] [--uuid=uuid]\n"
        );
        assert!(lines < REPEAT_ERROR_AFTER_LINES);
    }

    #[test]
    fn the_product_name_changed_in_7_1() {
        let v70 = logo(&SimOptions::emulating("7.0").unwrap());
        assert!(v70.starts_with(
            "Oracle VM VirtualBox Command Line Management Interface Version 7.0.14\n"
        ));
        let v71 = logo(&SimOptions::emulating("7.1").unwrap());
        assert!(
            v71.starts_with("Oracle VirtualBox Command Line Management Interface Version 7.1.12\n")
        );
        assert!(v71.ends_with("Oracle and/or its affiliates\n\n"));
    }
}
