/// Attempt ids `run-NNNN`: every stage attempt of a job, numbered in the order they start, with no gaps.
public enum AttemptID {
    public static func make(_ number: Int) -> String {
        let digits = String(number)
        return "run-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
