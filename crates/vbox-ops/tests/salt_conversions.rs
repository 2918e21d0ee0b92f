//! Salt's pure conversion tests (reference §B.1, `XpcomConversionTests`) and the behaviour
//! Salt's code specifies without testing it (§B.5).

use serde_json::{json, Map, Value};
use vbox_ops::salt::{
    to_attribute_dict, treat_machine_dict, AttrSpec, AttributeSelection, SaltObject,
};
use vbox_types::salt::{
    salt_clone_mode, salt_state_tuple, SaltStateKey, SALT_ILLEGAL_CLONEMODE, SALT_UNKNOWN_STATE,
};
use vbox_types::CloneMode;

const IMACHINE: [&str; 8] = [
    "id",
    "name",
    "accessible",
    "description",
    "groups",
    "memorySize",
    "OSTypeId",
    "state",
];

fn map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(m) => m,
        other => panic!("not an object: {other}"),
    }
}

/// Salt's mock: an object implementing `interface` with the given attributes.
fn mock(interface: Option<&str>, attributes: Value) -> SaltObject {
    SaltObject {
        interface: interface.map(str::to_string),
        attributes: map(attributes),
    }
}

fn extra(names: &[&str]) -> AttributeSelection {
    AttributeSelection {
        extra: names.iter().map(|n| AttrSpec::from(*n)).collect(),
        ..Default::default()
    }
}

#[test]
fn test_unknown_object() {
    let object = mock(None, json!({}));
    let dict = to_attribute_dict(&object, None, &AttributeSelection::default());
    assert_eq!(dict, Map::new());
}

#[test]
fn test_imachine_object_default() {
    let object = mock(Some("IMachine"), json!({}));
    let dict = to_attribute_dict(&object, Some("IMachine"), &AttributeSelection::default());
    for key in dict.keys() {
        assert!(IMACHINE.contains(&key.as_str()), "unexpected key {key}");
    }
    // What Salt actually returns: all 8 keys, each "".
    let expected: Map<String, Value> = IMACHINE
        .iter()
        .map(|k| (k.to_string(), json!("")))
        .collect();
    assert_eq!(dict, expected);
}

#[test]
fn test_override_attributes() {
    let object = mock(
        None,
        json!({"herp": "derp", "lol": "rofl", "something": 12345}),
    );
    let selection = AttributeSelection {
        attributes: Some(vec!["herp".into(), "lol".into(), "something".into()]),
        ..Default::default()
    };
    let dict = to_attribute_dict(&object, None, &selection);
    assert_eq!(
        dict,
        map(json!({"herp": "derp", "lol": "rofl", "something": 12345}))
    );
}

#[test]
fn test_extra_attributes() {
    let mut attributes: Map<String, Value> =
        IMACHINE.iter().map(|k| (k.to_string(), json!(k))).collect();
    attributes.insert("extra".into(), json!("extra"));
    let object = SaltObject {
        interface: Some("IMachine".into()),
        attributes: attributes.clone(),
    };
    let dict = to_attribute_dict(&object, Some("IMachine"), &extra(&["extra"]));
    assert_eq!(dict.len(), 9);
    assert_eq!(dict, attributes);
    assert_eq!(dict.get("extra"), Some(&json!("extra")));
}

#[test]
fn test_extra_nonexistent_attributes() {
    let object = mock(None, json!({}));
    let dict = to_attribute_dict(&object, None, &extra(&["nonexistent"]));
    assert_eq!(dict, map(json!({"nonexistent": ""})));
}

#[test]
fn test_extra_nonexistent_attribute_with_default() {
    let object = mock(None, json!({}));
    let selection = AttributeSelection {
        extra: vec![AttrSpec::WithDefault("nonexistent".into(), json!([]))],
        ..Default::default()
    };
    let dict = to_attribute_dict(&object, None, &selection);
    assert_eq!(dict, map(json!({"nonexistent": []})));
}

