#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One child process of the process adapter, with its three pipes (docs/model-format.md).
///
/// Started with `posix_spawn` (never a shell) in its own process group, so that killing it also
/// kills anything it started. The parent's ends of the pipes are non-blocking and close-on-exec;
/// the child gets default signal handling and no other descriptors. Used from one thread only.
final class WorkerProcess {
    /// The child's process id.
    let pid: pid_t
    /// The write end of the child's standard input; -1 once closed.
    private(set) var stdinFD: Int32
    /// The read end of the child's standard output; -1 once closed.
    private(set) var stdoutFD: Int32
    /// The read end of the child's standard error; -1 once closed.
    private(set) var stderrFD: Int32
    /// How the child ended, once it has been reaped.
    private(set) var termination: Termination?

    /// How a child ended.
    enum Termination: Equatable, CustomStringConvertible {
        /// It exited with a status.
        case exited(Int32)
        /// A signal killed it.
        case signaled(Int32)

        var description: String {
            switch self {
            case .exited(let status): "exited with status \(status)"
            case .signaled(let signal):
                "was killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")"
            }
        }

        private static func signalName(_ signal: Int32) -> String? {
            switch signal {
            case SIGKILL: "SIGKILL"
            case SIGSEGV: "SIGSEGV"
            case SIGABRT: "SIGABRT"
            case SIGTERM: "SIGTERM"
            case SIGBUS: "SIGBUS"
            case SIGPIPE: "SIGPIPE"
            case SIGINT: "SIGINT"
            default: nil
            }
        }

