import ClinvalCore

extension HTMLReportWriter {
    /// The reliability diagram and the triage confusion matrix, both inline SVG.
    func writeCharts(_ page: Page, to html: inout HTMLBuilder) {
        html.raw("<section id=\"charts\">\n<h2>Calibration and triage</h2>\n")
        html.raw("<div class=\"charts\">\n<figure>\n")
        writeReliability(page, to: &html)
        html.raw("<figcaption>Reliability diagram, all vignettes with an answer. Each bar is one band of the model's confidence in its first suggestion; its height is how often that suggestion was right. A well-calibrated model's bars reach the black marks and the dashed line. The number above each bar is how many vignettes fell in the band.")
        if let ece = page.row("ece", scope: "all")?.value {
            html.raw(" ")
            html.text("Expected calibration error: \(ReportVocabulary.value(ece, metric: "ece")).")
        }
        html.raw("</figcaption>\n</figure>\n<figure>\n")
        writeConfusion(page, to: &html)
        html.raw("<figcaption>Triage confusion matrix, all vignettes: rows are the least urgent level the doctors accepted, columns the model's advice. Hatched cells marked \"under\" are under-triage: less urgent advice than the doctors accepted, or no answer.</figcaption>\n</figure>\n</div>\n</section>\n")
    }

    // MARK: Reliability

    private func writeReliability(_ page: Page, to html: inout HTMLBuilder) {
        let bins = Array(page.input.reliability.prefix(15))
        let left = 70.0, right = 610.0, top = 40.0, bottom = 320.0
        let width = right - left, height = bottom - top
        let binWidth = width / 15
        html.raw(
            "<svg class=\"chart\" viewBox=\"0 0 640 400\" width=\"640\" height=\"400\" role=\"img\" aria-labelledby=\"reliability-title\">\n<title id=\"reliability-title\">Reliability diagram: share of first suggestions that were right, by the model's confidence</title>\n"
        )
        // Grid and axes.
        for step in 0...5 {
            let fraction = Double(step) / 5
            let y = bottom - fraction * height
            let x = left + fraction * width
            html.raw("<line class=\"grid\" x1=\"\(n(left))\" y1=\"\(n(y))\" x2=\"\(n(right))\" y2=\"\(n(y))\"/>\n")
            html.raw("<text class=\"tick\" x=\"\(n(left - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(step * 20)%</text>\n")
            html.raw("<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(bottom + 18))\" text-anchor=\"middle\">\(step * 20)%</text>\n")
        }
        html.raw("<rect class=\"frame\" x=\"\(n(left))\" y=\"\(n(top))\" width=\"\(n(width))\" height=\"\(n(height))\"/>\n")
        html.raw("<text class=\"tick\" x=\"\(n(left - 8))\" y=\"\(n(top - 10))\" text-anchor=\"end\">n</text>\n")
        if bins.isEmpty {
            html.raw("<text class=\"label\" x=\"\(n(left + width / 2))\" y=\"\(n(top + height / 2))\" text-anchor=\"middle\">No answers with a differential</text>\n")
        }
        for (index, bin) in bins.enumerated() {
            let x = left + Double(index) * binWidth
            let center = x + binWidth / 2
            html.raw("<text class=\"count\" x=\"\(n(center))\" y=\"\(n(top - 10))\" text-anchor=\"middle\">\(bin.count)</text>\n")
            guard bin.count > 0, let accuracy = bin.accuracy, accuracy.isFinite else { continue }
            let share = min(max(accuracy, 0), 1)
            let barHeight = share * height
            let lowEdge = ReportFormat.percent(Double(index) / 15, decimals: 0) ?? ""
            let highEdge = ReportFormat.percent(Double(index + 1) / 15, decimals: 0) ?? ""
            var title = "Confidence \(lowEdge) to \(highEdge): \(bin.count) vignettes, right \(ReportFormat.percent(share) ?? "—")"
            if let confidence = bin.meanConfidence, confidence.isFinite {
                title += ", average confidence \(ReportFormat.percent(confidence) ?? "—")"
            }
            html.raw("<g><title>\(HTMLText.escape(title))</title>")
            html.raw("<rect class=\"bar\" x=\"\(n(x + 3))\" y=\"\(n(bottom - barHeight))\" width=\"\(n(binWidth - 6))\" height=\"\(n(barHeight))\"/>")
            if let confidence = bin.meanConfidence, confidence.isFinite {
                let y = bottom - min(max(confidence, 0), 1) * height
                html.raw("<line class=\"mark\" x1=\"\(n(x + 1))\" y1=\"\(n(y))\" x2=\"\(n(x + binWidth - 1))\" y2=\"\(n(y))\"/>")
            }
            html.raw("</g>\n")
        }
        html.raw("<line class=\"ideal\" x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(right))\" y2=\"\(n(top))\"/>\n")
        html.raw("<text class=\"label\" x=\"\(n(left + width / 2))\" y=\"\(n(bottom + 40))\" text-anchor=\"middle\">Model's confidence in its first suggestion</text>\n")
        html.raw("<text class=\"label\" transform=\"rotate(-90)\" x=\"\(n(-(top + height / 2)))\" y=\"18\" text-anchor=\"middle\">Share of first suggestions that were right</text>\n")
        // Legend.
        let legendY = bottom + 66
        html.raw("<rect class=\"bar\" x=\"\(n(left))\" y=\"\(n(legendY - 10))\" width=\"14\" height=\"12\"/>")
        html.raw("<text class=\"tick\" x=\"\(n(left + 20))\" y=\"\(n(legendY))\">share right</text>\n")
        html.raw("<line class=\"mark\" x1=\"\(n(left + 130))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(left + 150))\" y2=\"\(n(legendY - 4))\"/>")
        html.raw("<text class=\"tick\" x=\"\(n(left + 156))\" y=\"\(n(legendY))\">average confidence</text>\n")
        html.raw("<line class=\"ideal\" x1=\"\(n(left + 300))\" y1=\"\(n(legendY - 4))\" x2=\"\(n(left + 330))\" y2=\"\(n(legendY - 4))\"/>")
        html.raw("<text class=\"tick\" x=\"\(n(left + 336))\" y=\"\(n(legendY))\">perfect calibration</text>\n")
        html.raw("</svg>\n")
    }

