//! Shared by the `soap_*` tests: a simulator served over loopback TCP, a raw HTTP/1.1 client
//! that keeps its connection alive as the captures' client did, and the real WSDLs.

#![allow(dead_code)]

use std::net::SocketAddr;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use vbox_sim::{ServeOptions, Sim, SimOptions, SoapServer};
use vbox_soap_wire::envelope::{parse_response, request};
use vbox_soap_wire::wsdl::Wsdl;
use vbox_soap_wire::{Elements, Param};
use vbox_types::{Backend, CreateMachine};

/// A running server and its simulator.
pub struct Served {
    pub dir: tempfile::TempDir,
    pub sim: Sim,
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves a fresh simulator emulating `version`.
pub async fn serve(version: &str, opts: ServeOptions) -> Served {
    let dir = tempfile::tempdir().unwrap();
    let sim = Sim::open_with(dir.path(), SimOptions::emulating(version).unwrap()).unwrap();
    let server = SoapServer::bind("127.0.0.1:0".parse().unwrap(), sim.clone(), opts)
        .await
        .unwrap();
    let addr = server.local_addr();
    let task = tokio::spawn(async move {
        server.run().await.unwrap();
    });
    Served {
        dir,
        sim,
        addr,
        task,
    }
}

/// Creates a machine with a fast launch (30 ms instead of 800).
pub async fn machine(sim: &Sim, name: &str, memory_mb: u32, groups: &[&str]) {
    sim.create_machine(&CreateMachine {
        name: name.into(),
        os_type_id: Some("Ubuntu_64".into()),
        memory_mb: Some(memory_mb),
        groups: groups.iter().map(|g| g.to_string()).collect(),
        ..Default::default()
    })
    .await
    .unwrap();
    sim.set_extradata(name, vbox_sim::keys::START_DURATION_MS, Some("30"))
        .await
        .unwrap();
}

/// One HTTP answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A client on one kept-alive connection that reconnects when the server closed it.
pub struct Wire {
    addr: SocketAddr,
    conn: Option<BufReader<TcpStream>>,
    /// Connections opened so far.
    pub connections: u32,
}

impl Wire {
    pub fn new(addr: SocketAddr) -> Wire {
        Wire {
            addr,
            conn: None,
            connections: 0,
        }
    }

    /// POSTs a raw body.
    pub async fn post(&mut self, body: &[u8]) -> Answer {
        if self.conn.is_none() {
            self.conn = Some(BufReader::new(TcpStream::connect(self.addr).await.unwrap()));
            self.connections += 1;
        }
        let conn = self.conn.as_mut().unwrap();
        let head = format!(
            "POST / HTTP/1.1\r\nHost: {}\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: \"\"\r\nContent-Length: {}\r\n\r\n",
            self.addr,
            body.len()
        );
        // One write: a head and a body sent apart meet Nagle and delayed ACKs (40 ms a call).
        let mut out = head.into_bytes();
        out.extend_from_slice(body);
        conn.get_mut().write_all(&out).await.unwrap();
        let answer = read_answer(conn).await;
        // The server closes after the request that used up the connection's budget.
        let last = answer
            .header("Keep-Alive")
            .is_some_and(|k| k.ends_with("max=1"));
        if answer.header("Connection") != Some("keep-alive") || last {
            self.conn = None;
        }
        answer
    }

    /// Calls `op`; the answer as it came.
    pub async fn call(&mut self, op: &str, params: &[Param]) -> Answer {
        self.post(request(op, params).unwrap().as_bytes()).await
    }

    /// Calls `op`, which must succeed; its `returnval` values (repeated for arrays).
    pub async fn ok(&mut self, op: &str, params: &[Param]) -> Vec<String> {
        let answer = self.call(op, params).await;
        assert_eq!(answer.status, 200, "{op}: {}", answer.body);
        let r = parse_response(&answer.body, op).unwrap();
        r.all("returnval").into_iter().map(String::from).collect()
    }

