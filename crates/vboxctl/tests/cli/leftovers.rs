//! Nothing left behind: no temporary registry file of a killed vboxctl, no empty group
//! folders after a destroy.

use crate::TestContext;

#[test]
fn a_killed_writers_temporary_registry_is_removed() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1"]);
    // What a vboxctl killed between writing and renaming the registry leaves.
    let leftover = ctx.dir().join(".registry.json.tmp-4242-17");
    std::fs::write(&leftover, "{\"half\":").unwrap();
    assert_eq!(ctx.names(), ["web1"]);
    assert!(!leftover.exists(), "the next command removed it");
}

#[test]
fn destroying_the_last_machine_of_a_group_removes_its_empty_folders() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web1", "--group", "/lab/web"]);
    ctx.run(&["create", "web2", "--group", "/lab/web"]);
    let lab = ctx.dir().join("machines").join("lab");
    ctx.run(&["destroy", "web1"]);
    assert!(lab.join("web").is_dir(), "web2 is still in it");
    ctx.run(&["destroy", "web2"]);
    assert!(
        !lab.exists(),
        "no empty group folders: {:?}",
        std::fs::read_dir(ctx.dir().join("machines"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect::<Vec<_>>()
    );
}

#[test]
fn down_destroy_leaves_no_empty_group_folders() {
    let ctx = TestContext::new();
    ctx.template("tmpl");
    let map = ctx.write(
        "map.toml",
        "[profiles.web]\nclonefrom = \"tmpl\"\nlinked = true\ngroups = [\"/lab/web\"]\nwait_for_ip_timeout = 20\n\n[[machines]]\nprofile = \"web\"\ncount = 2\nname = \"web-{n}\"\n",
    );
    let map = map.to_str().unwrap();
    ctx.run(&["up", map, "-q"]);
    let lab = ctx.dir().join("machines").join("lab");
    assert!(lab.join("web").join("web-1").is_dir());
    ctx.run(&["down", map, "--destroy", "-q"]);
    assert_eq!(ctx.names(), ["tmpl"]);
    assert!(!lab.exists(), "no empty group folders");
    assert!(
        ctx.dir().join("machines").join("tmpl").is_dir(),
        "the template's folder stays"
    );
}
