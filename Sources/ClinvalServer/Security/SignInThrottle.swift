import Foundation

/// The progressive delay after failed sign-ins (docs/review-server.md), per account and per
/// address, in memory. There is no permanent lockout: after a few free failures, each further
/// attempt must wait twice as long as the last, up to ``maximumDelay``, counted from the latest
/// failure; an attempt that comes too early is refused without its password being checked, and
/// the sign-in page says only the one generic error. A success clears the account's count (not
/// the address's, so one valid account does not reset the guessing of others); counts are
/// forgotten after ``forgetAfter`` without a failure.
public actor SignInThrottle {
    /// Failures allowed before the delay starts, per account and per address.
    public struct Limits: Sendable, Hashable {
        /// Free failures per account.
        public var perAccount: Int
        /// Free failures per address (higher: a clinic may share one address).
        public var perAddress: Int

        /// Creates limits.
        public init(perAccount: Int = 3, perAddress: Int = 10) {
            self.perAccount = perAccount
            self.perAddress = perAddress
        }
    }

    private struct Record {
        var failures: Int
        var lastFailure: Date
    }

    /// The free failures.
    public let limits: Limits
    /// The first delay.
    public let baseDelay: TimeInterval
    /// The longest delay.
    public let maximumDelay: TimeInterval
    /// How long a count is kept after its latest failure.
    public let forgetAfter: TimeInterval
    private let now: @Sendable () -> Date
    private var accounts: [String: Record] = [:]
    private var addresses: [String: Record] = [:]

    /// Creates a throttle with no failures.
    public init(
        limits: Limits = Limits(), baseDelay: TimeInterval = 1, maximumDelay: TimeInterval = 60,
        forgetAfter: TimeInterval = 3600, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.limits = limits
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.forgetAfter = forgetAfter
        self.now = now
    }

    /// How long an attempt for an account from an address must still wait; zero when it may go on.
    public func wait(account: String, address: String) -> TimeInterval {
        let at = now()
        let account = remaining(accounts[Self.key(account)], free: limits.perAccount, at: at)
        let address = remaining(addresses[address], free: limits.perAddress, at: at)
        return max(account, address)
    }

    /// Counts a failed attempt.
    public func failed(account: String, address: String) {
        let at = now()
        if accounts.count + addresses.count > 20_000 { forgetOld(at: at) }
        for (key, isAccount) in [(Self.key(account), true), (address, false)] {
            var record = (isAccount ? accounts[key] : addresses[key]) ?? Record(failures: 0, lastFailure: at)
            if at.timeIntervalSince(record.lastFailure) > forgetAfter { record.failures = 0 }
            record.failures += 1
            record.lastFailure = at
            if isAccount { accounts[key] = record } else { addresses[key] = record }
        }
    }

    /// Clears an account's count after a successful sign-in.
    public func succeeded(account: String) {
        accounts[Self.key(account)] = nil
    }

    /// The delay after `failures` failures, `free` of them without one.
    func delay(failures: Int, free: Int) -> TimeInterval {
        guard failures >= free else { return 0 }
        let doublings = min(failures - free, 30)
        return min(baseDelay * pow(2, Double(doublings)), maximumDelay)
    }

    private func remaining(_ record: Record?, free: Int, at: Date) -> TimeInterval {
        guard let record, at.timeIntervalSince(record.lastFailure) <= forgetAfter else { return 0 }
        return max(0, delay(failures: record.failures, free: free) - at.timeIntervalSince(record.lastFailure))
    }

    private func forgetOld(at: Date) {
        accounts = accounts.filter { at.timeIntervalSince($0.value.lastFailure) <= forgetAfter }
        addresses = addresses.filter { at.timeIntervalSince($0.value.lastFailure) <= forgetAfter }
    }

    /// Accounts are counted by their name without regard to case (the store compares ASCII case
    /// alike, so this never counts two of its names apart).
    private static func key(_ account: String) -> String {
        String(account.trimmingCharacters(in: .whitespaces).lowercased().prefix(200))
    }
}