    /// Calls `op` with `_this` only; its single `returnval`.
    pub async fn get(&mut self, op: &str, this: &str) -> String {
        let mut all = self.ok(op, &[Param::value("_this", this)]).await;
        assert!(all.len() <= 1, "{op}: {all:?}");
        all.pop().unwrap_or_default()
    }
}

/// Reads one HTTP answer (its body by Content-Length; none for a HEAD request's answer is the
/// caller's business: `head_only`).
pub async fn read_answer_of(conn: &mut BufReader<TcpStream>, head_only: bool) -> Answer {
    let mut line = String::new();
    conn.read_line(&mut line).await.unwrap();
    let status: u16 = line
        .split_whitespace()
        .nth(1)
        .expect("status line")
        .parse()
        .unwrap();
    let mut headers = Vec::new();
    loop {
        line.clear();
        conn.read_line(&mut line).await.unwrap();
        let h = line.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h.split_once(':').unwrap();
        headers.push((n.trim().to_string(), v.trim().to_string()));
    }
    let mut answer = Answer {
        status,
        headers,
        body: String::new(),
    };
    if !head_only {
        let length: usize = answer.header("Content-Length").unwrap().parse().unwrap();
        let mut body = vec![0; length];
        conn.read_exact(&mut body).await.unwrap();
        answer.body = String::from_utf8(body).unwrap();
    }
    answer
}

async fn read_answer(conn: &mut BufReader<TcpStream>) -> Answer {
    read_answer_of(conn, false).await
}

/// Sends `request` (head and body, as bytes) on a new connection; the one answer.
pub async fn exchange(addr: SocketAddr, request: &[u8]) -> Answer {
    let mut conn = BufReader::new(TcpStream::connect(addr).await.unwrap());
    conn.get_mut().write_all(request).await.unwrap();
    let head_only = request.starts_with(b"HEAD ");
    read_answer_of(&mut conn, head_only).await
}

/// Shorthand for a single-value parameter.
pub fn p(name: &str, value: impl std::fmt::Display) -> Param {
    Param::value(name, value)
}

/// The real WSDL of a served version (`6.1`, `7.0`, `7.1`, `7.2`), from `fixtures/wsdl/`.
pub fn wsdl(version: &str) -> Wsdl {
    let dir = match version {
        "6.1" => "6.1.40",
        "7.0" => "7.0.18",
        "7.1" => "7.1.12",
        _ => "7.2.22",
    };
    Wsdl::load(vbox_fixtures::wsdl_path(dir)).unwrap()
}

/// Asserts that a successful answer matches the WSDL's response element.
pub fn check(wsdl: &Wsdl, answer: &Answer) {
    let problems = wsdl.check_response(&answer.body);
    assert!(problems.is_empty(), "{problems:?} in {}", answer.body);
}

/// Calls `op` with a request and an answer both valid for `schema`; the `returnval`s.
pub async fn checked(wire: &mut Wire, schema: &Wsdl, op: &str, params: &[Param]) -> Vec<String> {
    let body = request(op, params).unwrap();
    let problems = schema.check_request(&body);
    assert!(problems.is_empty(), "request {op}: {problems:?}");
    let answer = wire.post(body.as_bytes()).await;
    assert_eq!(answer.status, 200, "{op}: {}", answer.body);
    check(schema, &answer);
    let r = parse_response(&answer.body, op).unwrap();
    r.all("returnval").into_iter().map(String::from).collect()
}

/// A new session object with `vm` locked in it (`Shared` or `Write`), both calls checked
/// against `schema`; the session.
pub async fn locked_session(
    wire: &mut Wire,
    schema: &Wsdl,
    vbox: &str,
    vm: &str,
    lock_type: &str,
) -> String {
    let session = checked(
        wire,
        schema,
        "IWebsessionManager_getSessionObject",
        &[p("refIVirtualBox", vbox)],
    )
    .await
    .remove(0);
    checked(
        wire,
        schema,
        "IMachine_lockMachine",
        &[
            p("_this", vm),
            p("session", &session),
            p("lockType", lock_type),
        ],
    )
    .await;
    session
}

/// The faultstring of a fault answer.
pub fn faultstring(answer: &Answer) -> String {
    assert_eq!(answer.status, 500, "{}", answer.body);
    match parse_response(&answer.body, "x") {
        Err(vbox_soap_wire::SoapError::Fault(f)) => f.faultstring(),
        other => panic!("not a fault: {other:?}"),
    }
}
