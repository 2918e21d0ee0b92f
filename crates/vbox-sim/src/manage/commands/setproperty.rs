//! `setproperty <property-name> <property-value>`: the host's global settings. The simulator
//! keeps the one its captured hosts changed: the web service's authentication library, which
//! the real-host suite sets to `null` in every home it makes (`list systemproperties` of the
//! 7.2.22 captures shows it). Other properties are not emulated.

use super::super::context::{Cx, SUCCESS};
use super::super::usage::Usage;

/// `setproperty`'s usage, as the real 7.2.22 host prints it.
pub(crate) const USAGE: Usage = Usage {
    purpose: "change global settings",
    synopses: &[(
        "",
        "VBoxManage setproperty <property-name> <property-value>",
    )],
};

/// `setproperty`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    if args.len() != 2 {
        return cx.syntax_error("Incorrect number of parameters");
    }
    match args[0].as_str() {
        "websrvauthlibrary" => {
            // `default` restores VirtualBox's own library, as the real host does.
            let library = match args[1].as_str() {
                "default" => None,
                other => Some(other.to_string()),
            };
            let set = cx.sim.transact(|reg, _| {
                reg.websrv_auth_library = library;
                Ok(())
            });
            match set {
                Ok(()) => SUCCESS,
                Err(e) => cx.fail(e.message()),
            }
        }
        other => cx.fail(&format!(
            "'setproperty {other}' is not emulated by the VirtualBox simulator"
        )),
    }
}
