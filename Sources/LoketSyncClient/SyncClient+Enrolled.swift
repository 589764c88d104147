public import Logging
public import LoketProtocol
public import LoketStore
public import LoketSync

extension SyncClient {
    /// Orders a code with the admin key (at `orderAt`, by default `hub`) and redeems it on
    /// `replica` at `hub` in one go — for a terminal its admin sets up on the spot (the hub
    /// benchmark, tests) — and returns the client of the enrolled replica.
    public static func enrolled(
        replica: Replica, hub: String, orderAt: String? = nil, adminKey: SigningKeyFile, order: EnrolmentOrder,
        configuration: SyncConfiguration, clock: any WallClock, logger: Logger
    ) async throws -> SyncClient {
        let admin = try AdminClient(hub: orderAt ?? hub, key: adminKey, configuration: configuration, clock: clock)
        do {
            let client = try await enrolled(
                replica: replica, hub: hub, admin: admin, order: order, configuration: configuration, clock: clock,
                logger: logger)
            try await admin.shutdown()
            return client
        } catch {
            try? await admin.shutdown()
            throw error
        }
    }

    /// The same with an admin client the caller keeps (many terminals in a row).
    public static func enrolled(
        replica: Replica, hub: String, admin: AdminClient, order: EnrolmentOrder, configuration: SyncConfiguration,
        clock: any WallClock, logger: Logger
    ) async throws -> SyncClient {
        let ticket = try await admin.order(order)
        _ = try await enrol(
            replica: replica, hub: hub, code: ticket.pinnedCode, configuration: configuration, clock: clock,
            logger: logger)
        return try SyncClient(replica: replica, configuration: configuration, clock: clock, logger: logger)
    }
}
