import Foundation
import GRDB
public import Logging
public import LoketStore
public import LoketSync
import Synchronization

/// The terminal's print release: a visitor's documents are held on the terminal until
/// their owner releases them — a card's by a tap at the release station (the terminal's
/// reader), a guest's by "Afdrukken" in their session — then sent to the printer, through
/// a CUPS queue or straight to an IPP printer.
///
/// Durable: each job is a ticket and a document in the spool folder, written with fsync
/// before the visitor hears "held"; a printer that is off keeps released jobs waiting on
/// disk (across restarts) until ``dispatch()`` finds it back. Free pages per card and day
/// come from the hub's escrow (``PageAllowance``); pages beyond them are charged at the
/// profile's price. Every change is mirrored in the `print_jobs` record of the job, which
/// syncs to the hub without the card or the document.
public final class PrintQueue: Sendable {
    let replica: Replica
    let terminal: String
    let configuration: PrintConfiguration
    let client: IPPClient
    let rules: @Sendable () -> PrintRules
    let allowance: (any PageAllowance)?
    let clock: any WallClock
    let logger: Logger
    /// Ticket files change under this lock.
    let lock = Mutex(())
    /// One dispatch at a time; a call meanwhile asks the running one to look again.
    let dispatching = Mutex((running: false, again: false))

    public init(
        replica: Replica, terminal: String, configuration: PrintConfiguration, client: IPPClient = IPPClient(),
        rules: @escaping @Sendable () -> PrintRules, allowance: (any PageAllowance)?, clock: any WallClock,
        logger: Logger
    ) {
        self.replica = replica
        self.terminal = terminal
        self.configuration = configuration
        self.client = client
        self.rules = rules
        self.allowance = allowance
        self.clock = clock
        self.logger = logger
    }

