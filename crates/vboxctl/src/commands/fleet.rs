//! `up` and `down`: read the map, plan per host, execute with progress, report.

use super::connection::Host;
use super::{Ctx, ExitStatus};
use crate::cli::{Command, DownArgs, FleetArgs, OutputFormat, UpArgs};
use crate::error::CliError;
use crate::output::fleet_json::{
    plan_table, report_table, FleetMachineJson, FleetReportJson, PlanJson, PlanRow,
};
use crate::output::FleetProgress;
use anyhow::{Context, Result};
use serde::Serialize;
use vbox_config::Map;
use vbox_ops::fleet::{self, Cancel, ExecOptions, Goal, Plan, PlanOptions};

/// `-o ndjson` is a stream of events: only `up` and `down` have one.
pub fn check_format(ctx: &Ctx<'_>, command: &Command) -> Result<()> {
    let streams = matches!(
        command,
        Command::Up(_) | Command::Down(_) | Command::Import(_) | Command::Export(_)
    );
    if ctx.settings.format == OutputFormat::Ndjson && !streams {
        return Err(CliError::new(
            "`-o ndjson` is the event stream of `up`, `down`, `import` and `export`",
        )
        .with_hint("use `-o json` for the other commands")
        .into());
    }
    Ok(())
}

/// `up`.
pub async fn up(ctx: &Ctx<'_>, args: &UpArgs) -> Result<ExitStatus> {
    let opts = PlanOptions {
        restart_to_apply: args.restart,
    };
    run(ctx, &args.fleet, Goal::Up, opts).await
}

/// `down [--destroy]`.
pub async fn down(ctx: &Ctx<'_>, args: &DownArgs) -> Result<ExitStatus> {
    let goal = if args.destroy {
        Goal::Destroy
    } else {
        Goal::Down
    };
    run(ctx, &args.fleet, goal, PlanOptions::default()).await
}

/// A host of the map with its part of the plan.
struct HostPlan {
    host: Host,
    plan: Plan,
}

async fn run(
    ctx: &Ctx<'_>,
    args: &FleetArgs,
    goal: Goal,
    plan_opts: PlanOptions,
) -> Result<ExitStatus> {
    let map = Map::load(&args.map, ctx.config()?)?;
    let mut plans = Vec::new();
    let mut to_import = Vec::new();
    for wanted in map.hosts() {
        let host = ctx.connect(wanted).await?;
        let mut specs = map.specs_on(wanted);
        let import = goal == Goal::Up && !args.dry_run;
        let pending =
            super::templates::resolve(ctx, host.backend.as_ref(), &mut specs, &map.path, import)
                .await?;
        to_import.extend(pending.into_iter().map(|t| (host.label.clone(), t)));
        let plan = fleet::plan_with(host.backend.as_ref(), &specs, goal, plan_opts)
            .await
            .with_context(|| format!("cannot plan the machines on {}", host.label))?;
        plans.push(HostPlan { host, plan });
    }
    let mut missing = missing_templates(&plans).await?;
    missing.retain(|m| !to_import.contains(&(m.host.clone(), m.template.clone())));
    if args.dry_run {
        return dry_run(ctx, &plans, goal, &missing);
    }
    if let Some(first) = missing.first() {
        let all: Vec<String> = missing.iter().map(MissingTemplate::describe).collect();
        return Err(CliError::new(format!(
            "nothing was done: {}",
            all.join("; ")
        ))
        .with_hint(format!(
            "create or import '{}' on {} (or correct `clonefrom` in the map); `--dry-run` checks a map without changing anything",
            first.template, first.host
        ))
        .into());
    }
    let machines: Vec<(String, String)> = plans
        .iter()
        .flat_map(|p| {
            p.plan
                .steps
                .iter()
                .map(|s| (p.host.label.clone(), s.spec.name.clone()))
        })
        .collect();
    let ndjson = ctx.settings.format == OutputFormat::Ndjson;
    let progress = FleetProgress::new(ctx.printer, ndjson, &machines);
    let opts = ExecOptions {
        parallel: usize::from(args.parallel),
        cancel: Cancel::new(),
    };
    let doomed = if goal == Goal::Destroy {
        to_be_destroyed(&plans).await
    } else {
        Vec::new()
    };
    let interrupt = on_interrupt(opts.cancel.clone());
    let runs = plans.iter().map(|p| {
        let label = p.host.label.as_str();
        let progress = &progress;
        fleet::execute(p.host.backend.as_ref(), &p.plan, &opts, move |e| {
            progress.event(label, &e)
        })
    });
    let reports = futures::future::join_all(runs).await;
    interrupt.abort();
    progress.finish();
    for (host, machine) in &doomed {
        let gone = reports.iter().flat_map(|r| &r.machines).any(|m| {
            m.name == machine.name && m.state.is_none() && m.outcome == fleet::Outcome::Changed
        });
        if gone {
            super::destroy::prune_group_folders(host, machine);
        }
    }
    let json = FleetReportJson {
        goal,
        changed: reports.iter().any(|r| r.changed()),
        interrupted: reports.iter().any(|r| r.interrupted),
        machines: plans
            .iter()
            .zip(&reports)
            .flat_map(|(p, r)| {
                r.machines.iter().map(|m| {
                    let mut json = FleetMachineJson::new(&p.host.label, m);
                    if let Some(step) = p.plan.steps.iter().find(|s| s.spec.name == m.name) {
                        json.changes = step.changes.clone();
                    }
                    json
                })
            })
            .collect(),
    };
    report(ctx, &json, ndjson, &args.map)
}

