//! A scripted [`Runner`] for tests: replies are matched to argument vectors, and every call is
//! recorded so tests can check the exact argv the backend sent. Like a real process it can
//! take (tokio) time, time out, and report the progress lines of its stderr as they "arrive".

use super::{RawOutput, RunOptions, Runner};
use crate::parse::errors::parse_progress;
use async_trait::async_trait;
use std::collections::VecDeque;
use std::sync::Mutex;
use std::time::Duration;
use vbox_types::{Error, ErrorKind, Result};

/// One scripted reply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FakeReply {
    /// Exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl FakeReply {
    /// Exit 0 with this stdout.
    pub fn ok(stdout: impl Into<String>) -> FakeReply {
        FakeReply {
            code: 0,
            stdout: stdout.into(),
            stderr: String::new(),
        }
    }

    /// This exit code and stderr, empty stdout.
    pub fn fail(code: i32, stderr: impl Into<String>) -> FakeReply {
        FakeReply {
            code,
            stdout: String::new(),
            stderr: stderr.into(),
        }
    }

    /// With this stderr as well (progress lines, warnings).
    pub fn with_stderr(mut self, stderr: impl Into<String>) -> FakeReply {
        self.stderr = stderr.into();
        self
    }
}

#[derive(Debug)]
struct Rule {
    /// The call matches when its argv starts with this.
    prefix: Vec<String>,
    /// Replies in order; the last one repeats.
    replies: VecDeque<FakeReply>,
}

/// A [`Runner`] that answers from a script and records every argv it was given.
///
/// Rules are tried in the order they were added; the first whose prefix the argv starts with
/// answers. A call no rule matches fails the test loudly (a Backend error naming the argv).
#[derive(Debug, Default)]
pub struct FakeRunner {
    rules: Mutex<Vec<Rule>>,
    calls: Mutex<Vec<Vec<String>>>,
    timeouts: Mutex<Vec<Duration>>,
    delay: Mutex<Duration>,
    files: Mutex<std::collections::HashMap<String, String>>,
}

impl FakeRunner {
    /// Serve `text` as the file at `path` (through [`Runner::read_file`]).
    pub fn file(&self, path: &str, text: &str) -> &FakeRunner {
        self.files
            .lock()
            .expect("files")
            .insert(path.to_string(), text.to_string());
        self
    }

    /// An empty script.
    pub fn new() -> FakeRunner {
        FakeRunner::default()
    }

    /// Answer calls whose argv starts with `prefix` with `reply` (every time).
    pub fn on(&self, prefix: &[&str], reply: FakeReply) -> &FakeRunner {
        self.on_seq(prefix, vec![reply])
    }

    /// Answer matching calls with `replies` in turn; the last one repeats.
    pub fn on_seq(&self, prefix: &[&str], replies: Vec<FakeReply>) -> &FakeRunner {
        self.rules.lock().expect("rules").push(Rule {
            prefix: prefix.iter().map(|s| s.to_string()).collect(),
            replies: replies.into(),
        });
        self
    }

    /// Every argv received so far, in order.
    pub fn calls(&self) -> Vec<Vec<String>> {
        self.calls.lock().expect("calls").clone()
    }

    /// How many calls were made.
    pub fn call_count(&self) -> usize {
        self.calls.lock().expect("calls").len()
    }

    /// Make every call take `delay` of tokio time (use a paused clock in tests). A call whose
    /// timeout is shorter fails with Timeout when it expires, as a killed process would.
    pub fn set_delay(&self, delay: Duration) -> &FakeRunner {
        *self.delay.lock().expect("delay") = delay;
        self
    }

    /// The timeout each call was given, in call order.
    pub fn timeouts(&self) -> Vec<Duration> {
        self.timeouts.lock().expect("timeouts").clone()
    }

    fn next_reply(&self, args: &[String]) -> Result<FakeReply> {
        let mut rules = self.rules.lock().expect("rules");
        let rule = rules
            .iter_mut()
            .find(|r| args.starts_with(&r.prefix))
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Backend,
                    format!("fake VBoxManage has no reply for {args:?}"),
                )
            })?;
        Ok(if rule.replies.len() > 1 {
            rule.replies.pop_front().expect("non-empty")
        } else {
            rule.replies.front().cloned().unwrap_or_default()
        })
    }
}

#[async_trait]
impl Runner for FakeRunner {
    fn describe(&self) -> String {
        "fake VBoxManage".to_string()
    }

    async fn read_file(&self, path: &str, _opts: &RunOptions) -> Result<Option<String>> {
        Ok(self.files.lock().expect("files").get(path).cloned())
    }

    async fn run(&self, args: &[String], opts: &RunOptions) -> Result<RawOutput> {
        self.calls.lock().expect("calls").push(args.to_vec());
        self.timeouts.lock().expect("timeouts").push(opts.timeout);
        let reply = self.next_reply(args)?;
        let delay = *self.delay.lock().expect("delay");
        if delay > opts.timeout {
            tokio::time::sleep(opts.timeout).await;
            return Err(Error::new(
                ErrorKind::Timeout,
                format!(
                    "fake VBoxManage {:?} did not finish within {:?}",
                    args.first(),
                    opts.timeout
                ),
            ));
        }
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        if let Some(report) = &opts.on_progress {
            parse_progress(&reply.stderr)
                .into_iter()
                .for_each(|p| report(p));
        }
        Ok(RawOutput {
            code: Some(reply.code),
            stdout: reply.stdout,
            stderr: reply.stderr,
        })
    }
}
