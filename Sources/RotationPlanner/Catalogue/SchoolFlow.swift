import IntegerProgramming
import RotationModel

/// The bounds several rules put on one school's flow of teachers (R3 and R4 on its leavers, R4 and R6 on its
/// arrivals, R6 on its headcount), merged into shared rows after every rule has spoken.
///
/// When planning, a school's bounds on its leavers share one ranged row `leavers_<school>` (and its arrivals
/// `arrivals_<school>`), which keeps the program small; a bound another one implies (arrivals when the
/// headcount is kept) gets no row. When diagnosing, every bound has its own row and slack, named by its rule
/// (`R3_leavers_<school>`), so that the diagnosis can say which rule had to give.
struct SchoolFlow {
    enum Quantity: Equatable {
        /// Teachers leaving who count for R3's quota: leaders (R12) are apart. Merged with `leavers` at a school
        /// where no leader can leave.
        case quotaLeavers
        /// Teachers who leave the school (locked leavers included).
        case leavers
        /// Teachers who arrive (locked arrivals included).
        case arrivals
        /// Arrivals − leavers: the change of headcount.
        case headcount
    }

    struct Bound {
        var quantity: Quantity
        var low: Double?
        var high: Double?
        var row: RuleRow
        /// The row's name when it stands alone (diagnosing).
        var name: String
    }

    var bounds: [Bound] = []

    /// A school's leavers and arrivals as expressions of the move variables (locked movers as constants).
    struct Expressions {
        let leavers: LinearExpression
        let arrivals: LinearExpression
        /// Leavers without the leaders; nil where no leader can leave (then the same as `leavers`).
        var quotaLeavers: LinearExpression? = nil
        func callAsFunction(_ q: Quantity) -> LinearExpression {
            switch q {
            case .quotaLeavers: return quotaLeavers ?? leavers
            case .leavers: return leavers
            case .arrivals: return arrivals
            case .headcount: return arrivals - leavers
            }
        }
    }
}

extension ProgramContext {
    /// A rule's bound on a school's flow: `low ≤ quantity ≤ high` (either may be open).
    mutating func bound(_ quantity: SchoolFlow.Quantity, of s: Int, low: Double? = nil, high: Double? = nil,
                        row: RuleRow, name: String) {
        flows[s].bounds.append(SchoolFlow.Bound(quantity: quantity, low: low, high: high, row: row, name: name))
    }


    /// Writes the rows of every school's flow bounds (after the rules' `bounds` pass).
    mutating func addFlowRows() {
        var out = county.schools.map { _ in LinearExpression() }
        var arrive = county.schools.map { _ in LinearExpression() }
        var teachersOut = county.schools.map { _ in LinearExpression() }
        var leaderMayLeave = county.schools.map { _ in false }
        for t in county.teachers.indices {
            let leader = county.teachers[t].role.isLeader
            if leader && !moves[t].isEmpty { leaderMayLeave[candidates.current[t]] = true }
            for (s, v) in moves[t] {
                out[candidates.current[t]].add(v); arrive[s].add(v)
                if !leader { teachersOut[candidates.current[t]].add(v) }
            }
        }
        flowExpressions = county.schools.indices.map { s in
            SchoolFlow.Expressions(leavers: out[s] + Double(candidates.duties[s].lockedOut), arrivals: arrive[s] + Double(candidates.duties[s].lockedIn))
        }
        for s in county.schools.indices where !flows[s].bounds.isEmpty {
            let d = candidates.duties[s]
            var e = flowExpressions[s]
            if leaderMayLeave[s] || d.leadersLockedOut > 0 { e.quotaLeavers = teachersOut[s] + Double(d.lockedOut - d.leadersLockedOut) }
            // Where no leader can leave, the quota's bounds are the leavers' (one row, as before leaders).
            if e.quotaLeavers == nil {
                for i in flows[s].bounds.indices where flows[s].bounds[i].quantity == .quotaLeavers { flows[s].bounds[i].quantity = .leavers }
            }
            if mode == .diagnose { addSeparateFlowRows(s, e) } else { addMergedFlowRows(s, e) }
        }
    }

