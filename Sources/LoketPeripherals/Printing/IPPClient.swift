import CCups
import Foundation

/// IPP requests through libcups, to a CUPS queue or straight to an IPP printer: print a
/// document, ask a job's state, ask the printer's state. Each call opens its own
/// connection and closes it (they are rare: a job, then a few state questions), and blocks
/// — call it off the cooperative thread pool (``PrintQueue`` does). Jobs carry Loket's own
/// job id as their name and `loket` as their user: never a document's title or a person.
public struct IPPClient: Sendable {
    /// How long to wait to connect and for each answer.
    public var timeoutMilliseconds: Int32

    public init(timeoutMilliseconds: Int32 = 10_000) {
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// Sends the document in the file `document` (`format`: a MIME type such as
    /// application/pdf, text/plain) as a new job named `name`; answers the printer's job id.
    public func printJob(_ target: PrintTarget, document: String, format: String, name: String) throws(PrintError)
        -> Int32
    {
        let response = try exchange(target, IPP_OP_PRINT_JOB, file: document) { request in
            ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", nil, name)
            ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", nil, format)
        }
        defer { ippDelete(response) }
        guard let attribute = ippFindAttribute(response, "job-id", IPP_TAG_INTEGER) else {
            throw PrintError(.badInput, "\(target) accepted the job but gave no job-id")
        }
        return ippGetInteger(attribute, 0)
    }

    /// The state of the printer's job `job`. A printer keeps finished jobs only for a while
    /// (ippeveprinter a minute, many printers less, none across a restart): a job it no
    /// longer lists is answered as completed with the reason ``IPPJobStatus/forgotten``,
    /// as CUPS's own ipp backend counts it.
    public func jobStatus(_ target: PrintTarget, job: Int32) throws(PrintError) -> IPPJobStatus {
        let response = try exchange(target, IPP_OP_GET_JOB_ATTRIBUTES, file: nil, allowing: Self.jobGone) { request in
            ippAddInteger(request, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", job)
        }
        defer { ippDelete(response) }
        if Self.jobGone.contains(ippGetStatusCode(response).rawValue) {
            return IPPJobStatus(
                state: .completed, reasons: [IPPJobStatus.forgotten],
                message: "the printer no longer lists job \(job); printers forget finished jobs")
        }
        guard let attribute = ippFindAttribute(response, "job-state", IPP_TAG_ENUM),
            let state = IPPJobState(rawValue: ippGetInteger(attribute, 0))
        else {
            throw PrintError(.badInput, "\(target) gave no job-state for job \(job)")
        }
        return IPPJobStatus(
            state: state, reasons: Self.strings(response, "job-state-reasons"),
            message: Self.strings(response, "job-state-message").first)
    }

    /// The printer's (or the CUPS queue's) state.
    public func printerStatus(_ target: PrintTarget) throws(PrintError) -> IPPPrinterStatus {
        let response = try exchange(target, IPP_OP_GET_PRINTER_ATTRIBUTES, file: nil) { _ in }
        defer { ippDelete(response) }
        let state = ippFindAttribute(response, "printer-state", IPP_TAG_ENUM).map { ippGetInteger($0, 0) } ?? 0
        let accepting =
            ippFindAttribute(response, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN).map { ippGetBoolean($0, 0) != 0 }
            ?? true
        return IPPPrinterStatus(
            state: state, acceptingJobs: accepting, reasons: Self.strings(response, "printer-state-reasons"))
    }

    /// One request (with the document in `file`, if any) and its answer; throws unless the
    /// answer's status is successful or one of `allowing`.
    func exchange(
        _ target: PrintTarget, _ operation: ipp_op_t, file: String?, allowing: Set<Int32> = [],
        _ fill: (OpaquePointer) -> Void
    ) throws(PrintError) -> OpaquePointer {
        guard
            let http = httpConnect2(
                target.host, Int32(target.port), nil, AF_UNSPEC,
                target.tls ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED, 1, timeoutMilliseconds, nil)
        else {
            throw PrintError(.unreachable, "\(target) cannot be reached: \(Self.lastError())")
        }
        defer { httpClose(http) }
        guard let request = ippNewRequest(operation) else { throw PrintError(.store, "out of memory for a request") }
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", nil, target.uri)
        ippAddString(request, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", nil, "loket")
        fill(request)
        // Both free the request.
        let answer: OpaquePointer? =
            if let file { cupsDoFileRequest(http, request, target.resource, file) } else {
                cupsDoRequest(http, request, target.resource)
            }
        guard let response = answer else {
            let error = cupsLastError().rawValue
            let kind: PrintError.Kind = Self.isBusy(error) && error != 0x0503 ? .busy : .unreachable
            throw PrintError(kind, "\(target) did not answer: \(Self.lastError())")
        }
        let code = ippGetStatusCode(response).rawValue
        guard code <= 0x00FF || allowing.contains(code) else {
            let name: UnsafePointer<CChar>? = ippErrorString(ippGetStatusCode(response))
            let text = name.map { String(cString: $0) } ?? String(format: "status 0x%04x", code)
            let message = Self.strings(response, "status-message").first.map { " (\($0))" } ?? ""
            ippDelete(response)
            throw PrintError(Self.isBusy(code) ? .busy : .refused, "\(target) answered \(text)\(message)")
        }
        return response
    }

    /// client-error-not-found and client-error-not-possible (no job history) to
    /// Get-Job-Attributes: the job is gone from the printer's list.
    static let jobGone: Set<Int32> = [0x0406, 0x0404]

    /// server-error-service-unavailable, -not-accepting-jobs, -busy, -temporary: try later.
    static func isBusy(_ code: Int32) -> Bool { [0x0502, 0x0506, 0x0507, 0x0503].contains(code) }

    static func lastError() -> String {
        let text: UnsafePointer<CChar>? = cupsLastErrorString()
        return text.map { String(cString: $0) } ?? "no detail from libcups"
    }

    static func strings(_ response: OpaquePointer, _ name: String) -> [String] {
        guard let attribute = ippFindAttribute(response, name, IPP_TAG_ZERO) else { return [] }
        return (0..<ippGetCount(attribute)).compactMap { index in
            let value: UnsafePointer<CChar>? = ippGetString(attribute, index, nil)
            return value.map { String(cString: $0) }
        }
    }
}
