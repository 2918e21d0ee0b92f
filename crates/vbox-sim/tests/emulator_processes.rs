//! Several VBoxManage "processes" (separate `run` calls, each with its own simulator
//! instance) on one state directory see each other's changes, and `guestproperty wait`
//! notices changes made elsewhere and by simulated time.

#[path = "emulator_harness.rs"]
mod harness;

use harness::{run_in, Host, Output};
use std::thread;
use std::time::{Duration, Instant};

/// Run `args` in another thread after `delay_ms`, as another process would.
fn later(
    env: vbox_sim::manage::EmulatorEnv,
    delay_ms: u64,
    args: &'static [&'static str],
) -> thread::JoinHandle<Output> {
    thread::spawn(move || {
        thread::sleep(Duration::from_millis(delay_ms));
        run_in(&env, args)
    })
}

#[test]
fn two_processes_share_the_state_directory() {
    let a = Host::new("7.0.14");
    let b = a.as_version("7.1");
    a.quick_vm("shared");
    assert!(run_in(&b, &["list", "vms"]).out.starts_with("\"shared\" {"));
    assert_eq!(
        run_in(&b, &["modifyvm", "shared", "--memory", "300"]).code,
        0
    );
    assert!(a
        .ok(&["showvminfo", "shared", "--machinereadable"])
        .contains("\nmemory=300\n"));
    a.ok(&["startvm", "shared", "--type", "headless"]);
    assert!(run_in(&b, &["list", "runningvms"])
        .out
        .starts_with("\"shared\" {"));
    let refused = run_in(&b, &["startvm", "shared"]);
    assert_eq!(refused.code, 1);
    assert!(refused.err.contains("is already locked by a session"));
    let off = run_in(&b, &["controlvm", "shared", "poweroff"]);
    assert_eq!(off.code, 0, "{off:?}");
    assert!(a
        .ok(&["showvminfo", "shared", "--machinereadable"])
        .contains("VMState=\"poweroff\""));
    assert_eq!(a.ok(&["list", "runningvms"]), "");
}

#[test]
fn wait_sees_a_write_by_another_process() {
    let host = Host::new("7.0.14");
    host.quick_vm("w");
    let writer = later(
        host.env.clone(),
        100,
        &["guestproperty", "set", "w", "/Test/Value", "42"],
    );
    let started = Instant::now();
    let o = host.run(&["guestproperty", "wait", "w", "/Test/*", "--timeout", "5000"]);
    assert_eq!(writer.join().unwrap().code, 0);
    assert_eq!(
        (o.code, o.out.as_str(), o.err.as_str()),
        (0, "Name: /Test/Value, value: 42, flags: \n", "")
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn a_deletion_is_reported_per_version() {
    let host = Host::new("7.0.14");
    host.quick_vm("d");
    host.ok(&["guestproperty", "set", "d", "/Test/Gone", "x"]);
    let unset = later(
        host.env.clone(),
        60,
        &["guestproperty", "unset", "d", "/Test/Gone"],
    );
    assert_eq!(
        host.ok(&["guestproperty", "wait", "d", "/Test/*", "--timeout", "5000"]),
        "Property /Test/Gone was deleted\n"
    );
    unset.join().unwrap();
    let v61 = host.as_version("6.1");
    run_in(&v61, &["guestproperty", "set", "d", "/Test/Gone", "y"]);
    let unset = later(
        v61.clone(),
        60,
        &["guestproperty", "unset", "d", "/Test/Gone"],
    );
    let o = run_in(
        &v61,
        &["guestproperty", "wait", "d", "/Test/*", "--timeout", "5000"],
    );
    assert_eq!(o.out, "Name: /Test/Gone, value: , flags: \n");
    unset.join().unwrap();
}

#[test]
fn wait_sees_the_guest_publish_as_time_passes() {
    let host = Host::new("7.1");
    host.ok(&[
        "createvm",
        "--name",
        "g",
        "--ostype",
        "Ubuntu_64",
        "--register",
    ]);
    host.ok(&["setextradata", "g", "VBoxSim/StartDurationMs", "10"]);
    host.ok(&["setextradata", "g", "VBoxSim/BootDelayMs", "150"]);
    host.ok(&["startvm", "g", "--type", "headless"]);
    // Nobody writes: the simulated Guest Additions publish the address after the boot.
    let o = host.run(&[
        "guestproperty",
        "wait",
        "g",
        "/VirtualBox/GuestInfo/Net/0/V4/IP",
        "--timeout",
        "3000",
    ]);
    assert_eq!(o.code, 0, "{o:?}");
    assert!(
        o.out
            .starts_with("Name: /VirtualBox/GuestInfo/Net/0/V4/IP, value: 10.0.2."),
        "{}",
        o.out
    );
    let ip = host.ok(&[
        "guestproperty",
        "get",
        "g",
        "/VirtualBox/GuestInfo/Net/0/V4/IP",
    ]);
    assert!(ip.starts_with("Value: 10.0.2."));
}

#[test]
fn progress_is_printed_as_the_operation_advances() {
    let host = Host::new("7.0.14");
    host.quick_vm("p");
    host.ok(&["startvm", "p", "--type", "headless"]);
    // savestate takes 260 ms on the real host; the marks must not all come at the end.
    let (tx, rx) = std::sync::mpsc::channel::<(Duration, usize)>();
    struct Timed(std::sync::mpsc::Sender<(Duration, usize)>, Instant, Vec<u8>);
    impl std::io::Write for Timed {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.2.extend_from_slice(b);
            let _ = self.0.send((self.1.elapsed(), self.2.len()));
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut err = Timed(tx, Instant::now(), Vec::new());
    let argv: Vec<String> = ["controlvm", "p", "savestate"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let code = vbox_sim::manage::run(&argv, &host.env, &mut Vec::new(), &mut err);
    assert_eq!(code, 0);
    assert_eq!(
        String::from_utf8(err.2).unwrap(),
        "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"
    );
    let writes: Vec<(Duration, usize)> = rx.try_iter().collect();
    let first = writes.first().unwrap().0;
    let last = writes.last().unwrap().0;
    assert!(
        writes.len() >= 5 && last - first >= Duration::from_millis(150),
        "{writes:?}"
    );
}
