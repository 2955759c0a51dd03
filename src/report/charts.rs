//! SVG bar charts for the meeting brief, drawn with `plotters` (SVG backend only, so no font
//! files or bitmap libraries are needed and the text stays selectable, printable SVG text).
//!
//! Two shapes cover every chart of the brief:
//! * [`stacked_bars`] — one horizontal bar per category ([`StackedRow`]), split into the three
//!   severities, with a legend: conflicts by type, by kecamatan, by nationality.
//! * [`bars`] — one horizontal bar per category ([`BarRow`]) in a single colour: persons per
//!   combination of agencies.
//!
//! Bars are horizontal because the category labels (conflict-type labels, agency combinations)
//! are long sentences that would be unreadable as rotated x-axis labels. The first row is drawn
//! at the top, so callers pass rows in the order a reader should see them. Output is a pure
//! function of the input: no ids, timestamps or randomness, so the brief is byte-identical
//! across runs.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One category of a stacked chart: the label and its counts per severity (high, medium, low).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StackedRow {
    pub label: String,
    pub counts: [usize; 3],
}

impl StackedRow {
    pub fn total(&self) -> usize {
        self.counts.iter().sum()
    }
}

/// One category of a single-colour chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BarRow {
    pub label: String,
    pub count: usize,
}

/// Severity colours (high, medium, low), shared with the HTML so tables and charts agree.
pub const SEVERITY_COLOURS: [(u8, u8, u8); 3] = [(192, 57, 43), (230, 126, 34), (212, 172, 13)];
/// The colour of single-series bars.
pub const BAR_COLOUR: (u8, u8, u8) = (46, 110, 166);

const WIDTH: u32 = 760;
const ROW_HEIGHT: u32 = 26;
const FONT: &str = "sans-serif";

fn rgb((r, g, b): (u8, u8, u8)) -> RGBColor {
    RGBColor(r, g, b)
}

/// Width of the label column: long enough for the longest label (an estimate, since SVG text is
/// measured by the browser), but never more than 45% of the chart.
fn label_area(labels: &[&str]) -> u32 {
    let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let estimate = 24 + (longest as f64 * 6.9) as u32;
    estimate.clamp(80, WIDTH * 45 / 100)
}

/// Shortens a label to fit the label column, marking the cut with an ellipsis.
fn fit_label(label: &str, area: u32) -> String {
    let max_chars = ((area.saturating_sub(16)) as f64 / 6.9) as usize;
    if label.chars().count() <= max_chars || max_chars < 2 {
        return label.to_string();
    }
    let mut s: String = label.chars().take(max_chars - 1).collect();
    s.push('…');
    s
}

/// The x range: the largest total plus room for the value printed after each bar.
fn x_max(largest: usize) -> u32 {
    let largest = u32::try_from(largest).unwrap_or(u32::MAX / 2);
    largest.saturating_add(largest / 8).saturating_add(2).max(5)
}

fn err<E: std::fmt::Display>(e: E) -> anyhow::Error {
    anyhow::anyhow!("drawing a chart: {e}")
}

/// A horizontal stacked bar chart of counts per severity. `severity_labels` name the three
/// segments in the legend (high, medium, low); `x_desc` describes the axis (e.g. "konflik").
/// Returns `None` when there is nothing to draw.
pub fn stacked_bars(
    rows: &[StackedRow],
    severity_labels: [&str; 3],
    x_desc: &str,
) -> anyhow::Result<Option<String>> {
    if rows.is_empty() {
        return Ok(None);
    }
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    let largest = rows.iter().map(StackedRow::total).max().unwrap_or(0);
    let draw = |area: &mut ChartArea<'_>| -> anyhow::Result<()> {
        let n = area.n;
        for (s, (label, colour)) in severity_labels
            .iter()
            .zip(SEVERITY_COLOURS.iter())
            .enumerate()
        {
            let colour = rgb(*colour);
            let rects = rows.iter().enumerate().filter_map(move |(i, row)| {
                let before: usize = row.counts.iter().take(s).sum();
                let own = row.counts.get(s).copied().unwrap_or(0);
                (own > 0)
                    .then(|| bar_rect(n, i, clamp_u32(before), clamp_u32(before + own), colour))
            });
            area.chart
                .draw_series(rects)
                .map_err(err)?
                .label(*label)
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled())
                });
        }
        let totals = rows
            .iter()
            .enumerate()
            .map(|(i, r)| value_label(n, i, r.total()));
        area.chart.draw_series(totals).map_err(err)?;
        area.chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(RGBColor(200, 200, 200))
            .label_font((FONT, 15))
            .draw()
            .map_err(err)?;
        Ok(())
    };
    render(&labels, largest, x_desc, draw).map(Some)
}

