import ClinvalCore
import Foundation

/// An external model described by a manifest (docs/model-format.md): a child process speaking JSON Lines,
/// or an HTTP endpoint.
///
/// ```yaml
/// model: my-checker
/// version: 2.1.0
/// vocabulary: ddxplus
/// kind: process
/// command: [python3, serve.py]
/// workers: 2
/// timeout_seconds: 5
/// labels:                     # optional: how the report names the model's codes
///   findings: {E_91: Fever}
///   conditions: {pneumonia: Pneumonia}
/// ```
///
/// ``sha256`` is the model's identity: SHA-256 over the manifest's bytes followed by the bytes of
/// each argv entry that names an existing regular file, in argv order (see ``ModelIdentity``).
///
/// ## Topics
/// - ``Transport``
/// - ``ProcessSettings``
/// - ``HTTPSettings``
/// - ``HeaderSource``
public struct ExternalModelManifest: Sendable, Hashable {
    /// How clinval reaches the model.
    public enum Transport: Sendable, Hashable {
        /// Child processes speaking JSON Lines on standard input and output.
        case process(ProcessSettings)
        /// An HTTP endpoint that takes the same request body by POST.
        case http(HTTPSettings)
    }

    /// The model's name, a slug.
    public var name: String
    /// The model's version, as written.
    public var version: String
    /// The code system of its findings and conditions; must equal a bank's.
    public var vocabulary: String
    /// Free text about the model, if given. Never printed in diagnostics.
    public var description: String?
    /// How clinval reaches the model.
    public var transport: Transport
    /// Display labels of finding codes (`labels.findings`), for the report's case cards; empty
    /// when the manifest gives none.
    public var findingLabels: [String: String]
    /// Display labels of condition codes (`labels.conditions`), for the report; empty when the
    /// manifest gives none.
    public var conditionLabels: [String: String]
    /// The model's identity hash: SHA-256 over the manifest's bytes and the files its command
    /// names (64 lowercase hex digits).
    public var sha256: String
    /// The argv entries whose files went into ``sha256``, in argv order.
    public var hashedFiles: [String]
    /// The manifest file, as the user named it.
    public var file: String
    /// The folder holding the manifest (`.` for a bare file name): the working directory of the
    /// model's processes and the base of relative paths in its command.
    public var folder: String

    /// Creates a manifest from its parts.
    public init(
        name: String, version: String, vocabulary: String, description: String? = nil, transport: Transport,
        findingLabels: [String: String] = [:], conditionLabels: [String: String] = [:],
        sha256: String, hashedFiles: [String] = [], file: String, folder: String
    ) {
        self.name = name
        self.version = version
        self.vocabulary = vocabulary
        self.description = description
        self.transport = transport
        self.findingLabels = findingLabels
        self.conditionLabels = conditionLabels
        self.sha256 = sha256
        self.hashedFiles = hashedFiles
        self.file = file
        self.folder = folder
    }

    /// `process` or `http`.
    public var kind: ModelKind {
        switch transport {
        case .process: .process
        case .http: .http
        }
    }
}

/// Settings of a `kind: process` model.
public struct ProcessSettings: Sendable, Hashable {
    /// The argv: the program and its arguments, never run through a shell. Not empty; relative
    /// paths are relative to the manifest's folder, which is the working directory.
    public var command: [String]
    /// How many child processes run at once, 1–64 (default 1).
    public var workers: Int
    /// How long one vignette may take, in seconds, above 0 (default 30).
    public var timeoutSeconds: Double

    /// The default of ``workers``.
    public static let defaultWorkers = 1
    /// The largest accepted ``workers``.
    public static let maxWorkers = 64
    /// The default of ``timeoutSeconds``.
    public static let defaultTimeoutSeconds = 30.0

    /// Creates process settings.
    public init(command: [String], workers: Int = defaultWorkers, timeoutSeconds: Double = defaultTimeoutSeconds) {
        self.command = command
        self.workers = workers
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Settings of a `kind: http` model.
public struct HTTPSettings: Sendable, Hashable {
    /// The endpoint, an `http` or `https` URL with a host and no user name or password.
    public var url: URL
    /// How many requests may be in flight at once, 1–256 (default 4).
    public var concurrency: Int
    /// How long one request may take, in seconds, above 0 (default 30).
    public var timeoutSeconds: Double
    /// How many times a failed request is retried, 0–10 (default 2).
    public var retries: Int
    /// Headers sent with every request, their values read from environment variables.
    public var headers: [HeaderSource]

    /// The default of ``concurrency``.
    public static let defaultConcurrency = 4
    /// The largest accepted ``concurrency``.
    public static let maxConcurrency = 256
    /// The default of ``timeoutSeconds``.
    public static let defaultTimeoutSeconds = 30.0
    /// The default of ``retries``.
    public static let defaultRetries = 2
    /// The largest accepted ``retries``.
    public static let maxRetries = 10

    /// Creates HTTP settings.
    public init(
        url: URL, concurrency: Int = defaultConcurrency, timeoutSeconds: Double = defaultTimeoutSeconds,
        retries: Int = defaultRetries, headers: [HeaderSource] = []
    ) {
        self.url = url
        self.concurrency = concurrency
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.headers = headers
    }
}

/// An HTTP header whose value comes from an environment variable (`Authorization: {env: TOKEN}`),
/// so that secrets never sit in the manifest.
public struct HeaderSource: Sendable, Hashable {
    /// The header's name (HTTP token characters only).
    public var name: String
    /// The environment variable holding the value.
    public var environmentVariable: String

    /// Creates a header source.
    public init(name: String, environmentVariable: String) {
        self.name = name
        self.environmentVariable = environmentVariable
    }

    /// The header's value in `environment`, or `nil` if the variable is not set.
    public func value(in environment: [String: String]) -> String? {
        environment[environmentVariable]
    }
}
