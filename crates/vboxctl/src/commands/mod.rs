//! One module per subcommand, and what they share: the connection, the spinner around long
//! waits, and the exit status.

mod adapters;
mod clone;
mod completions;
mod connection;
mod control;
mod create;
mod destroy;
mod doctor;
mod exists;
mod export;
mod extradata;
mod fleet;
mod forward;
mod guestproperty;
mod hostonly;
mod import;
mod inventory;
mod ip;
mod list;
mod modify;
mod nodes;
mod show;
mod sim;
mod snapshot;
mod ssh_forward;
mod start;
mod states;
mod stop;
mod storage;
mod templates;
mod version;

use crate::cli::{Command, OutputFormat};
use crate::output::{json::KeyValueJson, Printer};
use crate::settings::GlobalSettings;
use anyhow::Result;
use std::cell::OnceCell;
use std::future::Future;
use std::process::ExitCode;
use vbox_types::{Backend, ErrorKind};

/// How vboxctl exits when no error was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0.
    Success,
    /// 1, without an error report (`exists` of an absent machine).
    Failure,
    /// 130, as a shell reports a command ended by Ctrl-C (`up`/`down` interrupted).
    Interrupted,
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        match status {
            ExitStatus::Success => ExitCode::SUCCESS,
            ExitStatus::Failure => ExitCode::FAILURE,
            ExitStatus::Interrupted => ExitCode::from(130),
        }
    }
}

/// What every command gets: settings, the printer, and the backend (connected on first use,
/// so commands such as `states --api` work without one).
pub struct Ctx<'a> {
    /// Global settings.
    pub settings: &'a GlobalSettings,
    /// The only writer.
    pub printer: &'a Printer,
    host: OnceCell<connection::Host>,
    config: OnceCell<vbox_config::Config>,
}

impl Ctx<'_> {
    /// The backend, connecting (and checking that it answers as VirtualBox) on the first call.
    pub async fn backend(&self) -> Result<&dyn Backend> {
        if let Some(host) = self.host.get() {
            return Ok(host.backend.as_ref());
        }
        let host = self.connect(None).await?;
        Ok(self.host.get_or_init(|| host).backend.as_ref())
    }

    /// The version the default host answered with when connected.
    pub async fn version(&self) -> Result<&vbox_types::VersionInfo> {
        self.backend().await?;
        let host = self.host.get().expect("connected above");
        Ok(&host.version)
    }

    /// Whether stdout wants JSON.
    pub fn json(&self) -> bool {
        self.settings.format == OutputFormat::Json
    }

    /// Run a long operation with a spinner on stderr on a terminal, or, elsewhere (a pipe, a
    /// CI log), after a plain line saying what is awaited, so a long wait is never silent.
    pub async fn waiting<T>(&self, message: String, operation: impl Future<Output = T>) -> T {
        let _spinner = self.printer.spinner(&message);
        operation.await
    }

    /// Report a key of a machine that was set or removed (guest properties, extradata): a
    /// status line, and the key with its new value as JSON.
    pub fn report_set(
        &self,
        what: &str,
        machine: &str,
        key: &str,
        value: Option<&str>,
    ) -> Result<ExitStatus> {
        match value {
            Some(_) => self
                .printer
                .status(format!("Set {what} '{key}' of '{machine}'")),
            None => self
                .printer
                .status(format!("Removed {what} '{key}' of '{machine}'")),
        }
        if self.json() {
            self.printer.json(&KeyValueJson {
                machine: machine.to_string(),
                key: key.to_string(),
                value: value.map(str::to_string),
            })?;
        }
        Ok(ExitStatus::Success)
    }
}

/// Map an error of a direct backend call about a machine the way `vbox-ops` does (one line
/// naming the machine, VirtualBox's text as the cause), except that a NotFound whose text
/// does not name the machine ("Could not find a snapshot named 'x'") keeps the operation and
/// machine as context instead of standing alone.
pub fn backend_error<'a>(
    operation: &'static str,
    machine: &'a str,
) -> impl FnOnce(vbox_types::Error) -> vbox_ops::Error + 'a {
    move |source| {
        if source.kind() == ErrorKind::NotFound && !source.message().contains(machine) {
            vbox_ops::Error::Backend {
                operation,
                machine: machine.to_string(),
                source,
            }
        } else {
            vbox_ops::Error::backend(operation, machine)(source)
        }
    }
}

/// Run a command to completion on a fresh runtime.
pub fn run(command: Command, settings: &GlobalSettings, printer: &Printer) -> Result<ExitStatus> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let ctx = Ctx {
        settings,
        printer,
        host: OnceCell::new(),
        config: OnceCell::new(),
    };
    runtime.block_on(dispatch(&ctx, command))
}

async fn dispatch(ctx: &Ctx<'_>, command: Command) -> Result<ExitStatus> {
    fleet::check_format(ctx, &command)?;
    match command {
        Command::List => list::run(ctx).await,
        Command::Show(args) => show::run(ctx, &args.name).await,
        Command::Create(args) => create::run(ctx, &args).await,
        Command::Clone(args) => clone::run(ctx, &args).await,
        Command::Start(args) => start::run(ctx, &args).await,
        Command::Stop(args) => stop::run(ctx, &args).await,
        Command::Pause(args) => control::run(ctx, &args, control::Verb::Pause).await,
        Command::Resume(args) => control::run(ctx, &args, control::Verb::Resume).await,
        Command::Reset(args) => control::run(ctx, &args, control::Verb::Reset).await,
        Command::Destroy(args) => destroy::run(ctx, &args).await,
        Command::Exists(args) => exists::run(ctx, &args.name).await,
        Command::Ip(args) => ip::run(ctx, &args).await,
        Command::Adapters(args) => adapters::run(ctx, &args).await,
        Command::Modify(args) => modify::run(ctx, &args).await,
        Command::Forward(cmd) => forward::run(ctx, cmd).await,
        Command::Storage(cmd) => storage::run(ctx, cmd).await,
        Command::Share(cmd) => storage::run_share(ctx, cmd).await,
        Command::HostOnly(cmd) => hostonly::run(ctx, cmd).await,
        Command::States(args) => states::run(ctx, &args).await,
        Command::Nodes(args) => nodes::run(ctx, &args).await,
        Command::GuestProperty(cmd) => guestproperty::run(ctx, cmd).await,
        Command::Snapshot(cmd) => snapshot::run(ctx, cmd).await,
        Command::Extradata(cmd) => extradata::run(ctx, cmd).await,
        Command::Import(args) => import::run(ctx, &args).await,
        Command::Export(args) => export::run(ctx, &args).await,
        Command::Version => version::run(ctx).await,
        Command::Completions(args) => completions::run(ctx, &args),
        Command::Doctor(args) => doctor::run(ctx, &args).await,
        Command::Sim(command) => sim::run(ctx, command).await,
        Command::Up(args) => fleet::up(ctx, &args).await,
        Command::Down(args) => fleet::down(ctx, &args).await,
        Command::Inventory(args) => inventory::run(ctx, &args).await,
    }
}
