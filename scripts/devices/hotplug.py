"""Hot-plug under umockdev: runs `loket devices watch --json` inside a umockdev testbed,
plugs in the ACR122U reader, an unknown mouse and the TM-T20 receipt printer, pulls out
the reader, and prints what `loket` reported, one JSON object per line. Exits 1 with the
reason when `loket` says nothing in time.

Run under umockdev's preload:  umockdev-wrapper python3 hotplug.py LOKET HARDWARE-DIR"""
import json
import os
import select
import subprocess
import sys
import time

import gi

gi.require_version("UMockdev", "1.0")
from gi.repository import UMockdev  # noqa: E402


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    loket, hardware = sys.argv[1], sys.argv[2]
    testbed = UMockdev.Testbed.new()
    watch = subprocess.Popen([loket, "devices", "watch", "--json"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    lines = []

    def expect(count, what, seconds=10):
        deadline = time.monotonic() + seconds
        while len(lines) < count and time.monotonic() < deadline:
            ready, _, _ = select.select([watch.stdout], [], [], 0.2)
            if ready:
                line = watch.stdout.readline()
                if not line:
                    break
                lines.append(json.loads(line))
        if len(lines) < count:
            raise SystemExit(f"loket said nothing {what} (got {lines}); stderr: {watch.stderr.read() if watch.poll() is not None else ''}")

    def plug(name):
        """Adds the devices of a description (its interfaces first, then the USB device,
        as umockdev-record writes them) and sends udev's "add" for each, the USB device
        first, as the kernel does; answers their sysfs paths."""
        description = os.path.join(hardware, "umockdev", name)
        if not testbed.add_from_file(description):
            raise SystemExit(f"umockdev could not add {description}")
        paths = ["/sys" + line[3:].strip() for line in open(description) if line.startswith("P: ")]
        for path in reversed(paths):
            testbed.uevent(path, "add")
        return paths

    def pull(paths):
        """udev's "remove" for the interfaces, then the device; the testbed drops each."""
        for path in paths:
            testbed.uevent(path, "remove")
            testbed.remove_device(path)

    try:
        time.sleep(1)  # the watch starts its monitor, then lists what is there (nothing)
        reader = plug("acr122u.umockdev")
        expect(1, "after the reader was plugged in")
        plug("unknown-mouse.umockdev")
        expect(2, "after the mouse was plugged in")
        plug("epson-tm-t20.umockdev")
        expect(3, "after the receipt printer was plugged in")
        pull(reader)
        expect(4, "after the reader was pulled out")
    finally:
        watch.terminate()
        try:
            watch.wait(10)
        except subprocess.TimeoutExpired:
            watch.kill()
    for line in lines:
        print(json.dumps(line, sort_keys=True))
    print(json.dumps({"exit": watch.returncode}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
