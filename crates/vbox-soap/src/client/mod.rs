//! The websession: lazy logon, calls, faults turned into [`vbox_types::Error`], and releasing
//! managed object references.

mod faults;
mod secret;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Mutex, RwLock};
use vbox_types::{Error, ErrorKind, Result};

pub use faults::CallContext;
pub use secret::Secret;

use crate::envelope::{parse_response_with, request, Response};
use crate::mor::ObjectRef;
use crate::transport::Transport;
use crate::{Elements, Fault, Limits, Param, SoapError};

/// One websession with a vboxwebsrv, shared by every call of a backend.
#[derive(Debug)]
pub struct Client {
    transport: Arc<dyn Transport>,
    host: String,
    user: String,
    password: Secret,
    call_timeout: Duration,
    limits: Limits,
    /// The `IVirtualBox` reference of the current websession (`None` before logon).
    session: Mutex<Option<String>>,
    /// Counts logons after the first: a caller that saw it change knows its references died.
    generation: AtomicU64,
    /// How many holders each reference has. vboxwebsrv gives the same object the same
    /// reference within a websession, so two concurrent operations (a wait and a read of one
    /// machine; two machines' system properties) hold one reference: it may be released only
    /// when the last holder lets go.
    holders: std::sync::Mutex<HashMap<String, usize>>,
    /// References no one holds, released when no call is in flight (a call in flight could
    /// be about to return one of them again). A set: a reference handed out, let go, handed
    /// out again and let go again before a flush is still released once (sending it twice
    /// made the second release fault on the real 7.2.22, closing its connection).
    pending: std::sync::Mutex<HashSet<String>>,
    /// References kept for the whole websession and never released one by one: the
    /// IVirtualBox and the machines. There is one per registered machine at most (the same
    /// object always has the same reference), so keeping them costs the server little, and
    /// a listing then sends no release per machine; the logoff (or the server's idle
    /// timeout) releases them, and unregistering a machine releases its own.
    kept: std::sync::Mutex<HashSet<String>>,
    /// Calls hold it shared; releasing takes it exclusively.
    gate: RwLock<()>,
}

impl Client {
    /// A client for `host` (used in error texts) over `transport`.
    pub fn new(
        transport: Arc<dyn Transport>,
        host: impl Into<String>,
        user: impl Into<String>,
        password: Secret,
        call_timeout: Duration,
        max_response_bytes: usize,
    ) -> Client {
        let limits = Limits {
            max_body_bytes: max_response_bytes,
            ..Limits::default()
        };
        Client {
            transport,
            host: host.into(),
            user: user.into(),
            password,
            call_timeout,
            limits,
            session: Mutex::new(None),
            generation: AtomicU64::new(0),
            holders: std::sync::Mutex::new(HashMap::new()),
            pending: std::sync::Mutex::new(HashSet::new()),
            kept: std::sync::Mutex::new(HashSet::new()),
            gate: RwLock::new(()),
        }
    }

    /// `host:port` this client talks to.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// How many times the websession was replaced (expired and logged on again).
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The `IVirtualBox` reference, logging on first when there is no websession.
    ///
    /// # Errors
    /// Auth when vboxwebsrv refuses the credentials; transport errors.
    pub async fn vbox(&self) -> Result<String> {
        let mut session = self.session.lock().await;
        if let Some(vbox) = session.as_ref() {
            return Ok(vbox.clone());
        }
        tracing::debug!(host = %self.host, "IWebsessionManager_logon");
        let params = [
            Param::value("username", &self.user),
            Param::value("password", self.password.expose()),
        ];
        let op = "IWebsessionManager_logon";
        let answer = match self.exchange(op, &params, self.call_timeout).await {
            Ok(answer) => answer,
            Err(Exchange::Fault(fault)) => {
                return Err(Error::new(
                    ErrorKind::Auth,
                    format!(
                        "{}: {op}: logon refused (wrong user name or password?): {}",
                        self.host,
                        fault.faultstring()
                    ),
                ))
            }
            Err(Exchange::Failed(e)) => return Err(e),
        };
        let vbox = answer.returnval().unwrap_or_default().to_string();
        if vbox.parse::<ObjectRef>().is_err() {
            return Err(self.context(op).error(
                ErrorKind::Backend,
                "logon returned no IVirtualBox reference",
            ));
        }
        // A new websession: references of an old one are dead, none is to be released.
        self.holders.lock().expect("holders").clear();
        self.pending.lock().expect("pending").clear();
        let mut kept = self.kept.lock().expect("kept");
        kept.clear();
        kept.insert(vbox.clone());
        drop(kept);
        *session = Some(vbox.clone());
        Ok(vbox)
    }

