/// The hub's log is not the one this terminal's cursor counts in: the hub was restored
/// from a backup (`loket hub restored`). Handled inside a round, never thrown out of it.
struct LogEpochChanged: Error {
    var epoch: String
}
