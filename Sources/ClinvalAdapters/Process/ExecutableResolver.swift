import ClinvalCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds the program of a command the way `execvp` would, without a shell.
enum ExecutableResolver {
    /// The path of the program `name`.
    ///
    /// A name with a slash is a path (relative to `workingDirectory` unless absolute); a name
    /// without one is searched in the entries of `searchPath` (an empty entry means the working
    /// directory).
    ///
    /// - Throws: ``ModelUnavailableError`` saying the command was not found or is not executable.
    static func resolve(_ name: String, searchPath: String?, workingDirectory: String) throws(ModelUnavailableError)
        -> String
    {
        guard !name.isEmpty else { throw ModelUnavailableError("the model's command is empty") }
        if name.contains("/") {
            let path = name.hasPrefix("/") ? name : join(workingDirectory, name)
            guard isRegularFile(path) else {
                throw ModelUnavailableError(
                    "command not found: \(quoted(name)) (no such file in the manifest's folder)")
            }
            guard access(path, X_OK) == 0 else {
                throw ModelUnavailableError("command is not executable: \(quoted(name))")
            }
            return path
        }
        let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(
            separator: ":", omittingEmptySubsequences: false)
        var foundNotExecutable = false
        for directory in directories {
            let folder = directory.isEmpty ? workingDirectory : String(directory)
            let candidate = join(folder.hasPrefix("/") ? folder : join(workingDirectory, folder), name)
            guard isRegularFile(candidate) else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            foundNotExecutable = true
        }
        if foundNotExecutable {
            throw ModelUnavailableError("command is not executable: \(quoted(name))")
        }
        throw ModelUnavailableError("command not found: \(quoted(name)) (searched PATH)")
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        return (info.st_mode & S_IFMT) == S_IFREG
    }
}
