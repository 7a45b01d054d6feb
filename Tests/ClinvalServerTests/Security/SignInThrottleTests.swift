import Foundation
import Synchronization
import Testing

@testable import ClinvalServer

/// A clock the tests move by hand.
final class TestClock: Sendable {
    private let seconds = Mutex<TimeInterval>(1_796_206_500)

    var now: @Sendable () -> Date { { [self] in Date(timeIntervalSince1970: seconds.withLock { $0 }) } }

    func advance(_ interval: TimeInterval) { seconds.withLock { $0 += interval } }
}

/// The progressive delay after failed sign-ins, per account and per address, with no lockout.
@Suite struct SignInThrottleTests {
    @Test func theDelayDoublesAfterTheFreeFailuresUpToTheMaximumAndThenPasses() async {
        let clock = TestClock()
        let throttle = SignInThrottle(
            limits: .init(perAccount: 3, perAddress: 100), baseDelay: 1, maximumDelay: 8, now: clock.now)
        for _ in 0..<2 { await throttle.failed(account: "ada", address: "10.0.0.1") }
        #expect(await throttle.wait(account: "ada", address: "10.0.0.1") == 0)
        await throttle.failed(account: "ada", address: "10.0.0.1")
        #expect(await throttle.wait(account: "ADA", address: "10.0.0.2") == 1)
        await throttle.failed(account: "ada", address: "10.0.0.1")
        #expect(await throttle.wait(account: "ada", address: "10.0.0.2") == 2)
        for _ in 0..<10 { await throttle.failed(account: "ada", address: "10.0.0.1") }
        #expect(await throttle.wait(account: "ada", address: "10.0.0.2") == 8)
        clock.advance(5)
        #expect(await throttle.wait(account: "ada", address: "10.0.0.2") == 3)
        clock.advance(3)
        #expect(await throttle.wait(account: "ada", address: "10.0.0.2") == 0)
        #expect(await throttle.wait(account: "bo", address: "10.0.0.2") == 0)
        await throttle.succeeded(account: "ada")
        await throttle.failed(account: "ada", address: "10.0.0.3")
        #expect(await throttle.wait(account: "ada", address: "10.0.0.4") == 0)
    }

    @Test func anAddressIsSlowedWhateverAccountItTries() async {
        let clock = TestClock()
        let throttle = SignInThrottle(limits: .init(perAccount: 100, perAddress: 4), baseDelay: 2, now: clock.now)
        for index in 0..<4 { await throttle.failed(account: "user\(index)", address: "10.0.0.9") }
        #expect(await throttle.wait(account: "someone-else", address: "10.0.0.9") == 2)
        #expect(await throttle.wait(account: "someone-else", address: "10.0.0.8") == 0)
        await throttle.succeeded(account: "someone-else")
        #expect(await throttle.wait(account: "user0", address: "10.0.0.9") == 2)
    }

    @Test func countsAreForgottenAfterAnHourWithoutFailure() async {
        let clock = TestClock()
        let throttle = SignInThrottle(limits: .init(perAccount: 1, perAddress: 1), baseDelay: 1, now: clock.now)
        for _ in 0..<5 { await throttle.failed(account: "ada", address: "a") }
        clock.advance(3601)
        #expect(await throttle.wait(account: "ada", address: "a") == 0)
        await throttle.failed(account: "ada", address: "a")
        #expect(await throttle.wait(account: "ada", address: "a") == 1)
    }
}

/// Sessions: random tokens, expiry when idle and at the latest after the absolute limit.
@Suite struct SessionStoreTests {
    @Test func aSessionExpiresWhenIdleAndAtTheAbsoluteLimit() async {
        let clock = TestClock()
        let store = SessionStore(idleTimeout: 60, absoluteTimeout: 150, now: clock.now)
        let session = await store.begin(userID: 7)
        #expect(session.token.count == 43 && session.csrfToken.count == 43 && session.token != session.csrfToken)
        clock.advance(59)
        #expect(await store.session(token: session.token)?.userID == 7)
        clock.advance(59)
        #expect(await store.session(token: session.token) != nil)
        clock.advance(61)
        #expect(await store.session(token: session.token) == nil)
        let other = await store.begin(userID: nil)
        for _ in 0..<2 {
            clock.advance(50)
            #expect(await store.session(token: other.token) != nil)
        }
        // Used every 50 seconds, it still ends 150 seconds after it began.
        clock.advance(50)
        #expect(await store.session(token: other.token) == nil)
        #expect(await store.session(token: "forged") == nil)
    }

    @Test func endingASessionForgetsItAndTokensCompareExactly() async {
        let store = SessionStore()
        let session = await store.begin(userID: nil)
        await store.end(token: session.token)
        #expect(await store.session(token: session.token) == nil)
        #expect(SessionStore.same("abc", "abc") && !SessionStore.same("abc", "abd") && !SessionStore.same("abc", "ab"))
    }

    @Test func pastCapacityTheOldestAnonymousSessionsGo() async {
        let clock = TestClock()
        let store = SessionStore(capacity: 3, now: clock.now)
        let signedIn = await store.begin(userID: 1)
        clock.advance(1)
        let first = await store.begin(userID: nil)
        clock.advance(1)
        _ = await store.begin(userID: nil)
        clock.advance(1)
        _ = await store.begin(userID: nil)
        #expect(await store.count == 3)
        #expect(await store.session(token: signedIn.token) != nil)
        #expect(await store.session(token: first.token) == nil)
    }
}
