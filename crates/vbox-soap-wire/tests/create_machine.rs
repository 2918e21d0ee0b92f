//! `IVirtualBox_createMachine` changed its parameters twice: 7.0 added disk encryption
//! (`cipher`, `passwordId`, `password`), 7.1 added `platform` (the architecture) after `name`.
//! A request built for one version is wrong for the others, and the checker must say how.

mod common;

use common::wsdl;
use vbox_soap_wire::envelope::request;
use vbox_soap_wire::wsdl::{Problem, XsdType};
use vbox_soap_wire::Param;

const OP: &str = "IVirtualBox_createMachine";

fn names(version: &str) -> Vec<String> {
    let op = wsdl(version).operation(OP).unwrap();
    op.request.iter().map(|f| f.name.clone()).collect()
}

/// A createMachine request with the parameter list of `version`.
fn create(version: &str, platform: &str) -> String {
    let mut params = vec![
        Param::value("_this", "b8a4761c5b5f3e71-0000000000000001"),
        Param::value("settingsFile", ""),
        Param::value("name", "web 02"),
    ];
    if version == "7.1" {
        params.push(Param::value("platform", platform));
    }
    params.push(Param::array("groups", ["/lab/web"]));
    params.push(Param::value("osTypeId", "Ubuntu_64"));
    params.push(Param::value("flags", ""));
    if version != "6.1" {
        for encryption in ["cipher", "passwordId", "password"] {
            params.push(Param::value(encryption, ""));
        }
    }
    request(OP, &params).unwrap()
}

fn missing(name: &str) -> Problem {
    Problem::MissingElement {
        path: OP.into(),
        name: name.into(),
    }
}

fn unknown(name: &str) -> Problem {
    Problem::UnknownElement {
        path: OP.into(),
        name: name.into(),
    }
}

#[test]
fn the_parameter_lists_of_the_three_versions() {
    let v61 = names("6.1.40");
    let base = [
        "_this",
        "settingsFile",
        "name",
        "groups",
        "osTypeId",
        "flags",
    ];
    assert_eq!(v61, base);
    let encryption = ["cipher", "passwordId", "password"];
    let v70: Vec<&str> = base.iter().chain(&encryption).copied().collect();
    assert_eq!(names("7.0.18"), v70);
    let mut v71 = v70.clone();
    v71.insert(3, "platform");
    assert_eq!(names("7.1.12"), v71);

    let w71 = wsdl("7.1.12");
    let platform = &w71.operation(OP).unwrap().request[3];
    assert_eq!(platform.ty, XsdType::Enum("PlatformArchitecture".into()));
    assert_eq!(
        w71.enumeration("PlatformArchitecture").unwrap(),
        ["None", "x86", "ARM"]
    );
    assert!(wsdl("7.0.18").enumeration("PlatformArchitecture").is_none());
}

#[test]
fn each_request_fits_its_own_version_only() {
    let w61 = wsdl("6.1.40");
    let (w70, w71) = (wsdl("7.0.18"), wsdl("7.1.12"));
    let (r61, r70, r71) = (create("6.1", ""), create("7.0", ""), create("7.1", "x86"));

    assert_eq!(w61.check_request(&r61), []);
    assert_eq!(w70.check_request(&r70), []);
    assert_eq!(w71.check_request(&r71), []);

    assert_eq!(
        w70.check_request(&r61),
        [
            missing("cipher"),
            missing("passwordId"),
            missing("password")
        ]
    );
    assert_eq!(
        w61.check_request(&r70),
        [
            unknown("cipher"),
            unknown("passwordId"),
            unknown("password")
        ]
    );
    assert_eq!(w71.check_request(&r70), [missing("platform")]);
    assert_eq!(w70.check_request(&r71), [unknown("platform")]);
}

#[test]
fn the_platform_must_be_an_architecture_name() {
    let w71 = wsdl("7.1.12");
    assert_eq!(w71.check_request(create("7.1", "ARM")), []);
    assert_eq!(
        w71.check_request(create("7.1", "arm64")),
        [Problem::NotInEnum {
            path: OP.into(),
            name: "platform".into(),
            value: "arm64".into(),
            enumeration: "PlatformArchitecture".into()
        }]
    );
}