    /// Calls `op` with `params` (which include `_this` when the operation has one) with the
    /// per-call timeout.
    ///
    /// # Errors
    /// Faults mapped to kinds (RuntimeFault by result code with VirtualBox's text,
    /// InvalidObjectFault as Backend, or Transient when our websession expired), transport and
    /// XML errors naming host and operation.
    pub async fn call(&self, op: &str, params: Vec<Param>) -> Result<Response> {
        self.call_with_timeout(op, params, self.call_timeout).await
    }

    /// [`Client::call`] with an explicit timeout (progress waits).
    ///
    /// # Errors
    /// As [`Client::call`].
    pub async fn call_with_timeout(
        &self,
        op: &str,
        params: Vec<Param>,
        timeout: Duration,
    ) -> Result<Response> {
        tracing::trace!(host = %self.host, op, "call");
        match self.exchange(op, &params, timeout).await {
            Ok(answer) => Ok(answer),
            Err(Exchange::Failed(e)) => Err(e),
            Err(Exchange::Fault(fault)) => Err(self.fault_error(op, fault).await),
        }
    }

    /// The single value an operation returns (`returnval`, empty when absent).
    ///
    /// # Errors
    /// As [`Client::call`].
    pub async fn get(&self, op: &str, this: &str) -> Result<String> {
        let r = self.call(op, vec![Param::value("_this", this)]).await?;
        Ok(r.returnval().unwrap_or_default().to_string())
    }

    /// Lets go of references that are no longer needed. A reference another operation still
    /// holds stays; the others are released once no call is in flight (best effort: a failed
    /// release only leaks until the websession ends, so it is logged, not returned).
    pub async fn release<I, S>(&self, refs: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        {
            let kept = self.kept.lock().expect("kept");
            let mut holders = self.holders.lock().expect("holders");
            let mut pending = self.pending.lock().expect("pending");
            for r in refs {
                let r = r.as_ref();
                if r.is_empty() || kept.contains(r) {
                    continue;
                }
                match holders.get_mut(r) {
                    Some(n) if *n > 1 => *n -= 1,
                    _ => {
                        holders.remove(r);
                        pending.insert(r.to_string());
                    }
                }
            }
        }
        self.flush_releases().await;
    }

    /// Keeps `refs` for the websession: never released one by one (see the `kept` field).
    pub fn keep<I, S>(&self, refs: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut kept = self.kept.lock().expect("kept");
        let mut holders = self.holders.lock().expect("holders");
        let mut pending = self.pending.lock().expect("pending");
        for r in refs {
            let r = r.as_ref();
            if !r.is_empty() {
                holders.remove(r);
                pending.remove(r);
                kept.insert(r.to_string());
            }
        }
    }

    /// Releases a kept reference whose object is gone (an unregistered machine) once no
    /// call is in flight.
    pub async fn release_kept(&self, r: &str) {
        if r.is_empty() || !self.kept.lock().expect("kept").remove(r) {
            return;
        }
        self.pending.lock().expect("pending").insert(r.to_string());
        self.flush_releases().await;
    }

    /// References handed out and not released yet (kept ones excepted), for tests.
    pub fn outstanding(&self) -> usize {
        self.holders.lock().expect("holders").len() + self.pending.lock().expect("pending").len()
    }

    /// Release the pending references if no call is in flight.
    async fn flush_releases(&self) {
        let Ok(_alone) = self.gate.try_write() else {
            return;
        };
        let due: Vec<String> = {
            let holders = self.holders.lock().expect("holders");
            let mut pending = self.pending.lock().expect("pending");
            // One handed out again meanwhile is its new holder's to release.
            pending
                .drain()
                .filter(|r| !holders.contains_key(r))
                .collect()
        };
        // Sent side by side (the transport bounds how many at once); no call can start
        // meanwhile, so none can be handed one of these again.
        let releases = due.iter().map(|r| async move {
            let params = vec![Param::value("_this", r)];
            if let Err(e) = self
                .send("IManagedObjectRef_release", &params, self.call_timeout)
                .await
            {
                tracing::debug!(host = %self.host, op = "IManagedObjectRef_release", "release failed: {}", e.text());
            }
        });
        futures::future::join_all(releases).await;
    }

    /// Count the references an answer hands out (values shaped like one of this websession's
    /// references; UUIDs and other strings have another shape).
    fn hold(&self, answer: &Response) {
        fn walk(elements: &[crate::Element], found: &mut Vec<String>) {
            for e in elements {
                if e.text.len() == crate::mor::MOR_LEN && e.text.parse::<ObjectRef>().is_ok() {
                    found.push(e.text.clone());
                }
                walk(&e.children, found);
            }
        }
        let mut found = Vec::new();
        walk(&answer.children, &mut found);
        if found.is_empty() {
            return;
        }
        let kept = self.kept.lock().expect("kept");
        let mut holders = self.holders.lock().expect("holders");
        for r in found {
            if !kept.contains(&r) {
                *holders.entry(r).or_insert(0) += 1;
            }
        }
    }

