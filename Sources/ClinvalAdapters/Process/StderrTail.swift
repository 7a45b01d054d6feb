/// The last bytes a worker wrote to standard error, for diagnostics: capped, never printed whole.
struct StderrTail {
    /// How many bytes are kept.
    let capacity: Int
    private var bytes: [UInt8] = []

    /// Creates an empty tail keeping at most `capacity` bytes.
    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// Appends what was read, dropping the oldest bytes beyond the capacity.
    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk.bindMemory(to: UInt8.self))
        if bytes.count > capacity * 2 { bytes.removeFirst(bytes.count - capacity) }
    }

    /// Forgets everything.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// At most the last `maxLines` lines of at most `maxLineLength` characters each, with control
    /// characters replaced, for a message.
    func text(maxLines: Int = 12, maxLineLength: Int = 200) -> String {
        let kept = bytes.suffix(capacity)
        let decoded = String(decoding: kept, as: UTF8.self)
        var lines = decoded.split(separator: "\n", omittingEmptySubsequences: true).suffix(maxLines)
            .map { line -> String in
                var clean = String(
                    String.UnicodeScalarView(
                        line.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : $0 }))
                if clean.count > maxLineLength { clean = String(clean.prefix(maxLineLength)) + "…" }
                return clean
            }
        while let last = lines.last, last.allSatisfy(\.isWhitespace) { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
