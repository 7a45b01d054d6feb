/// The one pseudo-random generator of the package: xoshiro256** (Blackman and Vigna 2018), its
/// four state words seeded by SplitMix64, with Lemire's unbiased bounded integers.
///
/// Pure integer arithmetic, so a seed gives the same stream on every machine, build and number of
/// threads. The approximate inference fallback and the vignette synthesizer seed it with
/// ``init(seed:)``; each bootstrap replicate has its own generator, keyed by the policy seed, a
/// stream number and the replicate's index r (0-based), through ``init(seed:stream:replicate:)``:
///
///     key   = mix(seed) ^ mix(stream · 2⁴⁰ + r)        (all arithmetic modulo 2⁶⁴)
///     s₀…s₃ = the first four outputs of SplitMix64 started at state `key`
///
/// where `mix(v)` is one SplitMix64 output for state v (the state advanced by 0x9E3779B97F4A7C15,
/// then the two xor-shift-multiply rounds). A replicate then draws its population indices one
/// after the other with ``bounded(_:)``.
package struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from SplitMix64 started at state `seed`.
    package init(seed: UInt64) {
        var state = seed
        s0 = Self.splitMix(&state)
        s1 = Self.splitMix(&state)
        s2 = Self.splitMix(&state)
        s3 = Self.splitMix(&state)
    }

    /// The generator of bootstrap replicate `replicate` in `stream` for a seed.
    package init(seed: UInt64, stream: UInt64, replicate: UInt64) {
        self.init(seed: Self.mix(seed) ^ Self.mix((stream << 40) &+ replicate))
    }

    /// One SplitMix64 step: advances `state` and returns the output.
    package static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The first SplitMix64 output from state `value`.
    package static func mix(_ value: UInt64) -> UInt64 {
        var state = value
        return splitMix(&state)
    }

    /// The next 64 random bits.
    @inline(__always)
    package mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    package mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<bound` (bound > 0) by Lemire's method (2019): the high word of
    /// `next() × bound`, redrawing while the low word is below `(2⁶⁴ − bound) mod bound`.
    @inline(__always)
    package mutating func bounded(_ bound: UInt64) -> UInt64 {
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold {
                product = next().multipliedFullWidth(by: bound)
            }
        }
        return product.high
    }
}
