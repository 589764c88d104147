import Foundation
import Hummingbird
public import Logging
public import LoketLending
public import LoketPeripherals
public import LoketSync
public import ServiceLifecycle

/// A desk terminal's lending parts put together: the desk screen served on loopback, the
/// purge of old loan history, and the card reader feeding the screen — as services for
/// the agent's `ServiceGroup`.
public final class DeskRuntime: Sendable {
    public let screen: DeskScreen
    public let services: [any Service]
    let logger: Logger

    /// - Parameters:
    ///   - host, port: where the desk screen listens (loopback; port 0 picks one).
    ///   - receiptPrinter: where loan receipts go; `nil` prints none.
    ///   - reminderSender: where reminder e-mails go; `nil` keeps them queued.
    ///   - onScreenRunning: told the address once the screen listens.
    public init(
        desk: LendingDesk, host: String, port: Int, language: String = "nl", receiptPrinter: ReceiptPrinter? = nil,
        reminderSender: (any NoticeSender)? = nil, clock: any WallClock, logger: Logger,
        onScreenRunning: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) throws(ScreenError) {
        try LoopbackName.require(host, option: "the desk screen's address")
        let screen = try DeskScreen(desk: desk, language: language, receiptPrinter: receiptPrinter, clock: clock)
        let application = Application(
            router: DeskScreenRouter.make(screen), configuration: .init(address: .hostname(host, port: port)),
            onServerRunning: { channel in await onScreenRunning(host, channel.localAddress?.port ?? port) },
            logger: logger)
        self.screen = screen
        self.logger = logger
        self.services = [application, LendingUpkeep(desk: desk, sender: reminderSender)]
    }

    /// The watch on the desk's card reader: a tap names the borrower of the next loan.
    public func cardReaderWatch(tokenizer: CardTokenizer) -> CardReaderWatch {
        CardReaderWatch(tokenizer: tokenizer, logger: logger) { [screen] event in
            guard case .tapped(let token, _, _) = event else { return }
            await screen.cardTapped(token)
        }
    }
}
