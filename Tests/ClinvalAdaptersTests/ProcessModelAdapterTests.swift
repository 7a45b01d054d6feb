import ClinvalCore
import Foundation
import Logging
import Testing
import _ClinvalTestSupport

@testable import ClinvalAdapters

/// The process adapter against real child processes: the fault-injecting model in
/// `Tests/Fixtures/adapters/fault_model.py` chooses a fault by the vignette id's prefix.
///
/// Serialized, and with a startup grace well above the timeout, so that Python interpreters
/// starting at once on a small machine are not taken for hung workers.
@Suite(.serialized) struct ProcessModelAdapterTests {
    static let levels: [TriageLevel] = [.selfCare, .routine, .urgent, .emergency]

    static func configuration(
        _ flags: [String] = [], workers: Int = 2, timeout: Double = 0.5, directory: String? = nil,
        command: [String]? = nil, environment: [String: String]? = nil
    ) -> ProcessModelConfiguration {
        ProcessModelConfiguration(
            command: command ?? (["python3", "fault_model.py"] + flags),
            workingDirectory: directory ?? PackagePaths.fixture("adapters"), workers: workers,
            timeoutSeconds: timeout, environment: environment, startupGraceSeconds: 3)
    }

    static func adapter(_ configuration: ProcessModelConfiguration) -> ProcessModelAdapter {
        ProcessModelAdapter(
            configuration: configuration, logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// A request for vignette `name` of bank `t`, with evidence derived from `index`.
    static func request(_ name: String, _ index: Int) -> ModelRequest {
        ModelRequest(
            casebankID: "t", vignetteID: name, age: index % 121, sex: index % 2 == 0 ? .male : .female,
            present: (0..<(index % 4)).map { "E_\(index + $0)" }, absent: (0..<(index % 3)).map { "N_\($0)" })
    }

    /// What the fault model answers for a request without a fault.
    static func expected(_ request: ModelRequest) -> ModelAnswer {
        var differential = request.present.enumerated().map { offset, code in
            RankedCondition(condition: "c-" + code, probability: 1 / Double(1 << (offset + 1)))
        }
        differential.append(RankedCondition(condition: "age-\(request.age)", probability: Double(request.age) / 128))
        differential.append(RankedCondition(condition: "absent", probability: Double(request.absent.count) / 16))
        let triage = levels[(request.age + (request.sex == .female ? 1 : 0)) % 4]
        return .ok(differential: differential, triage: triage, latencyMs: 0)
    }

    /// Whether an answer equals the expected one, latency aside.
    static func matches(_ answer: ModelAnswer, _ expected: ModelAnswer) -> Bool {
        var answer = answer
        answer.latencyMs = 0
        return answer == expected
    }

    /// Whether a process is gone or at least not a zombie left unreaped.
    static func isReaped(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // The state follows the command name in parentheses.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).prefix(1)
        return state != "Z"
    }

    /// Whether a process exists (a zombie does too).
    static func exists(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0
    }

    // MARK: Normal answers

    @Test func answersEveryRequestInRequestOrder() async throws {
        let adapter = Self.adapter(Self.configuration())
        try await adapter.start()
        let requests = (0..<200).map { Self.request("ok-\($0)", $0) }
        let answers = try await adapter.evaluate(requests)
        await adapter.shutdown()
        #expect(answers.count == 200)
        for (request, answer) in zip(requests, answers) {
            #expect(Self.matches(answer, Self.expected(request)), "\(request.id)")
        }
        #expect(adapter.statistics.workersBroken == 0)
    }

    @Test func matchesResponsesWrittenOutOfOrderByID() async throws {
        let adapter = Self.adapter(Self.configuration(["--reverse"], workers: 1))
        let requests = (0..<300).map { Self.request("ok-\($0)", $0) }
        let answers = try await adapter.evaluate(requests)
        await adapter.shutdown()
        for (request, answer) in zip(requests, answers) {
            #expect(Self.matches(answer, Self.expected(request)), "\(request.id)")
        }
        #expect(adapter.statistics.workersBroken == 0)
    }

    @Test func ranksTheReturnedDifferentialItself() async throws {
        let adapter = Self.adapter(Self.configuration(workers: 1))
        let answers = try await adapter.evaluate([Self.request("tie-1", 1)])
        await adapter.shutdown()
        #expect(answers.first?.differential.map(\.condition) == ["mid", "alpha", "zeta"])
        #expect(answers.first?.differential.map(\.probability) == [0.5, 0.25, 0.25])
    }

    @Test func servesConcurrentEvaluateCalls() async throws {
        let adapter = Self.adapter(Self.configuration())
        try await adapter.start()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for batch in 0..<4 {
                group.addTask {
                    let requests = (0..<100).map { Self.request("ok-\(batch)-\($0)", batch * 100 + $0) }
                    let answers = try await adapter.evaluate(requests)
                    for (request, answer) in zip(requests, answers) {
                        #expect(Self.matches(answer, Self.expected(request)), "\(request.id)")
                    }
                }
            }
            try await group.waitForAll()
        }
        await adapter.shutdown()
    }

    @Test func slowAnswersQueuedBehindEachOtherDoNotTimeOut() async throws {
        // Three answers of 0.2 s each on one worker take 0.6 s in all, over the 0.5 s timeout,
        // but each arrives within 0.5 s of the one before.
        let adapter = Self.adapter(Self.configuration(workers: 1))
        _ = try await adapter.evaluate([Self.request("ok-0", 0)])
        let requests = (1...3).map { Self.request("slow-\($0)", $0) }
        let answers = try await adapter.evaluate(requests)
        await adapter.shutdown()
        #expect(answers.map(\.status) == [.ok, .ok, .ok])
        #expect(answers.allSatisfy { $0.latencyMs >= 150 && $0.latencyMs < 450 }, "\(answers.map(\.latencyMs))")
    }

    // MARK: Faults

    @Test func eachFaultIsRecordedOnExactlyItsVignette() async throws {
        let faults: [Int: String] = [
            17: "crash", 42: "hang", 77: "garbage", 90: "noid", 101: "wrongid", 120: "prob15", 130: "nan",
            140: "badtriage", 150: "repeat", 160: "error",
        ]
        let requests = (0..<200).map { index in Self.request("\(faults[index] ?? "ok")-\(index)", index) }
        let adapter = Self.adapter(Self.configuration())
        try await adapter.start()
        let answers = try await adapter.evaluate(requests)
        let spawned = adapter.workerProcessIDs
        #expect(spawned.allSatisfy(Self.isReaped))
        await adapter.shutdown()

        let restarted = "; its worker was restarted"
        let expectedFaults: [Int: ModelAnswer.Status] = [
            17: .error("the model crashed on this vignette (the worker exited with status 3)"),
            42: .timeout("no answer within 0.5 s"),
            77: .error(
                "the model wrote a line that is not JSON (column 1: expected a JSON value, found 't') in answer to this vignette"
                    + restarted),
            90: .error("the model wrote a response without an \"id\" in answer to this vignette" + restarted),
            101: .error(
                "the model wrote a response for an unknown id \"nobody/asked\" in answer to this vignette" + restarted),
            120: .error("malformed response: differential[0].probability: 1.5 is outside [0, 1]"),
            130: .error("malformed response: differential[0].probability: NaN is not a finite number"),
            140: .error(
                "malformed response: triage: expected one of emergency, urgent, routine, self_care, found \"urgnt\""),
            150: .error("malformed response: differential[4].condition: \"c-E_150\" is repeated"),
            160: .error("model error: \"cannot handle this vignette\""),
        ]
        for (index, (request, answer)) in zip(requests, answers).enumerated() {
            if let status = expectedFaults[index] {
                #expect(answer.status == status, "\(request.id)")
                #expect(answer.differential.isEmpty && answer.triage == nil, "\(request.id)")
            } else {
                #expect(Self.matches(answer, Self.expected(request)), "\(request.id)")
            }
        }
        // The crash, the hang and the three untied lines each broke a worker, once in the
        // pipeline and again in isolation (the untied lines only if other requests were in flight).
        let statistics = adapter.statistics
        #expect(statistics.workersBroken >= 5)
        #expect(statistics.workersStarted == statistics.workersBroken + 2)
    }

    @Test func vignetteThatCrashesAWorkerAloneIsChargedOnceWithoutRetry() async throws {
        let adapter = Self.adapter(Self.configuration(workers: 1))
        let answers = try await adapter.evaluate([Self.request("crash-1", 1)])
        let after = try await adapter.evaluate([Self.request("ok-2", 2)])
        await adapter.shutdown()
        #expect(
            answers.map(\.status) == [.error("the model crashed on this vignette (the worker exited with status 3)")])
        #expect(after.map(\.status) == [.ok])
        #expect(adapter.statistics.workersBroken == 1)
        #expect(adapter.statistics.workersStarted == 2)
    }

