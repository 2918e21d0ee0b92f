//! `doctor`: what vboxctl is connected to and whether it works — the backend, the VirtualBox
//! version and API generation, whether a web service answers on this host, and whether
//! running machines report Guest Additions (without them no IP address can be discovered).

use super::{Ctx, ExitStatus};
use crate::output::json::CheckJson;
use crate::output::Table;
use anyhow::Result;
use std::time::Duration;
use vbox_types::{Backend, MachineState};

/// The property the Guest Additions write when they run.
const ADDITIONS_VERSION: &str = "/VirtualBox/GuestAdd/Version";
/// Where vboxwebsrv listens by default.
const WEBSERVICE: &str = "127.0.0.1:18083";
const PROBE_TIMEOUT: Duration = Duration::from_millis(500);

pub async fn run(ctx: &Ctx<'_>) -> Result<ExitStatus> {
    let mut checks = Vec::new();
    let backend = match ctx.backend() {
        Ok(b) => {
            checks.push(check("backend", "ok", b.describe()));
            Some(b)
        }
        Err(e) => {
            checks.push(check("backend", "failed", format!("{e:#}")));
            None
        }
    };
    if let Some(backend) = backend {
        checks.extend(host_checks(backend).await);
    }
    let uri = ctx.uri().unwrap_or_else(|_| ctx.settings.uri.clone());
    if !uri.starts_with("http") {
        checks.push(webservice_probe().await);
    }
    let failed = checks.iter().any(|c| c.status == "failed");
    if ctx.json() {
        ctx.printer.json(&checks)?;
    } else {
        let mut table = Table::new(&["CHECK", "STATUS", "DETAIL"]);
        for c in &checks {
            table.row([c.check.clone(), c.status.to_string(), c.detail.clone()]);
        }
        ctx.printer.table(&table)?;
    }
    Ok(if failed {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    })
}

fn check(name: impl Into<String>, status: &'static str, detail: impl Into<String>) -> CheckJson {
    CheckJson {
        check: name.into(),
        status,
        detail: detail.into(),
    }
}

/// The version, then Guest Additions on every running machine.
async fn host_checks(backend: &dyn Backend) -> Vec<CheckJson> {
    let mut checks = Vec::new();
    match backend.version().await {
        Ok(v) => checks.push(check(
            "virtualbox",
            "ok",
            format!("{} r{} (API {})", v.version, v.revision, v.api.as_str()),
        )),
        Err(e) => {
            checks.push(check("virtualbox", "failed", e.to_string()));
            return checks;
        }
    }
    let machines = match backend.list_machines().await {
        Ok(m) => m,
        Err(e) => {
            checks.push(check("machines", "failed", e.to_string()));
            return checks;
        }
    };
    let running: Vec<_> = machines
        .iter()
        .filter(|m| m.state == Some(MachineState::Running))
        .collect();
    checks.push(check(
        "machines",
        "ok",
        format!("{} registered, {} running", machines.len(), running.len()),
    ));
    for m in running {
        let name = format!("guest-additions:{}", m.name);
        checks.push(match backend.get_guest_property(&m.id, ADDITIONS_VERSION).await {
            Ok(Some(p)) => check(name, "ok", format!("version {}", p.value)),
            Ok(None) => check(
                name,
                "warning",
                "not reported: install the Guest Additions, or wait for the guest to boot; addresses cannot be discovered without them",
            ),
            Err(e) => check(name, "warning", e.to_string()),
        });
    }
    checks
}

/// Whether something listens where vboxwebsrv would on this host.
async fn webservice_probe() -> CheckJson {
    let connect = tokio::net::TcpStream::connect(WEBSERVICE);
    match tokio::time::timeout(PROBE_TIMEOUT, connect).await {
        Ok(Ok(_)) => check(
            "webservice",
            "ok",
            format!("something listens on {WEBSERVICE}: try --connect http://{WEBSERVICE}"),
        ),
        _ => check(
            "webservice",
            "warning",
            format!("nothing listens on {WEBSERVICE} (start vboxwebsrv to use http://; not needed for this backend)"),
        ),
    }
}
