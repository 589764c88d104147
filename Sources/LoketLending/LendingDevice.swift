/// A device the desk lends, as the replica has it now.
public struct LendingDevice: Sendable, Equatable, Codable {
    /// The asset tag (the record id): what the barcode on the device says.
    public var assetTag: String
    public var kind: DeviceKind
    public var model: String
    /// The branch the device belongs to; its records live in that branch's scope.
    public var homeBranch: String
    public var state: DeviceState
    /// Why it is broken or retired, when it is.
    public var stateNote: String?
    /// When it was last wiped (milliseconds since 1970), if ever.
    public var lastWipe: Int64?
    /// The reservation it is held for, when one waits for it.
    public var heldFor: String?
    /// Whether an open lending conflict concerns it (filled by queries that look).
    public var inConflict: Bool

    public init(
        assetTag: String, kind: DeviceKind, model: String, homeBranch: String, state: DeviceState,
        stateNote: String? = nil, lastWipe: Int64? = nil, heldFor: String? = nil, inConflict: Bool = false
    ) {
        self.assetTag = assetTag
        self.kind = kind
        self.model = model
        self.homeBranch = homeBranch
        self.state = state
        self.stateNote = stateNote
        self.lastWipe = lastWipe
        self.heldFor = heldFor
        self.inConflict = inConflict
    }

    enum CodingKeys: String, CodingKey {
        case assetTag = "asset_tag", kind, model, homeBranch = "home_branch", state, stateNote = "state_note"
        case lastWipe = "last_wipe", heldFor = "held_for", inConflict = "in_conflict"
    }
}
