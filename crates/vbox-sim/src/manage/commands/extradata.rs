//! `getextradata <vm>|global [<key>|enumerate]` and `setextradata <vm>|global <key>
//! [<value>]`. The `VBoxSim/*` keys (crate::keys) tune the simulated machine.

use super::super::context::{Cx, Site, SUCCESS};
use super::super::usage::Usage;
use super::find_machine;
use vbox_types::{ApiVersion, Backend, Error, ResultCode};

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
        // The simulated host keeps no global extradata: nothing to list, nothing set.
        if key.is_some() {
            cx.print("No value set!\n");
        }
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
                let text: String = map
                    .iter()
                    .map(|(k, v)| format!("Key: {k}, Value: {v}\n"))
                    .collect();
                cx.print(&text);
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
        let e = Error::from_code(
            ResultCode::NOT_SUPPORTED,
            "The VirtualBox simulator keeps no global extradata",
        );
        return cx.api_error(
            &e,
            &Site::vbox(
                "SetExtraData(Bstr(a->argv[1]).raw(), Bstr(a->argv[2]).raw())",
                1340,
                FILE,
            ),
        );
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
