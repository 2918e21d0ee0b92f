//! What each captured exchange holds, written down from the capture files: the operation, the
//! request's children in order, and the answer.

/// A reference of the captured websession.
macro_rules! r {
    ($id:literal) => {
        concat!("b8a4761c5b5f3e71-00000000000000", $id)
    };
}

/// The answer of an exchange.
pub enum Answer {
    /// `<opResponse>` holding one `<returnval>` per value (none for a void method).
    Returns(&'static [&'static str]),
    /// A RuntimeFault: signed result code, error-info reference, error text.
    Runtime(i32, &'static str, &'static str),
    /// An InvalidObjectFault for this reference.
    Invalid(&'static str),
    /// A fault without VirtualBox detail, with this faultstring.
    Other(&'static str),
}

/// One captured exchange.
pub struct Exchange {
    /// File stem: `05-findMachine`.
    pub file: &'static str,
    /// The operation.
    pub op: &'static str,
    /// The request's children, in order (an array is its name repeated).
    pub params: &'static [(&'static str, &'static str)],
    /// The answer.
    pub answer: Answer,
}

/// The exchange whose request is not well-formed XML (the capture's `28-malformed-xml`).
pub const MALFORMED: &str = "28-malformed-xml";

const fn x(
    file: &'static str,
    op: &'static str,
    params: &'static [(&'static str, &'static str)],
    answer: Answer,
) -> Exchange {
    Exchange {
        file,
        op,
        params,
        answer,
    }
}

use Answer::{Invalid, Other, Returns, Runtime};

const VBOX: &[(&str, &str)] = &[("_this", r!("01"))];
const M2: &[(&str, &str)] = &[("_this", r!("02"))];
const M3: &[(&str, &str)] = &[("_this", r!("03"))];
const NIC: &[(&str, &str)] = &[("_this", r!("05"))];
const SESSION: &[(&str, &str)] = &[("_this", r!("07"))];
const NOT_FOUND: &str = "Could not find a registered machine named 'no such vm'";

/// All 54 exchanges of `soap-7.0.14/`.
#[rustfmt::skip]
pub const EXCHANGES: &[Exchange] = &[
    x("01-logon", "IWebsessionManager_logon", &[("username", ""), ("password", "")], Returns(&[r!("01")])),
    x("02-getVersion", "IVirtualBox_getVersion", VBOX, Returns(&["7.0.14"])),
    x("03-getAPIVersion", "IVirtualBox_getAPIVersion", VBOX, Returns(&["7_0"])),
    x("04-getMachines", "IVirtualBox_getMachines", VBOX, Returns(&[r!("02"), r!("03")])),
    x("05-findMachine", "IVirtualBox_findMachine", &[("_this", r!("01")), ("nameOrId", "web 01")], Returns(&[r!("02")])),
    x("06-findMachine-notfound", "IVirtualBox_findMachine", &[("_this", r!("01")), ("nameOrId", "no such vm")], Runtime(-2135228415, r!("04"), NOT_FOUND)),
    x("07-fault-errorinfo-getText", "IVirtualBoxErrorInfo_getText", &[("_this", r!("04"))], Returns(&[NOT_FOUND])),
    x("08-fault-errorinfo-getResultCode", "IVirtualBoxErrorInfo_getResultCode", &[("_this", r!("04"))], Returns(&["-2135228415"])),
    x("09-fault-errorinfo-getInterfaceID", "IVirtualBoxErrorInfo_getInterfaceID", &[("_this", r!("04"))], Returns(&["7682d5eb-f00e-44f1-8ca2-99d08b1cd607"])),
    x("10-getName", "IMachine_getName", M2, Returns(&["web 01"])),
    x("11-getState", "IMachine_getState", M2, Returns(&["PoweredOff"])),
    x("12-getMemorySize", "IMachine_getMemorySize", M2, Returns(&["1024"])),
    x("13-getSessionState", "IMachine_getSessionState", M2, Returns(&["Unlocked"])),
    x("14-getGroups", "IMachine_getGroups", M2, Returns(&["/lab/web"])),
    x("15-getMachineStates", "IVirtualBox_getMachineStates", &[("_this", r!("01")), ("machines", r!("02")), ("machines", r!("03"))], Returns(&["PoweredOff", "PoweredOff"])),
    x("16-getNetworkAdapter0", "IMachine_getNetworkAdapter", &[("_this", r!("02")), ("slot", "0")], Returns(&[r!("05")])),
    x("17-na-getMACAddress", "INetworkAdapter_getMACAddress", NIC, Returns(&["080027F6E727"])),
    x("18-na-getAttachmentType", "INetworkAdapter_getAttachmentType", NIC, Returns(&["NAT"])),
    x("19-na-getEnabled", "INetworkAdapter_getEnabled", NIC, Returns(&["true"])),
    x("20-getGuestPropertyValue", "IMachine_getGuestPropertyValue", &[("_this", r!("02")), ("property", "/VirtualBox/GuestInfo/Net/0/V4/IP")], Returns(&[""])),
    x("21-enumerateGuestProperties", "IMachine_enumerateGuestProperties", &[("_this", r!("02")), ("patterns", "/VirtualBox/GuestInfo/Net/*")], Returns(&[])),
    x("22-getSystemProperties", "IVirtualBox_getSystemProperties", VBOX, Returns(&[r!("06")])),
    x("23-sp-getMaxNetworkAdapters-ICH9", "ISystemProperties_getMaxNetworkAdapters", &[("_this", r!("06")), ("chipset", "ICH9")], Returns(&["36"])),
    x("24-release-na", "IManagedObjectRef_release", NIC, Returns(&[])),
    x("25-stale-ref-after-release", "INetworkAdapter_getMACAddress", NIC, Invalid(r!("05"))),
    x("26-bogus-ref", "IMachine_getName", &[("_this", "0123456789abcdef-0000000000000099")], Invalid("0123456789abcdef-0000000000000099")),
    x("27-unknown-operation", "IMachine_doesNotExist", M2, Other("Method 'vbox:IMachine_doesNotExist' not implemented: method name or namespace not recognized")),
    x(MALFORMED, "unclosed", &[], Other("Method 'unclosed' not implemented: method name or namespace not recognized")),
    x("29-getSessionObject", "IWebsessionManager_getSessionObject", &[("refIVirtualBox", r!("01"))], Returns(&[r!("07")])),
    x("30-lockMachine-shared", "IMachine_lockMachine", &[("_this", r!("02")), ("session", r!("07")), ("lockType", "Shared")], Returns(&[])),
    x("31-session-getState", "ISession_getState", SESSION, Returns(&["Locked"])),
    x("32-unlockMachine", "ISession_unlockMachine", SESSION, Returns(&[])),
    x("33-launchVMProcess-failing", "IMachine_launchVMProcess", &[("_this", r!("02")), ("session", r!("07")), ("name", "headless")], Returns(&[r!("08")])),
    x("34-failing-progress-wait", "IProgress_waitForCompletion", &[("_this", r!("08")), ("timeout", "10000")], Returns(&[])),
    x("35-failing-progress-getResultCode", "IProgress_getResultCode", &[("_this", r!("08"))], Returns(&["-2147467259"])),
    x("36-failing-progress-getErrorInfo", "IProgress_getErrorInfo", &[("_this", r!("08"))], Returns(&[r!("09")])),
    x("37-failing-progress-errorinfo-getText", "IVirtualBoxErrorInfo_getText", &[("_this", r!("09"))], Returns(&["Nonexistent host networking interface, name 'vboxnet0' (VERR_INTERNAL_ERROR)"])),
    x("38-failing-session-getState", "ISession_getState", SESSION, Returns(&["Locked"])),
    x("39-findMachine-bare", "IVirtualBox_findMachine", &[("_this", r!("01")), ("nameOrId", "bare")], Returns(&[r!("03")])),
    x("40-launchVMProcess", "IMachine_launchVMProcess", &[("_this", r!("03")), ("session", r!("07")), ("name", "headless")], Returns(&[r!("0a")])),
    x("41-progress-waitForCompletion", "IProgress_waitForCompletion", &[("_this", r!("0a")), ("timeout", "10000")], Returns(&[])),
    x("42-progress-getResultCode", "IProgress_getResultCode", &[("_this", r!("0a"))], Returns(&["0"])),
    x("43-progress-getPercent", "IProgress_getPercent", &[("_this", r!("0a"))], Returns(&["100"])),
    x("44-getState-after-launch", "IMachine_getState", M3, Returns(&["Running"])),
    x("45-getSessionState-launched", "IMachine_getSessionState", M3, Returns(&["Locked"])),
    x("46-unlock-launch-session", "ISession_unlockMachine", SESSION, Returns(&[])),
    x("47-lockMachine-write-while-running", "IMachine_lockMachine", &[("_this", r!("03")), ("session", r!("07")), ("lockType", "Write")], Runtime(-2135228409, r!("0b"), "The machine 'bare' is already locked for a session (or being unlocked)")),
    x("48-lockMachine-shared-while-running", "IMachine_lockMachine", &[("_this", r!("03")), ("session", r!("07")), ("lockType", "Shared")], Returns(&[])),
    x("49-session-getConsole", "ISession_getConsole", SESSION, Returns(&[r!("0c")])),
    x("50-console-powerDown", "IConsole_powerDown", &[("_this", r!("0c"))], Returns(&[r!("0d")])),
    x("51-powerDown-wait", "IProgress_waitForCompletion", &[("_this", r!("0d")), ("timeout", "10000")], Returns(&[])),
    x("52-session-unlock-after-powerdown", "ISession_unlockMachine", SESSION, Runtime(-2147418113, r!("0e"), "The session is not locked (session state: Unlocked)")),
    x("53-logoff", "IWebsessionManager_logoff", &[("refIVirtualBox", r!("01"))], Returns(&[])),
    x("54-after-logoff", "IVirtualBox_getVersion", VBOX, Invalid(r!("01"))),
];
