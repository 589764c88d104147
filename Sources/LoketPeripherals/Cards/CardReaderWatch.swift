import Dispatch
public import Logging
public import ServiceLifecycle

/// The agent's card readers, as a `Service`: a tap on any reader pcscd has becomes the
/// card's token (``CardTokenizer``), handed to `onEvent` with the other reader events.
/// A reader unplugged and plugged again, a card pulled away mid-read, pcscd stopped and
/// started: each is reported and the watch goes on. Stops on graceful shutdown.
public struct CardReaderWatch: Service {
    let tokenizer: CardTokenizer
    let logger: Logger
    let onEvent: @Sendable (CardReaderEvent) async -> Void

    public init(
        tokenizer: CardTokenizer, logger: Logger, onEvent: @escaping @Sendable (CardReaderEvent) async -> Void
    ) {
        self.tokenizer = tokenizer
        self.logger = logger
        self.onEvent = onEvent
    }

    public func run() async throws {
        let (events, continuation) = AsyncStream.makeStream(of: CardReaderEvent.self)
        let reader = PCSCReaderThread(tokenizer: tokenizer) { continuation.yield($0) }
        reader.start()
        await withGracefulShutdownHandler {
            for await event in events {
                log(event)
                await onEvent(event)
            }
        } onGracefulShutdown: {
            reader.stop(timeout: 0)
            continuation.finish()
        }
        // Until the reader's thread is out of pcsc-lite, waited for off the task pool.
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                reader.stop()
                done.resume()
            }
        }
    }

    /// Logs what happened — never a token or a UID.
    func log(_ event: CardReaderEvent) {
        switch event {
        case .readers(let names) where names.isEmpty:
            logger.warning("no card reader: cards cannot be tapped until one is plugged in (see `loket devices list`)")
        case .readers(let names): logger.notice("card readers", metadata: ["readers": "\(names)"])
        case .tapped(_, let reader, let milliseconds):
            logger.info("a card was read", metadata: ["reader": "\(reader)", "ms": "\(Int(milliseconds))"])
        case .failed(let reader, let error):
            logger.warning("a card could not be read", metadata: ["reader": "\(reader)", "error": "\(error)"])
        case .serviceUnavailable(let why): logger.error("card readers unavailable", metadata: ["why": "\(why)"])
        }
    }
}
