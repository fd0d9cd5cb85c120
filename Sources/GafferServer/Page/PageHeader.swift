import GafferContracts
import GafferStore

/// The header every page carries: where you are, the counts an operator checks first, and the raw data.
struct PageHeader: Sendable {
    var openEscalations: Int
    var jobsByState: [JobState: Int]

    init(openEscalations: Int, jobs: [JobRecord]) {
        self.openEscalations = openEscalations
        jobsByState = Dictionary(grouping: jobs, by: \.state).mapValues(\.count)
    }

    func render() -> String {
        var counts = "<div><dt>Open escalations</dt><dd id=\"count-open\">\(openEscalations)</dd></div>"
        for state in JobState.allCases {
            counts += "<div><dt>\(state.rawValue)</dt><dd id=\"count-\(state.rawValue)\">\(jobsByState[state] ?? 0)</dd></div>"
        }
        return """
            <header class="top"><div class="wrap">
            <p class="brand"><a href="/">Gaffer</a> <span>escalation review</span></p>
            <nav aria-label="Raw data"><a href="/api/jobs">/api/jobs</a> <a href="/api/escalations">/api/escalations</a> \
            <a href="/api/handoffs">/api/handoffs</a> <a href="/metrics">/metrics</a></nav>
            <dl class="counts" aria-label="Counts">\(counts)</dl>
            </div></header>
            """
    }
}
