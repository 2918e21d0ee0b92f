//! Shared by the real-host benchmarks.

/// Makes `n` machines (Ubuntu_64, `bench000`…) in one XPCOM process of the real host: 200
/// `createvm` processes would take longer than the benchmark. Argument: n.
pub const MAKE_MACHINES: &str = r#"
import sys, vboxapi
manager = vboxapi.VirtualBoxManager(None, None)
vbox = manager.getVirtualBox()
c = manager.constants
for i in range(int(sys.argv[1])):
    m = vbox.createMachine("", "bench%03d" % i, c.PlatformArchitecture_x86, [], "Ubuntu_64", "", "", "", "")
    m.saveSettings()
    vbox.registerMachine(m)
"#;
