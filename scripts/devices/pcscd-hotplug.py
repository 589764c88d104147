"""pcscd with its USB hot-plug inside a umockdev testbed: a card reader that can be pulled
out and plugged in again while pcscd keeps running.

Starts pcscd (in the foreground, its own mount namespace where DRIVERS is bind-mounted on
pcscd's drivers folder, so it loads the tests' reader driver and nothing else) with the
testbed's udev, plugs in the reader described in DEVICE (an interface paragraph, then
its USB device), then reads commands from stdin, one per line, and answers each with
`ok` (or `error: ...`):

  unplug   udev "remove" for the interface and the device; the testbed drops them
  plug     the device and its interface back, udev "add" for each (device first)

At the end of stdin it stops pcscd (SIGTERM) and exits with pcscd's status.

Run under umockdev's preload, as root:
  umockdev-wrapper /usr/bin/python3 pcscd-hotplug.py DEVICE DRIVERS CONFIG-DIR PCSCD-LOG"""
import os
import signal
import subprocess
import sys

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402


def sysfs_paths(description):
    """The description's devices, parents last (umockdev-record's order)."""
    return ["/sys" + line[3:].strip() for line in open(description) if line.startswith("P: ")]


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    device, drivers, config, log = sys.argv[1:]
    testbed = UMockdev.Testbed.new()
    paths = sysfs_paths(device)

    def plug():
        if not testbed.add_from_file(device):
            raise RuntimeError(f"umockdev could not add {device}")
        for path in reversed(paths):
            testbed.uevent(path, "add")

    def unplug():
        for path in paths:
            testbed.uevent(path, "remove")
            testbed.remove_device(path)

    plug()
    launcher = 'mount --bind "$1" /usr/lib/pcsc/drivers && exec /usr/sbin/pcscd -f -c "$2"'
    with open(log, "ab") as output:
        # No -a: pcscd would log every APDU, card UIDs with them.
        pcscd = subprocess.Popen(
            ["unshare", "--mount", "--propagation", "private", "sh", "-c", launcher, "pcscd", drivers, config],
            stdout=output, stderr=output, stdin=subprocess.DEVNULL)
    print(f"pid {pcscd.pid}", flush=True)
    try:
        for line in sys.stdin:
            command = line.strip()
            try:
                if command == "unplug":
                    unplug()
                elif command == "plug":
                    plug()
                else:
                    raise RuntimeError(f"unknown command {command!r}: unplug or plug")
                print("ok", flush=True)
            except Exception as error:  # the test reads the reason
                print(f"error: {error}", flush=True)
    finally:
        pcscd.send_signal(signal.SIGTERM)
        try:
            pcscd.wait(20)
        except subprocess.TimeoutExpired:
            pcscd.kill()
            pcscd.wait()
    return pcscd.returncode


if __name__ == "__main__":
    sys.exit(main())
