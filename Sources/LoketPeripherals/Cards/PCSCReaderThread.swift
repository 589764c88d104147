import CPCSCLite
import Foundation
import Synchronization

/// The blocking PC/SC loop, on a thread of its own: waits in `SCardGetStatusChange` with no
/// timeout (no polling) for a card, a reader plugged or pulled, or pcscd going away; reads
/// a new card's UID with `FF CA 00 00 00` and hands on its token. `stop()` wakes it with
/// `SCardCancel`. When pcscd is not there it tries again after a short wait (0.5 s, doubling
/// to 5 s): there is nothing to wait on until it is back.
final class PCSCReaderThread: Sendable {
    let tokenizer: CardTokenizer
    let emit: @Sendable (CardReaderEvent) -> Void
    let state = Mutex(State())
    /// Wakes the wait between attempts to reach pcscd.
    let retry = DispatchSemaphore(value: 0)
    /// Signalled when the thread has left pcsc-lite for good.
    let finished = DispatchSemaphore(value: 0)

    struct State {
        var stopped = false
        var context: SCARDCONTEXT?
    }

    /// pcsc-lite's name for "tell me when readers come and go".
    static let plugAndPlay = "\\\\?PnP?\\Notification"

    init(tokenizer: CardTokenizer, emit: @escaping @Sendable (CardReaderEvent) -> Void) {
        self.tokenizer = tokenizer
        self.emit = emit
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "loket-pcsc"
        thread.start()
    }

    /// Stops the loop and waits (at most `timeout` seconds) until the thread is out of
    /// pcsc-lite: a process that exits while the thread is still inside the library can
    /// crash in its teardown.
    func stop(timeout: Double = 5) {
        let context = state.withLock { state -> SCARDCONTEXT? in
            state.stopped = true
            return state.context
        }
        if let context { _ = SCardCancel(context) }
        retry.signal()
        _ = finished.wait(timeout: .now() + timeout)
        finished.signal()  // a second stop() does not wait again
    }

    var stopped: Bool { state.withLock { $0.stopped } }

