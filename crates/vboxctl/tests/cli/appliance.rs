//! `import`, `export` and appliance templates of maps, on the simulator in-process and
//! through the VBoxManage emulator: round trips of OVA, OVF and Vagrant boxes, NDJSON
//! events, and bad input refused with nothing left behind.

use crate::common::render;
use crate::TestContext;
use std::fs;
use std::path::Path;

fn hosts() -> [TestContext; 2] {
    [TestContext::new(), TestContext::emulator("7.2.22")]
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Everything under the machine folder and beside the appliance files.
fn files(ctx: &TestContext, dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for root in [ctx.dir().join("machines"), dir.to_path_buf()] {
        let mut stack = vec![root];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).into_iter().flatten().flatten() {
                let p = e.path();
                out.push(p.display().to_string());
                if p.is_dir() {
                    stack.push(p);
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn exports_import_again_as_ova_ovf_and_box() {
    for ctx in hosts() {
        ctx.run(&[
            "create",
            "web",
            "--ostype",
            "Ubuntu_64",
            "--memory",
            "512",
            "--cpus",
            "2",
            "--disk",
            "16",
        ]);
        let out = tempfile::tempdir().unwrap();
        for (file, name) in [
            ("web.ova", "from-ova"),
            ("web.ovf", "from-ovf"),
            ("web.box", "from-box"),
        ] {
            let f = out.path().join(file);
            ctx.run(&["export", "web", path(&f), "--product", "Lab"]);
            let dry = ctx.run(&["import", path(&f), "--dry-run"]);
            assert!(
                dry.contains("Memory:        512 MB"),
                "{}: {dry}",
                ctx.uri()
            );
            assert!(dry.contains("Product:       Lab"), "{}: {dry}", ctx.uri());
            ctx.run(&["import", path(&f), "--name", name]);
            let shown: serde_json::Value =
                serde_json::from_str(&ctx.run(&["show", name, "-o", "json"])).unwrap();
            assert_eq!(shown["memory_mb"], 512, "{}: {shown}", ctx.uri());
            assert_eq!(shown["cpus"], 2, "{}", ctx.uri());
            assert_eq!(
                shown["disks"].as_array().map(Vec::len),
                Some(1),
                "{}: {shown}",
                ctx.uri()
            );
        }
        let leftovers: Vec<String> = fs::read_dir(out.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".vboxctl-box-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn import_streams_ndjson_events() {
    let ctx = TestContext::new();
    ctx.run(&["create", "web", "--ostype", "Ubuntu_64", "--disk", "8"]);
    let out = tempfile::tempdir().unwrap();
    let f = out.path().join("web.ova");
    ctx.run(&["export", "web", path(&f)]);
    let o = ctx
        .cmd()
        .args(["import", path(&f), "--name", "copy", "-o", "ndjson"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", render(&o));
    let events: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(events.first().unwrap()["event"], "progress");
    assert_eq!(events.first().unwrap()["percent"], 0);
    let last = events.last().unwrap();
    assert_eq!(
        (last["event"].as_str(), last["machine"].as_str()),
        (Some("done"), Some("copy"))
    );
}

#[test]
fn bad_input_is_refused_and_changes_nothing() {
    for ctx in hosts() {
        ctx.run(&["create", "web", "--ostype", "Ubuntu_64", "--disk", "8"]);
        let dir = tempfile::tempdir().unwrap();
        let ova = dir.path().join("web.ova");
        ctx.run(&["export", "web", path(&ova)]);
        let bytes = fs::read(&ova).unwrap();
        let cut = dir.path().join("cut.ova");
        fs::write(&cut, &bytes[..bytes.len() - 1500]).unwrap();
        let ovf_dir = dir.path().join("ovf");
        fs::create_dir(&ovf_dir).unwrap();
        let ovf = ovf_dir.join("web.ovf");
        ctx.run(&["export", "web", path(&ovf)]);
        for e in fs::read_dir(&ovf_dir).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "vmdk") {
                fs::remove_file(e.path()).unwrap();
            }
        }
        let other = dir.path().join("other.box");
        {
            let mut tar = tar::Builder::new(fs::File::create(&other).unwrap());
            let meta = br#"{"provider": "vmware_desktop"}"#;
            let mut header = tar::Header::new_ustar();
            header.set_size(meta.len() as u64);
            header.set_mode(0o644);
            header.set_cksum();
            tar.append_data(&mut header, "metadata.json", &meta[..])
                .unwrap();
            tar.into_inner().unwrap();
        }
        let names = ctx.names();
        let before = files(&ctx, dir.path());
        for (file, name, says) in [
            (&cut, "a", "is truncated"),
            (&ovf, "b", "is missing"),
            (&other, "c", "for the provider 'vmware_desktop'"),
            (&ova, "web", "a machine named 'web' already exists"),
            (&dir.path().join("nothing.ova"), "d", "nothing.ova"),
        ] {
            let o = ctx
                .cmd()
                .args(["import", path(file), "--name", name])
                .output()
                .unwrap();
            let text = render(&o);
            assert_eq!(o.status.code(), Some(1), "{}: {text}", ctx.uri());
            assert!(text.contains(says), "{}: {text}", ctx.uri());
            assert_eq!(ctx.names(), names, "{}", ctx.uri());
            assert_eq!(files(&ctx, dir.path()), before, "{}", ctx.uri());
        }
        let o = ctx
            .cmd()
            .args(["export", "web", path(&ova)])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1));
        assert!(render(&o).contains("exists already"), "{}", render(&o));
        assert_eq!(
            fs::read(&ova).unwrap(),
            bytes,
            "the existing file is untouched"
        );
    }
}

#[test]
fn a_map_template_from_an_ova_is_imported_once_and_cloned() {
    let ctx = TestContext::new();
    ctx.template("base");
    let ova = ctx.dir().join("base.ova");
    ctx.run(&["export", "base", path(&ova)]);
    ctx.run(&["destroy", "base"]);
    let map = ctx.write(
        "lab.toml",
        "[profiles.web]\nclonefrom = \"base.ova\"\nlinked = true\npower_on = false\n\n[[machines]]\nprofile = \"web\"\ncount = 2\nname = \"web-{n}\"\n",
    );
    let dry = ctx
        .cmd()
        .args(["up", path(&map), "--dry-run"])
        .output()
        .unwrap();
    assert!(dry.status.success(), "{}", render(&dry));
    assert!(
        render(&dry).contains("would be imported from"),
        "{}",
        render(&dry)
    );
    assert!(ctx.names().is_empty());

    let first = ctx.cmd().args(["up", path(&map)]).output().unwrap();
    assert!(first.status.success(), "{}", render(&first));
    assert!(
        render(&first).contains("Imported the template"),
        "{}",
        render(&first)
    );
    let names = ctx.names();
    let template: Vec<&String> = names.iter().filter(|n| n.starts_with("base-")).collect();
    assert_eq!(template.len(), 1, "{names:?}");
    assert!(names.contains(&"web-1".to_string()) && names.contains(&"web-2".to_string()));
    let snapshots = ctx.run(&["snapshot", "list", template[0], "-o", "json"]);
    assert!(snapshots.contains("vboxctl-linked-base"), "{snapshots}");

    // Later runs reuse it; a third machine is cloned from the same template.
    fs::write(
        &map,
        fs::read_to_string(&map)
            .unwrap()
            .replace("count = 2", "count = 3"),
    )
    .unwrap();
    let again = ctx.cmd().args(["up", path(&map)]).output().unwrap();
    assert!(again.status.success(), "{}", render(&again));
    assert!(
        !render(&again).contains("Imported the template"),
        "{}",
        render(&again)
    );
    assert_eq!(
        ctx.names()
            .iter()
            .filter(|n| n.starts_with("base-"))
            .count(),
        1
    );
    assert!(ctx.names().contains(&"web-3".to_string()));

    // A changed file is a new template.
    ctx.run(&["create", "base2", "--ostype", "Ubuntu_64", "--disk", "8"]);
    fs::remove_file(&ova).unwrap();
    ctx.run(&["export", "base2", path(&ova)]);
    fs::write(
        &map,
        fs::read_to_string(&map)
            .unwrap()
            .replace("count = 3", "count = 4"),
    )
    .unwrap();
    let changed = ctx.cmd().args(["up", path(&map)]).output().unwrap();
    assert!(changed.status.success(), "{}", render(&changed));
    assert!(
        render(&changed).contains("Imported the template"),
        "{}",
        render(&changed)
    );
    assert_eq!(
        ctx.names()
            .iter()
            .filter(|n| n.starts_with("base-"))
            .count(),
        2
    );
}
