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

    /// One line from the terminal with echo off, restored afterwards, also when the user
    /// interrupts (Ctrl-C), is hung up on or is terminated while typing: the signal handler puts
    /// the terminal back, then the signal ends the process as it would have.
    private static func withoutEcho(prompt: String) throws -> String {
        var saved = termios()
        let haveSettings = tcgetattr(STDIN_FILENO, &saved) == 0
        var previous: [(Int32, sighandler_t?)] = []
        if haveSettings {
            savedTerminal = saved
            for number in interruptions { previous.append((number, signal(number, restoreTerminalAndRaise))) }
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        // The prompt comes once echo is off, so that nothing typed after it is shown.
        TerminalOutput.write(prompt, to: .standardError)
        defer {
            if haveSettings {
                _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
                for (number, handler) in previous { _ = signal(number, handler) }
            }
            TerminalOutput.write("\n", to: .standardError)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw RunFailure(.invalidInput, "No password was typed.")
        }
        return line
    }
}

/// The signals that end a password prompt early.
private let interruptions: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

/// The terminal's settings before echo was turned off, for the signal handler (which can capture
/// nothing). Written only while no handler is installed.
nonisolated(unsafe) private var savedTerminal = termios()

/// Restores the terminal (tcsetattr is async-signal-safe), then lets the signal end the process.
private func restoreTerminalAndRaise(_ number: Int32) {
    _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &savedTerminal)
    _ = signal(number, SIG_DFL)
    _ = raise(number)
}