    /// Ends the websession (best effort).
    pub async fn logoff(&self) {
        let vbox = self.session.lock().await.take();
        if let Some(vbox) = vbox {
            let params = [Param::value("refIVirtualBox", vbox)];
            let _ = self
                .exchange("IWebsessionManager_logoff", &params, self.call_timeout)
                .await;
        }
    }

    fn context(&self, op: &str) -> CallContext {
        CallContext::new(&self.host, op)
    }

    /// One call while no release is being sent; the references of its answer are counted.
    async fn exchange(
        &self,
        op: &str,
        params: &[Param],
        timeout: Duration,
    ) -> std::result::Result<Response, Exchange> {
        let answer = {
            let _calling = self.gate.read().await;
            self.send(op, params, timeout).await
        };
        if let Ok(answer) = &answer {
            self.hold(answer);
        }
        if !self.pending.lock().expect("pending").is_empty() {
            self.flush_releases().await;
        }
        answer
    }

    /// One request and its answer, nothing else.
    async fn send(
        &self,
        op: &str,
        params: &[Param],
        timeout: Duration,
    ) -> std::result::Result<Response, Exchange> {
        let ctx = self.context(op);
        let body = request(op, params)
            .map_err(|e| Exchange::Failed(ctx.error(ErrorKind::InvalidInput, e.to_string())))?;
        let reply = self
            .transport
            .post(body, timeout)
            .await
            .map_err(|e| Exchange::Failed(ctx.wrap(e)))?;
        match parse_response_with(&reply.body, op, &self.limits) {
            Ok(answer) if reply.status == 200 => Ok(answer),
            Ok(_) => Err(Exchange::Failed(ctx.error(
                ErrorKind::Backend,
                format!("HTTP status {} with a success answer", reply.status),
            ))),
            Err(SoapError::Fault(fault)) => Err(Exchange::Fault(fault)),
            Err(e) => Err(Exchange::Failed(ctx.soap_error(reply.status, &e))),
        }
    }

    /// The error for a fault: VirtualBox's text and code for a RuntimeFault; for an
    /// InvalidObjectFault on a reference of our own websession, the websession is gone (expired
    /// on the server): forget it so the next call logs on again.
    async fn fault_error(&self, op: &str, fault: Fault) -> Error {
        let ctx = self.context(op);
        match fault {
            Fault::Runtime {
                result_code,
                error_info,
                faultstring,
            } => {
                let text = self.error_text(&error_info).await;
                self.release([&error_info]).await;
                ctx.runtime(result_code, text.as_deref().unwrap_or(&faultstring))
            }
            Fault::InvalidObject { bad_object_id } => {
                let expired = self.forget_if_ours(&bad_object_id).await;
                ctx.invalid_object(&bad_object_id, expired)
            }
            Fault::Other { faultstring, .. } => ctx.error(ErrorKind::Backend, faultstring),
        }
    }

    async fn error_text(&self, error_info: &str) -> Option<String> {
        if error_info.is_empty() {
            return None;
        }
        let params = [Param::value("_this", error_info)];
        let answer = self
            .exchange("IVirtualBoxErrorInfo_getText", &params, self.call_timeout)
            .await
            .ok()?;
        answer.returnval().map(str::to_string)
    }

    /// Whether an InvalidObjectFault means our websession is gone (then forgotten, so the next
    /// call logs on again). A released or stale reference of a live websession gives the same
    /// fault, so unless the bad reference is the IVirtualBox itself, probe that one.
    async fn forget_if_ours(&self, bad: &str) -> bool {
        let Ok(bad_ref) = bad.parse::<ObjectRef>() else {
            return false;
        };
        let Some(vbox) = self.session.lock().await.clone() else {
            return false;
        };
        let ours = vbox
            .parse::<ObjectRef>()
            .is_ok_and(|v| v.same_session(&bad_ref));
        if !ours {
            return false;
        }
        if bad != vbox {
            let probe = [Param::value("_this", &vbox)];
            match self
                .exchange("IVirtualBox_getRevision", &probe, self.call_timeout)
                .await
            {
                Err(Exchange::Fault(Fault::InvalidObject { .. })) => {}
                _ => return false,
            }
        }
        let mut session = self.session.lock().await;
        // Another task may have logged on again meanwhile.
        if session.as_deref() == Some(vbox.as_str()) {
            *session = None;
            self.generation.fetch_add(1, Ordering::SeqCst);
        }
        true
    }
}

/// What an exchange can end in besides an answer.
enum Exchange {
    Fault(Fault),
    Failed(Error),
}

impl Exchange {
    fn text(&self) -> String {
        match self {
            Exchange::Fault(f) => f.to_string(),
            Exchange::Failed(e) => e.to_string(),
        }
    }
}
