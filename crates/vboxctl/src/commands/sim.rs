//! `sim serve`: the simulator behind the vboxwebsrv SOAP protocol, until Ctrl-C.

use super::{Ctx, ExitStatus};
use crate::cli::{ServeArgs, SimCommand};
use crate::error::CliError;
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
    let dir = args.state.clone().unwrap_or_else(Sim::default_dir);
    let sim = Sim::open_with(&dir, options)
        .with_context(|| format!("cannot open the simulator in {}", dir.display()))?;
    let access = &ctx.settings.access;
    let password = access.password()?;
    if let Some(warning) = &password.warning {
        ctx.printer.warning(warning);
    }
    if access.user.is_some() && password.value.is_none() {
        return Err(CliError::new(
            "--user needs a password: set VBOXCTL_PASSWORD or pass --password-file",
        )
        .into());
    }
    if access.user.is_none() && !args.listen.ip().is_loopback() {
        ctx.printer.warning(format!(
            "serving {} without authentication: anyone who reaches it can drive the simulator (add --user)",
            args.listen
        ));
    }
    let serve = ServeOptions {
        user: access.user.clone(),
        password: password.value,
        session_timeout: Duration::from_secs(args.session_timeout),
        ..ServeOptions::default()
    };
    let server = SoapServer::bind(args.listen, sim, serve)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    let auth = match &access.user {
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
