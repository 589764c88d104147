import ArgumentParser
import LoketPeripherals
import LoketStore
import LoketSync

struct BenchCard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "card",
        abstract: "Tap a virtual card on pcscd's virtual reader; print one JSON line of figures.",
        discussion: """
            Needs pcscd running with vsmartcard's virtual reader (vpcd), as root:
            scripts/with-pcscd starts one for the command it runs. Puts the card
            program (--card) on the reader --taps times and measures from the moment
            the card reached the reader to the moment the agent holds the card's
            token ("tap_ms"), and from pcscd reporting the card to the token
            ("read_ms": connect, FF CA 00 00 00, HMAC). Prints p50, p99 and max of
            both, in milliseconds.

            Example:
              scripts/with-pcscd .build/release/loket bench card --taps 200
            """)

    @Option(help: "Taps.") var taps = 200
    @Option(help: "The virtual card program (vpcd protocol; .py runs with python3).")
    var card = "scripts/devices/fakecard.py"
    @Option(help: "The port vpcd listens on for the card (vpcd's default).") var port = 35963

    func validate() throws {
        guard (1...100_000).contains(taps) else { throw ValidationError("--taps must be 1–100000") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1–65535") }
    }

    func run() throws {
        let result: CardTapBenchmark.Result
        do { result = try CardTapBenchmark.run(taps: taps, card: card, port: port) } catch {
            throw CommandError("\(error)")
        }
        let line: FieldValue = .object([
            "taps": .int(Int64(result.tapMilliseconds.count)),
            "tap_ms": Quantiles(result.tapMilliseconds).json(decimals: 1),
            "read_ms": Quantiles(result.readMilliseconds).json(decimals: 1),
        ])
        CommandSupport.printLine(line.canonicalJSON)
    }
}
