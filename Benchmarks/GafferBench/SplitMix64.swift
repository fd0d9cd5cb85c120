/// A tiny seeded generator (SplitMix64, Steele et al. 2014): the same seed gives the same metric sets on
/// every machine and every run, so figures from two runs describe the same work.
struct SplitMix64 {
    private(set) var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in [0, 1), from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// A uniform integer in 0..<bound (the modulo bias is irrelevant for bounds this small).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
