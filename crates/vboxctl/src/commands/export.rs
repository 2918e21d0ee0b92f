//! `export`: machines to an OVA, an OVF with its disks, or a Vagrant box.

use super::import::{absolute, mac_policy, watched};
use super::{Ctx, ExitStatus};
use crate::cli::{ExportArgs, ExportFormatArg, OvfVersionArg};
use crate::error::CliError;
use anyhow::Result;
use std::path::Path;
use vbox_ops::appliance::ExportFormat;
use vbox_types::{ExportAppliance, OvfVersion};

/// The format by extension: VirtualBox writes an OVF for `.ovf` and an OVA otherwise.
fn format_of(file: &Path, asked: Option<ExportFormatArg>) -> Result<ExportFormatArg> {
    let ext = file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let by_name = match ext.as_str() {
        "ovf" => Some(ExportFormatArg::Ovf),
        "ova" => Some(ExportFormatArg::Ova),
        "box" => Some(ExportFormatArg::VagrantBox),
        _ => None,
    };
    match (asked, by_name) {
        (Some(a), Some(b)) if a != b && a != ExportFormatArg::VagrantBox => Err(CliError::new(
            format!("'{}' has the extension of another format", file.display()),
        )
        .with_hint("name the file .ova for an OVA, .ovf for an OVF, .box for a Vagrant box")
        .into()),
        (Some(a), _) => {
            if a != ExportFormatArg::VagrantBox && by_name.is_none() {
                return Err(CliError::new(format!(
                    "VirtualBox chooses OVA or OVF by the extension; '{}' has neither",
                    file.display()
                ))
                .into());
            }
            Ok(a)
        }
        (None, Some(b)) => Ok(b),
        (None, None) => Err(CliError::new(format!(
            "'{}' has no appliance extension",
            file.display()
        ))
        .with_hint("name it .ova, .ovf or .box, or pass --format vagrant-box")
        .into()),
    }
}

pub async fn run(ctx: &Ctx<'_>, args: &ExportArgs) -> Result<ExitStatus> {
    let (file, machines) = args
        .args
        .split_last()
        .expect("clap requires a machine and a file");
    let file = Path::new(file);
    let format = format_of(file, args.format)?;
    let spec = ExportAppliance {
        machines: machines.to_vec(),
        path: absolute(file)?,
        ovf: match args.ovf_version {
            OvfVersionArg::V1_0 => OvfVersion::V1_0,
            OvfVersionArg::V2_0 => OvfVersion::V2_0,
        },
        manifest: args.manifest,
        macs: mac_policy(args.macs),
        product: args.product.clone(),
        vendor: args.vendor.clone(),
        version: args.product_version.clone(),
    };
    let kind = match format {
        ExportFormatArg::VagrantBox => ExportFormat::VagrantBox,
        ExportFormatArg::Ova | ExportFormatArg::Ovf => ExportFormat::Appliance,
    };
    let backend = ctx.backend().await?;
    let Some((result, progress)) = watched(ctx, "export", &spec.path, |watch| {
        vbox_ops::appliance::export(backend, &spec, kind, watch)
    })
    .await
    else {
        return Ok(ExitStatus::Interrupted);
    };
    progress.finish(
        result
            .as_ref()
            .ok()
            .map(|_| spec.machines.join(", "))
            .as_deref(),
    );
    result?;
    ctx.printer.status(format!(
        "Exported {} to '{}'",
        machines
            .iter()
            .map(|m| format!("'{m}'"))
            .collect::<Vec<_>>()
            .join(", "),
        file.display()
    ));
    if ctx.json() {
        ctx.printer.json(&serde_json::json!({
            "file": spec.path,
            "machines": spec.machines,
        }))?;
    }
    Ok(ExitStatus::Success)
}
