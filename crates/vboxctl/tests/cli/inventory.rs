//! `nodes`: salt-cloud's list_nodes, list_nodes_full and list_nodes_select.

use crate::{snap, TestContext};

#[test]
fn nodes_table_and_json() {
    let ctx = TestContext::new();
    ctx.running("web1");
    ctx.run(&["create", "db", "--memory", "512"]);
    snap!(ctx, ctx.cmd().arg("nodes"), @"
    exit: 0
    ----- stdout -----
    NAME  ID                                    IMAGE  SIZE    STATE       PRIVATE_IPS  PUBLIC_IPS
    db    [UUID]         512 MB  PoweredOff
    web1  [UUID]         128 MB  Running     10.0.2.15
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["nodes", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "db": {
        "id": "[UUID]",
        "image": "",
        "private_ips": [],
        "public_ips": [],
        "size": "512 MB",
        "state": "PoweredOff"
      },
      "web1": {
        "id": "[UUID]",
        "image": "",
        "private_ips": [
          "10.0.2.15"
        ],
        "public_ips": [],
        "size": "128 MB",
        "state": "Running"
      }
    }
    ----- stderr -----
    "#);
}

#[test]
fn nodes_full_and_select() {
    let ctx = TestContext::new();
    ctx.run(&["create", "db", "--memory", "512", "--group", "/lab"]);
    snap!(ctx, ctx.cmd().args(["nodes", "--full", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "db": {
        "OSTypeId": "Other",
        "accessible": true,
        "description": "",
        "groups": [
          "/lab"
        ],
        "id": "[UUID]",
        "image": "",
        "private_ips": [],
        "public_ips": [],
        "size": "512 MB",
        "state": "PoweredOff"
      }
    }
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["nodes", "--select", "id", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "db": {
        "id": "[UUID]"
      }
    }
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["nodes", "--select", "id,size,nonexistent"]), @"
    exit: 0
    ----- stdout -----
    NAME  ID                                    SIZE
    db    [UUID]  512 MB
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["nodes", "--full", "--select", "id"]), @"
    exit: 2
    ----- stdout -----
    ----- stderr -----
    error: the argument '--full' cannot be used with '--select <FIELDS>'

    Usage: vboxctl nodes --full

    For more information, try '--help'.
    ");
}
