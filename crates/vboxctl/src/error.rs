//! Errors vboxctl raises itself, and the lookup of the hint shown under an error.

/// A failure found by vboxctl (not by a library), with what the user can do about it.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct CliError {
    message: String,
    hint: Option<String>,
}

impl CliError {
    /// An error with a one-line message.
    pub fn new(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            hint: None,
        }
    }

    /// The same error with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }
}

/// The hint of the first error in the chain that has one.
pub fn hint(err: &anyhow::Error) -> Option<String> {
    err.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<CliError>() {
            e.hint.clone()
        } else if let Some(e) = cause.downcast_ref::<vbox_ops::Error>() {
            e.hint().or_else(|| folder_taken(e))
        } else if let Some(e) = cause.downcast_ref::<vbox_config::Error>() {
            e.hint().map(str::to_string)
        } else if let Some(e) = cause.downcast_ref::<vbox::ConnectError>() {
            connect_hint(e)
        } else {
            None
        }
    })
}

/// VirtualBox refuses a name whose settings folder another machine has: why two different
/// names can share one (real 7.2.22: after `createvm --name a/b`, `a_b` and `a:b` get
/// "Machine settings file '…/a_b/a_b.vbox' already exists").
fn folder_taken(err: &vbox_ops::Error) -> Option<String> {
    let vbox_ops::Error::Backend { source, .. } = err else {
        return None;
    };
    let text = source.message();
    (text.contains("settings file") && text.contains("already exists")).then(|| {
        "VirtualBox names a machine's folder after it, with every character other than letters, digits, space and ( ) - . _ replaced by '_', so names such as 'a:b' and 'a_b' share a folder; choose another name".into()
    })
}

fn connect_hint(err: &vbox::ConnectError) -> Option<String> {
    match err {
        vbox::ConnectError::Unsupported { .. } => Some(
            "this build was made without that backend (the simulator is the cargo feature `sim` of the `vbox` crate)"
                .into(),
        ),
        vbox::ConnectError::InvalidUri { .. } => {
            Some("examples: `sim://`, `sim:///tmp/lab`, `vboxmanage://`, `ssh://user@host`".into())
        }
        vbox::ConnectError::NoSimDir { dir } => Some(format!(
            "check the path; to make a new simulated host there, create the directory first (`mkdir -p {}`)",
            dir.display()
        )),
        vbox::ConnectError::NotVirtualBox { uri, .. } if uri.starts_with("http") => Some(
            "check the address, user and password, and that vboxwebsrv runs there".into(),
        ),
        vbox::ConnectError::NotVirtualBox { uri, .. } if !uri.starts_with("sim") => Some(
            "the program must be VirtualBox's VBoxManage: `VBoxManage --version` prints its version"
                .into(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_hints_through_context() {
        let err = anyhow::Error::new(CliError::new("boom").with_hint("do this"))
            .context("while doing that");
        assert_eq!(hint(&err).as_deref(), Some("do this"));
        assert_eq!(hint(&anyhow::anyhow!("plain")), None);
    }

    #[test]
    fn ops_errors_bring_their_hints() {
        let err = anyhow::Error::new(vbox_ops::Error::InvalidState {
            machine: "web1".into(),
            state: vbox_types::MachineState::Running,
            operation: "start",
        });
        assert!(hint(&err).is_some_and(|h| h.contains("already running")));
    }
}
