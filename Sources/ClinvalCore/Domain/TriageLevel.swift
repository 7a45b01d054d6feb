/// How urgently a patient should seek care, least to most urgent:
/// `self_care` < `routine` < `urgent` < `emergency` (docs/casebank-format.md).
public enum TriageLevel: String, Sendable, Hashable, CaseIterable, Comparable, Codable {
    /// Care for oneself at home.
    case selfCare = "self_care"
    /// See a doctor in the coming days.
    case routine
    /// See a doctor today.
    case urgent
    /// Call an ambulance or go to the emergency department now.
    case emergency

    /// 0 for `self_care` up to 3 for `emergency`.
    public var rank: Int {
        switch self {
        case .selfCare: 0
        case .routine: 1
        case .urgent: 2
        case .emergency: 3
        }
    }

    /// The level with a given rank, if any.
    public init?(rank: Int) {
        guard let level = TriageLevel.allCases.first(where: { $0.rank == rank }) else { return nil }
        self = level
    }

    public static func < (lhs: TriageLevel, rhs: TriageLevel) -> Bool {
        lhs.rank < rhs.rank
    }

    /// The levels from most to least urgent, the order in which most messages list them.
    public static let mostUrgentFirst: [TriageLevel] = [.emergency, .urgent, .routine, .selfCare]
}
