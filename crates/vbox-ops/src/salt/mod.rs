//! Salt's VirtualBox utilities (`salt/utils/virtualbox.py`) and salt-cloud's node views, kept
//! where users depend on their shape.

pub mod attributes;
pub mod nodes;

pub use attributes::{to_attribute_dict, AttrSpec, AttributeSelection, SaltObject};
pub use nodes::{
    list_nodes, list_nodes_full, list_nodes_select, node_from_machine, treat_machine_dict,
};
pub use vbox_types::salt::{salt_clone_mode, salt_state_tuple, SaltStateKey};
