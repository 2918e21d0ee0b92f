//! Salt's attribute dictionaries (`vb_xpcom_to_attribute_dict`).
//!
//! Salt turns an API object into a dict of a default attribute set per interface.
//! `attributes` replaces that set, `extra` adds to it, `excluded` removes from it and wins over
//! `extra`. A missing attribute yields `""`, or the typed default of a `(name, type)` pair.
//! Salt compared the object's string form with the interface name and returned `{}` on a
//! mismatch; [`SaltObject::interface`] plays that role here.

use serde_json::{Map, Value};
use vbox_types::{ApiVersion, Machine, NetworkAdapter};

/// Salt's default attributes of `IMachine`.
pub const IMACHINE_ATTRIBUTES: [&str; 8] = [
    "id",
    "name",
    "accessible",
    "description",
    "groups",
    "memorySize",
    "OSTypeId",
    "state",
];

/// Salt's default attributes of `INetworkAdapter` (Salt lists `lineSpeed` twice; a set
/// collapses it).
pub const INETWORKADAPTER_ATTRIBUTES: [&str; 11] = [
    "adapterType",
    "slot",
    "enabled",
    "MACAddress",
    "bridgedInterface",
    "hostOnlyInterface",
    "internalNetwork",
    "NATNetwork",
    "genericDriver",
    "cableConnected",
    "lineSpeed",
];

/// An API object as Salt sees it: the interface it implements and its attribute values.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SaltObject {
    /// The interface the object implements (`IMachine`), `None` when unknown.
    pub interface: Option<String>,
    /// Attribute values by API attribute name.
    pub attributes: Map<String, Value>,
}

/// One attribute to read: a name (missing → `""`) or a name with the default to use when
/// the object lacks it (Salt's `(name, list)` → `[]`).
#[derive(Debug, Clone, PartialEq)]
pub enum AttrSpec {
    /// A plain name.
    Name(String),
    /// A name and the value to use when it is missing.
    WithDefault(String, Value),
}

impl AttrSpec {
    fn name(&self) -> &str {
        match self {
            AttrSpec::Name(n) | AttrSpec::WithDefault(n, _) => n,
        }
    }

    fn default_value(&self) -> Value {
        match self {
            AttrSpec::Name(_) => Value::String(String::new()),
            AttrSpec::WithDefault(_, v) => v.clone(),
        }
    }
}

impl From<&str> for AttrSpec {
    fn from(name: &str) -> AttrSpec {
        AttrSpec::Name(name.to_string())
    }
}

/// Which attributes to read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttributeSelection {
    /// Replaces the interface's default set when given.
    pub attributes: Option<Vec<AttrSpec>>,
    /// Added to the set.
    pub extra: Vec<AttrSpec>,
    /// Removed from the set; wins over `extra` (matched by name).
    pub excluded: Vec<String>,
}

fn default_attributes(interface: Option<&str>) -> &'static [&'static str] {
    match interface {
        Some("IMachine") => &IMACHINE_ATTRIBUTES,
        Some("INetworkAdapter") => &INETWORKADAPTER_ATTRIBUTES,
        _ => &[],
    }
}

/// Salt's `vb_xpcom_to_attribute_dict`.
pub fn to_attribute_dict(
    object: &SaltObject,
    interface: Option<&str>,
    selection: &AttributeSelection,
) -> Map<String, Value> {
    if let Some(wanted) = interface {
        if object.interface.as_deref() != Some(wanted) {
            return Map::new();
        }
    }
    let mut specs: Vec<AttrSpec> = match &selection.attributes {
        Some(list) => list.clone(),
        None => default_attributes(interface)
            .iter()
            .map(|n| AttrSpec::from(*n))
            .collect(),
    };
    specs.extend(selection.extra.iter().cloned());
    specs.retain(|s| !selection.excluded.iter().any(|e| e == s.name()));
    specs
        .iter()
        .map(|spec| {
            let value = object
                .attributes
                .get(spec.name())
                .cloned()
                .unwrap_or_else(|| spec.default_value());
            (spec.name().to_string(), value)
        })
        .collect()
}

impl SaltObject {
    /// A machine with the API's attribute names. `state` is the numeric value in the API
    /// generation the machine came from, as the XPCOM binding returned it to Salt.
    pub fn from_machine(m: &Machine, api: ApiVersion) -> SaltObject {
        let mut a = Map::new();
        a.insert("id".into(), m.id.clone().into());
        a.insert("name".into(), m.name.clone().into());
        a.insert("accessible".into(), m.accessible.into());
        a.insert("description".into(), m.description.clone().into());
        a.insert("groups".into(), m.groups.clone().into());
        a.insert("memorySize".into(), m.memory_mb.into());
        a.insert("OSTypeId".into(), m.os_type_id.clone().into());
        a.insert("CPUCount".into(), m.cpus.into());
        a.insert(
            "state".into(),
            m.state.to_number(api).map_or(Value::Null, Value::from),
        );
        a.insert("sessionState".into(), m.session_state.api_name().into());
        a.insert("lastStateChange".into(), m.last_state_change_ms.into());
        a.insert("chipsetType".into(), m.chipset.api_name().into());
        a.insert("settingsFilePath".into(), m.settings_file.clone().into());
        SaltObject {
            interface: Some("IMachine".into()),
            attributes: a,
        }
    }

    /// A network adapter with the API's attribute names.
    pub fn from_adapter(n: &NetworkAdapter) -> SaltObject {
        let mut a = Map::new();
        a.insert("adapterType".into(), n.adapter_type.api_name().into());
        a.insert("slot".into(), n.slot.into());
        a.insert("enabled".into(), n.enabled.into());
        a.insert("MACAddress".into(), n.mac_address.clone().into());
        a.insert("attachmentType".into(), n.attachment.api_name().into());
        a.insert(
            "bridgedInterface".into(),
            n.bridged_interface.clone().into(),
        );
        a.insert(
            "hostOnlyInterface".into(),
            n.host_only_interface.clone().into(),
        );
        a.insert("internalNetwork".into(), n.internal_network.clone().into());
        a.insert("NATNetwork".into(), n.nat_network.clone().into());
        a.insert("genericDriver".into(), n.generic_driver.clone().into());
        a.insert("cableConnected".into(), n.cable_connected.into());
        a.insert("lineSpeed".into(), n.line_speed_kbps.into());
        SaltObject {
            interface: Some("INetworkAdapter".into()),
            attributes: a,
        }
    }
}
