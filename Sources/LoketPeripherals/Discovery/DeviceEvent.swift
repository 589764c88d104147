/// A device plugged in or pulled out, as udev's monitor reports it.
public enum DeviceEvent: Sendable, Equatable {
    case added(UdevDevice)
    case removed(UdevDevice)
}
