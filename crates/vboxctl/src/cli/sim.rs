//! Arguments of `vboxctl sim …`: the simulator as a server.

use clap::{Args, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// `sim …`.
#[derive(Debug, Subcommand)]
pub enum SimCommand {
    /// Serve the simulator through the vboxwebsrv SOAP protocol, so that SOAP clients
    /// (vboxctl --connect http://…, pyvbox, anything built from VirtualBox's WSDL) can drive it
    #[command(after_help = "Examples:\n  vboxctl sim serve\n  \
                            vboxctl sim serve --listen 127.0.0.1:18084 --state /tmp/lab --api 7.0\n  \
                            VBOXCTL_PASSWORD=secret vboxctl sim serve --user lab\n  \
                            vboxctl --connect http://127.0.0.1:18083 list        # in another terminal\n  \
                            vboxctl -v sim serve     # one line per request on stderr\n\n\
                            Authentication is off (any logon succeeds, as vboxwebsrv with the null\n\
                            library) unless --user is given; the password then comes from\n\
                            VBOXCTL_PASSWORD or --password-file, never from the command line.\n\n\
                            With -v, each request is one line on stderr: the operation, the\n\
                            object it was called on, how long it took, and the fault if any\n\
                            (never the parameters). GET /?wsdl serves the WSDL of the version.")]
    Serve(ServeArgs),
}

/// `sim serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (vboxwebsrv's default port is 18083)
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:18083")]
    pub listen: SocketAddr,

    /// The simulator's state directory, which must exist (an empty one becomes a new host)
    /// [default: the per-user one, as `sim://`]
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// VirtualBox version to behave as: 6.1, 7.0, 7.1 or 7.2 (API, WSDL and object model)
    #[arg(long, value_name = "VERSION", default_value = "7.1")]
    pub api: String,

    /// Seconds a web session may stay idle before it is logged off (vboxwebsrv --timeout;
    /// 0 never)
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    pub session_timeout: u64,
}