    @Test func crashedAndKilledWorkersAreReapedAndShutdownLeavesNoProcess() async throws {
        let adapter = Self.adapter(Self.configuration())
        let requests =
            [Self.request("crash-1", 1), Self.request("garbage-2", 2)] + (3..<40).map { Self.request("ok-\($0)", $0) }
        _ = try await adapter.evaluate(requests)
        let spawned = adapter.workerProcessIDs
        #expect(spawned.count >= 4)
        #expect(spawned.allSatisfy(Self.isReaped))
        await adapter.shutdown()
        #expect(!adapter.workerProcessIDs.contains(where: Self.exists))
    }

    // MARK: Starting

    @Test func commandNotFoundIsAClearStartError() async {
        let adapter = Self.adapter(Self.configuration(command: ["no-such-model-command"]))
        await #expect(throws: ModelUnavailableError("command not found: \"no-such-model-command\" (searched PATH)")) {
            try await adapter.start()
        }
        await adapter.shutdown()
    }

    @Test func missingWorkingDirectoryIsAClearStartError() async {
        let adapter = Self.adapter(Self.configuration(directory: "/nonexistent/clinval-model"))
        await #expect(
            throws: ModelUnavailableError(
                "the model's working directory does not exist: \"/nonexistent/clinval-model\"")
        ) {
            try await adapter.start()
        }
        await adapter.shutdown()
    }

    @Test func modelThatExitsAtStartIsUnavailableWithItsStandardError() async throws {
        let adapter = Self.adapter(Self.configuration(["--exit-at-start"]))
        try await adapter.start()
        let requests = (0..<1000).map { Self.request("ok-\($0)", $0) }
        let started = ContinuousClock.now
        let thrown = await #expect(throws: ModelUnavailableError.self) {
            try await adapter.evaluate(requests)
        }
        let error = try #require(thrown)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(
            error.message
                == "the model could not be started: 4 worker processes in a row ended without answering anything (last: the worker exited with status 1)"
        )
        #expect(error.stderrTail == "fatal: cannot load the model weights")
        // Later calls fail at once with the same error.
        await #expect(throws: error) { try await adapter.evaluate([Self.request("ok-1", 1)]) }
        await adapter.shutdown()
        #expect(!adapter.workerProcessIDs.contains(where: Self.exists))
    }

    @Test func modelThatHangsAtStartIsUnavailable() async throws {
        var configuration = Self.configuration(["--hang-at-start"], timeout: 0.2)
        configuration.startupGraceSeconds = 0.1
        let adapter = Self.adapter(configuration)
        let thrown = await #expect(throws: ModelUnavailableError.self) {
            try await adapter.evaluate((0..<100).map { Self.request("ok-\($0)", $0) })
        }
        #expect(
            thrown?.message
                == "the model could not be started: 4 worker processes in a row ended without answering anything (last: no answer within 0.2 s)"
        )
        await adapter.shutdown()
        #expect(!adapter.workerProcessIDs.contains(where: Self.exists))
    }

    @Test func argumentsArePassedLiterallyWithoutAShell() async throws {
        let folder = TemporaryDirectory()
        let source = try String(contentsOfFile: PackagePaths.fixture("adapters/fault_model.py"), encoding: .utf8)
        let program = folder.write("fault_model.py", source)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program)
        let hostile = ["; touch pwned-1", "$(touch pwned-2)", "`touch pwned-3`", "a b > pwned-4", "*"]
        let adapter = Self.adapter(
            Self.configuration(
                directory: folder.path, command: ["./fault_model.py", "--argv-out", "argv.json"] + hostile,
                environment: [
                    "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "CLINVAL_TEST_MARK": "m1",
                ]))
        let answers = try await adapter.evaluate([Self.request("ok-1", 1)])
        await adapter.shutdown()
        #expect(answers.map(\.status) == [.ok])
        let written = try #require(FileManager.default.contents(atPath: folder.file("argv.json")))
        let record = try #require(try JSONSerialization.jsonObject(with: written) as? [String: Any])
        #expect(record["argv"] as? [String] == ["--argv-out", "argv.json"] + hostile)
        #expect(
            (record["cwd"] as? String).map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path)
        #expect(record["mark"] as? String == "m1")
        #if os(Linux)
            // Standard input, output and error, and the descriptor that listed them: nothing leaked.
            #expect(record["fds"] as? [Int] == [0, 1, 2, 3])
        #endif
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names.filter { $0.hasPrefix("pwned") }.isEmpty)
    }

    // MARK: Cancellation and shutdown

    @Test func cancellingACallThrowsAndLeavesTheAdapterUsable() async throws {
        let adapter = Self.adapter(Self.configuration(workers: 1, timeout: 2))
        try await adapter.start()
        let task = Task {
            try await adapter.evaluate((0..<4).map { Self.request("slow-\($0)", $0) })
        }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        let request = Self.request("ok-5", 5)
        let answers = try await adapter.evaluate([request])
        await adapter.shutdown()
        #expect(answers.count == 1)
        #expect(answers.first.map { Self.matches($0, Self.expected(request)) } == true)
        #expect(adapter.statistics.workersBroken == 0)
    }

    @Test func evaluateAfterShutdownThrowsCancellation() async throws {
        let adapter = Self.adapter(Self.configuration(workers: 1))
        try await adapter.start()
        await adapter.shutdown()
        await adapter.shutdown()
        await #expect(throws: CancellationError.self) { try await adapter.evaluate([Self.request("ok-1", 1)]) }
    }

    @Test func requestWhoseIDIsAlreadyInFlightIsAnError() async throws {
        let adapter = Self.adapter(Self.configuration(workers: 1))
        let request = Self.request("ok-1", 1)
        let answers = try await adapter.evaluate([request, request])
        await adapter.shutdown()
        #expect(answers.first.map { Self.matches($0, Self.expected(request)) } == true)
        #expect(answers.last?.status == .error("request id \"t/ok-1\" is already in flight"))
    }

    @Test func shutdownWithoutStartIsHarmless() async throws {
        let adapter = Self.adapter(Self.configuration(workers: 1))
        await adapter.shutdown()
        #expect(adapter.workerProcessIDs.isEmpty)
        await #expect(throws: CancellationError.self) { try await adapter.evaluate([Self.request("ok-1", 1)]) }
    }

    @Test func emptyEvaluateReturnsNoAnswers() async throws {
        let adapter = Self.adapter(Self.configuration(workers: 1))
        let answers = try await adapter.evaluate([])
        await adapter.shutdown()
        #expect(answers.isEmpty)
    }
}
