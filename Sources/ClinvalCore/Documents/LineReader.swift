import Foundation

/// Reads a text file line by line in fixed-size chunks, hashing every byte as it goes, so a JSON
/// Lines bank of any size is read in constant memory.
///
/// A line longer than the limit is skipped without being held in memory and reported as
/// ``Line/Content/tooLong(byteCount:)``, so a multi-megabyte line is rejected at the speed of a
/// read, not by running out of memory.
public final class LineReader {
    /// One line of the file.
    public struct Line: Sendable {
        /// What the line holds.
        public enum Content: Sendable {
            /// The line's bytes, without the line break (and without a trailing `\r`).
            case bytes([UInt8])
            /// The line was over the limit; only its length is known.
            case tooLong(byteCount: Int)
        }

        /// The 1-based line number.
        public var number: Int
        /// The line's content.
        public var content: Content
    }

    /// The open file, or `nil` for text held in memory.
    private let handle: FileHandle?
    /// Text held in memory, handed out as one chunk.
    private var memory: [UInt8]?
    private let maxLineBytes: Int
    private let chunkSize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private var lineNumber = 0
    private let hasher = SHA256()
    /// How many bytes have been read so far.
    public private(set) var bytesRead = 0

    /// Opens a file for reading.
    ///
    /// - Throws: ``DocumentSyntaxError`` if the file is missing, a folder or unreadable.
    public init(path: String, maxLineBytes: Int, chunkSize: Int = 1 << 20) throws(DocumentSyntaxError) {
        _ = try FileAccess.regularFileSize(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DocumentSyntaxError("cannot read the file; check its permissions")
        }
        self.handle = handle
        self.maxLineBytes = maxLineBytes
        self.chunkSize = chunkSize
    }

    /// Reads text held in memory (a bank about to be written, say) as it would read a file with
    /// those bytes: the same lines, limits and digest.
    public init(bytes: [UInt8], maxLineBytes: Int) {
        handle = nil
        memory = bytes
        self.maxLineBytes = maxLineBytes
        chunkSize = Swift.max(1, bytes.count)
    }

    deinit {
        try? handle?.close()
    }

    /// The next line, or `nil` at the end of the file.
    ///
    /// - Throws: ``DocumentSyntaxError`` if reading fails.
    public func next() throws(DocumentSyntaxError) -> Line? {
        var line: [UInt8] = []
        var length = 0
        var tooLong = false
        while true {
            if position == buffer.count {
                if atEnd { break }
                try fill()
                if position == buffer.count { break }
            }
            let searchEnd = buffer.count
            var newline = position
            while newline < searchEnd && buffer[newline] != 0x0A { newline += 1 }
            let piece = newline - position
            length += piece
            if !tooLong {
                if length > maxLineBytes {
                    tooLong = true
                    line = []
                } else {
                    line.append(contentsOf: buffer[position..<newline])
                }
            }
            if newline < searchEnd {
                position = newline + 1
                lineNumber += 1
                return makeLine(line, length: length, tooLong: tooLong)
            }
            position = searchEnd
        }
        if length == 0 && !tooLong { return nil }
        lineNumber += 1
        return makeLine(line, length: length, tooLong: tooLong)
    }

    /// Finishes reading and returns the SHA-256 of every byte of the file.
    ///
    /// Reads whatever has not been read yet, so the digest always covers the whole file. Call it
    /// once, after the last line wanted.
    public func finish() throws(DocumentSyntaxError) -> String {
        while !atEnd {
            position = buffer.count
            try fill()
        }
        return hasher.finalizeHex()
    }

    private func makeLine(_ bytes: [UInt8], length: Int, tooLong: Bool) -> Line {
        if tooLong { return Line(number: lineNumber, content: .tooLong(byteCount: length)) }
        var bytes = bytes
        if bytes.last == 0x0D { bytes.removeLast() }
        return Line(number: lineNumber, content: .bytes(bytes))
    }

    private func fill() throws(DocumentSyntaxError) {
        let data: Data?
        if let handle {
            do {
                data = try handle.read(upToCount: chunkSize)
            } catch {
                throw DocumentSyntaxError("cannot read the file: \(error.localizedDescription)")
            }
        } else {
            data = memory.map { Data($0) }
            memory = nil
        }
        guard let data, !data.isEmpty else {
            atEnd = true
            buffer = []
            position = 0
            return
        }
        buffer = [UInt8](data)
        position = 0
        bytesRead += buffer.count
        hasher.update(buffer)
    }
}