/// A horizontal bar chart in one colour. Returns `None` when there is nothing to draw.
pub fn bars(rows: &[BarRow], x_desc: &str) -> anyhow::Result<Option<String>> {
    if rows.is_empty() {
        return Ok(None);
    }
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    let largest = rows.iter().map(|r| r.count).max().unwrap_or(0);
    let draw = |area: &mut ChartArea<'_>| -> anyhow::Result<()> {
        let n = area.n;
        let colour = rgb(BAR_COLOUR);
        let rects = rows
            .iter()
            .enumerate()
            .map(|(i, r)| bar_rect(n, i, 0, clamp_u32(r.count), colour));
        area.chart.draw_series(rects).map_err(err)?;
        let values = rows
            .iter()
            .enumerate()
            .map(|(i, r)| value_label(n, i, r.count));
        area.chart.draw_series(values).map_err(err)?;
        Ok(())
    };
    render(&labels, largest, x_desc, draw).map(Some)
}

type Chart<'a> = ChartContext<
    'a,
    SVGBackend<'a>,
    Cartesian2d<
        plotters::coord::types::RangedCoordu32,
        plotters::coord::ranged1d::SegmentedCoord<plotters::coord::types::RangedCoordu32>,
    >,
>;

struct ChartArea<'a> {
    chart: Chart<'a>,
    n: u32,
}

fn clamp_u32(v: usize) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX / 2)
}

/// Row `i` (0 = top) occupies segment `n - 1 - i` (plotters counts from the bottom).
fn row_segment(n: u32, i: usize) -> u32 {
    n.saturating_sub(1).saturating_sub(clamp_u32(i))
}

fn bar_rect(
    n: u32,
    i: usize,
    x0: u32,
    x1: u32,
    colour: RGBColor,
) -> Rectangle<(u32, SegmentValue<u32>)> {
    let seg = row_segment(n, i);
    let mut r = Rectangle::new(
        [
            (x0, SegmentValue::Exact(seg)),
            (x1, SegmentValue::Exact(seg + 1)),
        ],
        colour.filled(),
    );
    r.set_margin(4, 4, 0, 0);
    r
}

fn value_label(n: u32, i: usize, value: usize) -> Text<'static, (u32, SegmentValue<u32>), String> {
    let style = TextStyle::from((FONT, 14).into_font())
        .color(&RGBColor(40, 40, 40))
        .pos(Pos::new(HPos::Left, VPos::Center));
    Text::new(
        format!(" {value}"),
        (clamp_u32(value), SegmentValue::CenterOf(row_segment(n, i))),
        style,
    )
}

