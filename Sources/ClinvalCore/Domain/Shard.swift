/// Which part of the vignettes a shard runs (`--shard K/N`): a stable subset chosen by a hash of
/// the bank id and vignette id, so that shards `1/N` … `N/N` partition every bank exactly, on
/// every machine, whatever order the vignettes come in. The runner selects its vignettes with it
/// and the store keeps it (`runs.shard_index`, `runs.shard_count`).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// This shard's 1-based index.
    public let index: Int
    /// How many shards there are.
    public let count: Int

    /// Creates a shard, K of N; `nil` unless `1 ≤ index ≤ count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (1...count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `K/N`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    /// Whether the vignette belongs to this shard.
    public func contains(casebankID: String, vignetteID: String) -> Bool {
        Int(Self.hash(casebankID: casebankID, vignetteID: vignetteID) % UInt64(count)) + 1 == index
    }

    /// FNV-1a (64-bit) over the UTF-8 bytes of `<bank id>/<vignette id>`.
    public static func hash(casebankID: String, vignetteID: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        for byte in casebankID.utf8 { add(byte) }
        add(UInt8(ascii: "/"))
        for byte in vignetteID.utf8 { add(byte) }
        return hash
    }
}