        init(waitStatus status: Int32) {
            if status & 0x7F == 0 {
                self = .exited((status >> 8) & 0xFF)
            } else {
                self = .signaled(status & 0x7F)
            }
        }
    }

    /// A failure to start a child: the `posix_spawn` error, described.
    struct SpawnError: Error {
        var message: String
    }

    private init(pid: pid_t, stdinFD: Int32, stdoutFD: Int32, stderrFD: Int32) {
        self.pid = pid
        self.stdinFD = stdinFD
        self.stdoutFD = stdoutFD
        self.stderrFD = stderrFD
    }

    deinit {
        if termination == nil { terminate(grace: 0) }
        closeAll()
    }

    /// Starts `executable` with `arguments` (argv, including argv[0]) in `directory`.
    ///
    /// - Parameter environment: `KEY=value` entries; nil passes on this process's environment.
    static func spawn(
        executable: String, arguments: [String], directory: String, environment: [String]?
    ) throws(SpawnError) -> WorkerProcess {
        var stdinPipe: [Int32] = [-1, -1]
        var stdoutPipe: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        func closePipes() {
            for fd in stdinPipe + stdoutPipe + stderrPipe where fd >= 0 { close(fd) }
        }
        guard makePipe(&stdinPipe), makePipe(&stdoutPipe), makePipe(&stderrPipe) else {
            let message = errnoText()
            closePipes()
            throw SpawnError(message: "cannot create pipes: \(message)")
        }
        // Non-blocking on the parent's side only; the child gets ordinary blocking pipes.
        for fd in [stdinPipe[1], stdoutPipe[0], stderrPipe[0]] {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        #if os(Linux)
            // A bigger pipe lets a whole pipeline of requests go in one write (best effort).
            _ = fcntl(stdinPipe[1], 1031 /* F_SETPIPE_SZ */, 1 << 20)
            _ = fcntl(stdoutPipe[0], 1031 /* F_SETPIPE_SZ */, 1 << 20)
        #endif

        #if canImport(Darwin)
            var actions: posix_spawn_file_actions_t? = nil
            var attributes: posix_spawnattr_t? = nil
        #else
            var actions = posix_spawn_file_actions_t()
            var attributes = posix_spawnattr_t()
        #endif
        posix_spawn_file_actions_init(&actions)
        posix_spawnattr_init(&attributes)
        defer {
            posix_spawn_file_actions_destroy(&actions)
            posix_spawnattr_destroy(&attributes)
        }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
        var flags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)
        #if os(Linux)
            guard let addChdir = GNUSpawn.addChdir else {
                closePipes()
                throw SpawnError(
                    message: "this C library cannot set a child's working directory (glibc 2.29 or later needed)")
            }
            _ = addChdir(&actions, directory)
            // Close every other descriptor in the child (glibc 2.34 or later; else close-on-exec).
            _ = GNUSpawn.addClosefrom.map { $0(&actions, 3) }
        #else
            posix_spawn_file_actions_addchdir_np(&actions, directory)
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(truncatingIfNeeded: flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM] {
            sigaddset(&defaultSignals, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { $0.map { strdup($0) } + [nil] }
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp ?? [] { free(pointer) }
        }
        var pid: pid_t = 0
        let result: Int32
        if let envp {
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        } else {
            result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        }
        close(stdinPipe[0])
        close(stdoutPipe[1])
        close(stderrPipe[1])
        guard result == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            close(stderrPipe[0])
            throw SpawnError(message: String(cString: strerror(result)))
        }
        return WorkerProcess(pid: pid, stdinFD: stdinPipe[1], stdoutFD: stdoutPipe[0], stderrFD: stderrPipe[0])
    }

    private static func makePipe(_ fds: inout [Int32]) -> Bool {
        #if os(Linux)
            if let pipe2 = GNUSpawn.pipe2 {
                return pipe2(&fds, O_CLOEXEC) == 0
            }
        #endif
        guard pipe(&fds) == 0 else { return false }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return true
    }

    /// The text of `errno`.
    static func errnoText() -> String {
        String(cString: strerror(errno))
    }

    /// Closes the child's standard input, telling a well-behaved model to finish.
    func closeInput() {
        if stdinFD >= 0 {
            close(stdinFD)
            stdinFD = -1
        }
    }

    /// Reaps the child if it has exited, without waiting.
    @discardableResult
    func reapIfExited() -> Bool {
        guard termination == nil else { return true }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            termination = Termination(waitStatus: status)
            return true
        }
        if result < 0 && errno == ECHILD {
            // Reaped elsewhere: nothing more can be learnt.
            termination = .signaled(SIGKILL)
            return true
        }
        return false
    }

    /// Ends the child: waits up to `grace` seconds for it to exit by itself, then kills its
    /// whole process group with SIGKILL and reaps it. The pipes stay open (standard error may
    /// still hold the last words); ``closeAll()`` closes them.
    ///
    /// - Returns: how the child ended.
    @discardableResult
    func terminate(grace: Double) -> Termination {
        if termination == nil && grace > 0 {
            let deadline = MonotonicClock.now() + grace
            while !reapIfExited() && MonotonicClock.now() < deadline {
                usleep(2000)
            }
        }
        // Kill the group (also whatever the model started), then the leader itself.
        _ = sendSignal(-pid, SIGKILL)
        if termination == nil {
            _ = sendSignal(pid, SIGKILL)
            var status: Int32 = 0
            while true {
                let result = waitpid(pid, &status, 0)
                if result == pid {
                    termination = Termination(waitStatus: status)
                    break
                }
                if result < 0 && errno != EINTR {
                    termination = .signaled(SIGKILL)
                    break
                }
            }
        }
        return termination ?? .signaled(SIGKILL)
    }

    /// Closes every pipe.
    func closeAll() {
        for fd in [stdinFD, stdoutFD, stderrFD] where fd >= 0 { close(fd) }
        stdinFD = -1
        stdoutFD = -1
        stderrFD = -1
    }

    /// Closes standard output once it has reached its end.
    func closeOutput() {
        if stdoutFD >= 0 {
            close(stdoutFD)
            stdoutFD = -1
        }
    }

    /// Closes standard error once it has reached its end.
    func closeErrorOutput() {
        if stderrFD >= 0 {
            close(stderrFD)
            stderrFD = -1
        }
    }
}

/// The C `kill`, which the method of the same name hides.
@inline(__always)
private func sendSignal(_ pid: pid_t, _ signal: Int32) -> Int32 {
    kill(pid, signal)
}

#if os(Linux)
    /// The GNU extensions the spawn needs, which Swift's Glibc module does not import (they sit
    /// behind `_GNU_SOURCE`), looked up once in the C library.
    private enum GNUSpawn {
        typealias AddChdir =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
        typealias AddClosefrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>, Int32) -> Int32

        /// `posix_spawn_file_actions_addchdir_np` (glibc 2.29).
        static let addChdir: AddChdir? = symbol("posix_spawn_file_actions_addchdir_np")
        /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34).
        static let addClosefrom: AddClosefrom? = symbol("posix_spawn_file_actions_addclosefrom_np")
        /// `pipe2`.
        static let pipe2: Pipe2? = symbol("pipe2")

        private static func symbol<Function>(_ name: String) -> Function? {
            guard let handle = dlopen(nil, RTLD_NOW), let address = dlsym(handle, name) else { return nil }
            return unsafeBitCast(address, to: Function.self)
        }
    }
#endif
