//! `states`: the MachineState numbering of one API generation. The numbers moved in 6.1
//! (FaultTolerantSyncing removed) and 7.0 (AbortedSaved inserted), which is what broke Salt's
//! table on 7.x; this prints the right one for a host.

use super::{Ctx, ExitStatus};
use crate::cli::StatesArgs;
use crate::output::{json::StateJson, Table};
use anyhow::Result;
use vbox_types::{ApiVersion, MachineState};

/// Without `--api` or a named host nothing is asked (no connection is made): show the
/// generation most hosts run.
const DEFAULT_API: ApiVersion = ApiVersion::V7_1;

pub async fn run(ctx: &Ctx<'_>, args: &StatesArgs) -> Result<ExitStatus> {
    let api = match args.api {
        Some(api) => api,
        None if ctx.host_named()? => ctx.version().await?.api,
        None => DEFAULT_API,
    };
    let states: Vec<StateJson> = MachineState::states_of(api)
        .into_iter()
        .filter_map(|state| Some(StateJson::new(state.to_number(api)?, state)))
        .collect();
    if ctx.json() {
        ctx.printer.json(&states)?;
    } else {
        ctx.printer
            .status(format!("Machine states of VirtualBox API {api}"));
        let mut table = Table::new(&["VALUE", "NAME", "SHORT NAME", "DESCRIPTION"]);
        for s in &states {
            table.row([
                s.value.to_string(),
                s.name.to_string(),
                s.short_name.to_string(),
                s.description.to_string(),
            ]);
        }
        ctx.printer.table(&table)?;
    }
    Ok(ExitStatus::Success)
}
