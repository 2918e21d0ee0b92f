"""Drive a third-party Python client of vboxwebsrv through its default constructor (which
fetches the WSDL from GET /?wsdl) and print what it saw as JSON: logon, the machine list,
properties of one machine, its snapshots, logoff.

usage: drive.py remotevbox|vboxwebber URL MACHINE
The same script runs against the real vboxwebsrv and against `vboxctl sim serve`; the test
compares the two outputs.
"""
import json
import sys


def remotevbox_run(url, name):
    import remotevbox

    vbox = remotevbox.connect(url, "", "")
    seen = {"version_major": vbox.get_version().split(".")[0]}
    seen["machines"] = sorted(vbox.list_machines())
    machine = vbox.get_machine(name)
    seen["state"] = machine.state()
    seen["os"] = machine.get_os()
    seen["extradata_keys"] = sorted(k for k in machine._get_extradata_keys() if not k.startswith("GUI/"))
    seen["snapshot_count"] = machine._snapshot_count()
    current = machine._current_snapshot()
    seen["current_snapshot"] = vbox.service.ISnapshot_getName(current)
    found = machine._get_snapshot(seen["current_snapshot"])
    seen["found_is_current"] = vbox.service.ISnapshot_getId(found) == vbox.service.ISnapshot_getId(current)
    seen["session_state"] = machine._get_machine_session_state()
    vbox.disconnect()
    return seen


def vboxwebber_run(url, name):
    import vboxwebber

    manager = vboxwebber.IWebsessionManager2(url)
    vbox = manager.logon("", "")
    seen = {"version_major": str(vbox.getVersion()).split(".")[0]}
    seen["machines"] = sorted(str(m.getName()) for m in vbox.getMachines())
    machine = vbox.findMachine(name)
    seen["state"] = str(machine.getState())
    seen["os"] = str(machine.getOSTypeId())
    seen["memory"] = int(machine.getMemorySize())
    seen["cpus"] = int(machine.getCPUCount())
    seen["groups"] = [str(g) for g in machine.getGroups()]
    seen["snapshot_count"] = int(machine.getSnapshotCount())
    seen["current_snapshot"] = str(machine.getCurrentSnapshot().getName())
    seen["session_state"] = str(machine.getSessionState())
    manager.logoff(vbox)
    return seen


def main():
    client, url, name = sys.argv[1:4]
    run = {"remotevbox": remotevbox_run, "vboxwebber": vboxwebber_run}[client]
    print(json.dumps(run(url, name), sort_keys=True))


if __name__ == "__main__":
    main()
