/// The report's style sheet: system fonts only, WCAG AA contrast (dark text on light fills;
/// status is also given by word and symbol), and print rules for A4.
enum HTMLStyle {
    static let css = """
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1100px; padding: 0 24px 48px; color: #1a1a1a; background: #ffffff;
          font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
        h1 { font-size: 2rem; line-height: 1.2; margin: 0.2rem 0 0.6rem; }
        h2 { font-size: 1.4rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.2rem; border-bottom: 2px solid #d0d0d0; }
        h3 { font-size: 1.1rem; margin: 1.4rem 0 0.5rem; }
        p { margin: 0.4rem 0 0.8rem; }
        code { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
        .hash, dd code { overflow-wrap: anywhere; word-break: break-all; }
        .muted { color: #4a4a4a; font-size: 0.92em; font-weight: 400; }
        .more { font-style: italic; color: #4a4a4a; }
        .none { font-weight: 600; color: #0b5d1e; }
        a { color: #0b4f9c; }
        .verdict { margin: 24px 0 8px; padding: 20px 24px; border: 2px solid; border-left-width: 12px; border-radius: 6px; }
        .verdict .kicker { margin: 0; font-size: 0.95rem; color: #333333; letter-spacing: 0.02em; }
        .verdict .why { font-size: 1.15rem; font-weight: 600; }
        .verdict .context { margin-bottom: 0; color: #333333; }
        .verdict-pass { background: #e6f4ea; border-color: #0b5d1e; }
        .verdict-pass h1 { color: #0b5d1e; }
        .verdict-fail { background: #fdecec; border-color: #9b1c1c; }
        .verdict-fail h1 { color: #9b1c1c; }
        .verdict-none { background: #eeeeee; border-color: #333333; }
        nav ul { list-style: none; margin: 8px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 0.95rem; }
        table { border-collapse: collapse; width: 100%; margin: 0.4rem 0 1rem; }
        th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid #d0d0d0; }
        thead th { background: #f0f0f0; border-bottom: 2px solid #9a9a9a; font-size: 0.95rem; }
        tbody th { font-weight: 600; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .criteria td:first-child { white-space: nowrap; width: 1%; }
        .breakdown { table-layout: fixed; }
        .breakdown th:nth-child(1) { width: 34%; }
        .breakdown th:nth-child(2) { width: 12%; text-align: right; }
        .breakdown th:nth-child(3) { width: 26%; }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 4px; border: 1px solid; font-weight: 700; font-size: 0.9rem; white-space: nowrap; }
        .badge-pass { color: #0b5d1e; background: #e6f4ea; border-color: #0b5d1e; }
        .badge-fail { color: #9b1c1c; background: #fdecec; border-color: #9b1c1c; }
        .badge-warn { color: #6b4500; background: #fff3d6; border-color: #6b4500; }
        .badge-none { color: #333333; background: #eeeeee; border-color: #333333; }
        .badge-waived { color: #3b2a7a; background: #efebfa; border-color: #3b2a7a; }
        tr.row-fail td, tr.row-fail th { background: #fff7f7; }
        tr.row-warn td, tr.row-warn th { background: #fffbf0; }
        figure { margin: 0 0 28px; }
        figcaption { font-size: 0.92rem; color: #333333; margin-top: 4px; }
        svg.chart { display: block; width: 100%; height: auto; max-width: 780px; font-family: inherit; }
        svg .grid { stroke: #e0e0e0; stroke-width: 1; }
        svg .frame { fill: none; stroke: #666666; stroke-width: 1; }
        svg .bar { fill: #3566a8; }
        svg .mark { stroke: #000000; stroke-width: 3; }
        svg .ideal { stroke: #555555; stroke-width: 1.5; stroke-dasharray: 6 4; }
        svg .tick, svg .count { font-size: 12px; fill: #1a1a1a; }
        svg .count { font-weight: 600; }
        svg .label { font-size: 13px; font-weight: 600; fill: #1a1a1a; }
        svg .cell-under { fill: url(#under-hatch); stroke: #ffffff; stroke-width: 2; }
        svg .cell-same { fill: #dcefe1; stroke: #ffffff; stroke-width: 2; }
        svg .cell-over { fill: #f2f2f2; stroke: #ffffff; stroke-width: 2; }
        svg .cell-total { fill: #e4e4e4; stroke: #ffffff; stroke-width: 2; }
        svg .swatch { stroke: #666666; stroke-width: 1; }
        svg .cellcount { font-size: 16px; font-weight: 700; fill: #1a1a1a; }
        svg .cellnote { font-size: 11px; fill: #333333; }
        .case { border: 1px solid #c8c8c8; border-left: 6px solid #9b1c1c; border-radius: 4px; padding: 10px 16px; margin: 0 0 14px; }
        .case h3 { margin: 0.2rem 0; font-size: 1.05rem; }
        .case .reason { font-weight: 700; color: #9b1c1c; margin: 0.2rem 0; }
        .case .patient { margin: 0.2rem 0; color: #333333; }
        .case .findings { margin: 0.2rem 0; }
        .case .findings .kind { font-weight: 700; }
        .case .summary { margin: 0.4rem 0; padding: 6px 12px; background: #f6f6f6; border-left: 3px solid #9a9a9a; }
        .case .summary p { margin: 0; }
        .compare th:first-child { width: 8rem; }
        .compare td { width: 46%; }
        .ddx { margin: 0; padding-left: 1.4rem; }
        .prob { color: #4a4a4a; font-variant-numeric: tabular-nums; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
        .facts dt { font-weight: 600; }
        .facts dd { margin: 0; }
        .glossary dt { font-weight: 700; margin-top: 0.6rem; }
        .glossary dd { margin: 0 0 0 1.2rem; }
        .symbol { font-family: "DejaVu Sans", "Segoe UI Symbol", sans-serif; }
        @page { size: A4; margin: 14mm 12mm 16mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          nav { display: none; }
          * { -webkit-print-color-adjust: exact; }
          h2, h3, h2 + p { break-after: avoid; page-break-after: avoid; }
          tr, .case, figure, .verdict, dt, dd { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          figure { margin-bottom: 12px; }
          svg.chart { max-width: 16cm; }
          a { color: inherit; text-decoration: none; }
        }

        """
}
