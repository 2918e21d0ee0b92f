//! `createvm --name <n> [--ostype] [--groups] [--basefolder] [--uuid] [--register]`.

use super::super::cli::{GetOpt, GetOptError, Item, Opt};
use super::super::context::{Cx, Site, SUCCESS};
use super::super::usage::Usage;
use super::folders::{self, Placement};
use super::parse_groups;
use crate::model::machine::{normalize_groups, path_string};
use crate::model::{errors, Registry};
use vbox_types::{ApiVersion, CreateMachine, Result};

/// `createvm`'s usage (7.0 manual).
pub(crate) const USAGE: Usage = Usage {
    purpose: "create a new virtual machine",
    synopses: &[(
        "",
        "VBoxManage createvm --name=name [--basefolder=basefolder] [--default] [--groups=group-ID [,...]] [--ostype=ostype] [--register] [--uuid=uuid] [--cipher cipher] [--password-id password-id] [--password file]",
    )],
};

/// Every spelling has a deprecated single-dash twin (VBoxManageMisc.cpp).
const OPTS: &[Opt] = &[
    Opt::value(&["--name", "-name"]),
    Opt::value(&["--groups"]),
    Opt::value(&["--basefolder", "-basefolder"]),
    Opt::value(&["--ostype", "-ostype"]),
    Opt::value(&["--uuid", "-uuid"]),
    Opt::flag(&["--register", "-register"]),
    Opt::flag(&["--default", "-default"]),
];

/// 7.0 added VM encryption to `createvm`.
const ENCRYPTION_OPTS: &[Opt] = &[
    Opt::value(&["--cipher", "-cipher"]),
    Opt::value(&["--password-id", "-password-id"]),
    Opt::value(&["--password", "-password"]),
];

/// The `CreateMachine` of the 7.0.14 capture `createvm-duplicate`: the refusal comes from
/// the new `Machine` object, hence its component and interface.
const CREATE: Site = Site::machine(
    "CreateMachine(bstrSettingsFile.raw(), bstrName.raw(), ComSafeArrayAsInParam(groups), bstrOsTypeId.raw(), createFlags.raw(), bstrCipher.raw(), bstrPasswordId.raw(), Bstr(strPassword).raw(), machine.asOutParam())",
    397,
    "VBoxManageMisc.cpp",
);
/// 7.1's `CreateMachine` takes the platform architecture: the 7.2.22 capture
/// `createvm-duplicate` (7.1's line is not known and taken as 7.2's).
const CREATE_PLATFORM: Site = Site::machine(
    "CreateMachine(bstrSettingsFile.raw(), bstrName.raw(), platformArch, ComSafeArrayAsInParam(groups), bstrOsTypeId.raw(), createFlags.raw(), bstrCipher.raw(), bstrPasswordId.raw(), Bstr(strPassword).raw(), machine.asOutParam())",
    429,
    "VBoxManageMisc.cpp",
);

/// `createvm`.
pub(crate) async fn run(cx: &mut Cx<'_>, args: &[String]) -> i32 {
    cx.set_usage(&USAGE);
    let mut opts = OPTS.to_vec();
    if cx.opts.api >= ApiVersion::V7_0 {
        opts.extend_from_slice(ENCRYPTION_OPTS);
    }
    let mut spec = CreateMachine::default();
    let mut extra = Placement::default();
    for item in GetOpt::new(args, &opts) {
        match item {
            Ok(Item::Opt { key, value, .. }) => match extra.take(key, value) {
                Some(Ok(())) => {}
                Some(Err(bad)) => return cx.getopt_error(&GetOptError::BadValue(bad)),
                None => match key {
                    "--name" => spec.name = value.to_string(),
                    "--groups" => spec.groups = parse_groups(value),
                    "--ostype" => spec.os_type_id = Some(value.to_string()),
                    "--default" => {
                        return cx
                            .fail("createvm --default is not emulated by the VirtualBox simulator")
                    }
                    _ => {
                        return cx.fail("VM encryption is not emulated by the VirtualBox simulator")
                    }
                },
            },
            Ok(Item::Arg(a)) => return cx.invalid_parameter(a),
            Err(e) => return cx.getopt_error(&e),
        }
    }
    if spec.name.is_empty() {
        return cx.syntax_error("Parameter --name is required");
    }
    let created = cx.sim.transact(|reg, ctx| create(reg, &spec, &extra, ctx));
    let (id, settings_file) = match created {
        Ok(x) => x,
        Err(e) => {
            let site = if cx.opts.api >= ApiVersion::V7_1 {
                CREATE_PLATFORM
            } else {
                CREATE
            };
            return cx.api_error(&e, &site);
        }
    };
    let registered = if extra.register {
        " and registered"
    } else {
        ""
    };
    cx.print(&format!(
        "Virtual machine '{}' is created{registered}.\nUUID: {id}\nSettings file: '{settings_file}'\n",
        spec.name
    ));
    SUCCESS
}

/// `ComposeMachineFilename` + `CreateMachine` (+ `RegisterMachine`): the new machine's id
/// and settings file.
fn create(
    reg: &mut Registry,
    spec: &CreateMachine,
    extra: &Placement,
    ctx: &crate::model::Ctx<'_>,
) -> Result<(String, String)> {
    if let Some(base) = &extra.base_folder {
        // The base folder replaces the default machine folder; the group path still
        // follows, and a relative one is relative to the VirtualBox home (ctx.root).
        let folder = folders::folder_in(
            &ctx.root.join(base),
            &normalize_groups(&spec.groups)?,
            &spec.name,
        );
        let settings = folders::settings_in(&folder, &spec.name);
        if settings.exists() {
            return Err(errors::settings_exist(&path_string(&settings)));
        }
        let i = reg.create_machine(spec, ctx)?;
        let crate::model::Registry {
            machines, media, ..
        } = reg;
        folders::relocate(&mut machines[i], media, &folder)?;
    } else {
        reg.create_machine(spec, ctx)?;
    }
    let i = reg.machines.len() - 1;
    if let Some(u) = &extra.uuid {
        folders::assign_uuid(reg, i, u, ctx.root)?;
    }
    reg.touch(i);
    let m = &reg.machines[i];
    let out = (m.id.clone(), m.settings_file.clone());
    if !extra.register {
        folders::leave_unregistered(reg, i)?;
    }
    Ok(out)
}
