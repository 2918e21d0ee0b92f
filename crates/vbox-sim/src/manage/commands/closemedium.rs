//! `closemedium [disk] <uuid|filename> [--delete]`: forget a registered disk, or delete it.
//! The VBoxManage backend uses it to remove a disk it made for a machine whose creation
//! failed before the disk was attached.

use super::super::cli::{GetOpt, Item, Opt};
use super::super::context::{Cx, Site, SUCCESS};
use super::super::progress;
use super::super::usage::Usage;
use crate::model::media;
use std::path::Path;
use vbox_types::{Error, ResultCode};

/// `closemedium`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "remove a hard disk, DVD, or floppy image from the media registry",
    synopses: &[(
        "",
        "VBoxManage closemedium [ disk | dvd | floppy ] <uuid | filename> [--delete]",
    )],
};

const OPTS: &[Opt] = &[Opt::flag(&["--delete", "-delete"])];

const FILE: &str = "VBoxManageDisk.cpp";

/// Deleting a small image took about as long as creating one on the real host.
const DELETE_MS: i64 = 41;

/// `closemedium`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let (mut target, mut delete) = (None::<&str>, false);
    for item in GetOpt::new(args, OPTS) {
        match item {
            Ok(Item::Opt { .. }) => delete = true,
            Ok(Item::Arg("disk")) if target.is_none() => {}
            Ok(Item::Arg(a @ ("dvd" | "floppy"))) if target.is_none() => {
                return cx.fail(&format!(
                    "closemedium {a} is not emulated by the VirtualBox simulator"
                ))
            }
            Ok(Item::Arg(a)) if target.is_none() => target = Some(a),
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    let Some(target) = target else {
        return cx.syntax_error("Disk name or UUID required");
    };
    let absolute = std::env::current_dir().unwrap_or_default().join(target);
    let closed = cx.sim.transact(|reg, _| {
        let found = reg.media.iter().find(|m| {
            m.id.eq_ignore_ascii_case(target.trim_matches(['{', '}']))
                || Path::new(&m.location) == absolute
        });
        let Some(medium) = found else {
            return Err(Error::from_code(
                ResultCode::OBJECT_NOT_FOUND,
                format!(
                    "Could not find file for the medium '{}' (VERR_FILE_NOT_FOUND)",
                    absolute.display()
                ),
            ));
        };
        let (id, location) = (medium.id.clone(), medium.location.clone());
        let users = reg
            .machines
            .iter()
            .filter(|m| media::machine_uses(m, &id))
            .count();
        let children = media::children(&reg.media, &id).len();
        let busy = match (users, children) {
            (0, 0) => None,
            (0, n) => Some(format!("it has {n} child media")),
            (n, _) => Some(format!("it is still attached to {n} virtual machines")),
        };
        if let Some(why) = busy {
            return Err(Error::from_code(
                ResultCode::OBJECT_IN_USE,
                format!("Cannot close medium '{location}' because {why}"),
            ));
        }
        if delete {
            media::delete(&mut reg.media, &id);
        } else {
            media::close(&mut reg.media, &id);
        }
        Ok(())
    });
    match closed {
        Ok(()) => {
            if delete {
                progress::timed(cx, DELETE_MS).await;
            }
            SUCCESS
        }
        Err(e) => {
            let site = Site {
                component: "MediumWrap",
                interface: "IMedium",
                call: "medium->Close()",
                line: 1888,
                file: FILE,
                later: None,
            };
            cx.api_error(&e, &site)
        }
    }
}
