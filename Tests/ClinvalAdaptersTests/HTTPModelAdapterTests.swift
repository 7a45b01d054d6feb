import ClinvalCore
import Foundation
import Logging
import Testing
import _ClinvalTestSupport

@testable import ClinvalAdapters

/// The HTTP adapter against a real HTTP server on loopback: the fault-injecting model in
/// `Tests/Fixtures/adapters/http_model.py` chooses a fault by the vignette id's prefix and
/// answers the others as the process fault model does.
@Suite(.serialized) struct HTTPModelAdapterTests {
    static let script = PackagePaths.fixture("adapters/http_model.py")

    static func adapter(
        _ server: LoopbackServer, concurrency: Int = 4, timeout: Double = 5, retries: Int = 2,
        headers: [HTTPModelConfiguration.Header] = [], path: String = "/predict?key=do-not-print",
        maxFailuresBeforeFirstAnswer: Int = 4
    ) -> HTTPModelAdapter {
        HTTPModelAdapter(
            configuration: HTTPModelConfiguration(
                url: server.url(path), concurrency: concurrency, timeoutSeconds: timeout, retries: retries,
                headers: headers, retryDelaySeconds: 0.05, maxFailuresBeforeFirstAnswer: maxFailuresBeforeFirstAnswer),
            logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    static func request(_ name: String, _ index: Int) -> ModelRequest {
        ProcessModelAdapterTests.request(name, index)
    }

    static func matches(_ answer: ModelAnswer, _ request: ModelRequest) -> Bool {
        ProcessModelAdapterTests.matches(answer, ProcessModelAdapterTests.expected(request))
    }

    static func message(_ answer: ModelAnswer) -> String? {
        answer.status.message
    }

    @Test func answersEveryVignetteInOrderWithAtMostTheConcurrencyInFlight() async throws {
        let server = try LoopbackServer(script: Self.script)
        defer { server.stop() }
        let adapter = Self.adapter(server, concurrency: 3)
        try await adapter.start()
        let requests = (0..<40).map { Self.request("v-\($0)", $0) }
        // Two calls at once, as two runner jobs make them: the limit holds over both.
        async let first = adapter.evaluate(Array(requests[0..<20]))
        async let second = adapter.evaluate(Array(requests[20...]))
        let answers = try await first + second
        await adapter.shutdown()
        #expect(answers.count == 40)
        for (request, answer) in zip(requests, answers) {
            #expect(Self.matches(answer, request), "\(request.id)")
            #expect(answer.latencyMs > 0)
        }
        let stats = try server.json("/stats")
        #expect(stats["requests"] as? Int == 40)
        #expect((stats["max_in_flight"] as? Int ?? 99) <= 3)
        #expect((stats["max_in_flight"] as? Int ?? 0) >= 2)
        #expect(stats["content_types"] as? [String] == ["application/json"])
    }

    @Test func eachFaultIsRecordedOnItsOwnVignette() async throws {
        let server = try LoopbackServer(script: Self.script)
        defer { server.stop() }
        let adapter = Self.adapter(server, timeout: 0.5, retries: 1)
        // The first answer shows the model at work; the faults after it are each vignette's own.
        #expect(Self.matches(try await adapter.evaluate([Self.request("ok-0", 2)])[0], Self.request("ok-0", 2)))
        let names = [
            "ok-1", "error-1", "badtriage-1", "garbage-1", "otherid-1", "empty-1", "flaky-1", "down-1", "reject-1",
            "slow-1", "ok-2",
        ]
        let requests = names.enumerated().map { Self.request($0.element, $0.offset + 3) }
        let answers = try await adapter.evaluate(requests)
        await adapter.shutdown()
        let byName = Dictionary(uniqueKeysWithValues: zip(names, answers))

        #expect(Self.matches(byName["ok-1"]!, requests[0]))
        #expect(Self.matches(byName["ok-2"]!, requests[10]))
        // A 503 once, then an answer: retried, and the answer counts.
        #expect(Self.matches(byName["flaky-1"]!, requests[6]))
        #expect(Self.message(byName["error-1"]!) == #"model error: "cannot assess this case""#)
        #expect(Self.message(byName["badtriage-1"]!)?.hasPrefix("malformed response: triage: expected one of") == true)
        #expect(Self.message(byName["garbage-1"]!)?.hasPrefix("malformed response: a body that is not JSON") == true)
        #expect(Self.message(byName["otherid-1"]!) == "malformed response: it names another vignette's id")
        #expect(Self.message(byName["empty-1"]!) == "malformed response: an empty body")
        #expect(Self.message(byName["down-1"]!) == "the model answered HTTP 503 service unavailable (2 attempts)")
        // 422 will not pass on a retry: one attempt.
        #expect(Self.message(byName["reject-1"]!) == "the model answered HTTP 422 unprocessable entity")
        if case .timeout(let text) = byName["slow-1"]!.status {
            #expect(text == "no answer within 0.5 s (2 attempts)")
        } else {
            Issue.record("slow-1 should time out, got \(byName["slow-1"]!.status)")
        }
        let attempts = try server.json("/stats")["attempts"] as? [String: Int] ?? [:]
        #expect(attempts["t/flaky-1"] == 2)
        #expect(attempts["t/down-1"] == 2)
        #expect(attempts["t/reject-1"] == 1)
        #expect(attempts["t/ok-1"] == 1)
        #expect(attempts["t/ok-0"] == 1)
        // No message names the endpoint's query, where a key may sit.
        #expect(answers.compactMap(Self.message).allSatisfy { !$0.contains("do-not-print") })
    }

    @Test func headersFromTheEnvironmentAreSent() async throws {
        let server = try LoopbackServer(script: Self.script, arguments: ["--require-header", "X-Api-Key=s3cret"])
        defer { server.stop() }
        let header = try HTTPModelConfiguration.Header.resolve(
            name: "X-Api-Key", variable: "CHECKER_KEY", in: ["CHECKER_KEY": "s3cret"])
        let answers = try await Self.adapter(server, headers: [header]).evaluate([Self.request("v-1", 5)])
        #expect(Self.matches(answers[0], Self.request("v-1", 5)))
    }

    @Test func aMissingOrUnsafeHeaderVariableIsAClearError() {
        let missing = #expect(throws: HTTPHeaderError.self) {
            try HTTPModelConfiguration.Header.resolve(name: "Authorization", variable: "TOKEN", in: [:])
        }
        #expect(
            missing?.description
                == "header Authorization takes its value from the environment variable TOKEN, which is not set; set it before the run"
        )
        let unsafe = #expect(throws: HTTPHeaderError.self) {
            try HTTPModelConfiguration.Header.resolve(
                name: "Authorization", variable: "TOKEN", in: ["TOKEN": "abc\r\nX-Injected: 1"])
        }
        #expect(unsafe?.isSet == true)
        #expect(unsafe?.description.contains("abc") == false)
    }

    @Test func aServerThatRefusesEveryRequestMakesTheModelUnavailable() async throws {
        let server = try LoopbackServer(script: Self.script, arguments: ["--always", "401"])
        defer { server.stop() }
        let adapter = Self.adapter(server, concurrency: 2)
        let requests = (0..<30).map { Self.request("v-\($0)", $0) }
        let error = await #expect(throws: ModelUnavailableError.self) { try await adapter.evaluate(requests) }
        #expect(
            error?.message
                == "the model at http://127.0.0.1:\(server.port)/predict answered none of the first 4 vignettes: the model answered HTTP 401 unauthorized"
        )
        // Every later call fails at once too.
        await #expect(throws: ModelUnavailableError.self) { try await adapter.evaluate([requests[0]]) }
        #expect((try server.json("/stats")["requests"] as? Int ?? 99) < 30)
    }

    @Test func anEndpointWhereNothingListensIsUnavailableWithinSeconds() async throws {
        let server = try LoopbackServer(script: Self.script)
        server.stop()  // the port is now closed
        let adapter = Self.adapter(server, retries: 1)
        let started = Date()
        let error = await #expect(throws: ModelUnavailableError.self) {
            try await adapter.evaluate((0..<10).map { Self.request("v-\($0)", $0) })
        }
        #expect(error?.message.hasPrefix("the model at http://127.0.0.1:\(server.port)/predict answered none") == true)
        #expect(error?.message.contains("cannot reach the model") == true)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func failuresAfterTheFirstAnswerAreTheVignettesOwn() async throws {
        let server = try LoopbackServer(script: Self.script)
        defer { server.stop() }
        let adapter = Self.adapter(server, retries: 0, maxFailuresBeforeFirstAnswer: 1)
        let first = try await adapter.evaluate([Self.request("ok-1", 1)])
        #expect(Self.matches(first[0], Self.request("ok-1", 1)))
        // Once the model has answered, vignettes it rejects are errors, and the run goes on.
        let later = try await adapter.evaluate((0..<6).map { Self.request("reject-\($0)", $0) })
        #expect(later.allSatisfy { Self.message($0) == "the model answered HTTP 422 unprocessable entity" })
    }

    @Test func cancellingACallStopsItsRequestsPromptly() async throws {
        let server = try LoopbackServer(script: Self.script)
        defer { server.stop() }
        let adapter = Self.adapter(server, concurrency: 2, timeout: 30)
        let task = Task { try await adapter.evaluate((0..<8).map { Self.request("slow-\($0)", $0) }) }
        try await Task.sleep(nanoseconds: 200_000_000)
        let started = Date()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(Date().timeIntervalSince(started) < 1.4)
        await adapter.shutdown()
        await #expect(throws: CancellationError.self) { try await adapter.evaluate([Self.request("v-1", 1)]) }
    }
}
