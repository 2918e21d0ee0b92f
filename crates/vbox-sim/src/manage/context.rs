//! The context a command runs in: the simulator, the emulated version, stdout and stderr,
//! and VBoxManage's ways of reporting failure.
//!
//! Error lines are `VBoxManage: error: <text>` on stderr, one prefix per line of text. An
//! API failure adds `Details:` (result code, component, interface, callee) and `Context:`
//! (the C++ call and where VBoxManage made it); a failed progress shows a headline first and
//! no callee. A syntax error shows the logo, the error and the command's usage, and repeats
//! the error after a long usage. Exit codes are IPRT's: 0 success, 1 failure, 2 syntax.

use super::cli::GetOptError;
use super::usage::{self, Usage};
use crate::{Sim, SimOptions};
use std::io::Write;
use vbox_types::{ApiVersion, Error, ResultCode};

/// `RTEXITCODE_SUCCESS`.
pub(crate) const SUCCESS: i32 = 0;
/// `RTEXITCODE_FAILURE`.
pub(crate) const FAILURE: i32 = 1;
/// `RTEXITCODE_SYNTAX`.
pub(crate) const SYNTAX: i32 = 2;

/// Where VBoxManage made an API call, for the `Details:`/`Context:` lines. The texts and line
/// numbers are those of the 7.0.14 captures where one exists, else of the 7.0 sources; a site
/// whose line moved names the later line with [`Site::from`] (7.2: the 7.2.22 captures and
/// the same errors provoked on the real 7.2.22 host). A site not seen on a later version keeps
/// its 7.0 line there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Site {
    /// `MachineWrap`, `VirtualBoxWrap`, `ConsoleWrap`, `SessionMachine`, …
    pub component: &'static str,
    /// `IMachine`, `IVirtualBox`, `IConsole`, …
    pub interface: &'static str,
    /// The call as the C++ source spells it.
    pub call: &'static str,
    /// Source line.
    pub line: u32,
    /// Source file.
    pub file: &'static str,
    /// From this API version on, the call is at this line instead.
    pub later: Option<(ApiVersion, u32)>,
}

impl Site {
    /// The same call at another line from `api` on (VBoxManage's sources moved it).
    pub(crate) const fn from(self, api: ApiVersion, line: u32) -> Site {
        Site {
            later: Some((api, line)),
            ..self
        }
    }

    /// The line the emulated version prints.
    pub(crate) fn line_in(&self, api: ApiVersion) -> u32 {
        match self.later {
            Some((from, line)) if api >= from => line,
            _ => self.line,
        }
    }

    /// A call on `IVirtualBox` (`FindMachine`, `CreateMachine`, `OpenMedium`).
    pub(crate) const fn vbox(call: &'static str, line: u32, file: &'static str) -> Site {
        Site {
            component: "VirtualBoxWrap",
            interface: "IVirtualBox",
            call,
            line,
            file,
            later: None,
        }
    }

    /// A call on `IMachine` (`LockMachine`, `LaunchVMProcess`, `CloneTo`, `Unregister`).
    pub(crate) const fn machine(call: &'static str, line: u32, file: &'static str) -> Site {
        Site {
            component: "MachineWrap",
            interface: "IMachine",
            call,
            line,
            file,
            later: None,
        }
    }

    /// A call on the session's mutable machine (setters, `TakeSnapshot`, `SaveState`).
    pub(crate) const fn session_machine(call: &'static str, line: u32, file: &'static str) -> Site {
        Site {
            component: "SessionMachine",
            interface: "IMachine",
            call,
            line,
            file,
            later: None,
        }
    }

    /// A call on `IConsole` (`Pause`, `PowerDown`, `PowerButton`).
    pub(crate) const fn console(call: &'static str, line: u32, file: &'static str) -> Site {
        Site {
            component: "ConsoleWrap",
            interface: "IConsole",
            call,
            line,
            file,
            later: None,
        }
    }
}

/// Where a failed progress object's error came from, and the `CHECK_PROGRESS_ERROR` site
/// (GCC's `__PRETTY_FUNCTION__` and line); `None` where VBoxManage prints no context
/// (`startvm`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ProgressSite {
    /// The component that failed (`MediumWrap`).
    pub component: &'static str,
    /// Its interface (`IMedium`).
    pub interface: &'static str,
    /// (function, line, file) of the check.
    pub context: Option<(&'static str, u32, &'static str)>,
    /// From this API version on, the check is at this line instead.
    pub later: Option<(ApiVersion, u32)>,
}

/// One command's run.
pub(crate) struct Cx<'a> {
    /// The simulated host.
    pub sim: Sim,
    /// The emulated version.
    pub opts: SimOptions,
    program: String,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
    usage: Option<&'static Usage>,
    subcommand: &'static str,
}