    /// Diagnosing: one row per bound, except a bound implied by an earlier one on the same quantity.
    private mutating func addSeparateFlowRows(_ s: Int, _ e: SchoolFlow.Expressions) {
        var kept: [SchoolFlow.Bound] = []
        for b in flows[s].bounds {
            let implied = kept.contains { k in
                k.quantity == b.quantity && (b.low.map { l in k.low.map { $0 >= l } ?? false } ?? true)
                    && (b.high.map { h in k.high.map { $0 <= h } ?? false } ?? true)
            }
            if implied { continue }
            kept.append(b)
            if let l = b.low, let h = b.high, l == h {
                require(b.name, e(b.quantity), .equal, l, row: b.row)
            } else {
                if let l = b.low { require(b.name, e(b.quantity), .atLeast, l, row: b.row) }
                if let h = b.high { require(b.name, e(b.quantity), .atMost, h, row: b.row) }
            }
        }
    }

    /// The tightest bounds on one quantity: (low, its row, high, its row); the first rule wins a tie.
    private func tightest(_ q: SchoolFlow.Quantity, of s: Int) -> (low: Double?, lowRow: RuleRow?, high: Double?, highRow: RuleRow?) {
        var low: Double?, high: Double?, lowRow: RuleRow?, highRow: RuleRow?
        for b in flows[s].bounds where b.quantity == q {
            if let l = b.low, low.map({ l > $0 }) ?? true { low = l; lowRow = b.row }
            if let h = b.high, high.map({ h < $0 }) ?? true { high = h; highRow = b.row }
        }
        return (low, lowRow, high, highRow)
    }

    /// Planning: one ranged row per quantity, and none for arrivals that a kept headcount ties to the leavers.
    private mutating func addMergedFlowRows(_ s: Int, _ e: SchoolFlow.Expressions) {
        let name = schoolNames[s]
        let leavers = tightest(.leavers, of: s), arrivals = tightest(.arrivals, of: s), net = tightest(.headcount, of: s)
        let any = flows[s].bounds[0].row
        // The quota on the teachers who leave, where leaders may leave too: a row of its own.
        let quota = tightest(.quotaLeavers, of: s)
        if let l = quota.low, let row = quota.lowRow {
            let bound = flows[s].bounds.first { $0.quantity == .quotaLeavers && $0.row == row }!
            requireRange(bound.name, e(.quotaLeavers), l, nil, low: row, high: row)
        }
        // Leavers are never fewer than 0: the row is ranged from its lower bound or from 0.
        let leaversLow = max(0, leavers.low ?? 0)
        if leavers.low != nil || leavers.high != nil {
            requireRange("leavers_\(name)", e(.leavers), leaversLow, leavers.high,
                         low: leavers.lowRow ?? leavers.highRow ?? any, high: leavers.highRow ?? any)
        }
        var arrivalsLow = arrivals.low, arrivalsHigh = arrivals.high
        if let l = net.low, let h = net.high, let netRow = net.lowRow {
            let netName = flows[s].bounds.first { $0.quantity == .headcount }!.name
            requireRange(netName, e(.headcount), l, h, low: netRow, high: net.highRow ?? netRow)
            // Arrivals equal leavers plus the change of headcount: the leavers row bounds them too.
            if l == 0 && h == 0 {
                if let a = arrivalsLow, a <= leaversLow { arrivalsLow = nil }
                if let a = arrivalsHigh, let lh = leavers.high, a >= lh { arrivalsHigh = nil }
            }
        }
        guard arrivalsLow != nil || arrivalsHigh != nil else { return }
        let lowRow = arrivals.lowRow ?? arrivals.highRow!, highRow = arrivals.highRow ?? arrivals.lowRow!
        let alone = arrivalsLow == nil || arrivalsHigh == nil
        let rowName = !alone || arrivals.low == nil || arrivals.high == nil ? "arrivals_\(name)"
            : flows[s].bounds.first { $0.row == (arrivalsLow != nil ? lowRow : highRow) }!.name
        requireRange(rowName, e(.arrivals), arrivalsLow, arrivalsHigh, low: lowRow, high: highRow)
    }
}
