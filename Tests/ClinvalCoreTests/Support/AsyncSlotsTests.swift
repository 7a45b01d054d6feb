import Synchronization
import Testing

import ClinvalCore

/// Shared state for the tasks of a test.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}

@Suite struct AsyncSlotsTests {
    @Test func neverMoreHoldersThanSlotsAndEveryWaiterRuns() async {
        let slots = AsyncSlots(count: 3)
        let holders = Shared((now: 0, peak: 0, done: 0))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<60 {
                group.addTask {
                    await slots.withSlot {
                        holders.value.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
                        try? await Task.sleep(nanoseconds: 200_000)
                        holders.value.withLock { $0.now -= 1; $0.done += 1 }
                    }
                }
            }
        }
        let final = holders.value.withLock { $0 }
        #expect(final.done == 60)
        #expect(final.peak == 3)
        #expect(final.now == 0)
    }

    @Test func waitersAreServedInTheOrderTheyAsked() async {
        let slots = AsyncSlots(count: 1)
        await slots.acquire()
        let order = Shared<[Int]>([])
        await withTaskGroup(of: Void.self) { group in
            for number in 0..<5 {
                group.addTask {
                    await slots.acquire()
                    order.value.withLock { $0.append(number) }
                    slots.release()
                }
                // Let each waiter queue before the next one asks.
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
            slots.release()
        }
        #expect(order.value.withLock { $0 } == [0, 1, 2, 3, 4])
    }

    @Test func aSlotGivenBackWithoutWaitersIsFreeAgain() async {
        let slots = AsyncSlots(count: 0)  // at least one slot
        await slots.acquire()
        slots.release()
        await slots.acquire()
        slots.release()
    }
}