    func run() {
        defer { finished.signal() }
        var wait = 0.5
        var said = false
        while !stopped {
            var context: SCARDCONTEXT = 0
            let established = SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context)
            guard established == LOKET_SCARD_S_SUCCESS else {
                if !said {
                    emit(.serviceUnavailable("pcscd cannot be reached (\(Self.text(established))): is it running?"))
                    said = true
                }
                _ = retry.wait(timeout: .now() + wait)
                wait = min(wait * 2, 5)
                continue
            }
            wait = 0.5
            said = false
            let published = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.context = context
                return true
            }
            // pcscd went away during the watch: that was said; say it again only once it was back.
            if published, watch(context) { said = true }
            state.withLock { $0.context = nil }
            SCardReleaseContext(context)
        }
    }

    /// Waits on the readers of `context` until it is cancelled or pcscd goes away; answers
    /// whether pcscd went away (and that was reported).
    func watch(_ context: SCARDCONTEXT) -> Bool {
        var current: [String: DWORD] = [:]
        var announced: [String]?
        while !stopped {
            let names: [String]
            switch readers(context) {
            case .success(let list): names = list
            case .failure(let error):
                emit(.serviceUnavailable(error.message))
                return true
            }
            if names != announced {
                emit(.readers(names))
                announced = names
                current = current.filter { names.contains($0.key) }
            }
            let watched = names + [Self.plugAndPlay]
            let cNames = watched.map { strdup($0)! }
            defer { cNames.forEach { free($0) } }
            var states = watched.enumerated().map { index, name in
                var reader = SCARD_READERSTATE()
                reader.szReader = UnsafePointer(cNames[index])
                // The plug-and-play entry carries the number of readers we know in its upper
                // 16 bits: pcscd answers at once when it has another number (a reader came or
                // went between our list and this wait).
                reader.dwCurrentState =
                    name == Self.plugAndPlay ? DWORD(names.count) << 16 : current[name] ?? DWORD(SCARD_STATE_UNAWARE)
                return reader
            }
            let result = SCardGetStatusChange(context, DWORD(INFINITE), &states, DWORD(states.count))
            switch result {
            case LOKET_SCARD_S_SUCCESS:
                break
            case LOKET_SCARD_E_CANCELLED:
                return false
            case LOKET_SCARD_E_TIMEOUT, LOKET_SCARD_E_UNKNOWN_READER, LOKET_SCARD_E_READER_UNAVAILABLE:
                continue  // a reader came or went: list them again
            default:
                emit(.serviceUnavailable("pcscd stopped answering (\(Self.text(result)))"))
                return true
            }
            let seen = now()
            for (index, name) in watched.enumerated() {
                let event = states[index].dwEventState
                guard event & DWORD(SCARD_STATE_CHANGED) != 0 else { continue }
                let settled = event & ~DWORD(SCARD_STATE_CHANGED)
                if name == Self.plugAndPlay { continue }  // the next round lists the readers again
                // A tap: a card present now that was not, or another card (pcscd counts
                // insertions in the upper 16 bits) — a card swapped faster than pcscd looks.
                // A card already lying on a reader when it is first seen is no tap.
                let before = current[name]
                current[name] = settled
                guard let before else { continue }
                let present = event & DWORD(SCARD_STATE_PRESENT) != 0
                let wasPresent = before & DWORD(SCARD_STATE_PRESENT) != 0
                let anotherCard = (event >> 16) != (before >> 16)
                guard present, !wasPresent || anotherCard, event & DWORD(SCARD_STATE_MUTE) == 0 else { continue }
                switch readUID(context, reader: name) {
                case .success(let uid):
                    emit(.tapped(token: tokenizer.token(uid), reader: name, milliseconds: (now() - seen) * 1000))
                case .failure(let error):
                    emit(.failed(reader: name, error))
                }
            }
        }
        return false
    }

    func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    func readers(_ context: SCARDCONTEXT) -> Result<[String], CardReadError> {
        var length: DWORD = 0
        var result = SCardListReaders(context, nil, nil, &length)
        if result == LOKET_SCARD_E_NO_READERS_AVAILABLE { return .success([]) }
        guard result == LOKET_SCARD_S_SUCCESS else {
            return .failure(CardReadError(.serviceUnavailable, "pcscd cannot list readers (\(Self.text(result)))"))
        }
        var buffer = [CChar](repeating: 0, count: Int(length))
        result = SCardListReaders(context, nil, &buffer, &length)
        if result == LOKET_SCARD_E_NO_READERS_AVAILABLE { return .success([]) }
        guard result == LOKET_SCARD_S_SUCCESS else {
            return .failure(CardReadError(.serviceUnavailable, "pcscd cannot list readers (\(Self.text(result)))"))
        }
        // A list of C strings, ended by an empty one.
        let names = buffer.split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return .success(names.filter { !$0.isEmpty })
    }

    /// Connects to the card on `reader`, asks for its UID, lets it go.
    func readUID(_ context: SCARDCONTEXT, reader: String) -> Result<[UInt8], CardReadError> {
        var card: SCARDHANDLE = 0
        var active: DWORD = 0
        let connected = SCardConnect(
            context, reader, DWORD(SCARD_SHARE_SHARED), DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), &card, &active)
        guard connected == LOKET_SCARD_S_SUCCESS else { return .failure(Self.error(connected, reading: true)) }
        defer { SCardDisconnect(card, DWORD(SCARD_LEAVE_CARD)) }
        var answer = [UInt8](repeating: 0, count: 258)
        var length = DWORD(answer.count)
        let protocolInfo = active == DWORD(SCARD_PROTOCOL_T0) ? loket_pci_t0() : loket_pci_t1()
        let sent = CardUID.command.withUnsafeBufferPointer { command in
            SCardTransmit(card, protocolInfo, command.baseAddress, DWORD(command.count), nil, &answer, &length)
        }
        guard sent == LOKET_SCARD_S_SUCCESS else { return .failure(Self.error(sent, reading: true)) }
        do { return .success(try CardUID.parse(Array(answer.prefix(Int(length))))) } catch { return .failure(error) }
    }

    static func error(_ code: LONG, reading: Bool) -> CardReadError {
        switch code {
        case LOKET_SCARD_W_REMOVED_CARD, LOKET_SCARD_E_NO_SMARTCARD, LOKET_SCARD_W_RESET_CARD,
            LOKET_SCARD_W_UNRESPONSIVE_CARD, LOKET_SCARD_E_NOT_TRANSACTED:
            return CardReadError(.cardRemoved, "the card went away before it was read: tap it again and hold it still")
        case LOKET_SCARD_E_READER_UNAVAILABLE, LOKET_SCARD_E_UNKNOWN_READER:
            return CardReadError(.readerGone, "the reader is gone: plug it in again")
        case LOKET_SCARD_E_NO_SERVICE, LOKET_SCARD_E_SERVICE_STOPPED, LOKET_SCARD_E_INVALID_HANDLE:
            return CardReadError(.serviceUnavailable, "pcscd went away: it is started again by the system")
        default:
            return CardReadError(.pcsc, "PC/SC failed: \(text(code))")
        }
    }

    static func text(_ code: LONG) -> String {
        pcsc_stringify_error(code).map { String(cString: $0) }
            ?? String(format: "0x%08X", UInt32(bitPattern: Int32(truncatingIfNeeded: code)))
    }
}
