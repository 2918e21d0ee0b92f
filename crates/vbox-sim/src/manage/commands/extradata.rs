//! `getextradata <vm>|global [<key>|enumerate]` and `setextradata <vm>|global <key>
//! [<value>]`. The `VBoxSim/*` keys (crate::keys) tune the simulated machine.

use super::super::context::{Cx, Site, SUCCESS};
use super::super::usage::Usage;
use super::find_machine;
use vbox_types::{ApiVersion, Backend};

/// `getextradata`'s usage (7.0 manual).
pub(crate) const GET_USAGE: Usage = Usage {
    purpose: "view keyword values that are associated with a virtual machine or configuration",
    synopses: &[(
        "",
        "VBoxManage getextradata <global | uuid | vmname> <keyword | enumerate>",
    )],
};

/// `setextradata`'s usage (7.0 manual).
pub(crate) const SET_USAGE: Usage = Usage {
    purpose: "set a keyword value that is associated with a virtual machine or configuration",
    synopses: &[(
        "",
        "VBoxManage setextradata <global | uuid | vmname> <keyword> [value]",
    )],
};

const FILE: &str = "VBoxManageMisc.cpp";

/// `getextradata`.
pub(crate) async fn get(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&GET_USAGE);
    if args.is_empty() || args.len() > 2 {
        return cx.syntax_error("Incorrect number of parameters");
    }
    let key = args
        .get(1)
        .map(String::as_str)
        .filter(|k| *k != "enumerate");
    if args[0] == "global" {
        let all = cx.sim.view(|reg, _| Ok(reg.global_extradata.clone()));
        let all = match all {
            Ok(all) => all,
            Err(e) => return cx.fail(e.message()),
        };
        let text = match key {
            Some(k) => match all.get(k) {
                Some(v) => format!("Value: {v}\n"),
                None => "No value set!\n".to_string(),
            },
            None => enumerate(&all),
        };
        cx.print(&text);
        return SUCCESS;
    }
    let find = Site::vbox(
        "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
        1283,
        FILE,
    )
    // The real 7.2.22 host, `getextradata` of a machine that does not exist.
    .from(ApiVersion::V7_2, 1378);
    let id = match find_machine(cx, &args[0], &find).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let Some(key) = key else {
        let all = cx
            .sim
            .view(|reg, _| Ok(reg.machines[reg.find(&id)?].extradata.clone()));
        return match all {
            Ok(map) => {
                cx.print(&enumerate(&map));
                SUCCESS
            }
            Err(e) => cx.fail(e.message()),
        };
    };
    match cx.sim.get_extradata(&id, key).await {
        Ok(Some(v)) if !v.is_empty() => cx.print(&format!("Value: {v}\n")),
        Ok(_) => cx.print("No value set!\n"),
        Err(e) => {
            let site = Site::machine(
                "GetExtraData(Bstr(a->argv[1]).raw(), value.asOutParam())",
                1313,
                FILE,
            );
            return cx.api_error(&e, &site);
        }
    }
    SUCCESS
}

/// `setextradata`; without a value the key is removed.
pub(crate) async fn set(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&SET_USAGE);
    if args.len() < 2 {
        return cx.syntax_error("Not enough parameters");
    }
    if args.len() > 3 {
        return cx.syntax_error("Too many parameters");
    }
    let set_site = Site::session_machine(
        "SetExtraData(Bstr(a->argv[1]).raw(), Bstr(a->argv[2]).raw())",
        1361,
        FILE,
    );
    if args[0] == "global" {
        // The host's settings: `VBoxSim/NoHostOnlyDriver` lives here (crate::keys).
        let (key, value) = (args[1].clone(), args.get(2).cloned());
        let set = cx.sim.engine().write(|reg, _| {
            match value.filter(|v| !v.is_empty()) {
                Some(v) => reg.global_extradata.insert(key, v),
                None => reg.global_extradata.remove(&key),
            };
            Ok(())
        });
        return match set {
            Ok(()) => SUCCESS,
            Err(e) => cx.fail(e.message()),
        };
    }
    let find = Site::vbox(
        "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
        1347,
        FILE,
    )
    // The real 7.2.22 host, `setextradata` of a machine that does not exist.
    .from(ApiVersion::V7_2, 1438);
    let id = match find_machine(cx, &args[0], &find).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    let value = args.get(2).map(String::as_str);
    match cx.sim.set_extradata(&id, &args[1], value).await {
        Ok(()) => SUCCESS,
        Err(e) => cx.api_error(&e, &set_site),
    }
}

/// `Key: …, Value: …` lines, in key order.
fn enumerate(map: &std::collections::BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(k, v)| format!("Key: {k}, Value: {v}\n"))
        .collect()
}
