import Synchronization
import Testing

import ClinvalCore

/// Shared state for the tasks of a test.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}

@Suite struct AsyncSlotsTests {
    @Test func neverMoreHoldersThanSlotsAndEveryWaiterRuns() async throws {
        let slots = AsyncSlots(count: 3)
        let holders = Shared((now: 0, peak: 0, done: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    try await slots.withSlot {
                        holders.value.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                        try await Task.sleep(nanoseconds: 200_000)
                        holders.value.withLock { $0.now -= 1; $0.done += 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = holders.value.withLock { $0 }
        #expect(final.done == 60)
        #expect(final.peak == 3)
        #expect(final.now == 0)
    }

    @Test func waitersAreServedInTheOrderTheyAsked() async throws {
        let slots = AsyncSlots(count: 1)
        try await slots.acquire()
        let order = Shared<[Int]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for number in 0..<5 {
                group.addTask {
                    try await slots.acquire()
                    order.value.withLock { $0.append(number) }
                    slots.release()
                }
                // Let each waiter queue before the next one asks.
                try await Task.sleep(nanoseconds: 20_000_000)
            }
            slots.release()
            try await group.waitForAll()
        }
        #expect(order.value.withLock { $0 } == [0, 1, 2, 3, 4])
    }

    @Test func aSlotGivenBackWithoutWaitersIsFreeAgain() async throws {
        let slots = AsyncSlots(count: 0)  // at least one slot
        try await slots.acquire()
        slots.release()
        try await slots.acquire()
        slots.release()
    }

    @Test func aCancelledWaiterLeavesTheLineAndTheSlotGoesToTheNext() async throws {
        let slots = AsyncSlots(count: 1)
        try await slots.acquire()
        let cancelled = Task { try await slots.acquire() }
        try await Task.sleep(nanoseconds: 20_000_000)
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        let next = Task { try await slots.acquire() }
        try await Task.sleep(nanoseconds: 20_000_000)
        slots.release()
        try await next.value  // served, not left behind the cancelled waiter
        #expect(!slots.tryAcquire())
        slots.release()
        #expect(slots.tryAcquire())
        slots.release()
    }
}
