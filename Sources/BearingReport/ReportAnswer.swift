/// One of the three questions the report opens with, answered in one sentence that carries its
/// number and interval, with a verdict badge and a link down to the section that holds the
/// detail. An answer from too small a sample, or from inputs that were not found, is greyed
/// and says why.
package struct ReportAnswer: Sendable, Equatable {
    /// How the evidence came out; it picks the badge colour.
    package enum Status: String, Sendable, Equatable {
        /// The evidence favours the answer clearly (interval clear of zero).
        case clear
        /// The evidence points against the option asked about (e.g. the baseline wins).
        case against
        /// No clear difference, or no interval to judge by.
        case unclear
        /// The sample is too small to judge; the sentence gives the reason.
        case insufficient
        /// The inputs were not found; the sentence names the command that writes them.
        case missing
    }

    package var question: String
    package var status: Status
    /// A few words in the badge ("Yes", "Vectors", "Too few data").
    package var badge: String
    /// The answer, one sentence with its number and interval.
    package var sentence: String
    /// Supporting facts in smaller print (may be empty).
    package var detail: String
    /// Id of the section with the detail.
    package var section: String

    package init(question: String, status: Status, badge: String, sentence: String, detail: String = "", section: String) {
        self.question = question
        self.status = status
        self.badge = badge
        self.sentence = sentence
        self.detail = detail
        self.section = section
    }

    /// The answer when its inputs were not found or hold nothing to judge; `sentence` says why
    /// and what to run.
    package static func notRun(_ question: String, _ sentence: String, section: String) -> ReportAnswer {
        ReportAnswer(question: question, status: .missing, badge: "Not run", sentence: sentence, section: section)
    }

    /// Whether the answer is shown greyed (nothing to judge by).
    package var isGreyed: Bool { status == .insufficient || status == .missing }

    func html(number: Int) -> String {
        var s = "<li class=\"answer status-\(status.rawValue)\(isGreyed ? " greyed" : "")\">"
        s += "<div class=\"badge\">\(HTML.escape(badge))</div><div class=\"answer-body\">"
        s += "<p class=\"question\">\(number). \(HTML.escape(question))</p>"
        s += "<p class=\"sentence\">\(HTML.escape(sentence))</p>"
        s += "<p class=\"answer-detail\">"
        if !detail.isEmpty { s += HTML.escape(detail) + " " }
        s += "<a href=\"#\(HTML.escape(section))\">Details ↓</a></p>"
        return s + "</div></li>"
    }
}
