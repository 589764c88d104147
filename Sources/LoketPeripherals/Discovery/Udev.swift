import CUdev
import Foundation

/// libudev, for the USB devices: enumeration now, and the monitor's events as they come.
/// A `udev` context is not safe to share between threads: each call makes its own, and the
/// monitor keeps one on its own thread.
public enum Udev {
    /// The USB devices present now (subsystem `usb`, device type `usb_device`).
    public static func usbDevices() throws(DiscoveryError) -> [UdevDevice] {
        guard let udev = udev_new() else { throw DiscoveryError("udev_new failed: is libudev installed (libudev1)?") }
        defer { udev_unref(udev) }
        guard let enumerate = udev_enumerate_new(udev) else { throw DiscoveryError("udev_enumerate_new failed") }
        defer { udev_enumerate_unref(enumerate) }
        udev_enumerate_add_match_subsystem(enumerate, "usb")
        udev_enumerate_add_match_property(enumerate, "DEVTYPE", "usb_device")
        let scanned = udev_enumerate_scan_devices(enumerate)
        guard scanned >= 0 else {
            throw DiscoveryError("udev could not list devices (error \(-scanned)): is /sys mounted?")
        }
        var devices: [UdevDevice] = []
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            if let name = udev_list_entry_get_name(current),
                let device = udev_device_new_from_syspath(udev, name)
            {
                devices.append(describe(device))
                udev_device_unref(device)
            }
            entry = udev_list_entry_get_next(current)
        }
        return devices.sorted { $0.sysPath < $1.sysPath }
    }

    /// What Loket keeps of a udev device: its place, ids, name and node. The ids come from
    /// sysfs while the device is there, from the event's properties when it is gone.
    static func describe(_ device: OpaquePointer) -> UdevDevice {
        func attribute(_ name: String) -> String? {
            udev_device_get_sysattr_value(device, name).map { String(cString: $0) }
        }
        func property(_ name: String) -> String? {
            udev_device_get_property_value(device, name).map { String(cString: $0) }
        }
        let sysPath = udev_device_get_syspath(device).map { String(cString: $0) } ?? ""
        var id =
            USBID(vendor: attribute("idVendor"), product: attribute("idProduct"))
            ?? USBID(vendor: property("ID_VENDOR_ID"), product: property("ID_MODEL_ID"))
        if id == nil, let product = property("PRODUCT") { id = fromProductProperty(product) }
        let name = attribute("product") ?? property("ID_MODEL")?.replacingOccurrences(of: "_", with: " ") ?? ""
        return UdevDevice(
            sysPath: sysPath, id: id, product: name,
            deviceNode: udev_device_get_devnode(device).map { String(cString: $0) })
    }

    /// The kernel's `PRODUCT=72f/2200/214` (vendor/product/release, hex without leading zeros).
    static func fromProductProperty(_ text: String) -> USBID? {
        let parts = text.split(separator: "/")
        guard parts.count >= 2, let vendor = UInt16(parts[0], radix: 16), let product = UInt16(parts[1], radix: 16)
        else { return nil }
        return USBID(vendor: vendor, product: product)
    }
}
