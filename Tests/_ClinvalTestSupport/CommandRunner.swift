import Foundation

/// The outcome of running a command.
public struct CommandResult: Sendable {
    /// Everything the command wrote to standard output.
    public var stdout: String
    /// Everything the command wrote to standard error.
    public var stderr: String
    /// The exit status.
    public var exitCode: Int32
}

/// Runs the built `clinval` binary (or another program) as a child process, for end-to-end tests.
public enum CommandRunner {
    /// The `clinval` executable built beside the test bundle.
    public static var clinvalPath: String {
        // The test bundle lives in the build products folder, next to the executables.
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        if folder.lastPathComponent == "MacOS" || folder.lastPathComponent == "Contents" {
            // macOS .xctest bundles: products/X.xctest/Contents/MacOS/X
            folder = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        }
        return folder.appendingPathComponent("clinval").path
    }

    /// Runs `clinval` with arguments in a working directory (default: the package root).
    public static func clinval(
        _ arguments: [String], in directory: String = PackagePaths.root, environment: [String: String] = [:],
        input: String? = nil
    ) throws -> CommandResult {
        try run(clinvalPath, arguments, in: directory, environment: environment, input: input)
    }

    /// Runs an executable (no shell) and waits for it, collecting both output streams; its standard
    /// input is `input` when given, else empty.
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:],
        input: String? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        let inPipe = Pipe()
        process.standardInput = input == nil ? FileHandle.nullDevice : inPipe
        try process.run()
        if let input {
            inPipe.fileHandleForWriting.write(Data(input.utf8))
            try inPipe.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so neither fills up and blocks the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = errPipe.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self),
            exitCode: process.terminationStatus)
    }
}
