//! salt-cloud's node shape: `treat_machine_dict`, `list_nodes`, `list_nodes_full`,
//! `list_nodes_select`.

use crate::addresses::{machine_addresses, AddressQuery, AddressScope, GuestAddress};
use crate::error::Result;
use crate::salt::attributes::{to_attribute_dict, AttributeSelection, SaltObject};
use futures::stream::{self, StreamExt, TryStreamExt};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use vbox_types::salt::{salt_state_tuple, SaltStateKey};
use vbox_types::{Backend, Machine};

/// The keys of `list_nodes`, in Salt's order.
pub const MINIMAL_NODE_ATTRIBUTES: [&str; 6] =
    ["id", "image", "size", "state", "private_ips", "public_ips"];

/// How many machines' addresses are read at once.
const ADDRESS_CONCURRENCY: usize = 8;

/// Salt's `treat_machine_dict`, exactly: sets `id` and `image` (default `""`), `size` =
/// `"<memorySize> MB"` (default 0), `state` = the name from Salt's state table (a number is
/// read with Salt's 5.x numbering, a string by name, anything else is `Unknown`), empty
/// `private_ips`/`public_ips`, and removes `memorySize`. `name` is kept.
pub fn treat_machine_dict(mut machine: Map<String, Value>) -> Map<String, Value> {
    let id = machine.get("id").cloned().unwrap_or_else(|| "".into());
    let image = machine.get("image").cloned().unwrap_or_else(|| "".into());
    let size = match machine.get("memorySize") {
        Some(Value::String(s)) => format!("{s} MB"),
        Some(v @ Value::Number(_)) => format!("{v} MB"),
        _ => "0 MB".to_string(),
    };
    let key = match machine.get("state") {
        Some(Value::Number(n)) if n.is_i64() => SaltStateKey::Number(n.as_i64().unwrap_or(-1)),
        Some(Value::String(s)) => SaltStateKey::Name(s),
        _ => SaltStateKey::Other,
    };
    let state = salt_state_tuple(key).0;
    machine.insert("id".into(), id);
    machine.insert("image".into(), image);
    machine.insert("size".into(), size.into());
    machine.insert("state".into(), state.into());
    machine.insert("private_ips".into(), Value::Array(Vec::new()));
    machine.insert("public_ips".into(), Value::Array(Vec::new()));
    machine.remove("memorySize");
    machine
}

/// A machine as a salt-cloud node (the `list_nodes_full` entry, `name` removed), with real
/// addresses. Unlike Salt, the state is the machine's real state name — decoded with the
/// host's numbering — so a running 7.x machine reads `Running`, not `Paused`.
pub fn node_from_machine(machine: &Machine, addresses: &[GuestAddress]) -> Map<String, Value> {
    let object = SaltObject::from_machine(machine, vbox_types::ApiVersion::LATEST);
    let mut node = treat_machine_dict(to_attribute_dict(
        &object,
        Some("IMachine"),
        &AttributeSelection::default(),
    ));
    node.remove("name");
    node.insert("state".into(), machine.state.api_name().into());
    let ips = |scope| -> Value {
        addresses
            .iter()
            .filter(|a| a.scope == scope)
            .map(|a| Value::from(a.address.to_string()))
            .collect()
    };
    node.insert("private_ips".into(), ips(AddressScope::Private));
    node.insert("public_ips".into(), ips(AddressScope::Public));
    node
}

/// salt-cloud's `list_nodes_full`: every machine with a name, keyed by name.
pub async fn list_nodes_full(
    backend: &dyn Backend,
) -> Result<BTreeMap<String, Map<String, Value>>> {
    let machines = crate::machines::list(backend).await?;
    let query = AddressQuery::default();
    let query = &query;
    stream::iter(
        machines
            .into_iter()
            .filter(|m| m.accessible && !m.name.is_empty()),
    )
    .map(|m| async move {
        let addresses = machine_addresses(backend, &m, query).await?;
        Ok((m.name.clone(), node_from_machine(&m, &addresses)))
    })
    .buffered(ADDRESS_CONCURRENCY)
    .try_collect()
    .await
}

/// salt-cloud's `list_nodes_select`: the full nodes reduced to the given fields (missing
/// fields are left out).
pub async fn list_nodes_select(
    backend: &dyn Backend,
    fields: &[String],
) -> Result<BTreeMap<String, Map<String, Value>>> {
    let full = list_nodes_full(backend).await?;
    Ok(select(full, fields))
}

/// salt-cloud's `list_nodes`: `id`, `image`, `size`, `state`, `private_ips`, `public_ips`.
pub async fn list_nodes(backend: &dyn Backend) -> Result<BTreeMap<String, Map<String, Value>>> {
    let fields: Vec<String> = MINIMAL_NODE_ATTRIBUTES
        .iter()
        .map(|s| s.to_string())
        .collect();
    list_nodes_select(backend, &fields).await
}

fn select(
    nodes: BTreeMap<String, Map<String, Value>>,
    fields: &[String],
) -> BTreeMap<String, Map<String, Value>> {
    nodes
        .into_iter()
        .map(|(name, node)| {
            (
                name,
                node.into_iter()
                    .filter(|(k, _)| fields.contains(k))
                    .collect(),
            )
        })
        .collect()
}
