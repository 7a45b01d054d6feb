#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One worker position's process and the bytes to and from it: request lines not yet written,
/// output not yet split into lines, the tail of its standard error. Used by the I/O thread only.
final class WorkerConnection {
    /// What one read of the worker's output gave.
    enum ReadResult {
        case data
        case wouldBlock
        case end
    }

    /// The next complete line in the output buffer.
    enum Line {
        case line(Range<Int>)
        /// Longer than the limit without a newline.
        case tooLong
        case none
    }

    /// The longest response line accepted (1 MiB).
    static let maxLineBytes = 1 << 20

    let index: Int
    private(set) var process: WorkerProcess?
    /// Bumped whenever the process changes, so stale poll results are ignored.
    private(set) var generation = 0
    private var output: [UInt8] = []
    private var outputOffset = 0
    /// What the worker wrote; complete lines start at `inputStart`.
    private(set) var input: [UInt8] = []
    private var inputStart = 0
    private var scan = 0
    private(set) var stderr = StderrTail()

    init(index: Int) {
        self.index = index
    }

    var pendingOutput: Int { output.count - outputOffset }

    func attach(_ process: WorkerProcess) {
        reset()
        self.process = process
    }

    /// Forgets the process and every buffer.
    func reset() {
        process = nil
        generation += 1
        output.removeAll()
        outputOffset = 0
        input.removeAll()
        inputStart = 0
        scan = 0
        stderr.reset()
    }

    /// Queues a request line.
    func enqueue(_ request: ModelRequest) {
        request.appendJSON(to: &output)
        output.append(0x0A)
    }

    /// Writes as much pending output as the pipe takes; returns `false` when the model stopped
    /// reading (`EPIPE`): its input is closed and nothing more is sent to it, so that answers
    /// already written still count.
    func flush() -> Bool {
        guard let process, process.stdinFD >= 0 else { return true }
        while pendingOutput > 0 {
            let written = output.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return write(process.stdinFD, base + outputOffset, pendingOutput)
            }
            if written > 0 {
                outputOffset += written
                continue
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { break }
            process.closeInput()
            output.removeAll(keepingCapacity: true)
            outputOffset = 0
            return false
        }
        if pendingOutput == 0 {
            output.removeAll(keepingCapacity: output.count < 1 << 20)
            outputOffset = 0
        }
        return true
    }

    /// Reads one chunk of the worker's output into the buffer.
    func readOutput(using scratch: inout [UInt8]) -> ReadResult {
        guard let process else { return .end }
        while true {
            let count = scratch.withUnsafeMutableBytes { buffer in
                read(process.stdoutFD, buffer.baseAddress, buffer.count)
            }
            if count > 0 {
                scratch.withUnsafeBytes { buffer in input.append(contentsOf: buffer.prefix(count)) }
                return .data
            }
            if count < 0 && errno == EINTR { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return .wouldBlock }
            return .end
        }
    }

    /// Whether output ends in a line without its newline; if so, ends it.
    func terminatePartialLine() -> Bool {
        guard input.count > inputStart else { return false }
        input.append(0x0A)
        return true
    }

    /// Starts splitting lines again from the first incomplete one.
    func rewindScan() {
        scan = inputStart
    }

    /// Takes the next complete line.
    func nextLine() -> Line {
        guard let newline = input[scan...].firstIndex(of: 0x0A) else {
            return input.count - inputStart > Self.maxLineBytes ? .tooLong : .none
        }
        let line = inputStart..<newline
        inputStart = newline + 1
        scan = inputStart
        return .line(line)
    }

    /// Drops the lines already taken.
    func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: true)
            inputStart = 0
            scan = 0
        } else if inputStart > 1 << 16 {
            input.removeFirst(inputStart)
            scan -= inputStart
            inputStart = 0
        }
    }

    /// Reads what the worker wrote on standard error into its tail.
    func readErrorOutput(using scratch: inout [UInt8]) {
        guard let process else { return }
        for _ in 0..<4 {
            let count = scratch.withUnsafeMutableBytes { buffer in
                read(process.stderrFD, buffer.baseAddress, buffer.count)
            }
            if count > 0 {
                scratch.withUnsafeBytes { buffer in
                    stderr.append(UnsafeRawBufferPointer(rebasing: buffer.prefix(count)))
                }
                continue
            }
            if count < 0 && (errno == EINTR) { continue }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return }
            process.closeErrorOutput()
            return
        }
    }
}
