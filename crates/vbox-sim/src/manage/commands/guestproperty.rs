//! `guestproperty get|set|unset|delete|enumerate|wait` (reference §6.8, §8).
//!
//! The machine comes after the subcommand. `get` prints `Value: …` or `No value set!`
//! (exit 0 either way); `enumerate` prints the 7.0+ table or the old lines; `wait` is in
//! [`super::wait`].

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{Cx, Site, SUCCESS};
use super::super::guestprops::{self, EnumerateStyle};
use super::super::usage::Usage;
use super::{find_machine, wait};
use vbox_types::{ApiVersion, Backend};

/// `guestproperty`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "manage virtual machine guest properties",
    synopses: &[
        (
            "enumerate",
            "VBoxManage guestproperty enumerate <uuid | vmname> [--no-timestamp] [--no-flags] [--relative] [--old-format] [patterns...]",
        ),
        (
            "get",
            "VBoxManage guestproperty get <uuid | vmname> <property-name> [--verbose]",
        ),
        (
            "set",
            "VBoxManage guestproperty set <uuid | vmname> <property-name> [property-value [--flags=flags]]",
        ),
        (
            "unset",
            "VBoxManage guestproperty unset <uuid | vmname> <property-name>",
        ),
        (
            "wait",
            "VBoxManage guestproperty wait <uuid | vmname> <patterns> [--timeout=msec] [--fail-on-timeout]",
        ),
    ],
};

pub(crate) const FILE: &str = "VBoxManageGuestProp.cpp";
/// `get`'s `FindMachine`. 7.0's other subcommands are taken to call it at the same line;
/// 7.2's lines are those of the real 7.2.22 host (`get`, `set`, `delete`, `wait` of a
/// machine that does not exist).
pub(crate) const FIND: Site = Site::vbox(
    "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())",
    91,
    FILE,
)
.from(ApiVersion::V7_2, 77);
const FIND_SET: Site = FIND.from(ApiVersion::V7_2, 140);
const FIND_DELETE: Site = FIND.from(ApiVersion::V7_2, 186);
pub(crate) const FIND_WAIT: Site = FIND.from(ApiVersion::V7_2, 461);

const ENUM_OPTS: &[Opt] = &[
    Opt::flag(&["--old-format"]),
    Opt::flag(&["--sort"]),
    Opt::flag(&["--unsort"]),
    Opt::flag(&["--timestamp", "--ts"]),
    Opt::flag(&["--no-timestamp", "--no-ts"]),
    Opt::flag(&["--absolute", "--abs"]),
    Opt::flag(&["--relative", "--rel"]),
    Opt::flag(&["--flags"]),
    Opt::flag(&["--no-flags"]),
    Opt::value(&["--patterns", "-patterns"]),
];

/// `guestproperty`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let Some(sub) = args.first() else {
        return cx.syntax_error("No subcommand specified");
    };
    let rest = &args[1..];
    match sub.as_str() {
        "get" => {
            cx.set_subcommand("get");
            get(cx, rest).await
        }
        "set" => {
            cx.set_subcommand("set");
            set(cx, rest).await
        }
        "delete" | "unset" => {
            cx.set_subcommand("unset");
            if rest.len() != 2 {
                return cx.syntax_error("Incorrect parameters");
            }
            write(cx, &rest[0], &rest[1], None, None, &FIND_DELETE).await
        }
        "enumerate" | "enum" => {
            cx.set_subcommand("enumerate");
            enumerate(cx, rest).await
        }
        "wait" => {
            cx.set_subcommand("wait");
            wait::run(cx, rest).await
        }
        other => cx.syntax_error(&format!("Unknown subcommand: {other}")),
    }
}

async fn get(cx: &mut Cx<'_>, rest: &[String]) -> i32 {
    let verbose = match rest.len() {
        2 => false,
        3 if rest[2] == "--verbose" || rest[2] == "-verbose" => true,
        _ => return cx.syntax_error("Incorrect parameters"),
    };
    let id = match find_machine(cx, &rest[0], &FIND).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    match cx.sim.get_guest_property(&id, &rest[1]).await {
        Ok(p) => {
            let text = guestprops::get(p.as_ref(), verbose, &cx.opts);
            cx.print(&text);
            SUCCESS
        }
        Err(e) => cx.api_error(&e, &get_site()),
    }
}

