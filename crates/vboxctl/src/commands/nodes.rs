//! `nodes`: salt-cloud's `list_nodes`, `list_nodes_full` and `list_nodes_select`, keyed by
//! machine name, for tools that consumed the Salt driver's output.

use super::{Ctx, ExitStatus};
use crate::cli::NodesArgs;
use crate::output::Table;
use anyhow::Result;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use vbox_ops::salt::{
    list_nodes, list_nodes_full, list_nodes_select, nodes::MINIMAL_NODE_ATTRIBUTES,
};

pub async fn run(ctx: &Ctx<'_>, args: &NodesArgs) -> Result<ExitStatus> {
    let backend = ctx.backend().await?;
    let nodes = match (&args.select, args.full) {
        (Some(fields), _) => list_nodes_select(backend, fields).await?,
        (None, true) => list_nodes_full(backend).await?,
        (None, false) => list_nodes(backend).await?,
    };
    if ctx.json() {
        ctx.printer.json(&nodes)?;
    } else if nodes.is_empty() {
        ctx.printer.status("No machines are registered");
    } else {
        ctx.printer.table(&node_table(&nodes))?;
    }
    Ok(ExitStatus::Success)
}

/// One row per machine; Salt's six attributes first in Salt's order, then the rest sorted.
fn node_table(nodes: &BTreeMap<String, Map<String, Value>>) -> Table {
    let present: BTreeSet<&str> = nodes
        .values()
        .flat_map(|n| n.keys())
        .map(String::as_str)
        .collect();
    let mut keys: Vec<&str> = MINIMAL_NODE_ATTRIBUTES
        .iter()
        .copied()
        .filter(|k| present.contains(k))
        .collect();
    keys.extend(
        present
            .iter()
            .filter(|k| !MINIMAL_NODE_ATTRIBUTES.contains(k)),
    );
    let headers: Vec<String> = std::iter::once("NAME".to_string())
        .chain(keys.iter().map(|k| k.to_uppercase()))
        .collect();
    let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut table = Table::new(&headers);
    for (name, node) in nodes {
        let cells = keys
            .iter()
            .map(|k| node.get(*k).map(cell).unwrap_or_default());
        table.row(std::iter::once(name.clone()).chain(cells));
    }
    table
}

/// A JSON value as a table cell: strings bare, lists comma-separated, the rest as JSON.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn salt_columns_first() {
        let node = |state: &str| {
            json!({"state": state, "id": "u1", "zeta": 1, "private_ips": ["10.0.2.15", "fd00::1"], "image": ""})
                .as_object()
                .cloned()
                .unwrap_or_default()
        };
        let nodes = BTreeMap::from([
            ("b".to_string(), node("Running")),
            ("a".to_string(), node("PoweredOff")),
        ]);
        assert_eq!(
            node_table(&nodes).render(),
            "NAME  ID  IMAGE  STATE       PRIVATE_IPS        ZETA\n\
             a     u1         PoweredOff  10.0.2.15,fd00::1  1\n\
             b     u1         Running     10.0.2.15,fd00::1  1\n"
        );
    }
}
