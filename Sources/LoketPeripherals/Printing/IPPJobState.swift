/// A job's state as IPP (RFC 8011 §5.3.7) and CUPS report it.
public enum IPPJobState: Int32, Sendable {
    case pending = 3
    case held = 4
    case processing = 5
    case stopped = 6
    case canceled = 7
    case aborted = 8
    case completed = 9
}