/// Ctrl-C sets the fleet's cancel: nothing new begins, work in flight ends whole. On Unix the
/// handler is installed before this returns, so an interrupt right after the first event is
/// never left to the default handler (which would kill the process mid-clone).
fn on_interrupt(cancel: Cancel) -> tokio::task::JoinHandle<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut sigint) = signal(SignalKind::interrupt()) {
            return tokio::spawn(async move {
                if sigint.recv().await.is_some() {
                    cancel.cancel();
                }
            });
        }
    }
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            cancel.cancel();
        }
    })
}

/// The machines `down --destroy` will destroy, read before (their folders and groups), with
/// the host they are on (its `describe`), so that their empty group folders can go after.
async fn to_be_destroyed(plans: &[HostPlan]) -> Vec<(String, vbox_types::Machine)> {
    let mut out = Vec::new();
    for p in plans {
        let backend = p.host.backend.as_ref();
        for step in &p.plan.steps {
            if !matches!(step.action, fleet::Action::Destroy | fleet::Action::Wait) {
                continue;
            }
            if let Ok(m) = vbox_ops::get(backend, &step.spec.name).await {
                out.push((backend.describe(), m));
            }
        }
    }
    out
}

/// A template the machines to create need, missing on their host.
struct MissingTemplate {
    host: String,
    template: String,
    machines: Vec<String>,
}

impl MissingTemplate {
    fn describe(&self) -> String {
        format!(
            "{} cannot be cloned: the template '{}' does not exist on {}",
            self.machines.join(", "),
            self.template,
            self.host
        )
    }
}

/// The templates of the machines to create that do not exist, looked up once each, so that
/// `--dry-run` says what the run would hit and the run refuses before it begins.
async fn missing_templates(plans: &[HostPlan]) -> Result<Vec<MissingTemplate>> {
    let mut missing: Vec<MissingTemplate> = Vec::new();
    for p in plans {
        let mut checked: Vec<(&str, bool)> = Vec::new();
        for step in p
            .plan
            .steps
            .iter()
            .filter(|s| s.action == fleet::Action::Create)
        {
            let template = step.spec.clone_from.as_str();
            let exists = match checked.iter().find(|(t, _)| *t == template) {
                Some((_, exists)) => *exists,
                None => {
                    let exists = vbox_ops::exists(p.host.backend.as_ref(), template).await?;
                    checked.push((template, exists));
                    exists
                }
            };
            if exists {
                continue;
            }
            match missing
                .iter_mut()
                .find(|m| m.host == p.host.label && m.template == template)
            {
                Some(m) => m.machines.push(step.spec.name.clone()),
                None => missing.push(MissingTemplate {
                    host: p.host.label.clone(),
                    template: template.to_string(),
                    machines: vec![step.spec.name.clone()],
                }),
            }
        }
    }
    Ok(missing)
}

/// `1 machine`, `3 machines`.
fn machines(n: usize) -> String {
    if n == 1 {
        "1 machine".into()
    } else {
        format!("{n} machines")
    }
}

/// An NDJSON line of a plan or report (`{"event": "plan"|"report", …}`).
#[derive(Serialize)]
struct Tagged<'a, T> {
    event: &'static str,
    #[serde(flatten)]
    body: &'a T,
}

