//! Escaping for HTML and Markdown, and the brief's style sheet.

use crate::report::charts::SEVERITY_COLOURS;

/// HTML-escapes text for element content and double-quoted attributes.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters (NUL, escape …) have no business in a printed brief.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a Markdown paragraph or table cell: markup characters are backslash-escaped,
/// HTML is neutralised (Markdown renderers pass raw HTML through) and line breaks become spaces so
/// a cell cannot break its table.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The brief's style sheet: A4 pages when printed, a sheet of paper on a grey desk on screen.
pub(super) fn css() -> String {
    let [high, medium, low] = SEVERITY_COLOURS.map(|(r, g, b)| format!("#{r:02x}{g:02x}{b:02x}"));
    format!(
        r#"@page {{ size: A4; margin: 14mm 13mm 16mm 13mm; }}
:root {{ --high: {high}; --medium: {medium}; --low: {low}; --ink: #1d2733; --muted: #5b6776; --rule: #d5dbe3; --accent: #1f4e79; }}
* {{ box-sizing: border-box; }}
html {{ background: #e9ecef; }}
body {{ margin: 0; color: var(--ink); font: 10.5pt/1.45 "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }}
.sheet {{ width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 14mm 13mm 16mm; background: #fff; box-shadow: 0 1px 6px rgba(0,0,0,.18); }}
.masthead {{ border-bottom: 3px solid var(--accent); padding-bottom: 4mm; margin-bottom: 5mm; }}
.restricted {{ margin: 0 0 3mm; display: inline-block; padding: 1mm 3mm; border: 1.5px solid var(--high); color: var(--high); font-weight: 700; font-size: 8.5pt; letter-spacing: .04em; text-transform: uppercase; }}
.kicker {{ margin: 0; color: var(--muted); font-size: 9.5pt; text-transform: uppercase; letter-spacing: .06em; }}
h1 {{ margin: 1mm 0 2mm; font-size: 19pt; line-height: 1.2; color: var(--accent); }}
.asof {{ margin: 0; color: var(--muted); }}
.asof strong {{ color: var(--ink); }}
h2 {{ font-size: 12.5pt; margin: 6mm 0 2.5mm; color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: 1mm; }}
.figures {{ display: grid; grid-template-columns: repeat(4, 1fr); gap: 3mm; }}
.figure {{ border: 1px solid var(--rule); border-left: 4px solid var(--accent); padding: 2.5mm 3mm; border-radius: 1.5mm; break-inside: avoid; }}
.figure .value {{ font-size: 18pt; font-weight: 700; line-height: 1.1; }}
.figure .label {{ color: var(--muted); font-size: 9pt; }}
.figure.sev-high {{ border-left-color: var(--high); }}
.figure.sev-medium {{ border-left-color: var(--medium); }}
.figure.sev-low {{ border-left-color: var(--low); }}
table {{ width: 100%; border-collapse: collapse; font-size: 9.5pt; }}
th, td {{ text-align: left; vertical-align: top; padding: 1.4mm 2mm; border-bottom: 1px solid var(--rule); }}
thead th {{ background: #eef2f7; font-weight: 700; }}
table.numbers td + td, table.numbers th + th {{ text-align: right; font-variant-numeric: tabular-nums; }}
tfoot td {{ font-weight: 700; border-top: 2px solid var(--ink); }}
tr {{ break-inside: avoid; }}
table.cases {{ font-size: 8.6pt; table-layout: fixed; }}
table.cases th {{ overflow-wrap: anywhere; }}
table.cases th:nth-child(1) {{ width: 5%; }}
table.cases th:nth-child(2) {{ width: 15%; }}
table.cases th:nth-child(3) {{ width: 14%; }}
table.cases th:nth-child(4) {{ width: 17%; }}
table.cases th:nth-child(5) {{ width: 29%; }}
table.cases th:nth-child(6) {{ width: 20%; }}
table.cases tr.sev-high td:first-child {{ border-left: 4px solid var(--high); }}
table.cases tr.sev-medium td:first-child {{ border-left: 4px solid var(--medium); }}
table.cases tr.sev-low td:first-child {{ border-left: 4px solid var(--low); }}
.badge {{ display: inline-block; padding: 0 1.5mm; border-radius: 1mm; color: #fff; font-size: 7.5pt; font-weight: 700; text-transform: uppercase; }}
.badge.sev-high {{ background: var(--high); }}
.badge.sev-medium {{ background: var(--medium); }}
.badge.sev-low {{ background: var(--low); color: #222; }}
.pid, .rows {{ color: var(--muted); font-size: 7.8pt; word-break: break-all; }}
figure.chart {{ margin: 0 0 3mm; break-inside: avoid; }}
figure.chart svg {{ display: block; width: 100%; height: auto; }}
.note {{ color: var(--muted); font-size: 9pt; margin: 0 0 2mm; }}
.empty {{ color: var(--muted); font-style: italic; }}
.method {{ break-inside: avoid; }}
.method p {{ margin: 0 0 2mm; font-size: 9.2pt; }}
footer {{ margin-top: 6mm; padding-top: 2mm; border-top: 1px solid var(--rule); color: var(--muted); font-size: 8pt; }}
@media print {{
  html {{ background: #fff; }}
  .sheet {{ width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; }}
  .break {{ break-before: page; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
}}
"#
    )
}
