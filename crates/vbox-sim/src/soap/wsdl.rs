//! The WSDL a served version answers `GET /?wsdl` with: the real `vboxweb.wsdl` of its
//! release, byte for byte (`fixtures/wsdl/`; the 7.2.22 one was fetched from the real
//! vboxwebsrv). The default constructors of third-party clients (`remotevbox`, `vboxwebber`)
//! fetch it before their first call.

use vbox_types::ApiVersion;

/// The `vboxweb.wsdl` of `api`, or `None` for a generation the repository holds no WSDL of
/// (5.2, 6.0): such a server answers `GET /?wsdl` like any other `GET`.
pub(crate) fn text(api: ApiVersion) -> Option<&'static str> {
    match api {
        ApiVersion::V6_1 => Some(include_str!(
            "../../../../fixtures/wsdl/6.1.40/vboxweb.wsdl"
        )),
        ApiVersion::V7_0 => Some(include_str!(
            "../../../../fixtures/wsdl/7.0.18/vboxweb.wsdl"
        )),
        ApiVersion::V7_1 => Some(include_str!(
            "../../../../fixtures/wsdl/7.1.12/vboxweb.wsdl"
        )),
        ApiVersion::V7_2 => Some(include_str!(
            "../../../../fixtures/wsdl/7.2.22/vboxweb.wsdl"
        )),
        _ => None,
    }
}