/// Sets up the canvas, axes and category labels, lets `draw` add the series, and returns the SVG.
fn render<F>(labels: &[&str], largest: usize, x_desc: &str, draw: F) -> anyhow::Result<String>
where
    F: for<'a, 'b> FnOnce(&'b mut ChartArea<'a>) -> anyhow::Result<()>,
{
    // A one-segment axis gets no tick labels from plotters, so a single row gets an empty second
    // row below it.
    let n = clamp_u32(labels.len()).max(2);
    let area_w = label_area(labels);
    let fitted: Vec<String> = labels.iter().map(|l| fit_label(l, area_w)).collect();
    let height = 60 + ROW_HEIGHT.saturating_mul(n).min(4000);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let chart = ChartBuilder::on(&root)
            .margin_top(8)
            .margin_right(16)
            .margin_left(4)
            .x_label_area_size(40)
            .y_label_area_size(area_w)
            // A u32 range counts both ends, so `0..n-1` makes exactly `n` segments.
            .build_cartesian_2d(
                0u32..x_max(largest),
                (0u32..n.saturating_sub(1)).into_segmented(),
            )
            .map_err(err)?;
        let mut area = ChartArea { chart, n };
        let formatter = |v: &SegmentValue<u32>| match v {
            SegmentValue::CenterOf(seg) => n
                .checked_sub(1)
                .and_then(|top| top.checked_sub(*seg))
                .and_then(|i| fitted.get(i as usize))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        };
        area.chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(labels.len())
            .y_label_formatter(&formatter)
            .x_labels(6)
            .x_label_formatter(&|v: &u32| v.to_string())
            .x_desc(x_desc)
            .label_style((FONT, 15))
            .axis_desc_style((FONT, 15))
            .light_line_style(TRANSPARENT)
            .bold_line_style(RGBColor(215, 215, 215))
            .draw()
            .map_err(err)?;
        draw(&mut area)?;
        root.present().map_err(err)?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stacked(label: &str, counts: [usize; 3]) -> StackedRow {
        StackedRow {
            label: label.into(),
            counts,
        }
    }

    #[test]
    fn stacked_chart_has_labels_legend_and_totals() {
        let rows = [
            stacked("Izin tinggal habis berlaku", [7, 0, 0]),
            stacked("Alamat berbeda", [0, 2, 11]),
        ];
        let svg = stacked_bars(&rows, ["tinggi", "sedang", "rendah"], "konflik")
            .unwrap()
            .unwrap();
        for want in [
            "<svg",
            "Izin tinggal habis berlaku",
            "Alamat berbeda",
            "tinggi",
            "rendah",
            "konflik",
            " 13",
            "</svg>",
        ] {
            assert!(svg.contains(want), "{want} missing");
        }
        // One rectangle per non-empty segment, in the severity colours.
        assert!(svg.contains("#C0392B") || svg.contains("#c0392b"));
    }

    #[test]
    fn one_row_charts_draw() {
        let rows = [BarRow {
            label: "Imigrasi".into(),
            count: 1,
        }];
        let svg = bars(&rows, "orang").unwrap().unwrap();
        assert!(svg.contains("Imigrasi"));
        assert_eq!(svg.matches("<rect").count(), 2, "background and one bar");
    }

    #[test]
    fn empty_charts_are_none() {
        assert_eq!(stacked_bars(&[], ["a", "b", "c"], "x").unwrap(), None);
        assert_eq!(bars(&[], "x").unwrap(), None);
    }

    #[test]
    fn labels_are_escaped_and_long_labels_cut() {
        let rows = [
            BarRow {
                label: "<script>alert(1)</script>".into(),
                count: 3,
            },
            BarRow {
                label: "x".repeat(500),
                count: 0,
            },
        ];
        let svg = bars(&rows, "orang").unwrap().unwrap();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains('…'));
    }

    #[test]
    fn deterministic_and_survives_huge_counts() {
        let rows = [stacked("a", [usize::MAX / 4, 1, 0]), stacked("", [0, 0, 0])];
        let a = stacked_bars(&rows, ["h", "m", "l"], "n").unwrap();
        let b = stacked_bars(&rows, ["h", "m", "l"], "n").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn label_fitting() {
        let cases = [
            ("Alamat berbeda", 300, "Alamat berbeda"),
            ("abcdefghijklmnop", 80, "abcdefgh…"),
            ("", 80, ""),
        ];
        for (label, area, want) in cases {
            assert_eq!(fit_label(label, area), want, "{label}");
        }
    }
}
