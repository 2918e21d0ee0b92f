//! `IVirtualBoxErrorInfo`: what a RuntimeFault's `returnval` and `IProgress_getErrorInfo`
//! point at.

use super::call::{ret, Call, Failure, Reply};
use super::objects::Obj;
use vbox_types::ApiVersion;

/// Interface ids (they change with every API generation) as real hosts report them:
/// `IVirtualBox` of 7.0 from capture 09. Interfaces not listed report the nil uuid.
const INTERFACE_IDS: &[(ApiVersion, &str, &str)] = &[(
    ApiVersion::V7_0,
    "IVirtualBox",
    "7682d5eb-f00e-44f1-8ca2-99d08b1cd607",
)];

/// `IVirtualBoxErrorInfo_*`.
pub(crate) fn dispatch(c: &Call<'_>) -> Option<Reply> {
    const KNOWN: &[&str] = &[
        "getText",
        "getResultCode",
        "getResultDetail",
        "getInterfaceID",
        "getComponent",
        "getNext",
    ];
    if !KNOWN.contains(&c.method) {
        return None;
    }
    let info = match c.this() {
        Ok(Obj::ErrorInfo(info)) => info,
        Ok(_) => {
            return Some(Err(Failure::Invalid(
                c.opt("_this").unwrap_or_default().into(),
            )))
        }
        Err(e) => return Some(Err(e)),
    };
    Some(match c.method {
        "getText" => ret(&info.text),
        "getResultCode" => ret(info.result_code),
        "getResultDetail" => ret(0),
        "getInterfaceID" => ret(INTERFACE_IDS
            .iter()
            .find(|(api, name, _)| *api == c.api() && *name == info.interface)
            .map_or("00000000-0000-0000-0000-000000000000", |(_, _, id)| id)),
        // VirtualBox names the component after the implementation class (`VirtualBoxWrap`).
        "getComponent" => ret(format!("{}Wrap", info.interface.trim_start_matches('I'))),
        // The simulator raises single errors: the chain ends here.
        _ => ret(""),
    })
}
