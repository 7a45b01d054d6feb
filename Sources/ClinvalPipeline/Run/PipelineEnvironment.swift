import ClinvalAdapters
import ClinvalModels
import ClinvalStore
import Foundation
import Logging

/// What the pipeline takes from the world outside its inputs: the model adapter, the database,
/// the clock, the host name, the operating-system user, the tool's git commit and the process
/// environment.
///
/// The commands take ``production`` unless told otherwise; a test gives fixed values and a
/// scripted adapter, so `run`, `gate`, `merge`, `report` and `runs` can be checked in process.
public struct PipelineEnvironment: Sendable {
    /// Makes the adapter of a model file; the variables are where an HTTP model's header values
    /// come from. Throws ``RunFailure`` when the model cannot be evaluated.
    public typealias AdapterFactory =
        @Sendable (_ model: ModelFile, _ logger: Logger, _ variables: [String: String]) throws -> any ModelAdapter

    /// Makes the adapter of a model file.
    public var makeAdapter: AdapterFactory
    /// Opens (creating if needed) the database at a path; its folder exists already.
    public var openStore: @Sendable (_ path: String) throws -> ResultStore
    /// The current time, for a run's start and finish.
    public var now: @Sendable () -> Date
    /// The name of the host, recorded with a run and shown in its outputs.
    public var hostname: @Sendable () -> String
    /// The operating-system user running the command, named with the host in the audit trail.
    public var userName: @Sendable () -> String
    /// The tool's git commit, when known, recorded with a run.
    public var gitCommit: String?
    /// The process environment (an HTTP model's header values).
    public var variables: [String: String]
    /// How account passwords are hashed (bcrypt, cost 12; tests inject a lower cost).
    public var passwordHasher: PasswordHasher

    /// Creates an environment; what is not given is the production value.
    public init(
        makeAdapter: @escaping AdapterFactory = RunPipeline.makeAdapter,
        openStore: @escaping @Sendable (_ path: String) throws -> ResultStore = { try ResultStore(path: $0) },
        now: @escaping @Sendable () -> Date = { Date() },
        hostname: @escaping @Sendable () -> String = { ProcessInfo.processInfo.hostName },
        userName: @escaping @Sendable () -> String = { ResultStore.operatingSystemUser },
        gitCommit: String? = Self.gitCommit(in: ProcessInfo.processInfo.environment),
        variables: [String: String] = ProcessInfo.processInfo.environment,
        passwordHasher: PasswordHasher = .production
    ) {
        self.makeAdapter = makeAdapter
        self.openStore = openStore
        self.now = now
        self.hostname = hostname
        self.userName = userName
        self.gitCommit = gitCommit
        self.variables = variables
        self.passwordHasher = passwordHasher
    }

    /// The real adapters, the database on disk, the system clock and host, and the process
    /// environment.
    public static let production = PipelineEnvironment()

    /// Who the audit trail names for a command: `user@host`, or with a name given (a reviewer's,
    /// say) `Name (user@host)`.
    public func actor(named name: String? = nil) -> String {
        let account = "\(userName())@\(hostname())"
        guard let name, !name.isEmpty else { return account }
        return "\(name) (\(account))"
    }

    /// Opens (creating if needed) the database at a path with ``openStore``, its audit entries
    /// naming ``actor(named:)`` at the time of ``now``.
    public func store(at path: String, actorName: String? = nil) throws -> ResultStore {
        var store = try openStore(path)
        store.actor = actor(named: actorName)
        store.now = now
        return store
    }

    /// The git commit of the tool in a process environment: `CLINVAL_GIT_COMMIT` (set by the
    /// container build or CI), else nothing.
    public static func gitCommit(in variables: [String: String]) -> String? {
        let value = variables["CLINVAL_GIT_COMMIT"]?.trimmingCharacters(in: .whitespaces)
        return value?.isEmpty == false ? value : nil
    }
}