    // MARK: Confusion matrix

    private func writeConfusion(_ page: Page, to html: inout HTMLBuilder) {
        let levels = TriageLevel.mostUrgentFirst
        var counts: [Int: [Int: Int]] = [:]  // gold rank → returned rank (−1 = no answer) → count
        for cell in page.input.triageConfusion {
            counts[cell.gold.rank, default: [:]][cell.returned?.rank ?? -1, default: 0] += max(0, cell.count)
        }
        let labelWidth = 150.0, cellWidth = 92.0, headerHeight = 58.0, rowHeight = 46.0
        let columns: [Int] = levels.map(\.rank) + [-1]
        let totalWidth = labelWidth + cellWidth * Double(columns.count + 1) + 4
        let totalHeight = headerHeight + rowHeight * Double(levels.count) + 40
        html.raw(
            "<svg class=\"chart\" viewBox=\"0 0 \(n(totalWidth)) \(n(totalHeight))\" width=\"\(n(totalWidth))\" height=\"\(n(totalHeight))\" role=\"img\" aria-labelledby=\"confusion-title\">\n<title id=\"confusion-title\">Triage confusion matrix: doctors' triage (rows) against the model's advice (columns)</title>\n"
        )
        html.raw(
            "<defs><pattern id=\"under-hatch\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"8\" height=\"8\" fill=\"#fbe3e3\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#e4a3a3\" stroke-width=\"3\"/></pattern></defs>\n"
        )
        html.raw("<text class=\"label\" x=\"\(n(labelWidth + cellWidth * 2.5))\" y=\"16\" text-anchor=\"middle\">Model's advice</text>\n")
        html.raw("<text class=\"label\" x=\"4\" y=\"\(n(headerHeight - 12))\">Doctors' triage</text>\n")
        let headers = levels.map(ReportVocabulary.word) + ["No answer", "Total"]
        for (index, header) in headers.enumerated() {
            let x = labelWidth + cellWidth * (Double(index) + 0.5)
            html.raw("<text class=\"tick\" x=\"\(n(x))\" y=\"\(n(headerHeight - 12))\" text-anchor=\"middle\">\(header)</text>\n")
        }
        for (rowIndex, gold) in levels.enumerated() {
            let y = headerHeight + rowHeight * Double(rowIndex)
            html.raw("<text class=\"tick\" x=\"4\" y=\"\(n(y + rowHeight / 2 + 4))\">\(ReportVocabulary.word(gold))</text>\n")
            let row = counts[gold.rank] ?? [:]
            for (columnIndex, returned) in columns.enumerated() {
                let x = labelWidth + cellWidth * Double(columnIndex)
                let count = row[returned] ?? 0
                let kind: (style: String, note: String)
                if returned < 0 || returned < gold.rank {
                    kind = ("cell-under", "under")
                } else if returned == gold.rank {
                    kind = ("cell-same", "same level")
                } else {
                    kind = ("cell-over", "more urgent")
                }
                html.raw("<rect class=\"\(kind.style)\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cellWidth))\" height=\"\(n(rowHeight))\"/>")
                html.raw("<text class=\"cellcount\" x=\"\(n(x + cellWidth / 2))\" y=\"\(n(y + 21))\" text-anchor=\"middle\">\(count)</text>")
                html.raw("<text class=\"cellnote\" x=\"\(n(x + cellWidth / 2))\" y=\"\(n(y + 37))\" text-anchor=\"middle\">\(kind.note)</text>\n")
            }
            let x = labelWidth + cellWidth * Double(columns.count)
            let total = row.values.reduce(0, +)
            html.raw("<rect class=\"cell-total\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(cellWidth))\" height=\"\(n(rowHeight))\"/>")
            html.raw("<text class=\"cellcount\" x=\"\(n(x + cellWidth / 2))\" y=\"\(n(y + 28))\" text-anchor=\"middle\">\(total)</text>\n")
        }
        let legendY = headerHeight + rowHeight * Double(levels.count) + 26
        html.raw("<rect class=\"cell-under swatch\" x=\"4\" y=\"\(n(legendY - 12))\" width=\"16\" height=\"14\"/>")
        html.raw("<text class=\"tick\" x=\"26\" y=\"\(n(legendY))\">under-triage or no answer</text>")
        html.raw("<rect class=\"cell-same swatch\" x=\"230\" y=\"\(n(legendY - 12))\" width=\"16\" height=\"14\"/>")
        html.raw("<text class=\"tick\" x=\"252\" y=\"\(n(legendY))\">same as the doctors' lowest level</text>")
        html.raw("<rect class=\"cell-over swatch\" x=\"500\" y=\"\(n(legendY - 12))\" width=\"16\" height=\"14\"/>")
        html.raw("<text class=\"tick\" x=\"522\" y=\"\(n(legendY))\">more urgent</text>\n")
        html.raw("</svg>\n")
    }

    /// A coordinate with at most one decimal.
    private func n(_ value: Double) -> String {
        guard let text = ReportFormat.fixed(value, decimals: 1) else { return "0" }
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
