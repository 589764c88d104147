import ArgumentParser
import LoketPeripherals

/// The catalog the devices commands read.
struct DevicesOptions: ParsableArguments {
    @Option(name: .long, help: "The hardware catalog (default: the one shipped with loket).")
    var catalog: String?

    func load() throws -> HardwareCatalog {
        do {
            if let catalog { return try HardwareCatalog.load(path: catalog) }
            return try CatalogResources.shipped()
        } catch { throw CommandError(error.message) }
    }
}
