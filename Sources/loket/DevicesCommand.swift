import ArgumentParser

struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices",
        abstract: "The USB devices this terminal has, as Loket's hardware catalog knows them.",
        discussion: """
            Loket knows card readers, printers and receipt printers by their USB ids
            (Hardware/catalog.yaml, shipped with loket). Devices not in the catalog are
            ignored.

            Example:
              loket devices list                  # what is plugged in now
              loket devices watch                 # plug and pull, as it happens (Ctrl-C stops)
              loket devices udev-rules > /etc/udev/rules.d/70-loket.rules
              loket devices receipt --to /dev/loket/receipt-printer   # a test receipt
            """,
        subcommands: [DevicesList.self, DevicesWatch.self, DevicesUdevRules.self, DevicesReceipt.self])
}
