import ArgumentParser
import LoketPeripherals
import LoketSync

struct DevicesList: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the USB devices plugged in now: the catalog's kind and name, or ignored.")

    @OptionGroup var options: DevicesOptions
    @Flag(name: .long, help: "Print JSON (an array of devices).")
    var json = false

    func run() throws {
        let catalog = try options.load()
        let devices: [UdevDevice]
        do { devices = try Udev.usbDevices() } catch { throw CommandError(error.message) }
        if json {
            let list = devices.map { device in DeviceLine.json(device, device.id.flatMap { catalog.entry($0) }) }
            CommandSupport.printLine(FieldValue.array(list).prettyJSON)
            return
        }
        if devices.isEmpty { CommandSupport.printLine("no USB devices") }
        for device in devices {
            CommandSupport.printLine(DeviceLine.text(device, device.id.flatMap { catalog.entry($0) }))
        }
    }
}
