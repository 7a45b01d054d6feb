#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where `clinval users add` and `clinval users passwd` read a password (docs/command-line.md):
/// from the terminal, twice and without echo, or, when standard input is not a terminal, one line
/// of it. Never from an argument, and never printed.
public enum PasswordInput {
    /// What was read: the password and, from a terminal, the second typing to compare it with.
    public struct Typed: Sendable {
        /// The password as typed (without its line break).
        public var password: String
        /// The second typing, when read from a terminal.
        public var confirmation: String?

        /// Creates a value.
        public init(password: String, confirmation: String?) {
            self.password = password
            self.confirmation = confirmation
        }
    }

    /// Reads a password from standard input.
    ///
    /// - Throws: ``RunFailure`` (exit 2) when standard input ends before a line.
    public static func read() throws -> Typed {
        guard isatty(STDIN_FILENO) == 1 else {
            guard let line = readLine(strippingNewline: true) else {
                throw RunFailure(.invalidInput, "No password on standard input; pipe one line, or run from a terminal.")
            }
            return Typed(password: line.hasSuffix("\r") ? String(line.dropLast()) : line, confirmation: nil)
        }
        let first = try withoutEcho(prompt: "Password (at least \(UsersCommand.minimumPasswordLength) characters): ")
        let second = try withoutEcho(prompt: "Type it again: ")
        return Typed(password: first, confirmation: second)
    }

    /// One line from the terminal with echo off, restored afterwards.
    private static func withoutEcho(prompt: String) throws -> String {
        TerminalOutput.write(prompt, to: .standardError)
        var saved = termios()
        let haveSettings = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveSettings {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if haveSettings { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            TerminalOutput.write("\n", to: .standardError)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw RunFailure(.invalidInput, "No password was typed.")
        }
        return line
    }
}
