import ClinvalCore
import Testing

@testable import ClinvalAdapters

/// The scheduler alone, without processes: effects are checked as values and time is passed in.
@Suite struct WorkerSchedulerTests {
    typealias Effect = WorkerScheduler.Effect
    typealias Ticket = WorkerScheduler.Ticket

    static func scheduler(
        workers: Int = 1, depth: Int = 64, timeout: Double = 5, startupGrace: Double = 10,
        before: Int = 4, after: Int = 20
    ) -> WorkerScheduler {
        WorkerScheduler(
            settings: .init(
                workers: workers, depth: depth, timeout: timeout, startupGrace: startupGrace,
                maxSilentWorkersBeforeFirstAnswer: before, maxSilentWorkersAfterFirstAnswer: after))
    }

    static func ids(_ count: Int) -> [String] { (0..<count).map { "t/v\($0)" } }

    static func ok(_ id: String) -> ModelResponse {
        .tied(id: id, .answer([RankedCondition(condition: "flu", probability: 0.5)], .selfCare))
    }

    /// Carries out every `stop` effect the way the I/O loop does (kill, then report the worker
    /// stopped), and returns the other effects, the reports' included, in order.
    static func settle(
        _ scheduler: inout WorkerScheduler, _ effects: [Effect], ending: String = "exited with status 1",
        now: Double = 0
    ) -> [Effect] {
        var result: [Effect] = []
        for effect in effects {
            if case .stop(let worker, _, _) = effect {
                result += settle(
                    &scheduler, scheduler.workerStopped(worker, ending: ending, stderrTail: "boom", now: now),
                    ending: ending, now: now)
            } else {
                result.append(effect)
            }
        }
        return result
    }

    static func sends(_ effects: [Effect]) -> [Ticket] {
        effects.compactMap { if case .send(_, let ticket) = $0 { ticket } else { nil } }
    }

    static func completions(_ effects: [Effect]) -> [Ticket: ModelAnswer.Status] {
        var result: [Ticket: ModelAnswer.Status] = [:]
        for case .complete(let ticket, let answer) in effects { result[ticket] = answer.status }
        return result
    }

    static func ticket(_ index: Int, job: Int = 1) -> Ticket { Ticket(job: job, index: index) }

    @Test func sendsUpToTheDepthAndMatchesResponsesInAnyOrder() {
        var s = Self.scheduler(workers: 1, depth: 2)
        s.submit(job: 1, ids: Self.ids(3))
        #expect(s.startAll(now: 0) == [.start(worker: 0)])
        #expect(s.dispatch(now: 0) == [.send(worker: 0, Self.ticket(0)), .send(worker: 0, Self.ticket(1))])
        let second = s.received(Self.ok("t/v1"), from: 0, now: 1)
        #expect(Self.completions(second) == [Self.ticket(1): .ok])
        #expect(s.dispatch(now: 1) == [.send(worker: 0, Self.ticket(2))])
        #expect(Self.completions(s.received(Self.ok("t/v2"), from: 0, now: 2)) == [Self.ticket(2): .ok])
        let first = s.received(.tied(id: "t/v0", .modelError("no idea")), from: 0, now: 3)
        #expect(Self.completions(first) == [Self.ticket(0): .error("no idea")])
        #expect(s.isWaiting(job: 1) == false)
        #expect(s.responses == 3)
    }

    @Test func latencyCountsFromTheLaterOfSendingAndTheLastAnswer() {
        var s = Self.scheduler()
        s.submit(job: 1, ids: Self.ids(2))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        guard case .complete(_, let first) = s.received(Self.ok("t/v0"), from: 0, now: 2).first,
            case .complete(_, let second) = s.received(Self.ok("t/v1"), from: 0, now: 2.5).first
        else { Issue.record("no completions"); return }
        #expect(first.latencyMs == 2000)
        #expect(second.latencyMs == 500)
    }

    @Test func unknownIDBreaksTheWorkerAndChargesNobody() {
        var s = Self.scheduler()
        s.submit(job: 1, ids: Self.ids(3))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        let effects = s.received(Self.ok("t/other"), from: 0, now: 1)
        #expect(effects == [.stop(worker: 0, reason: .garbage("a response for an unknown id \"t/other\""), inFlight: 3)])
        #expect(Self.settle(&s, effects).isEmpty)
        // The fresh worker gets the first suspect alone.
        #expect(s.dispatch(now: 1) == [.start(worker: 0), .send(worker: 0, Self.ticket(0))])
    }