fn get_site() -> Site {
    Site::session_machine(
        "GetGuestProperty(Bstr(a->argv[1]).raw(), value.asOutParam(), &i64Timestamp, flags.asOutParam())",
        110,
        FILE,
    )
}

/// `set <vm> <name> [<value> [--flags <flags>]]`; without a value it deletes.
async fn set(cx: &mut Cx<'_>, rest: &[String]) -> i32 {
    let flags_word = |w: &str| w == "--flags" || w == "-flags";
    let (value, flags) = match rest.len() {
        2 => (None, None),
        3 => (Some(rest[2].as_str()), None),
        5 if flags_word(&rest[3]) => (Some(rest[2].as_str()), Some(rest[4].as_str())),
        _ => return cx.syntax_error("Incorrect parameters"),
    };
    write(cx, &rest[0], &rest[1], value, flags, &FIND_SET).await
}

async fn write(
    cx: &mut Cx<'_>,
    vm: &str,
    name: &str,
    value: Option<&str>,
    flags: Option<&str>,
    find: &Site,
) -> i32 {
    let id = match find_machine(cx, vm, find).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    match cx.sim.set_guest_property(&id, name, value, flags).await {
        Ok(()) => SUCCESS,
        Err(e) => {
            let site = match (value, flags) {
                (None, _) => Site::session_machine("DeleteGuestProperty(Bstr(pszName).raw())", 202, FILE),
                (Some(_), None) => Site::session_machine(
                    "SetGuestPropertyValue(Bstr(pszName).raw(), Bstr(pszValue).raw())",
                    159,
                    FILE,
                )
                .from(ApiVersion::V7_2, 151),
                (Some(_), Some(_)) => Site::session_machine(
                    "SetGuestProperty(Bstr(pszName).raw(), Bstr(pszValue).raw(), Bstr(pszFlags).raw())",
                    163,
                    FILE,
                )
                .from(ApiVersion::V7_2, 154),
            };
            cx.api_error(&e, &site)
        }
    }
}

async fn enumerate(cx: &mut Cx<'_>, rest: &[String]) -> i32 {
    let mut style = EnumerateStyle::default();
    let mut vm: Option<&str> = None;
    let mut patterns: Vec<&str> = Vec::new();
    for item in GetOpt::new(rest, ENUM_OPTS) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match key {
                "--old-format" => style.old_format = true,
                "--sort" => style.unsort = false,
                "--unsort" => style.unsort = true,
                "--timestamp" => style.no_timestamp = false,
                "--no-timestamp" => style.no_timestamp = true,
                "--absolute" => style.relative = false,
                "--relative" => style.relative = true,
                "--flags" => style.no_flags = false,
                "--no-flags" => style.no_flags = true,
                _ => patterns.push(value),
            },
            // The first plain argument is the machine, the others are patterns.
            Ok(Item::Arg(a)) if vm.is_none() => vm = Some(a),
            Ok(Item::Arg(a)) => patterns.push(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(vm) = vm else {
        return cx.syntax_error("No VM name or UUID was specified");
    };
    let find = Site::vbox(
        "FindMachine(Bstr(pszVmNameOrUuid).raw(), machine.asOutParam())",
        343,
        FILE,
    )
    .from(ApiVersion::V7_2, 325);
    let id = match find_machine(cx, vm, &find).await {
        Ok(id) => id,
        Err(code) => return code,
    };
    // VBoxManage joins several patterns with ',' although the API separates them with '|'.
    let joined = patterns.join(",");
    match cx.sim.enumerate_guest_properties(&id, &joined).await {
        Ok(props) => {
            let now = cx.sim.now_ms();
            let text = guestprops::enumerate(&props, &style, &cx.opts, now);
            cx.print(&text);
            SUCCESS
        }
        Err(e) => {
            let site = Site::session_machine(
                "EnumerateGuestProperties(Bstr(strPatterns).raw(), ComSafeArrayAsOutParam(names), ComSafeArrayAsOutParam(values), ComSafeArrayAsOutParam(timestamps), ComSafeArrayAsOutParam(flags))",
                355,
                FILE,
            );
            cx.api_error(&e, &site)
        }
    }
}
