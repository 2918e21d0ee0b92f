//! `doctor`: what vboxctl is connected to and whether it works — the backend (which must
//! answer as VirtualBox), the VirtualBox version and API generation, whether a vboxwebsrv
//! answers on this host, and whether running machines report Guest Additions (without them no
//! IP address can be discovered).

use super::{Ctx, ExitStatus};
use crate::cli::DoctorArgs;
use crate::output::json::CheckJson;
use crate::output::Table;
use anyhow::Result;
use std::time::Duration;
use vbox_types::{Backend, ErrorKind, MachineState};

/// The property the Guest Additions write when they run.
const ADDITIONS_VERSION: &str = "/VirtualBox/GuestAdd/Version";
/// How long the web service probe may take: a connection, then one logon and version query.
const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

pub async fn run(ctx: &Ctx<'_>, args: &DoctorArgs) -> Result<ExitStatus> {
    let mut checks = Vec::new();
    let backend = match ctx.backend().await {
        Ok(b) => {
            let describe = b.describe();
            // The simulator as the default is said here too, not only in the notice.
            let detail = if describe.starts_with("sim://") && !ctx.host_named()? {
                format!("{describe} (the simulator: no VirtualBox was found here)")
            } else {
                describe
            };
            checks.push(check("backend", "ok", detail));
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
    let over_web = backend.is_some_and(|b| b.describe().starts_with("http"));
    if !over_web {
        checks.push(webservice_probe(&args.webservice).await);
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
            // Nothing tells a guest that is still booting from one without the Guest
            // Additions: both have never written the property. Say both, booting first.
            Ok(None) => check(
                name,
                "warning",
                "not reported yet: the guest may still be booting, or has no Guest Additions (without them no address can be discovered)",
            ),
            Err(e) => check(name, "warning", e.to_string()),
        });
    }
    checks
}

/// Whether a vboxwebsrv answers at `addr`: something must accept the connection, and then
/// answer a logon and a version query as vboxwebsrv does (a refused logon also proves it is
/// one). Anything else listening there is named as not a web service.
async fn webservice_probe(addr: &str) -> CheckJson {
    let listening = tokio::time::timeout(PROBE_TIMEOUT, tokio::net::TcpStream::connect(addr))
        .await
        .is_ok_and(|c| c.is_ok());
    if !listening {
        return check(
            "webservice",
            "warning",
            format!("nothing listens on {addr} (start vboxwebsrv to use http://; not needed for this backend)"),
        );
    }
    let uri = format!("http://{addr}");
    let options = vbox::ConnectOptions::default();
    let probe = vbox::open(&uri, &options);
    match tokio::time::timeout(PROBE_TIMEOUT, probe).await {
        Ok(Ok((_, v))) => check(
            "webservice",
            "ok",
            format!("vboxwebsrv of VirtualBox {} answers on {addr}: try --connect {uri}", v.version),
        ),
        Ok(Err(vbox::ConnectError::NotVirtualBox { source, .. }))
            if source.kind() == ErrorKind::Auth =>
        {
            check(
                "webservice",
                "ok",
                format!("a vboxwebsrv answers on {addr} and wants a user and password: try --connect {uri} --user NAME"),
            )
        }
        Ok(Err(e)) => check(
            "webservice",
            "warning",
            format!("something listens on {addr} but is not a vboxwebsrv ({:#})", anyhow::Error::new(e)),
        ),
        Err(_) => check(
            "webservice",
            "warning",
            format!(
                "something listens on {addr} but did not answer as a vboxwebsrv within {}",
                crate::output::duration(PROBE_TIMEOUT)
            ),
        ),
    }
}