    @Test func untiedLineBreaksTheWorker() {
        var s = Self.scheduler()
        s.submit(job: 1, ids: Self.ids(2))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        #expect(s.received(.untied("a line that is not JSON"), from: 0, now: 1)
            == [.stop(worker: 0, reason: .garbage("a line that is not JSON"), inFlight: 2)])
        #expect(s.received(.blank, from: 0, now: 1).isEmpty)
    }

    @Test func suspectsAreRetriedOneAtATimeThenPipeliningResumes() {
        var s = Self.scheduler(depth: 64)
        s.submit(job: 1, ids: Self.ids(5))
        _ = s.startAll(now: 0)
        #expect(Self.sends(s.dispatch(now: 0)) == (0..<5).map { Self.ticket($0) })
        // A crash with five in flight: they become suspects.
        #expect(Self.settle(&s, s.breakWorker(0, .crashed)).isEmpty)
        for index in 0..<5 {
            let effects = s.dispatch(now: Double(index))
            #expect(Self.sends(effects) == [Self.ticket(index)])
            // Nothing else goes while a suspect is in flight.
            #expect(s.dispatch(now: Double(index)).isEmpty)
            #expect(Self.completions(s.received(Self.ok("t/v\(index)"), from: 0, now: Double(index)))
                == [Self.ticket(index): .ok])
        }
        // Suspects done: the queue is pipelined again.
        s.submit(job: 2, ids: ["u/a", "u/b"])
        #expect(Self.sends(s.dispatch(now: 9)) == [Self.ticket(0, job: 2), Self.ticket(1, job: 2)])
    }

    @Test func aVignetteThatBreaksAFreshWorkerAloneIsChargedAndNoOtherIs() {
        var s = Self.scheduler()
        s.submit(job: 1, ids: Self.ids(3))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        var charged: [Ticket: ModelAnswer.Status] = [:]
        charged.merge(Self.completions(Self.settle(&s, s.breakWorker(0, .crashed))), uniquingKeysWith: { $1 })
        #expect(charged.isEmpty)
        // v0 answers on the fresh worker; v1 crashes it alone; v2 answers on the next one.
        _ = s.dispatch(now: 1)
        charged.merge(Self.completions(s.received(Self.ok("t/v0"), from: 0, now: 1)), uniquingKeysWith: { $1 })
        #expect(Self.sends(s.dispatch(now: 2)) == [Self.ticket(1)])
        let crash = Self.settle(&s, s.breakWorker(0, .crashed), now: 3)
        #expect(crash == [
            .complete(
                Self.ticket(1),
                .error("the model crashed on this vignette (the worker exited with status 1)", latencyMs: 1000))
        ])
        charged.merge(Self.completions(crash), uniquingKeysWith: { $1 })
        #expect(s.dispatch(now: 3) == [.start(worker: 0), .send(worker: 0, Self.ticket(2))])
        charged.merge(Self.completions(s.received(Self.ok("t/v2"), from: 0, now: 4)), uniquingKeysWith: { $1 })
        #expect(
            charged == [
                Self.ticket(0): .ok,
                Self.ticket(1): .error("the model crashed on this vignette (the worker exited with status 1)"),
                Self.ticket(2): .ok,
            ])
    }

    @Test func garbageInAnswerToAnIsolatedVignetteIsItsError() {
        var s = Self.scheduler()
        s.submit(job: 1, ids: Self.ids(1))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        let effects = Self.settle(&s, s.received(.untied("a line that is not JSON"), from: 0, now: 1), now: 1)
        #expect(
            Self.completions(effects) == [
                Self.ticket(0): .error(
                    "the model wrote a line that is not JSON in answer to this vignette; its worker was restarted")
            ])
    }

    @Test func aHangChargesTimeoutAfterTheStartupGraceAndTheTimeout() {
        var s = Self.scheduler(timeout: 5, startupGrace: 10)
        s.submit(job: 1, ids: Self.ids(1))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 1)
        // Silent since the start: the deadline is the grace plus the timeout.
        #expect(s.nextDeadline(now: 1) == 6)
        #expect(s.checkTimeouts(now: 14).isEmpty)
        let effects = s.checkTimeouts(now: 15.5)
        #expect(effects == [.stop(worker: 0, reason: .hung, inFlight: 1)])
        let charged = Self.settle(&s, effects, now: 15.5)
        #expect(charged == [.complete(Self.ticket(0), .timeout("no answer within 5 s", latencyMs: 14_500))])
    }

    @Test func aHangAfterAnswersCountsFromTheLastAnswerAndRetriesItsSuspects() {
        var s = Self.scheduler(timeout: 5, startupGrace: 10)
        s.submit(job: 1, ids: Self.ids(3))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        _ = s.received(Self.ok("t/v0"), from: 0, now: 1)
        #expect(s.checkTimeouts(now: 6).isEmpty)
        let effects = s.checkTimeouts(now: 6.1)
        #expect(effects == [.stop(worker: 0, reason: .hung, inFlight: 2)])
        #expect(Self.settle(&s, effects).isEmpty)
        #expect(Self.sends(s.dispatch(now: 7)) == [Self.ticket(1)])
    }

    @Test func aWorkerWhoseOldestRequestWaitedPastTheTimeoutGetsNoMore() {
        var s = Self.scheduler(workers: 2, depth: 2, timeout: 5, startupGrace: 100)
        s.submit(job: 1, ids: Self.ids(2))
        _ = s.startAll(now: 0)
        #expect(s.dispatch(now: 0) == [.send(worker: 0, Self.ticket(0)), .send(worker: 0, Self.ticket(1))])
        _ = s.received(Self.ok("t/v1"), from: 0, now: 1)
        s.submit(job: 2, ids: ["u/a", "u/b"])
        // Worker 0 has room, but v0 has waited 6 s: the new requests go to worker 1.
        #expect(
            s.dispatch(now: 6) == [
                .send(worker: 1, Self.ticket(0, job: 2)), .send(worker: 1, Self.ticket(1, job: 2)),
            ])
    }

    @Test func theModelIsUnavailableAfterTheFirstFreshWorkersAllFailAlone() {
        var s = Self.scheduler(before: 4, after: 20)
        s.submit(job: 1, ids: Self.ids(10))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        // Ten in flight: this break charges nobody and counts for nothing.
        #expect(Self.settle(&s, s.breakWorker(0, .crashed)).isEmpty)
        #expect(s.silentWorkersInARow == 0)
        var last: [Effect] = []
        for round in 1...4 {
            #expect(s.unavailable == nil)
            _ = s.dispatch(now: Double(round))
            last = Self.settle(&s, s.breakWorker(0, .crashed))
            #expect(s.silentWorkersInARow == round)
        }
        let error = ModelUnavailableError(
            "the model could not be started: 4 worker processes in a row ended without answering anything"
                + " (last: the worker exited with status 1)", stderrTail: "boom")
        #expect(Self.completions(last).count == 1)
        #expect(last.last == .unavailable(error))
        #expect(s.unavailable == error)
        #expect(s.dispatch(now: 9).isEmpty)
    }

    @Test func onceTheModelHasAnsweredTheLaterLimitApplies() {
        var s = Self.scheduler(before: 2, after: 3)
        s.submit(job: 1, ids: Self.ids(10))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        _ = s.received(Self.ok("t/v0"), from: 0, now: 0)
        // A worker that has answered does not count.
        #expect(Self.settle(&s, s.breakWorker(0, .crashed)).isEmpty)
        for round in 1...2 {
            _ = s.dispatch(now: Double(round))
            _ = Self.settle(&s, s.breakWorker(0, .crashed))
            #expect(s.silentWorkersInARow == round)
        }
        #expect(s.unavailable == nil)
        // An answer resets the count.
        _ = s.dispatch(now: 3)
        _ = s.received(Self.ok("t/v3"), from: 0, now: 3)
        #expect(s.silentWorkersInARow == 0)
        _ = Self.settle(&s, s.breakWorker(0, .hung))
        for round in 1...3 {
            _ = s.dispatch(now: Double(round + 3))
            let effects = Self.settle(&s, s.breakWorker(0, .crashed))
            #expect((s.unavailable != nil) == (round == 3))
            if round == 3 {
                #expect(
                    effects.last
                        == .unavailable(
                            ModelUnavailableError(
                                "the model stopped answering: 3 worker processes in a row ended without answering"
                                    + " (last: the worker exited with status 1)", stderrTail: "boom")))
            }
        }
    }

    @Test func aStartFailureMakesTheModelUnavailableAndKillsTheOthers() {
        var s = Self.scheduler(workers: 2)
        s.submit(job: 1, ids: Self.ids(2))
        #expect(s.startAll(now: 0) == [.start(worker: 0), .start(worker: 1)])
        let error = ModelUnavailableError("the model could not be started: \"serve\": no such file")
        #expect(s.startFailed(error) == [.kill(worker: 0), .kill(worker: 1), .unavailable(error)])
        #expect(s.startAll(now: 1).isEmpty)
        #expect(s.dispatch(now: 1).isEmpty)
    }

    @Test func aCancelledJobIsNotSentAndItsAnswersAreDropped() {
        var s = Self.scheduler(depth: 1)
        s.submit(job: 1, ids: Self.ids(2))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        s.cancel(job: 1)
        #expect(s.received(Self.ok("t/v0"), from: 0, now: 1).isEmpty)
        #expect(s.dispatch(now: 1).isEmpty)
    }

    @Test func aDuplicateIDInFlightIsAnErrorForTheSecondRequest() {
        var s = Self.scheduler()
        s.submit(job: 1, ids: ["t/same", "t/same"])
        _ = s.startAll(now: 0)
        let effects = s.dispatch(now: 0)
        #expect(
            effects == [
                .send(worker: 0, Self.ticket(0)),
                .complete(Self.ticket(1), .error("request id \"t/same\" is already in flight", latencyMs: 0)),
            ])
    }

    @Test func aWorkerThatStoppedReadingIsReplacedOnceItOwesNothing() {
        var s = Self.scheduler(depth: 1)
        s.submit(job: 1, ids: Self.ids(2))
        _ = s.startAll(now: 0)
        _ = s.dispatch(now: 0)
        s.inputClosed(worker: 0)
        _ = s.received(Self.ok("t/v0"), from: 0, now: 1)
        let effects = s.dispatch(now: 1)
        #expect(
            effects == [
                .stop(worker: 0, reason: .crashed, inFlight: 0), .start(worker: 0), .send(worker: 0, Self.ticket(1)),
            ])
    }
}
