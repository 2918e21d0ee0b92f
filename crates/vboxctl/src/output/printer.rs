//! The only place vboxctl writes to stdout and stderr: data goes to stdout, status lines,
//! progress and errors to stderr, filtered by verbosity.

use super::{error, progress::Spinner, table::Table};
use serde::Serialize;
use std::fmt::Display;
use std::io::{self, Write};

/// How much to tell on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Data and errors only.
    Quiet,
    /// Plus status lines ("Started `web1`").
    Default,
    /// Plus what is being done: each VirtualBox operation (`-v`).
    Verbose,
    /// Plus each VBoxManage command line and web service call (`-vv`).
    Debug,
}

/// Writes data and messages, honouring verbosity, terminal detection and `NO_COLOR`.
#[derive(Debug, Clone)]
pub struct Printer {
    pub(super) verbosity: Verbosity,
    pub(super) color: bool,
    pub(super) progress: bool,
}

impl Printer {
    /// A printer. `color` and `progress` come resolved from the settings (terminal, `NO_COLOR`).
    pub fn new(verbosity: Verbosity, color: bool, progress: bool) -> Printer {
        Printer {
            verbosity,
            color,
            progress: progress && verbosity > Verbosity::Quiet,
        }
    }

    /// Data for stdout; a newline is added when missing. A closed pipe (`| head`) is not an
    /// error: the reader has what it wanted.
    pub fn data(&self, text: &str) -> io::Result<()> {
        let mut out = io::stdout().lock();
        let result = if text.is_empty() || text.ends_with('\n') {
            out.write_all(text.as_bytes())
        } else {
            writeln!(out, "{text}")
        };
        match result.and_then(|()| out.flush()) {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
            other => other,
        }
    }

    /// Each item on its own line of stdout.
    pub fn lines<T: Display>(&self, items: impl IntoIterator<Item = T>) -> io::Result<()> {
        let text: String = items.into_iter().map(|i| format!("{i}\n")).collect();
        self.data(&text)
    }

    /// A table on stdout.
    pub fn table(&self, table: &Table) -> io::Result<()> {
        self.data(&table.render())
    }

    /// A value as pretty JSON on stdout.
    pub fn json<T: Serialize + ?Sized>(&self, value: &T) -> io::Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
        self.data(&text)
    }

    /// A status line on stderr, unless quiet.
    pub fn status(&self, message: impl Display) {
        if self.verbosity >= Verbosity::Default {
            eprintln!("{message}");
        }
    }

    /// A warning on stderr (`warning: …`), even when quiet: it is about something unsafe.
    pub fn warning(&self, message: impl Display) {
        eprintln!("warning: {message}");
    }

    /// One failed item of a larger run (`error: web-2: …`) on stderr, even when quiet.
    pub fn failure(&self, message: impl Display) {
        eprintln!("error: {message}");
    }

    /// Whether verbose lines are printed (`-v`).
    pub fn is_verbose(&self) -> bool {
        self.verbosity >= Verbosity::Verbose
    }

    /// A line on stderr in verbose mode only.
    pub fn verbose(&self, message: impl Display) {
        if self.verbosity >= Verbosity::Verbose {
            eprintln!("{message}");
        }
    }

    /// A spinner on stderr while something long runs (terminal only, not when quiet);
    /// elsewhere the message as a plain status line (`Starting 'web1'`), so that a log shows
    /// what is being waited for.
    pub fn spinner(&self, message: impl Display) -> Spinner {
        if !self.progress {
            self.status(format!("{message} …"));
        }
        Spinner::start(self.progress, self.color, message.to_string())
    }

    /// A `notice:` on stderr, even when quiet: something the user must not miss although
    /// nothing failed (the simulator is used because no VirtualBox was found).
    pub fn notice(&self, message: impl Display) {
        eprintln!("notice: {message}");
    }

    /// The error report on stderr (always, even when quiet).
    pub fn error(&self, err: &anyhow::Error, hint: Option<&str>) {
        eprint!("{}", error::render(err, hint, self.color));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quiet_draws_no_progress() {
        assert!(!Printer::new(Verbosity::Quiet, false, true).progress);
        assert!(Printer::new(Verbosity::Default, false, true).progress);
        assert!(!Printer::new(Verbosity::Verbose, true, false).progress);
    }
}
