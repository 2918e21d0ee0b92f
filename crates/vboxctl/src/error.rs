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
            e.hint()
        } else if let Some(e) = cause.downcast_ref::<vbox_config::Error>() {
            e.hint().map(str::to_string)
        } else if let Some(e) = cause.downcast_ref::<vbox::ConnectError>() {
            connect_hint(e)
        } else {
            None
        }
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
