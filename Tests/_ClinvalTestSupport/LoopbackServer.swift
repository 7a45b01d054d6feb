import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A real server on loopback for tests: a program started as a child process that serves on
/// 127.0.0.1 at a port of its choosing and prints the port on its first line of standard output.
///
/// ```swift
/// let server = try LoopbackServer(script: PackagePaths.fixture("adapters/http_model.py"))
/// defer { server.stop() }
/// let url = server.url("/predict")
/// ```
public final class LoopbackServer: @unchecked Sendable {
    private let process = Process()
    /// The port the server listens on.
    public let port: Int

    /// Starts `python3 script arguments…` and waits (up to 20 s) for the port it prints.
    ///
    /// - Throws: if the program cannot start or prints no port.
    public init(script: String, arguments: [String] = []) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Read the first line byte by byte: the server keeps the pipe open.
        var line: [UInt8] = []
        let handle = output.fileHandleForReading
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            guard let byte = try handle.read(upToCount: 1)?.first else { break }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw LoopbackServerError(message: "the test server printed no port (is python3 installed?)")
        }
        self.port = port
    }

    deinit {
        stop()
    }

    /// `http://127.0.0.1:<port><path>`.
    public func url(_ path: String = "/") -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// Stops the server and waits for it.
    public func stop() {
        if process.isRunning {
            // SIGKILL: a child of the test runner may have SIGTERM blocked.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The JSON the server answers to `GET path`, decoded.
    public func json(_ path: String) throws -> [String: Any] {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var body: Data?
        URLSession.shared.dataTask(with: url(path)) { data, _, _ in
            body = data
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 10) == .success, let body else {
            throw LoopbackServerError(message: "the test server did not answer GET \(path)")
        }
        return (try JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }
}

/// A test server that did not start.
public struct LoopbackServerError: Error, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    public var description: String { message }
}
