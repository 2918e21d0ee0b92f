//! Runs a local VBoxManage process (filled in by the runner work).

use super::{RawOutput, RunOptions, Runner};
use async_trait::async_trait;
use std::path::PathBuf;
use vbox_types::{Error, ErrorKind, Result};

/// Spawns the VBoxManage executable at `program`.
#[derive(Debug, Clone)]
pub struct ProcessRunner {
    program: PathBuf,
}

impl ProcessRunner {
    /// Run this executable.
    pub fn new(program: impl Into<PathBuf>) -> ProcessRunner {
        ProcessRunner {
            program: program.into(),
        }
    }

    /// The executable.
    pub fn program(&self) -> &std::path::Path {
        &self.program
    }
}

#[async_trait]
impl Runner for ProcessRunner {
    fn describe(&self) -> String {
        self.program.display().to_string()
    }

    async fn run(&self, _args: &[String], _opts: &RunOptions) -> Result<RawOutput> {
        Err(Error::new(ErrorKind::Unsupported, "not yet"))
    }
}
