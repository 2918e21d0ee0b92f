//! `IConsole` (the lifecycle subset) and `IProgress`.

use super::call::{done, ret, Call, Failure, Reply};
use super::objects::{ErrorInfo, Obj, ProgressCell};
use std::sync::Arc;
use std::time::Duration;
use vbox_types::{Backend, ControlAction};

/// `IConsole_*` and `IProgress_*`.
pub(crate) async fn dispatch(c: &Call<'_>) -> Option<Reply> {
    let known = match c.iface {
        "IConsole" => matches!(
            c.method,
            "powerDown" | "powerButton" | "pause" | "resume" | "reset" | "getMachine"
        ),
        _ => matches!(
            c.method,
            "waitForCompletion"
                | "getCompleted"
                | "getPercent"
                | "getResultCode"
                | "getErrorInfo"
                | "getCanceled"
                | "getCancelable"
        ),
    };
    if !known {
        return None;
    }
    Some(match c.iface {
        "IConsole" => console(c).await,
        _ => progress(c).await,
    })
}

async fn console(c: &Call<'_>) -> Reply {
    let Obj::Console(id) = c.this()? else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    let action = match c.method {
        "powerDown" => return begin(c, &id, ControlAction::PowerOff),
        "getMachine" => return ret(c.mor(Obj::Machine { id, mutable: true })),
        "powerButton" => ControlAction::AcpiPowerButton,
        "pause" => ControlAction::Pause,
        "resume" => ControlAction::Resume,
        _ => ControlAction::Reset,
    };
    c.sim().control_machine(&id, action).await?;
    done()
}

/// Starts a console action that has a progress and answers with the progress reference.
pub(crate) fn begin(c: &Call<'_>, id: &str, action: ControlAction) -> Reply {
    let progress = match c.sim().engine().begin_control(id, action)? {
        Some(begun) => {
            let sim = c.sim().clone();
            ProgressCell::spawn(async move { sim.engine().wait(&begun).await })
        }
        None => ProgressCell::finished(Ok(())),
    };
    ret(c.mor(Obj::Progress(progress)))
}

async fn progress(c: &Call<'_>) -> Reply {
    let Obj::Progress(p) = c.this()? else {
        return Err(Failure::Invalid(c.text("_this")?.to_string()));
    };
    match c.method {
        "waitForCompletion" => {
            let timeout: i32 = c.parse("timeout")?;
            let mut rx = p.done.clone();
            let wait = rx.wait_for(|o| o.is_some());
            if timeout < 0 {
                let _ = wait.await;
            } else {
                let _ = tokio::time::timeout(Duration::from_millis(timeout as u64), wait).await;
            }
            done()
        }
        "getCompleted" => ret(p.outcome().is_some()),
        "getCanceled" | "getCancelable" => ret(false),
        "getPercent" => ret(if p.outcome().is_some() { 100 } else { 0 }),
        "getResultCode" => ret(result_code(&p)),
        _ => {
            let info = match p.outcome() {
                Some(Err(e)) => Some(Obj::ErrorInfo(Arc::new(ErrorInfo {
                    result_code: result_code(&p),
                    text: e.message().to_string(),
                    interface: "IProgress".to_string(),
                }))),
                _ => None,
            };
            ret(c.mor_opt(info))
        }
    }
}

fn result_code(p: &ProgressCell) -> i32 {
    match p.outcome() {
        Some(Err(e)) => e.code().unwrap_or(vbox_types::ResultCode::E_FAIL).signed(),
        _ => 0,
    }
}
