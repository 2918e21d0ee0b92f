//! The simulator's SOAP request handling on any body: it must answer (a success or a fault)
//! and never panic. One simulator with a machine serves every input; the references in the
//! captured requests of the corpus do not resolve, so most calls end as faults after
//! parsing and dispatch, which is the part under test.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use vbox_sim::{ServeOptions, Sim, SimOptions, SoapServer};
use vbox_types::{Backend, CreateMachine};

struct Fixture {
    runtime: tokio::runtime::Runtime,
    server: SoapServer,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let sim = Sim::open_with(dir.path(), SimOptions::emulating("7.2").unwrap()).unwrap();
        let server = runtime.block_on(async {
            let spec = CreateMachine {
                name: "web 01".into(),
                ..Default::default()
            };
            sim.create_machine(&spec).await.unwrap();
            SoapServer::bind("127.0.0.1:0".parse().unwrap(), sim, ServeOptions::default())
                .await
                .unwrap()
        });
        Fixture {
            runtime,
            server,
            _dir: dir,
        }
    })
}

fuzz_target!(|data: &[u8]| {
    let f = fixture();
    let (_ok, text) = f.runtime.block_on(f.server.handle_body(data));
    assert!(text.starts_with("<?xml"), "every answer is an envelope: {text}");
});
