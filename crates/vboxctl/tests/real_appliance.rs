//! `vboxctl import` and `export` on the real VirtualBox 7.2 (the chroot of
//! `scripts/real-virtualbox.sh`), through VBoxManage and through a real vboxwebsrv: an OVA
//! made by the real `VBoxManage export` imports with the same settings and disk, vboxctl's
//! OVAs pass the real `VBoxManage import`, a Vagrant box has Vagrant's layout and imports,
//! and bad input changes nothing. Run with `scripts/real-virtualbox.sh test real_appliance`.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};
use vbox_suite::real::{RealHome, RealHost};

/// `vboxctl --connect URI` with no configuration.
fn vboxctl(home: &RealHome, uri: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vboxctl"));
    cmd.arg("--connect")
        .arg(uri)
        .env_remove("VBOXCTL_CONNECT")
        .env_remove("VBOXCTL_HOST")
        .env_remove("VBOXCTL_CONFIG")
        .env("XDG_CONFIG_HOME", home.dir().join("no-config"))
        .env("NO_COLOR", "1");
    cmd
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\n{}{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn ok(mut cmd: Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert!(out.status.success(), "vboxctl {args:?}: {}", text(&out));
    text(&out)
}

fn fails(mut cmd: Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "vboxctl {args:?}: {}",
        text(&out)
    );
    text(&out)
}

/// A machine `src` with 256 MB, 2 CPUs and a 4 MB disk on SATA port 0, made by the real
/// VBoxManage.
fn source_machine(home: &RealHome) {
    let disk = home.machine_folder().join("src").join("src.vdi");
    home.run_ok(&[
        "createvm",
        "--name",
        "src",
        "--ostype",
        "Debian_64",
        "--register",
    ]);
    home.run_ok(&["modifyvm", "src", "--memory", "256", "--cpus", "2"]);
    home.run_ok(&[
        "createmedium",
        "disk",
        "--filename",
        &disk.display().to_string(),
        "--size",
        "4",
        "--format",
        "VDI",
    ]);
    home.run_ok(&["storagectl", "src", "--name", "SATA", "--add", "sata"]);
    home.run_ok(&[
        "storageattach",
        "src",
        "--storagectl",
        "SATA",
        "--port",
        "0",
        "--device",
        "0",
        "--type",
        "hdd",
        "--medium",
        &disk.display().to_string(),
    ]);
}

/// The settings an import must carry over, and the capacity of the disk on SATA port 0, as
/// the real `showvminfo` and `showmediuminfo` show them.
fn settings(home: &RealHome, machine: &str) -> BTreeMap<String, String> {
    let info = home.showvminfo(machine);
    let mut kept: BTreeMap<String, String> =
        ["ostype", "memory", "cpus", "storagecontrollername0", "nic1"]
            .iter()
            .map(|k| (k.to_string(), info.get(*k).cloned().unwrap_or_default()))
            .collect();
    let disk = info
        .get("SATA-ImageUUID-0-0")
        .expect("a disk on SATA port 0");
    let medium = home.run_ok(&["showmediuminfo", "disk", disk]);
    let capacity = medium
        .lines()
        .find(|l| l.starts_with("Capacity:"))
        .unwrap_or_default()
        .to_string();
    kept.insert("disk".into(), capacity);
    kept
}

/// Registered machine names, and the entries of the machine folder and of `dir`.
fn state(home: &RealHome, dir: &Path) -> (String, Vec<String>, Vec<String>) {
    let names = |p: &Path| {
        let mut v: Vec<String> = fs::read_dir(p)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        v.sort();
        v
    };
    (
        home.run_ok(&["list", "vms"]),
        names(&home.machine_folder()),
        names(dir),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn real_ova_imports_through_both_backends_with_the_same_settings() {
    let home = RealHost::from_env().home("appliance-import");
    source_machine(&home);
    let ova = home.dir().join("src.ova");
    home.run_ok(&["export", "src", "--output", path(&ova)]);
    let web = home.start_webservice();
    let expected = settings(&home, "src");
    assert_eq!(expected["disk"], "Capacity:       4 MBytes", "{expected:?}");

    for (uri, name) in [(home.uri(), "via-manage"), (web.url(), "via-soap")] {
        let out = ok(
            vboxctl(&home, &uri),
            &["import", path(&ova), "--name", name],
        );
        assert!(out.contains(&format!("Imported '{name}'")), "{out}");
        assert_eq!(settings(&home, name), expected, "{uri}");
        let cfg = home.showvminfo(name)["CfgFile"].clone();
        assert_eq!(
            cfg,
            format!("{}/{name}/{name}.vbox", home.machine_folder().display()),
            "{uri}"
        );
    }
    // The options: memory, CPUs, MACs kept, a base folder of our own.
    let folder = home.dir().join("elsewhere");
    fs::create_dir(&folder).unwrap();
    for (uri, name) in [(home.uri(), "tuned-manage"), (web.url(), "tuned-soap")] {
        ok(
            vboxctl(&home, &uri),
            &[
                "import",
                path(&ova),
                "--name",
                name,
                "--memory",
                "128",
                "--cpus",
                "1",
                "--macs",
                "keep-all",
                "--base-folder",
                path(&folder),
            ],
        );
        let info = home.showvminfo(name);
        assert_eq!(
            (info["memory"].as_str(), info["cpus"].as_str()),
            ("128", "1"),
            "{uri}"
        );
        assert_eq!(
            info["macaddress1"],
            home.showvminfo("src")["macaddress1"],
            "{uri}"
        );
        assert!(
            info["CfgFile"].starts_with(path(&folder)),
            "{uri}: {}",
            info["CfgFile"]
        );
    }
    // A dry run shows what VirtualBox interprets and makes nothing.
    let before = state(&home, home.dir());
    for uri in [home.uri(), web.url()] {
        let out = ok(
            vboxctl(&home, &uri),
            &["import", path(&ova), "--dry-run", "-o", "json"],
        );
        let json: serde_json::Value =
            serde_json::from_str(out.split_once('\n').unwrap().1.trim_end())
                .unwrap_or_else(|e| panic!("{e}: {out}"));
        let system = &json["systems"][0];
        assert_eq!(system["os_type_id"], "Debian_64", "{uri}: {out}");
        assert_eq!(system["memory_mb"], 256, "{uri}: {out}");
        assert_eq!(system["cpus"], 2, "{uri}: {out}");
        assert_eq!(
            system["disks"][0]["capacity_bytes"],
            4 << 20,
            "{uri}: {out}"
        );
        assert_eq!(system["nics"][0]["network"], "NAT", "{uri}: {out}");
    }
    assert_eq!(state(&home, home.dir()), before);
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn vboxctl_exports_pass_the_real_import() {
    let home = RealHost::from_env().home("appliance-export");
    source_machine(&home);
    let web = home.start_webservice();
    for (uri, file) in [(home.uri(), "by-manage.ova"), (web.url(), "by-soap.ova")] {
        let ova = home.dir().join(file);
        let out = ok(
            vboxctl(&home, &uri),
            &[
                "export",
                "src",
                path(&ova),
                "--product",
                "Lab <web>",
                "--vendor",
                "Us",
                "--product-version",
                "1.2",
            ],
        );
        assert!(out.contains("Exported 'src'"), "{out}");
        let dry = home.run_ok(&["import", path(&ova), "--dry-run"]);
        assert!(dry.contains("Product (ignored): Lab <web>"), "{uri}: {dry}");
        assert!(dry.contains("Version (ignored): 1.2"), "{uri}: {dry}");
        assert!(dry.contains("Guest memory: 256 MB"), "{uri}: {dry}");
        let name = format!("again-{file}");
        home.run_ok(&["import", path(&ova), "--vsys", "0", "--vmname", &name]);
        assert_eq!(settings(&home, &name), settings(&home, "src"), "{uri}");
    }
    // OVF 2.0 with a manifest, its disk beside it.
    let ovf = home.dir().join("v2").join("src.ovf");
    fs::create_dir(ovf.parent().unwrap()).unwrap();
    ok(
        vboxctl(&home, &home.uri()),
        &[
            "export",
            "src",
            path(&ovf),
            "--ovf-version",
            "2.0",
            "--manifest",
        ],
    );
    let text = fs::read_to_string(&ovf).unwrap();
    assert!(text.contains("ovf:version=\"2.0\""), "{text}");
    assert!(ovf.with_extension("mf").is_file());
    home.run_ok(&["import", path(&ovf), "--dry-run"]);
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn a_vagrant_box_has_vagrants_layout_and_imports() {
    let home = RealHost::from_env().home("appliance-box");
    source_machine(&home);
    let web = home.start_webservice();
    let boxed = home.dir().join("src.box");
    ok(
        vboxctl(&home, &home.uri()),
        &["export", "src", path(&boxed)],
    );
    let gz = flate2::read::GzDecoder::new(fs::File::open(&boxed).unwrap());
    let mut archive = tar::Archive::new(gz);
    let mut members = BTreeMap::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().display().to_string();
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut body).unwrap();
        members.insert(name, body);
    }
    // VirtualBox 7.2 names the disk after the machine (`src-disk001.vmdk`), where older
    // versions used the descriptor's name; box.ovf references it either way.
    let names: Vec<&str> = members.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Vagrantfile",
            "box.ovf",
            "metadata.json",
            "src-disk001.vmdk"
        ]
    );
    let descriptor = String::from_utf8_lossy(&members["box.ovf"]).into_owned();
    assert!(
        descriptor.contains("ovf:href=\"src-disk001.vmdk\""),
        "{descriptor}"
    );
    let metadata: serde_json::Value = serde_json::from_slice(&members["metadata.json"]).unwrap();
    assert_eq!(metadata["provider"], "virtualbox");
    let mac = home.showvminfo("src")["macaddress1"].clone();
    let vagrantfile = String::from_utf8_lossy(&members["Vagrantfile"]).into_owned();
    assert!(
        vagrantfile.contains(&format!("config.vm.base_mac = \"{mac}\"")),
        "{vagrantfile}"
    );

    for (uri, name) in [(home.uri(), "box-manage"), (web.url(), "box-soap")] {
        ok(
            vboxctl(&home, &uri),
            &["import", path(&boxed), "--name", name],
        );
        assert_eq!(settings(&home, name), settings(&home, "src"), "{uri}");
    }
    // No unpacked box left beside it.
    let left: Vec<String> = fs::read_dir(home.dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".vboxctl-box-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn bad_input_is_refused_and_changes_nothing() {
    let home = RealHost::from_env().home("appliance-bad");
    source_machine(&home);
    let web = home.start_webservice();
    let files = home.dir().join("files");
    fs::create_dir(&files).unwrap();
    let ova = files.join("src.ova");
    home.run_ok(&["export", "src", "--output", path(&ova)]);
    let bytes = fs::read(&ova).unwrap();
    let truncated = files.join("truncated.ova");
    fs::write(&truncated, &bytes[..bytes.len() * 2 / 3]).unwrap();
    let nodisk = files.join("nodisk");
    fs::create_dir(&nodisk).unwrap();
    let mut archive = tar::Archive::new(fs::File::open(&ova).unwrap());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry
            .path()
            .unwrap()
            .extension()
            .is_some_and(|e| e == "ovf")
        {
            entry.unpack_in(&nodisk).unwrap();
        }
    }
    let ovf = nodisk.join("src.ovf");
    assert!(ovf.is_file());
    let other = files.join("libvirt.box");
    {
        let mut tar = tar::Builder::new(fs::File::create(&other).unwrap());
        let meta = br#"{"provider": "libvirt"}"#;
        let mut header = tar::Header::new_ustar();
        header.set_size(meta.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, "metadata.json", &meta[..])
            .unwrap();
        tar.append_path_with_name(&ovf, "box.ovf").unwrap();
        tar.into_inner().unwrap();
    }
    let before = state(&home, &files);
    let cases: [(&Path, &str, &str); 4] = [
        (&truncated, "fresh1", "is truncated"),
        (&ovf, "fresh2", "src-disk001.vmdk' is missing"),
        (&other, "fresh3", "for the provider 'libvirt'"),
        (&ova, "src", "a machine named 'src' already exists"),
    ];
    for uri in [home.uri(), web.url()] {
        for (file, name, says) in cases {
            let out = fails(
                vboxctl(&home, &uri),
                &["import", path(file), "--name", name],
            );
            assert!(out.contains(says), "{uri} {}: {out}", file.display());
            assert_eq!(state(&home, &files), before, "{uri} {}", file.display());
        }
    }
    // What the real host does with the truncated OVA when nobody checks first: it fails
    // halfway and leaves the new machine's folder (fixture `import-truncated`).
    let out = home.run(&[
        "import",
        path(&truncated),
        "--vsys",
        "0",
        "--vmname",
        "unchecked",
    ]);
    assert!(!out.status.success());
    assert!(home.machine_folder().join("unchecked").is_dir());
}

#[test]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
fn a_map_whose_template_is_an_ova_imports_it_once_and_clones_from_it() {
    let home = RealHost::from_env().home("appliance-map");
    source_machine(&home);
    let ova = home.dir().join("base.ova");
    home.run_ok(&["export", "src", "--output", path(&ova)]);
    let map = home.dir().join("lab.toml");
    let text = "[profiles.web]\nclonefrom = \"base.ova\"\nlinked = true\npower_on = false\n\n[[machines]]\nprofile = \"web\"\ncount = 2\nname = \"web-{n}\"\n";
    fs::write(&map, text).unwrap();
    let first = ok(vboxctl(&home, &home.uri()), &["up", path(&map)]);
    assert!(first.contains("Imported the template 'base-"), "{first}");
    let vms = home.run_ok(&["list", "vms"]);
    let templates: Vec<&str> = vms.lines().filter(|l| l.starts_with("\"base-")).collect();
    assert_eq!(templates.len(), 1, "{vms}");
    let template = templates[0].split('"').nth(1).unwrap().to_string();
    assert_eq!(settings(&home, &template), settings(&home, "src"));
    let snapshots = home.run_ok(&["snapshot", &template, "list", "--machinereadable"]);
    assert!(snapshots.contains("vboxctl-linked-base"), "{snapshots}");
    for clone in ["web-1", "web-2"] {
        let info = home.showvminfo(clone);
        // A linked clone's disk is a differencing image in its own Snapshots folder.
        assert!(
            info["SATA-0-0"].contains("/Snapshots/{"),
            "{clone}: {}",
            info["SATA-0-0"]
        );
    }
    fs::write(&map, text.replace("count = 2", "count = 3")).unwrap();
    let again = ok(vboxctl(&home, &home.uri()), &["up", path(&map)]);
    assert!(!again.contains("Imported the template"), "{again}");
    let vms = home.run_ok(&["list", "vms"]);
    assert_eq!(
        vms.lines().filter(|l| l.starts_with("\"base-")).count(),
        1,
        "{vms}"
    );
    assert!(vms.contains("\"web-3\""), "{vms}");
}

/// A 32 MB disk of random bytes (an OVA of it does not compress, so its import takes a while).
fn machine_with_random_disk(home: &RealHome, name: &str) {
    let raw = home.dir().join("random.raw");
    let bytes: Vec<u8> = (0..32u32 << 20)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(&raw, bytes).unwrap();
    let vdi = home.dir().join(format!("{name}.vdi"));
    home.run_ok(&["convertfromraw", path(&raw), path(&vdi), "--format", "VDI"]);
    fs::remove_file(&raw).unwrap();
    home.run_ok(&[
        "createvm",
        "--name",
        name,
        "--ostype",
        "Debian_64",
        "--register",
    ]);
    home.run_ok(&["storagectl", name, "--name", "SATA", "--add", "sata"]);
    home.run_ok(&[
        "storageattach",
        name,
        "--storagectl",
        "SATA",
        "--port",
        "0",
        "--device",
        "0",
        "--type",
        "hdd",
        "--medium",
        path(&vdi),
    ]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "real VirtualBox: scripts/real-virtualbox.sh test"]
async fn a_cancelled_import_leaves_nothing_on_either_backend() {
    use std::sync::Arc;
    use vbox_types::{Backend, CancelToken, ImportAppliance, Watch};
    let home = RealHost::from_env().home("appliance-cancel");
    machine_with_random_disk(&home, "big");
    let ova = home.dir().join("big.ova");
    home.run_ok(&["export", "big", "--output", path(&ova)]);
    let web = home.start_webservice();
    let soap = vbox_soap::SoapBackend::new(
        &web.url(),
        vbox_soap::SoapOptions {
            call_timeout: vbox_suite::real::RealHarness::SOAP_CALL_DEADLINE,
            ..Default::default()
        },
    )
    .unwrap();
    let manage = home.backend();
    let backends: [(&dyn Backend, &str); 2] =
        [(manage.as_ref(), "copy-manage"), (&soap, "copy-soap")];
    let before = state(&home, home.dir());
    for (backend, name) in backends {
        // Cancelled as soon as the import reports its first step.
        let cancel = CancelToken::default();
        let on_step = cancel.clone();
        let watch = Watch {
            progress: Some(Arc::new(move |_| on_step.cancel())),
            cancel,
        };
        let spec = ImportAppliance {
            path: path(&ova).to_string(),
            name: Some(name.to_string()),
            ..Default::default()
        };
        let e = vbox_ops::appliance::import(backend, &spec, watch)
            .await
            .unwrap_err();
        // The real web service fails a cancelled progress with E_FAIL and no text; both
        // backends report the cancel the caller asked for.
        match &e {
            vbox_ops::Error::Backend { source, .. } => assert_eq!(
                source.message(),
                "Operation cancelled by the user",
                "{}",
                backend.describe()
            ),
            other => panic!("{}: {other:?}", backend.describe()),
        }
        assert_eq!(state(&home, home.dir()), before, "{}", backend.describe());
    }
}
