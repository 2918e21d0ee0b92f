//! vboxctl's library facade: re-exports of the types and operations, and [`connect`], which
//! picks a backend from a URI; [`open`] also makes the backend prove it is a VirtualBox host,
//! and [`default_connection`] says which host a tool should drive when none is named.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! // The simulator's directory must exist (an empty one becomes a new simulated host).
//! std::fs::create_dir_all("/tmp/vboxctl-demo")?;
//! let (backend, version) = vbox::open("sim:///tmp/vboxctl-demo", &Default::default()).await?;
//! println!("VirtualBox {}", version.version);
//! for m in vbox::ops::list(backend.as_ref()).await? {
//!     println!("{} {}", m.name, m.state);
//! }
//! # Ok(()) }
//! ```

mod default;
mod logged;
mod uri;

pub use default::{default_connection, DefaultConnection};
pub use uri::{
    connect, connect_with, open, parse_uri, ConnectError, ConnectOptions, Target, SIM_URI,
};
pub use vbox_ops as ops;
pub use vbox_types as types;
pub use vbox_types::{Backend, Error, ErrorKind, Secret};