fn dry_run(
    ctx: &Ctx<'_>,
    plans: &[HostPlan],
    goal: Goal,
    missing: &[MissingTemplate],
) -> Result<ExitStatus> {
    let rows: Vec<PlanRow> = plans
        .iter()
        .flat_map(|p| p.plan.steps.iter().map(|s| PlanRow::new(&p.host.label, s)))
        .collect();
    let changes = plans.iter().filter(|p| p.plan.changes()).count() > 0;
    let to_change = rows.iter().filter(|r| r.action.changes()).count();
    let plan = PlanJson {
        goal,
        changes,
        machines: rows,
    };
    match ctx.settings.format {
        OutputFormat::Table => ctx.printer.table(&plan_table(&plan.machines))?,
        OutputFormat::Json => ctx.printer.json(&plan)?,
        OutputFormat::Ndjson => ctx.printer.data(&serde_json::to_string(&Tagged {
            event: "plan",
            body: &plan,
        })?)?,
    }
    for row in plan.machines.iter().filter(|r| !r.changes.is_empty()) {
        ctx.printer
            .status(format!("{}: {}", row.name, row.changes.join("; ")));
    }
    for m in missing {
        ctx.printer.failure(m.describe());
    }
    if !missing.is_empty() {
        let blocked: usize = missing.iter().map(|m| m.machines.len()).sum();
        ctx.printer.status(format!(
            "Dry run: {blocked} of {} could not be made; nothing was done",
            machines(plan.machines.len())
        ));
        return Ok(ExitStatus::Failure);
    }
    let waits = plan
        .machines
        .iter()
        .filter(|r| r.action == fleet::Action::Wait)
        .count();
    if waits > 0 {
        ctx.printer.status(format!(
            "Dry run: {waits} of {} {} between states, which the run waits for before deciding; {to_change} would change; nothing was done",
            machines(plan.machines.len()),
            if waits == 1 { "is" } else { "are" }
        ));
    } else if changes {
        ctx.printer.status(format!(
            "Dry run: {to_change} of {} would change; nothing was done",
            machines(plan.machines.len())
        ));
    } else if plan
        .machines
        .iter()
        .any(|r| r.action == fleet::Action::Differs)
    {
        ctx.printer.status(
            "Dry run: nothing would change; running machines differ from the map (`up --restart` applies their settings)",
        );
    } else {
        ctx.printer
            .status("Nothing to do: every machine is as the map wants");
    }
    Ok(ExitStatus::Success)
}

fn report(
    ctx: &Ctx<'_>,
    json: &FleetReportJson,
    ndjson: bool,
    map: &std::path::Path,
) -> Result<ExitStatus> {
    if ndjson {
        ctx.printer.data(&serde_json::to_string(&Tagged {
            event: "report",
            body: json,
        })?)?;
    } else if ctx.json() {
        ctx.printer.json(json)?;
    } else {
        ctx.printer.table(&report_table(&json.machines))?;
    }
    let count = |o| json.machines.iter().filter(|m| m.outcome == o).count();
    use vbox_ops::fleet::Outcome::*;
    let failed: Vec<&FleetMachineJson> = json
        .machines
        .iter()
        .filter(|m| m.outcome == Failed)
        .collect();
    for m in &failed {
        if let Some(error) = &m.error {
            let hint = error.hint.as_deref().map(|h| format!("\n  hint: {h}"));
            ctx.printer.failure(format!(
                "{}: {}{}",
                m.name,
                error.message,
                hint.unwrap_or_default()
            ));
        }
    }
    let summary = format!(
        "{} changed, {} unchanged, {} failed",
        count(Changed),
        count(Unchanged),
        failed.len()
    );
    if json.interrupted {
        // Each machine counted once, by how it ended: interrupted ones are whole but not
        // finished (cloned but not started, started but not waited for), skipped ones untouched.
        ctx.printer.status(format!(
            "Interrupted: {summary}, {} interrupted (whole, not finished), {} skipped; no machine was left half-made",
            count(Interrupted),
            count(Skipped)
        ));
        return Ok(ExitStatus::Interrupted);
    }
    let differs: Vec<&FleetMachineJson> = json
        .machines
        .iter()
        .filter(|m| m.action == fleet::Action::Differs)
        .collect();
    for m in &differs {
        ctx.printer.warning(format!(
            "'{}' runs with settings that differ from the map ({}); VirtualBox changes them only on a stopped machine: `vboxctl up --restart {}` stops it, applies them and starts it again",
            m.name,
            m.changes.join("; "),
            map.display()
        ));
    }
    if !differs.is_empty() && !json.changed && failed.is_empty() {
        ctx.printer.status(format!(
            "Nothing changed: {} of {} running with settings that differ from the map",
            differs.len(),
            machines(json.machines.len())
        ));
    } else if !json.changed && failed.is_empty() {
        let all = match json.machines.len() {
            1 => "the machine".to_string(),
            n => format!("the {n} machines"),
        };
        ctx.printer.status(format!(
            "Nothing changed: {all} of {} {} as wanted",
            map.display(),
            if json.machines.len() == 1 {
                "is"
            } else {
                "are"
            }
        ));
    } else {
        ctx.printer.status(summary);
    }
    Ok(if failed.is_empty() {
        ExitStatus::Success
    } else {
        ExitStatus::Failure
    })
}
