/// Header names and media types of the terminal ↔ hub protocol (docs/PROTOCOL.md).
public enum ProtocolHeaders {
    /// Who signs the request: `terminal:<name>` or `key:<key id>` (an admin or staff key).
    public static let principal = "Loket-Principal"
    /// The request time, Unix milliseconds, as the sender's clock reads it.
    public static let time = "Loket-Time"
    /// A fresh random value per request (16–64 characters of `0-9a-f`); never accepted twice.
    public static let nonce = "Loket-Nonce"
    /// The Ed25519 signature of ``RequestSignature/message``, base64.
    public static let signature = "Loket-Signature"
    /// On a pull: the cursor to ask from next time.
    public static let cursor = "Loket-Cursor"
    /// On a pull or a snapshot page: `1` when there is more to fetch now, `0` when caught up.
    public static let more = "Loket-More"
    /// On a snapshot page: the hub cursor the snapshot stands for; pull from there afterwards.
    public static let horizon = "Loket-Horizon"
    /// Pull and snapshot answers: the identity of the hub's log. It changes when the hub
    /// is restored from a backup (`loket hub restored`); a terminal that sees it change
    /// sends its own changes again and pulls from the start (docs/PROTOCOL.md, "Restore").
    public static let logEpoch = "Loket-Log-Epoch"
    /// On a snapshot page: the key to ask for the next page with (`after=`), when there is one.
    public static let next = "Loket-Next"
    /// On every answer of the hub, errors included: its clock, Unix milliseconds. A terminal
    /// learns from it how far its own clock is off, signs its requests with the hub's time
    /// and stamps its writes with it (docs/PROTOCOL.md, "Clocks").
    public static let hubTime = "Loket-Hub-Time"
    /// On a request: the highest binary changeset version the terminal reads. The hub
    /// writes pull and snapshot answers in that version, or the highest it knows if lower;
    /// without it, in version 1 (docs/PROTOCOL.md, "Binary form").
    public static let changesetVersion = "Loket-Changeset-Version"
    /// On a pull: `segments` asks for the answer as the log's rows with their origins'
    /// signatures (``SegmentPage``); without it, one changeset (older terminals).
    public static let pullForm = "Loket-Pull-Form"
    /// On a pull in segments: the last cursor of the rows the hub stored before it took
    /// signed pushes; only those may come without their origin's signature.
    public static let signedFrom = "Loket-Signed-From"

    /// A binary changeset (docs/PROTOCOL.md, "Binary changeset").
    public static let changesetMediaType = "application/vnd.loket.changeset"
    /// A batch of outbox entries, each a binary changeset with its sequence number.
    public static let outboxMediaType = "application/vnd.loket.outbox"
    /// A pull answer in segments (``SegmentPage``).
    public static let segmentsMediaType = "application/vnd.loket.segments"
    /// Errors: `{"error": code, "message": text}`.
    public static let jsonMediaType = "application/json"
}
