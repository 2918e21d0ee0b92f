//! A VBoxManage emulator on top of the simulator: the same command-line grammar, output
//! formats, stdout/stderr split, exit codes and error texts as the VirtualBox version it
//! emulates, over the state directory `VBOX_USER_HOME` names.
//!
//! [`run`] executes one command line in-process (what tests use); [`main`] is the whole
//! program behind the `vboxmanage-sim` binary. Long operations take the simulator's real
//! durations and print their progress as they advance; `VBoxSim/*` extradata keys
//! ([`crate::keys`]) shorten them per machine.
//!
//! ```no_run
//! let dir = tempfile::tempdir().unwrap();
//! let env = vbox_sim::manage::EmulatorEnv::new(dir.path(), vbox_sim::SimOptions::default());
//! let (mut out, mut err) = (Vec::new(), Vec::new());
//! let argv: Vec<String> = ["list", "vms"].iter().map(|s| s.to_string()).collect();
//! let code = vbox_sim::manage::run(&argv, &env, &mut out, &mut err);
//! assert_eq!(code, 0);
//! ```

mod cli;
mod commands;
mod context;
mod env;
mod guestprops;
mod listing;
mod progress;
mod showvminfo;
mod usage;
pub(crate) mod view;

pub use env::{EmulatorEnv, DEFAULT_VERSION, STATE_DIR_VAR, VERSION_VAR};

use crate::Sim;
use context::{Cx, FAILURE, SUCCESS};
use std::io::Write;

/// Run one VBoxManage command line (`args` without the program name) against `env`,
/// writing what VBoxManage writes to `out` (stdout) and `err` (stderr). Returns the exit
/// code: 0 success, 1 failure, 2 syntax error. Long operations wait in real time (a
/// current-thread tokio runtime of its own), so call it outside any runtime.
pub fn run(args: &[String], env: &EmulatorEnv, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build();
    match runtime {
        Ok(rt) => rt.block_on(run_line(args, env, out, err)),
        Err(e) => {
            let _ = writeln!(err, "{}: error: Failed to start: {e}", env.program);
            FAILURE
        }
    }
}

/// The `vboxmanage-sim` program: the process's arguments and environment, its stdout and
/// stderr.
pub fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let code = match EmulatorEnv::from_env() {
        Ok(env) => run(&args, &env, &mut out, &mut err),
        Err(e) => {
            let _ = writeln!(err, "VBoxManage: error: {}", e.message());
            FAILURE
        }
    };
    std::process::ExitCode::from(u8::try_from(code).unwrap_or(1))
}

/// VBoxManage's `main`: global options, then the command.
async fn run_line(
    args: &[String],
    env: &EmulatorEnv,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let mut i = 0;
    let mut help = false;
    while let Some(arg) = args.get(i) {
        match arg.as_str() {
            "help" | "--help" | "-?" | "-h" | "-help" => help = true,
            "-V" | "--version" | "-v" | "-version" | "-Version" => {
                let _ = writeln!(out, "{}r{}", env.options.version, env.options.revision);
                return SUCCESS;
            }
            "--nologo" | "-q" | "-nologo" | "--detailed-progress" | "-d" => {}
            "--settingspw" | "--settingspwfile" => {
                if args.get(i + 1).is_none() {
                    let what = if arg == "--settingspw" {
                        "Password expected"
                    } else {
                        "No password file specified"
                    };
                    let _ = writeln!(err, "{}: error: {what}", env.program);
                    return FAILURE;
                }
                i += 1;
            }
            _ => break,
        }
        i += 1;
    }
    let sim = match Sim::open_with(&env.state_dir, env.options.clone()) {
        Ok(s) => s,
        Err(e) => {
            let _ = writeln!(err, "{}: error: {}", env.program, e.message());
            return FAILURE;
        }
    };
    let mut cx = Cx::new(sim, env.options.clone(), &env.program, out, err);
    let Some(command) = args.get(i) else {
        // No command at all: the logo and every usage, on stdout.
        let logo = usage::logo(&cx.opts);
        let (text, _) = usage::render_all();
        cx.print(&format!("{logo}{text}"));
        return SUCCESS;
    };
    let rest = &args[i + 1..];
    let Some(u) = commands::usage_of(command) else {
        return cx.syntax_error(&format!("Invalid command '{command}'"));
    };
    cx.set_usage(u);
    if help || rest.is_empty() {
        // `help <command>` and a command without arguments show its usage and fail.
        if help {
            let logo = usage::logo(&cx.opts);
            cx.print(&logo);
        }
        return cx.usage_on_stdout();
    }
    commands::dispatch(&mut cx, command, rest).await
}
