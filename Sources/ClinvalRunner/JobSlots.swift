import Foundation

/// A counting semaphore for tasks: at most `count` holders at once, the others wait (without
/// blocking a thread) in the order they asked.
///
/// The runner checks, answers and commits each batch holding a slot, so that `--jobs N` bounds
/// the batches being worked on to N while one more waits ready to take the next free slot at
/// once; a slot of one serves as the lock that lets one commit run at a time.
final class JobSlots: @unchecked Sendable {
    // `lock` guards `available` and `waiters`.
    private let lock = NSLock()
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// Creates `count` slots (at least 1).
    init(count: Int) {
        available = max(1, count)
    }

    /// Waits for a free slot and takes it. Pair every call with one ``release()``.
    func acquire() async {
        if takeFreeSlot() { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // A slot may have been released since the first look: take it, or wait in line.
            if takeFreeSlot(orQueue: continuation) { continuation.resume() }
        }
    }

    /// Takes a slot if one is free, without waiting.
    ///
    /// - Returns: whether a slot was taken (then pair it with one ``release()``).
    func tryAcquire() -> Bool {
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
    func release() {
        let next: CheckedContinuation<Void, Never>? = lock.withLock {
            if !waiters.isEmpty { return waiters.removeFirst() }
            available += 1
            return nil
        }
        next?.resume()
    }

    /// Runs `work` holding a slot.
    func withSlot<T: Sendable>(_ work: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await work()
    }
}
