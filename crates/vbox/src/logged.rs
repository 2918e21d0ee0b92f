//! A runner that logs each VBoxManage argv at debug level before running it (`vboxctl -vv`).
//! vboxctl never puts a secret on a VBoxManage command line (passwords only reach the web
//! service's logon), so the whole argv can be shown.

use async_trait::async_trait;
use vbox_manage::runner::{RawOutput, RunOptions, Runner};
use vbox_types::Result;

/// Logs, then delegates.
#[derive(Debug)]
pub(crate) struct Logged<R>(pub(crate) R);

#[async_trait]
impl<R: Runner> Runner for Logged<R> {
    fn describe(&self) -> String {
        self.0.describe()
    }

    async fn run(&self, args: &[String], opts: &RunOptions) -> Result<RawOutput> {
        tracing::debug!("VBoxManage {}", quoted(args));
        self.0.run(args, opts).await
    }

    async fn read_file(&self, path: &str, opts: &RunOptions) -> Result<Option<String>> {
        tracing::debug!("read {path}");
        self.0.read_file(path, opts).await
    }
}

/// The argv as a shell would need it typed: plain words bare, others single-quoted.
fn quoted(args: &[String]) -> String {
    args.iter()
        .map(|a| {
            let plain = !a.is_empty()
                && a.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c));
            if plain {
                a.clone()
            } else {
                vbox_manage::runner::shell_quote(a)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        let args: Vec<String> = ["startvm", "web 01", "--type", "headless", ""]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(quoted(&args), "startvm 'web 01' --type headless ''");
    }
}
