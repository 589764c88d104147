import CUdev
import Foundation
import Synchronization

/// udev's hot-plug events for USB devices, as an async sequence: a thread of its own waits
/// in `poll` on the monitor's socket (no polling loop, no timeout) and hands each event on;
/// ``stop()`` wakes it through a pipe and closes everything.
public final class UdevMonitor: Sendable {
    /// The events, in the order udev sent them; finishes after ``stop()``.
    public let events: AsyncStream<DeviceEvent>
    let wake: (read: Int32, write: Int32)
    let stopped = Mutex(false)

    /// Starts listening. Devices plugged in before this are not reported: enumerate them
    /// (``Udev/usbDevices()``) after starting the monitor, so none falls in between.
    public init() throws(DiscoveryError) {
        guard let udev = udev_new() else { throw DiscoveryError("udev_new failed: is libudev installed (libudev1)?") }
        guard let monitor = udev_monitor_new_from_netlink(udev, "udev") else {
            udev_unref(udev)
            throw DiscoveryError("cannot open udev's event socket (netlink): is udev running?")
        }
        udev_monitor_filter_add_match_subsystem_devtype(monitor, "usb", "usb_device")
        guard udev_monitor_enable_receiving(monitor) >= 0 else {
            udev_monitor_unref(monitor)
            udev_unref(udev)
            throw DiscoveryError("cannot receive udev's events")
        }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            udev_monitor_unref(monitor)
            udev_unref(udev)
            throw DiscoveryError("pipe() failed: \(String(cString: strerror(errno)))")
        }
        wake = (fds[0], fds[1])
        let (events, continuation) = AsyncStream.makeStream(of: DeviceEvent.self)
        self.events = events
        let handle = Handle(udev: udev, monitor: monitor)
        let wakeRead = fds[0]
        let thread = Thread {
            Self.listen(handle, wake: wakeRead, continuation: continuation)
        }
        thread.name = "loket-udev-monitor"
        thread.start()
    }

    /// Stops listening; the event sequence finishes.
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    deinit {
        stop()
        close(wake.write)
    }

    /// The monitor's C objects, used by the listening thread only.
    final class Handle: @unchecked Sendable {
        let udev: OpaquePointer
        let monitor: OpaquePointer
        init(udev: OpaquePointer, monitor: OpaquePointer) {
            self.udev = udev
            self.monitor = monitor
        }
    }

    static func listen(_ handle: Handle, wake: Int32, continuation: AsyncStream<DeviceEvent>.Continuation) {
        defer {
            udev_monitor_unref(handle.monitor)
            udev_unref(handle.udev)
            close(wake)
            continuation.finish()
        }
        let socket = udev_monitor_get_fd(handle.monitor)
        while true {
            var fds = [
                pollfd(fd: socket, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wake, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0, let device = udev_monitor_receive_device(handle.monitor) else {
                continue
            }
            let action = udev_device_get_action(device).map { String(cString: $0) } ?? ""
            let described = Udev.describe(device)
            udev_device_unref(device)
            switch action {
            case "add": continuation.yield(.added(described))
            case "remove": continuation.yield(.removed(described))
            default: continue  // bind, change, …: the device list does not change
            }
        }
    }
}