    /// Makes the spool folder (mode 0700) when the first job comes.
    func makeSpool() throws(PrintError) {
        do {
            try FileManager.default.createDirectory(
                atPath: configuration.spoolDirectory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw PrintError(.store, "the spool folder \(configuration.spoolDirectory) cannot be made: \(error)")
        }
    }

    var now: Int64 { Int64(clock.nowMilliseconds()) }

    // MARK: Submitting and releasing

    /// Holds `document` for the session `session` (of the card `card`, or a guest's);
    /// answers the job's id. Refuses what it cannot count or is too large, before keeping
    /// anything.
    public func submit(_ document: [UInt8], format: String, session: String, card: String?) throws(PrintError)
        -> String
    {
        guard rules().queue != nil else {
            throw PrintError(.badInput, "printing is off on this terminal (its profile has no printing queue)")
        }
        guard !document.isEmpty, document.count <= configuration.maxDocumentBytes else {
            throw PrintError(
                .badInput,
                "the document must be 1 byte to \(configuration.maxDocumentBytes / 1_048_576) MiB, got \(document.count) bytes"
            )
        }
        let pages = try PageCounter.pages(document, format: format)
        var generator = SystemRandomNumberGenerator()
        let id = "pj-" + String(generator.next(), radix: 16)
        try lock.withLock { _ throws(PrintError) in
            try makeSpool()
            let number = (try loadTickets().map(\.number).max() ?? 0) + 1
            let ticket = PrintTicket(
                id: id, number: number, session: session, card: card, format: format, pages: pages,
                submittedAt: now, state: .held, heldUntil: nil, chargedPages: 0, printer: nil, printerJob: nil,
                error: nil)
            try writeFile(path(id, "doc"), document)
            try save(ticket)
        }
        logger.info("print job held", metadata: ["job": "\(id)", "pages": "\(pages)"])
        return id
    }

    /// A card was tapped at the release station: releases its held jobs (as far as its
    /// free pages and the price allow); ``dispatch()`` sends them to the printer.
    @discardableResult
    public func release(card: String) async -> PrintRelease {
        await release(tickets { $0.state == .held && $0.card == card }, card: card)
    }

    /// A guest (or a card holder in their session) pressed "Afdrukken": releases the
    /// session's held jobs.
    @discardableResult
    public func release(session: String) async -> PrintRelease {
        let held = tickets { $0.state == .held && $0.session == session }
        return await release(held, card: held.first?.card)
    }

    func release(_ held: [PrintTicket], card: String?) async -> PrintRelease {
        var result = PrintRelease()
        guard !held.isEmpty else { return result }
        let rules = rules()
        let moment = now
        var free = 0
        if let card, rules.freePagesPerDay > 0 {
            if let allowance {
                do {
                    free = try await allowance.freePages(card: card, at: moment, limit: rules.freePagesPerDay)
                } catch {
                    logger.warning("the card's free pages could not be read", metadata: ["error": "\(error)"])
                }
            }
        }
        var used = 0
        for var ticket in held.sorted(by: { $0.number < $1.number }) {
            let freeHere = rules.isUnlimited ? ticket.pages : min(ticket.pages, free - used)
            let charged = ticket.pages - freeHere
            guard charged == 0 || rules.pricePerPageCents > 0 else {
                result.stillHeld += 1
                continue
            }
            ticket.state = .released
            ticket.chargedPages = charged
            ticket.heldUntil = nil
            // Still held? (the wipe or the expiry may have cancelled it meanwhile)
            let released: Bool
            do {
                released = try lock.withLock { _ throws(PrintError) -> Bool in
                    guard try loadTicket(ticket.id)?.state == .held else { return false }
                    try save(ticket)
                    return true
                }
            } catch {
                logger.error(
                    "a print job could not be released", metadata: ["job": "\(ticket.id)", "error": "\(error)"])
                continue
            }
            guard released else { continue }
            used += rules.isUnlimited ? 0 : freeHere
            result.jobs += 1
            result.pages += ticket.pages
            result.chargedPages += charged
        }
        result.chargeCents = result.chargedPages * rules.pricePerPageCents
        if let card, used > 0, let allowance {
            do { try await allowance.use(card: card, at: moment, limit: rules.freePagesPerDay, pages: used) } catch {
                logger.error("the free pages used could not be recorded", metadata: ["error": "\(error)"])
            }
        }
        logger.info(
            "print jobs released",
            metadata: [
                "jobs": "\(result.jobs)", "pages": "\(result.pages)", "charged_pages": "\(result.chargedPages)",
                "still_held": "\(result.stillHeld)",
            ])
        return result
    }

    /// The wipe after a session: a guest's held jobs are cancelled and their documents
    /// erased; a card's wait for its tap until ``PrintConfiguration/heldMinutes`` from
    /// now. Answers how many were cancelled.
    public func sessionEnded(_ session: String) throws(PrintError) -> Int {
        let until = now + Int64(configuration.heldMinutes) * 60_000
        var cancelled = 0
        try lock.withLock { _ throws(PrintError) in
            for var ticket in try loadTickets() where ticket.session == session && ticket.state == .held {
                if ticket.card == nil {
                    try cancel(&ticket, reason: "the session ended")
                    cancelled += 1
                } else {
                    ticket.heldUntil = until
                    try save(ticket)
                }
            }
        }
        return cancelled
    }

    /// Cancels the cards' held jobs whose wait ran out; answers how many.
    @discardableResult
    public func expire() throws(PrintError) -> Int {
        let moment = now
        var cancelled = 0
        try lock.withLock { _ throws(PrintError) in
            for var ticket in try loadTickets()
            where ticket.state == .held && (ticket.heldUntil.map { $0 <= moment } ?? false) {
                try cancel(&ticket, reason: "not released within \(configuration.heldMinutes) minutes")
                cancelled += 1
            }
        }
        return cancelled
    }

    /// The session's jobs, for its print page — finished ones too (from their records).
    public func jobs(session: String) -> [PrintJobSummary] {
        do {
            return try replica.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, pages, state, error FROM print_jobs
                        WHERE terminal = ? AND session = ? ORDER BY submitted_at, id
                        """, arguments: [terminal, session]
                ).compactMap { row -> PrintJobSummary? in
                    guard let id: String = row["id"], let state = (row["state"] as String?).flatMap(PrintJobState.init)
                    else { return nil }
                    return PrintJobSummary(id: id, pages: row["pages"] ?? 0, state: state, error: row["error"])
                }
            }
        } catch {
            logger.error("the session's print jobs cannot be read", metadata: ["error": "\(error)"])
            return []
        }
    }

    // MARK: The printer

    /// Starts ``dispatch()`` without waiting for it: a release answers the visitor at once,
    /// and a printer slow to answer holds neither the screen nor the card reader.
    public func dispatchSoon() {
        Task { await self.dispatch() }
    }

    /// Sends the released jobs to the printer, oldest first. A printer that is off or busy
    /// keeps them waiting (tried again at the next call); one that refuses a job fails
    /// that job with the printer's reason.
    public func dispatch() async {
        let first = dispatching.withLock { state -> Bool in
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            return true
        }
        guard first else { return }
        while true {
            await dispatchOnce()
            let again = dispatching.withLock { state -> Bool in
                if state.again {
                    state.again = false
                    return true
                }
                state.running = false
                return false
            }
            if !again { return }
        }
    }

    func dispatchOnce() async {
        let released = tickets { $0.state == .released }.sorted { $0.number < $1.number }
        guard !released.isEmpty else { return }
        let target: PrintTarget
        do {
            guard let queue = rules().queue else { return }
            target = try PrintTarget.parse(queue, server: configuration.cupsServer)
        } catch {
            logger.error("the profile's print queue is not usable", metadata: ["error": "\(error)"])
            return
        }
        for var ticket in released {
            let document = path(ticket.id, "doc")
            guard FileManager.default.fileExists(atPath: document) else {
                ticket.state = .failed
                ticket.error = "the document is gone from the spool folder"
                try? lock.withLock { _ throws(PrintError) in try save(ticket) }
                continue
            }
            let client = client
            let format = ticket.format
            let name = "loket-\(ticket.id)"
            do {
                let job = try await Self.blocking {
                    () throws(PrintError) -> Int32 in
                    try client.printJob(target, document: document, format: format, name: name)
                }
                ticket.state = .printing
                ticket.printer = target.uri
                ticket.printerJob = job
                try lock.withLock { _ throws(PrintError) in
                    try save(ticket)
                    try? FileManager.default.removeItem(atPath: path(ticket.id, "doc"))
                }
                logger.info("print job sent", metadata: ["job": "\(ticket.id)", "printer": "\(target)"])
            } catch  where error.isTransient {
                logger.notice(
                    "the printer cannot take jobs now; they wait",
                    metadata: ["printer": "\(target)", "error": "\(error)"])
                return  // the rest wait too, in their order
            } catch {
                ticket.state = .failed
                ticket.error = "\(error)"
                try? lock.withLock { _ throws(PrintError) in
                    try save(ticket)
                    try? FileManager.default.removeItem(atPath: path(ticket.id, "doc"))
                }
                logger.error("the printer refused a job", metadata: ["job": "\(ticket.id)", "error": "\(error)"])
            }
        }
    }

    /// Asks the printer how its jobs are doing: done, failed, or still printing.
    public func poll() async {
        for var ticket in tickets({ $0.state == .printing }) {
            guard let printer = ticket.printer, let job = ticket.printerJob,
                let target = try? PrintTarget.printer(printer)
            else { continue }
            let client = client
            let status: IPPJobStatus
            do {
                status = try await Self.blocking { () throws(PrintError) -> IPPJobStatus in
                    try client.jobStatus(target, job: job)
                }
            } catch {
                // The printer is away or busy: ask again at the next poll.
                logger.debug(
                    "a printer did not say how a job is", metadata: ["job": "\(ticket.id)", "error": "\(error)"])
                continue
            }
            switch status.state {
            case .completed:
                if status.reasons.contains(IPPJobStatus.forgotten) {
                    logger.notice(
                        "the printer no longer lists a job it was sent; counted as printed",
                        metadata: ["job": "\(ticket.id)", "printer": "\(printer)"])
                }
                ticket.state = .done
            case .canceled, .aborted:
                ticket.state = .failed
                ticket.error =
                    "the printer \(status.state == .aborted ? "aborted" : "cancelled") it: "
                    + (status.message ?? status.reasons.joined(separator: ", "))
            default: continue
            }
            try? lock.withLock { _ throws(PrintError) in try save(ticket) }
        }
    }

    // MARK: Spool folder

    func path(_ id: String, _ suffix: String) -> String { "\(configuration.spoolDirectory)/\(id).\(suffix)" }

    func tickets(_ filter: (PrintTicket) -> Bool) -> [PrintTicket] {
        do { return try lock.withLock { _ throws(PrintError) in try loadTickets().filter(filter) } } catch {
            logger.error("the print spool cannot be read", metadata: ["error": "\(error)"])
            return []
        }
    }

    /// The ticket `id`, or `nil` when it is gone (finished).
    func loadTicket(_ id: String) throws(PrintError) -> PrintTicket? {
        let path = path(id, "json")
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do { return try JSONDecoder().decode(PrintTicket.self, from: Data(readFile(path))) } catch {
            throw PrintError(.store, "the print ticket \(path) is damaged: \(error)")
        }
    }

    func loadTickets() throws(PrintError) -> [PrintTicket] {
        guard FileManager.default.fileExists(atPath: configuration.spoolDirectory) else { return [] }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: configuration.spoolDirectory) } catch {
            throw PrintError(.store, "the spool folder \(configuration.spoolDirectory) cannot be read: \(error)")
        }
        return names.filter { $0.hasSuffix(".json") }.compactMap { name in
            let path = "\(configuration.spoolDirectory)/\(name)"
            do { return try JSONDecoder().decode(PrintTicket.self, from: Data(readFile(path))) } catch {
                logger.error(
                    "a print ticket is damaged and left alone", metadata: ["file": "\(path)", "error": "\(error)"])
                return nil
            }
        }
    }

    /// Writes the ticket (fsync, then rename) and mirrors it in `print_jobs`. A finished
    /// job's ticket goes: the record keeps what the fleet may know.
    func save(_ ticket: PrintTicket) throws(PrintError) {
        var fields: [String: FieldValue] = [
            "terminal": .string(terminal), "session": .string(ticket.session), "pages": .int(Int64(ticket.pages)),
            "charged_pages": .int(Int64(ticket.chargedPages)), "state": .string(ticket.state.rawValue),
            "submitted_at": .int(ticket.submittedAt), "updated_at": .int(now),
        ]
        if let error = ticket.error { fields["error"] = .string(error) }
        if let printer = ticket.printer { fields["printer"] = .string(printer) }
        if let job = ticket.printerJob { fields["printer_job"] = .int(Int64(job)) }
        do {
            try replica.put("print_jobs", id: ticket.id, scope: "terminal:\(terminal)", RecordUpdate(set: fields))
        } catch {
            throw PrintError(.store, "the print job \(ticket.id) cannot be recorded: \(error)")
        }
        switch ticket.state {
        case .done, .failed, .cancelled:
            try? FileManager.default.removeItem(atPath: path(ticket.id, "json"))
            try? FileManager.default.removeItem(atPath: path(ticket.id, "doc"))
        default:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let bytes: Data
            do { bytes = try encoder.encode(ticket) } catch { throw PrintError(.store, "\(error)") }
            try writeFile(path(ticket.id, "json"), Array(bytes))
        }
    }

    func cancel(_ ticket: inout PrintTicket, reason: String) throws(PrintError) {
        ticket.state = .cancelled
        ticket.error = reason
        try save(ticket)
    }

    /// Writes `bytes` to `path` durably: a temporary file, fsync, rename, fsync the folder.
    func writeFile(_ path: String, _ bytes: [UInt8]) throws(PrintError) {
        let temporary = path + ".part"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PrintError(.store, "\(temporary) cannot be written: errno \(errno)") }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                close(fd)
                throw PrintError(.store, "\(temporary) cannot be written: errno \(errno)")
            }
            written += count
        }
        guard fsync(fd) == 0 else {
            close(fd)
            throw PrintError(.store, "\(temporary) cannot be synced: errno \(errno)")
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            throw PrintError(.store, "\(path) cannot be renamed: errno \(errno)")
        }
        let folder = open(configuration.spoolDirectory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            _ = fsync(folder)
            close(folder)
        }
    }

    func readFile(_ path: String) throws(PrintError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PrintError(.store, "\(path) cannot be read")
        }
        return Array(data)
    }

    /// Runs a blocking libcups call on a thread of its own.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws(PrintError) -> T) async throws(PrintError)
        -> T
    {
        let result: Result<T, PrintError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do throws(PrintError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.start()
        }
        return try result.get()
    }
}