#[test]
fn interface_mismatch_gives_an_empty_dict() {
    let object = mock(Some("INetworkAdapter"), json!({"id": "x"}));
    let dict = to_attribute_dict(&object, Some("IMachine"), &AttributeSelection::default());
    assert!(dict.is_empty(), "{dict:?}");
}

#[test]
fn excluded_beats_extra() {
    let object = mock(Some("IMachine"), json!({"id": "u", "extra": "e"}));
    let selection = AttributeSelection {
        extra: vec!["extra".into()],
        excluded: vec!["extra".into(), "id".into()],
        ..Default::default()
    };
    let dict = to_attribute_dict(&object, Some("IMachine"), &selection);
    assert!(!dict.contains_key("extra"), "excluded wins over extra");
    assert!(
        !dict.contains_key("id"),
        "excluded removes default attributes"
    );
    assert_eq!(dict.len(), 7);
}

#[test]
fn attributes_replace_the_default_list() {
    let object = mock(
        Some("IMachine"),
        json!({"id": "u", "name": "n", "CPUCount": 2}),
    );
    let selection = AttributeSelection {
        attributes: Some(vec!["CPUCount".into()]),
        ..Default::default()
    };
    let dict = to_attribute_dict(&object, Some("IMachine"), &selection);
    assert_eq!(dict, map(json!({"CPUCount": 2})));
}

#[test]
fn treat_machine_dict_of_a_machine() {
    let got = treat_machine_dict(map(
        json!({"id": "u", "name": "n", "memorySize": 512, "state": 5}),
    ));
    let expected = map(json!({
        "id": "u", "name": "n", "image": "", "size": "512 MB", "state": "Running",
        "private_ips": [], "public_ips": []
    }));
    assert_eq!(got, expected);
}

#[test]
fn treat_machine_dict_of_nothing() {
    let got = treat_machine_dict(Map::new());
    let expected = map(json!({
        "id": "", "image": "", "size": "0 MB", "state": "Unknown",
        "private_ips": [], "public_ips": []
    }));
    assert_eq!(got, expected);
}

#[test]
fn treat_machine_dict_of_a_float_state_is_unknown() {
    let got = treat_machine_dict(map(json!({"state": 3.5})));
    assert_eq!(got["state"], json!("Unknown"));
}

#[test]
fn salt_state_table() {
    assert_eq!(salt_state_tuple(SaltStateKey::Number(1)).0, "PoweredOff");
    assert_eq!(salt_state_tuple(SaltStateKey::Number(5)).0, "Running");
    assert_eq!(
        salt_state_tuple(SaltStateKey::Name("Running")),
        ("Running", "The machine is currently being executed.")
    );
    assert_eq!(
        salt_state_tuple(SaltStateKey::Number(99)),
        ("Unknown", "This state is unknown to us. Might be new?")
    );
    assert_eq!(salt_state_tuple(SaltStateKey::Other), SALT_UNKNOWN_STATE);
    assert_eq!(
        salt_state_tuple(SaltStateKey::Name("Bogus")),
        SALT_UNKNOWN_STATE
    );
    let pseudo: Vec<&str> = (24..=27)
        .map(|n| salt_state_tuple(SaltStateKey::Number(n)).0)
        .collect();
    assert_eq!(
        pseudo,
        [
            "FirstOnline",
            "LastOnline",
            "FirstTransient",
            "LastTransient"
        ]
    );
}

#[test]
fn map_clonemode() {
    assert_eq!(salt_clone_mode(None), Ok(CloneMode::MachineState));
    assert_eq!(salt_clone_mode(Some("state")), Ok(CloneMode::MachineState));
    assert_eq!(
        salt_clone_mode(Some("child")),
        Ok(CloneMode::MachineAndChildStates)
    );
    assert_eq!(salt_clone_mode(Some("all")), Ok(CloneMode::AllStates));
    let err = salt_clone_mode(Some("machine")).unwrap_err();
    assert_eq!(err, SALT_ILLEGAL_CLONEMODE);
    assert_eq!(
        err,
        "Illegal clonemode for virtualbox profile.  Legal values are: state,child,all"
    );
}
