import Foundation

/// A counting semaphore for tasks: at most `count` holders at once, the others wait (without
/// blocking a thread) in the order they asked.
///
/// The runner checks, answers and commits each batch holding one of `--jobs` slots, and a slot of
/// one serves as the lock that lets one commit run at a time; the HTTP model adapter bounds its
/// requests in flight with it.
///
/// ```swift
/// let slots = AsyncSlots(count: 4)
/// let answer = try await slots.withSlot { try await send(request) }
/// ```
public final class AsyncSlots: @unchecked Sendable {
    // `lock` guards `available` and `waiters`.
    private let lock = NSLock()
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates `count` slots (at least 1).
    public init(count: Int) {
        available = max(1, count)
    }

    /// Waits for a free slot and takes it. Pair every call with one ``release()``.
    public func acquire() async {
        if takeFreeSlot() { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // A slot may have been released since the first look: take it, or wait in line.
            if takeFreeSlot(orQueue: continuation) { continuation.resume() }
        }
    }

    /// Takes a slot if one is free, without waiting.
    ///
    /// - Returns: whether a slot was taken (then pair it with one ``release()``).
    public func tryAcquire() -> Bool {
        takeFreeSlot()
    }

    /// Takes a free slot if there is one; otherwise queues `waiter`, if given.
    private func takeFreeSlot(orQueue waiter: CheckedContinuation<Void, Never>? = nil) -> Bool {
        lock.withLock {
            if available > 0 {
                available -= 1
                return true
            }
            if let waiter { waiters.append(waiter) }
            return false
        }
    }

    /// Gives a slot back, to the longest waiter if there is one.
    public func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if !waiters.isEmpty { return waiters.removeFirst() }
            available += 1
            return nil
        }
        next?.resume()
    }

    /// Runs `work` holding a slot.
    public func withSlot<T: Sendable>(_ work: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await work()
    }
}
