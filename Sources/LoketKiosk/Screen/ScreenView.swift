/// Which of the visitor's pages to show besides the main one (start, services, end).
public enum ScreenView: String, Sendable, CaseIterable {
    case main
    /// Help: ask a staff member, and what DigiD Machtigen is.
    case help
    /// DigiD Machtigen (authorising someone else) explained in B1 language.
    case machtigen = "digid-machtigen"
    /// How printing works here.
    case print
}
