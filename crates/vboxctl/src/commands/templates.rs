//! Templates of a map given as appliance files (`clonefrom = "base.ova"`): each file stands
//! for the machine `<stem>-<checksum>`, imported once on `up` and reused by later runs.

use super::Ctx;
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::Path;
use vbox_ops::appliance::{ensure_template, is_appliance_file, template_name};
use vbox_ops::fleet::MachineSpec;
use vbox_types::Backend;

/// Points the specs whose `clonefrom` is a file (relative to the map's folder) at its
/// template machine, importing it first when `import` (an `up` that changes things).
/// Without `import`, returns the templates that an `up` would import (a dry run says so
/// instead of calling them missing).
pub async fn resolve(
    ctx: &Ctx<'_>,
    backend: &dyn Backend,
    specs: &mut [MachineSpec],
    map: &Path,
    import: bool,
) -> Result<Vec<String>> {
    let mut pending = Vec::new();
    let folder = map.parent().unwrap_or(Path::new("."));
    let mut done: BTreeMap<String, String> = BTreeMap::new();
    for spec in specs
        .iter_mut()
        .filter(|s| is_appliance_file(&s.clone_from))
    {
        if let Some(name) = done.get(&spec.clone_from) {
            spec.clone_from = name.clone();
            continue;
        }
        let file = std::path::absolute(folder.join(&spec.clone_from))
            .with_context(|| format!("cannot resolve '{}'", spec.clone_from))?;
        let name = if import {
            let progress =
                ctx.printer
                    .appliance_progress("import", &file.display().to_string(), false);
            let watch = vbox_types::Watch {
                progress: progress.listener(),
                cancel: Default::default(),
            };
            let template = ensure_template(backend, &file, watch).await;
            progress.finish(None);
            let template = template?;
            if template.imported {
                ctx.printer.status(format!(
                    "Imported the template '{}' from '{}'",
                    template.name,
                    file.display()
                ));
            }
            template.name
        } else {
            let name = template_name(&file)?.0;
            if !vbox_ops::exists(backend, &name).await? {
                ctx.printer.status(format!(
                    "The template '{name}' would be imported from '{}'",
                    file.display()
                ));
                pending.push(name.clone());
            }
            name
        };
        done.insert(spec.clone_from.clone(), name.clone());
        spec.clone_from = name;
    }
    Ok(pending)
}
