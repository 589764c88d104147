/// Where receipts go: a receipt printer on the network (raw TCP, port 9100 by custom), or
/// on USB through its device file (the udev rules make `/dev/loket/receipt-printer`).
public enum ReceiptDestination: Sendable, Equatable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case device(path: String)

    /// `tcp://HOST[:PORT]` (port 9100 unless said) or an absolute device path.
    public static func parse(_ text: String) throws(PrintError) -> ReceiptDestination {
        if text.hasPrefix("/") { return .device(path: text) }
        guard text.hasPrefix("tcp://") else {
            throw PrintError(
                .badInput,
                "\"\(text)\" is not a receipt printer: tcp://HOST[:PORT] or a device path such as /dev/loket/receipt-printer"
            )
        }
        let rest = text.dropFirst("tcp://".count)
        let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), !parts[0].isEmpty else {
            throw PrintError(.badInput, "\"\(text)\": the host is missing (tcp://HOST[:PORT])")
        }
        var port = 9100
        if parts.count == 2 {
            guard let number = Int(parts[1]), (1...65535).contains(number) else {
                throw PrintError(.badInput, "\"\(text)\": the port must be 1–65535")
            }
            port = number
        }
        return .tcp(host: String(parts[0]), port: port)
    }

    public var description: String {
        switch self {
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        case .device(let path): path
        }
    }
}
