//! vboxctl's library facade: re-exports of the types and operations, and [`connect`], which
//! picks a backend from a URI.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let backend = vbox::connect("sim:///tmp/vboxctl-demo")?;
//! for m in vbox::ops::list(backend.as_ref()).await? {
//!     println!("{} {}", m.name, m.state);
//! }
//! # Ok(()) }
//! ```

mod uri;

pub use uri::{
    connect, connect_with, parse_uri, ConnectError, ConnectOptions, Target, DEFAULT_URI,
};
pub use vbox_ops as ops;
pub use vbox_types as types;
pub use vbox_types::{Backend, Error, ErrorKind};
