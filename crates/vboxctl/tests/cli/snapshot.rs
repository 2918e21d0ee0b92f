//! `snapshot` and `extradata`.

use crate::{snap, TestContext};

#[test]
fn take_list_restore_delete() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1", "--disk", "1024"]);
    snap!(ctx, ctx.cmd().args(["snapshot", "list", "web1"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    'web1' has no snapshots
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "take", "web1", "base", "--description", "clean install"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Taking snapshot 'base' of 'web1' …
    Took snapshot 'base' of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "take", "web1", "second", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "id": "[UUID]",
      "name": "second",
      "description": "",
      "parent_id": "[UUID]",
      "depth": 1,
      "taken": "[TIME]",
      "online": false,
      "current": true
    }
    ----- stderr -----
    Taking snapshot 'second' of 'web1' …
    Took snapshot 'second' of 'web1'
    "#);
    snap!(ctx, ctx.cmd().args(["snapshot", "list", "web1"]), @"
    exit: 0
    ----- stdout -----
    NAME        TAKEN                     ID
    base        [TIME]  [UUID]
      second *  [TIME]  [UUID]
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "list", "web1", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    [
      {
        "id": "[UUID]",
        "name": "base",
        "description": "clean install",
        "parent_id": null,
        "depth": 0,
        "taken": "[TIME]",
        "online": false,
        "current": false
      },
      {
        "id": "[UUID]",
        "name": "second",
        "description": "",
        "parent_id": "[UUID]",
        "depth": 1,
        "taken": "[TIME]",
        "online": false,
        "current": true
      }
    ]
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["snapshot", "restore", "web1", "base"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Restoring snapshot 'base' of 'web1' …
    Restored snapshot 'base' of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "delete", "web1", "second", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "machine": "web1",
      "snapshot": "second",
      "action": "deleted"
    }
    ----- stderr -----
    Deleting snapshot 'second' of 'web1' …
    Deleted snapshot 'second' of 'web1'
    "#);
    snap!(ctx, ctx.cmd().args(["snapshot", "list", "web1"]), @"
    exit: 0
    ----- stdout -----
    NAME    TAKEN                     ID
    base *  [TIME]  [UUID]
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "delete", "web1", "nope"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Deleting snapshot 'nope' of 'web1' …
    error: cannot delete a snapshot of 'web1'
      caused by: Could not find a snapshot named 'nope'
    ");
}

#[test]
fn live_snapshot_of_a_running_machine() {
    let ctx = TestContext::new();
    ctx.running("web1");
    snap!(ctx, ctx.cmd().args(["snapshot", "take", "web1", "live", "--live"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Taking snapshot 'live' of 'web1' …
    Took snapshot 'live' of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["snapshot", "restore", "web1", "live"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    Restoring snapshot 'live' of 'web1' …
    error: cannot restore a snapshot of 'web1'
      caused by: Cannot delete the current state of the running machine (machine state: Running)
    ");
}

#[test]
fn extradata_get_set_remove() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    snap!(ctx, ctx.cmd().args(["extradata", "set", "web1", "lab/owner", "ops team"]), @"
    exit: 0
    ----- stdout -----
    ----- stderr -----
    Set extradata 'lab/owner' of 'web1'
    ");
    snap!(ctx, ctx.cmd().args(["extradata", "get", "web1", "lab/owner"]), @"
    exit: 0
    ----- stdout -----
    ops team
    ----- stderr -----
    ");
    snap!(ctx, ctx.cmd().args(["extradata", "get", "web1", "lab/owner", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "machine": "web1",
      "key": "lab/owner",
      "value": "ops team"
    }
    ----- stderr -----
    "#);
    snap!(ctx, ctx.cmd().args(["extradata", "set", "web1", "lab/owner", "-o", "json"]), @r#"
    exit: 0
    ----- stdout -----
    {
      "machine": "web1",
      "key": "lab/owner",
      "value": null
    }
    ----- stderr -----
    Removed extradata 'lab/owner' of 'web1'
    "#);
    snap!(ctx, ctx.cmd().args(["extradata", "get", "web1", "lab/owner"]), @"
    exit: 1
    ----- stdout -----
    ----- stderr -----
    error: extradata 'lab/owner' is not set on 'web1'
    ");
}
