import ArgumentParser
import Foundation
import Logging
import LoketPeripherals
import LoketStore
import LoketSync
import ServiceLifecycle

struct DevicesWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print USB devices as they are plugged in and pulled out, until SIGTERM or Ctrl-C.",
        discussion: """
            First the devices present (+), then every change as udev reports it:
            + plugged in, - pulled out. Devices not in the catalog are printed once, as
            ignored.
            """)

    @OptionGroup var options: DevicesOptions
    @Flag(name: .long, help: "Print one JSON object per line.")
    var json = false
    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "warning"

    func run() async throws {
        let catalog = try options.load()
        let logger = try CommandSupport.logger(level: logLevel)
        let registry = DeviceRegistry(catalog: catalog, logger: logger)
        let json = self.json
        let watch = DeviceWatch(
            registry: registry, expected: { [] }, replica: nil, terminal: "", clock: SystemWallClock(),
            logger: logger, waitWhenUdevFails: false,
            onChange: { change in
                let line: (UdevDevice, CatalogEntry?, String)?
                switch change {
                case .added(let known): line = (known.device, known.entry, "added")
                case .removed(let known): line = (known.device, known.entry, "removed")
                case .ignored(let device): line = (device, nil, "ignored")
                case .none: line = nil
                }
                guard let (device, entry, event) = line else { return }
                if json {
                    CommandSupport.printLine(DeviceLine.json(device, entry, event: event).canonicalJSON)
                } else {
                    let mark = event == "added" ? "+" : event == "removed" ? "-" : " "
                    CommandSupport.printLine("\(mark) " + DeviceLine.text(device, entry))
                }
            })
        let group = ServiceGroup(
            configuration: .init(services: [watch], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do { try await group.run() } catch let error as DiscoveryError { throw CommandError(error.message) }
    }
}
