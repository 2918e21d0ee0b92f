//! `sim serve`: the simulator behind the vboxwebsrv SOAP protocol, until Ctrl-C.

use super::{Ctx, ExitStatus};
use crate::cli::{ServeArgs, SimCommand};
use crate::error::CliError;
use crate::settings::env;
use anyhow::{Context, Result};
use std::time::Duration;
use vbox_sim::{RequestEvent, ServeOptions, Sim, SimOptions, SoapServer};

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
    // With -v, the server reports every request and this command prints one line for each.
    let (requests, mut served_requests) = if ctx.printer.is_verbose() {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        (Some(tx), Some(rx))
    } else {
        (None, None)
    };
    let serve = ServeOptions {
        requests,
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
    let run = server.run();
    tokio::pin!(run);
    loop {
        tokio::select! {
            served = &mut run => {
                served.context("the SOAP server stopped")?;
                break;
            }
            _ = tokio::signal::ctrl_c() => {
                ctx.printer.status("Stopped");
                break;
            }
            Some(request) = next(&mut served_requests) => ctx.printer.verbose(request_line(&request)),
        }
    }
    Ok(ExitStatus::Success)
}

/// The next request served, or never when nobody asked for them.
async fn next(
    requests: &mut Option<tokio::sync::mpsc::UnboundedReceiver<RequestEvent>>,
) -> Option<RequestEvent> {
    match requests {
        Some(requests) => requests.recv().await,
        None => std::future::pending().await,
    }
}

/// `IMachine_getName 8f3c…-000000000000002a 0.4 ms` and, for a fault, `fault: <faultstring>`.
fn request_line(request: &RequestEvent) -> String {
    let op = if request.op.is_empty() {
        "(unreadable request)"
    } else {
        &request.op
    };
    let mut line = op.to_string();
    if let Some(object) = &request.object {
        line.push(' ');
        line.push_str(if object.is_empty() { "(null)" } else { object });
    }
    line.push_str(&format!(
        " {:.1} ms",
        request.duration.as_secs_f64() * 1000.0
    ));
    if let Some(fault) = &request.fault {
        line.push_str(&format!(" fault: {fault}"));
    }
    line
}
