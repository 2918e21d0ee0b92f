//! `sim serve`: the simulator behind the vboxwebsrv SOAP protocol, until Ctrl-C.

use super::{Ctx, ExitStatus};
use crate::cli::{ServeArgs, SimCommand};
use crate::error::CliError;
use crate::settings::env;
use anyhow::{Context, Result};
use std::time::Duration;
use vbox_sim::{ServeOptions, Sim, SimOptions, SoapServer};

pub async fn run(ctx: &Ctx<'_>, command: SimCommand) -> Result<ExitStatus> {
    match command {
        SimCommand::Serve(args) => serve(ctx, &args).await,
    }
}

async fn serve(ctx: &Ctx<'_>, args: &ServeArgs) -> Result<ExitStatus> {
    let options = SimOptions::emulating(&args.api)
        .map_err(|e| CliError::new(format!("--api {}: {}", args.api, e.message())))?;
    let version = options.version.clone();
    let dir = match &args.state {
        // The same rule as `sim:///dir`: a typo must not become a new, empty host.
        Some(dir) if !dir.is_dir() => {
            return Err(vbox::ConnectError::NoSimDir { dir: dir.clone() }.into())
        }
        Some(dir) => dir.clone(),
        None => Sim::default_dir(),
    };
    let sim = Sim::open_with(&dir, options)
        .with_context(|| format!("cannot open the simulator in {}", dir.display()))?;
    let mut warnings = Vec::new();
    let (user, password) =
        vbox_config::resolve_server_credentials(&ctx.settings.overrides, &env, &mut warnings)?;
    for warning in warnings {
        ctx.printer.warning(warning);
    }
    if user.is_some() && password.is_none() {
        return Err(CliError::new(
            "--user needs a password: set VBOXCTL_PASSWORD or pass --password-file",
        )
        .into());
    }
    if user.is_none() && !args.listen.ip().is_loopback() {
        ctx.printer.warning(format!(
            "serving {} without authentication: anyone who reaches it can drive the simulator (add --user)",
            args.listen
        ));
    }
    let serve = ServeOptions {
        user: user.clone(),
        // The simulator's server compares it with what clients send; its options take text.
        password: password.map(|p| p.expose().to_string()),
        session_timeout: Duration::from_secs(args.session_timeout),
        ..ServeOptions::default()
    };
    let server = SoapServer::bind(args.listen, sim, serve)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let auth = match &user {
        Some(user) => format!("user '{user}'"),
        None => "no authentication".to_string(),
    };
    ctx.printer.status(format!(
        "Serving the simulator in {} as VirtualBox {version} on http://{} ({auth}); Ctrl-C stops",
        dir.display(),
        server.local_addr()
    ));
    tokio::select! {
        served = server.run() => served.context("the SOAP server stopped")?,
        _ = tokio::signal::ctrl_c() => ctx.printer.status("Stopped"),
    }
    Ok(ExitStatus::Success)
}
