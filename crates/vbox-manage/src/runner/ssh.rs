//! Runs VBoxManage on another host through `ssh` (filled in by the runner work).

/// Quote one word for a POSIX shell.
pub fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// Runs VBoxManage on a remote host through the `ssh` client.
#[derive(Debug, Clone)]
pub struct SshRunner {}