impl<'a> Cx<'a> {
    /// A context writing to `out` and `err`.
    pub(crate) fn new(
        sim: Sim,
        opts: SimOptions,
        program: &str,
        out: &'a mut dyn Write,
        err: &'a mut dyn Write,
    ) -> Cx<'a> {
        Cx {
            sim,
            opts,
            program: program.to_string(),
            out,
            err,
            usage: None,
            subcommand: "",
        }
    }

    /// The command whose usage syntax errors show (VBoxManage's `setCurrentCommand`).
    pub(crate) fn set_usage(&mut self, usage: &'static Usage) {
        self.usage = Some(usage);
        self.subcommand = "";
    }

    /// Narrow the usage to one subcommand (`setCurrentSubcommand`).
    pub(crate) fn set_subcommand(&mut self, subcommand: &'static str) {
        self.subcommand = subcommand;
    }

    /// Text on stdout, flushed (a caller may be waiting for the line).
    pub(crate) fn print(&mut self, text: &str) {
        let _ = self.out.write_all(text.as_bytes());
        let _ = self.out.flush();
    }

    /// Text on stderr, flushed (progress marks appear as the operation advances).
    pub(crate) fn eprint(&mut self, text: &str) {
        let _ = self.err.write_all(text.as_bytes());
        let _ = self.err.flush();
    }

    /// `RTMsgError`: every line of `text` with the error prefix.
    pub(crate) fn error_line(&mut self, text: &str) {
        let body = text.strip_suffix('\n').unwrap_or(text);
        let mut lines = String::new();
        for line in body.split('\n') {
            lines.push_str(&format!("{}: error: {line}\n", self.program));
        }
        self.eprint(&lines);
    }

    /// `RTMsgWarning`: a warning line on stderr; the command goes on.
    pub(crate) fn warning_line(&mut self, text: &str) {
        let line = format!("{}: warning: {text}\n", self.program);
        self.eprint(&line);
    }

    /// `RTMsgErrorExitFailure`: an error line, exit 1.
    pub(crate) fn fail(&mut self, text: &str) -> i32 {
        self.error_line(text);
        FAILURE
    }

    /// `errorArgument`: an error line without usage, exit 2.
    pub(crate) fn argument_error(&mut self, text: &str) -> i32 {
        self.error_line(text);
        SYNTAX
    }

    /// A failed API call (`CHECK_ERROR`): text, details and context; exit 1.
    pub(crate) fn api_error(&mut self, e: &Error, site: &Site) -> i32 {
        self.error_line(e.message());
        let details = format!(
            "Details: {}, component {}, interface {}, callee nsISupports",
            code_text(e),
            site.component,
            site.interface
        );
        self.error_line(&details);
        self.error_line(&format!(
            "Context: \"{}\" at line {} of file {}",
            site.call,
            site.line_in(self.opts.api),
            site.file
        ));
        FAILURE
    }

    /// A failed progress object (`CHECK_PROGRESS_ERROR`): the headline (none for
    /// `startvm`), the error, details without a callee, and the check's context; exit 1.
    pub(crate) fn progress_error(
        &mut self,
        headline: Option<&str>,
        e: &Error,
        site: &ProgressSite,
    ) -> i32 {
        if let Some(h) = headline {
            self.error_line(h);
        }
        self.error_line(e.message());
        self.error_line(&format!(
            "Details: {}, component {}, interface {}",
            code_text(e),
            site.component,
            site.interface
        ));
        if let Some((function, line, file)) = site.context {
            let line = match site.later {
                Some((from, later)) if self.opts.api >= from => later,
                _ => line,
            };
            self.error_line(&format!(
                "Context: \"{function}\" at line {line} of file {file}"
            ));
        }
        FAILURE
    }

    /// `errorSyntax`: logo, error, usage (and the error again after a long usage); exit 2.
    pub(crate) fn syntax_error(&mut self, text: &str) -> i32 {
        let logo = usage::logo(&self.opts);
        self.eprint(&logo);
        self.error_line(text);
        self.eprint("\n");
        self.usage_then_repeat(|cx| cx.error_line(text));
        SYNTAX
    }

    /// `errorGetOpt`: logo, what was wrong with the argument, usage; exit 2.
    pub(crate) fn getopt_error(&mut self, e: &GetOptError) -> i32 {
        let logo = usage::logo(&self.opts);
        self.eprint(&logo);
        let text = getopt_text(e);
        self.error_line(&text);
        self.usage_then_repeat(|cx| cx.error_line(&text));
        SYNTAX
    }

    /// A plain argument where none belongs (`errorGetOpt` of `VINF_GETOPT_NOT_OPTION`).
    pub(crate) fn invalid_parameter(&mut self, arg: &str) -> i32 {
        self.syntax_error(&format!("Invalid parameter '{arg}'"))
    }

    fn usage_then_repeat(&mut self, repeat: impl FnOnce(&mut Self)) {
        let (text, lines) = match self.usage {
            Some(u) => usage::render(u, self.subcommand),
            None => usage::render_all(),
        };
        self.eprint(&text);
        if lines >= usage::REPEAT_ERROR_AFTER_LINES {
            self.eprint("\n");
            repeat(self);
        }
    }

    /// The usage on stdout: what a command given without arguments prints (exit 1).
    pub(crate) fn usage_on_stdout(&mut self) -> i32 {
        if let Some(u) = self.usage {
            let (text, _) = usage::render(u, self.subcommand);
            self.print(&text);
        }
        FAILURE
    }
}

/// `code <SYMBOL> (0x<hex>)` as XPCOM hosts print it.
fn code_text(e: &Error) -> String {
    let code = e.code().unwrap_or(ResultCode::E_FAIL);
    let symbol = code.symbol(true).unwrap_or("NS_ERROR_FAILURE");
    format!("code {symbol} (0x{:08x})", code.0)
}

/// The symbol a failed progress prints in place of `100%`.
pub(crate) fn code_symbol(e: &Error) -> &'static str {
    e.code()
        .unwrap_or(ResultCode::E_FAIL)
        .symbol(true)
        .unwrap_or("NS_ERROR_FAILURE")
}

/// `errorGetOptWorker`'s texts (`%Rrs` of the status without its final period).
fn getopt_text(e: &GetOptError) -> String {
    match e {
        GetOptError::Unknown(arg) => format!("Unknown option: {arg}"),
        GetOptError::MissingValue(name) => {
            format!("{name}: RTGetOpt: Command line option needs argument")
        }
        GetOptError::BadValue(value) => format!("Invalid argument format: {value}"),
    }
}
