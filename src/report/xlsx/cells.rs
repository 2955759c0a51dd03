//! Cells and formats shared by the workbook's sheets: text made safe and cut to Excel's limit,
//! table headers, and the note a sheet ends with when its rows were cut.

use super::*;

/// Formats shared by the sheets.
pub(super) struct Styles {
    pub(super) header: Format,
    pub(super) title: Format,
    pub(super) section: Format,
    pub(super) probability: Format,
    pub(super) high: Format,
    pub(super) medium: Format,
    pub(super) low: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let fill = |bg: u32, fg: u32| {
            Format::new()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        Styles {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            title: Format::new().set_bold().set_font_size(14),
            section: Format::new().set_bold(),
            probability: Format::new().set_num_format("0.000"),
            // Excel's own "bad / neutral / good"-style fills, which analysts recognise.
            high: fill(0xFFC7CE, 0x9C0006),
            medium: fill(0xFFEB9C, 0x9C5700),
            low: fill(0xDDEBF7, 0x1F3864),
        }
    }

    /// Every format, in the order their workbook indices are assigned.
    pub(super) fn all(&self) -> [&Format; 7] {
        [
            &self.header,
            &self.title,
            &self.section,
            &self.probability,
            &self.high,
            &self.medium,
            &self.low,
        ]
    }

    pub(super) fn severity(&self, s: Severity) -> &Format {
        match s {
            Severity::High => &self.high,
            Severity::Medium => &self.medium,
            Severity::Low => &self.low,
        }
    }
}

/// A text cell as written: neutralised, and cut to what Excel accepts.
pub(super) fn cell_text(value: &str) -> Cow<'_, str> {
    let safe = neutralise(value);
    if safe.len() <= CELL_MAX_CHARS || safe.chars().count() <= CELL_MAX_CHARS {
        return safe;
    }
    let mut cut: String = safe.chars().take(CELL_MAX_CHARS - 1).collect();
    cut.push('…');
    Cow::Owned(cut)
}

pub(super) fn text(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    format: Option<&Format>,
) -> anyhow::Result<()> {
    let value = cell_text(value);
    match format {
        Some(f) => ws.write_string_with_format(row, col, value.as_ref(), f)?,
        None => ws.write_string(row, col, value.as_ref())?,
    };
    Ok(())
}

pub(super) fn number(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: f64,
    format: Option<&Format>,
) -> anyhow::Result<()> {
    match format {
        Some(f) => ws.write_number_with_format(row, col, value, f)?,
        None => ws.write_number(row, col, value)?,
    };
    Ok(())
}

/// Writes a header row with column widths, freezes it, and puts an autofilter over `rows` data
/// rows below it.
pub(super) fn table_header(
    ws: &mut Worksheet,
    styles: &Styles,
    columns: &[(&str, f64)],
    rows: usize,
) -> anyhow::Result<()> {
    for (col, (name, width)) in columns.iter().enumerate() {
        let col = u16::try_from(col)?;
        text(ws, 0, col, name, Some(&styles.header))?;
        ws.set_column_width(col, *width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    let last_col = u16::try_from(columns.len().saturating_sub(1))?;
    let last_row = u32::try_from(rows)?;
    ws.autofilter(0, 0, last_row, last_col)?;
    Ok(())
}

/// How many of `total` data rows a sheet shows when it holds at most `max_rows` below its header:
/// all of them, or one fewer than fit, to leave the last row for the note that says so.
pub(super) fn shown_rows(total: usize, max_rows: usize) -> usize {
    if total <= max_rows {
        total
    } else {
        max_rows.saturating_sub(1)
    }
}

/// Row number in the sheet of data row `i` (below the header), or `None` past the rows shown.
pub(super) fn sheet_row(i: usize, shown: usize) -> Option<u32> {
    if i >= shown {
        return None;
    }
    u32::try_from(i + 1).ok()
}

/// The last row of a cut sheet: how many rows are missing and where they all are.
pub(super) fn cut_note(
    ws: &mut Worksheet,
    styles: &Styles,
    total: usize,
    shown: usize,
    csv: &str,
    opts: &ReportOptions,
) -> anyhow::Result<()> {
    if shown >= total {
        return Ok(());
    }
    let left = total - shown;
    let note = match opts.lang {
        Lang::Id => {
            format!("… {left} baris lagi tidak dimuat (batas baris Excel); semuanya ada di {csv}.")
        }
        Lang::En => {
            format!("… {left} more rows are not shown (Excel's row limit); {csv} holds them all.")
        }
    };
    note_below(ws, styles, shown, &note)
}

/// The review queue's last row when it holds only the most likely pairs.
pub(super) fn review_cut_note(
    ws: &mut Worksheet,
    styles: &Styles,
    total: usize,
    shown: usize,
    opts: &ReportOptions,
) -> anyhow::Result<()> {
    let note = review_cut_text(opts.lang, total, shown);
    note_below(ws, styles, shown, &note)
}

pub(super) fn review_cut_text(lang: Lang, total: usize, shown: usize) -> String {
    let left = total.saturating_sub(shown);
    match lang {
        Lang::Id => format!(
            "… {left} pasangan lagi tidak dimuat: lembar ini memuat {shown} pasangan yang paling mungkin sama; semuanya ada di pairs.csv."
        ),
        Lang::En => format!(
            "… {left} more pairs are not shown: this sheet lists the {shown} most likely pairs; pairs.csv holds them all."
        ),
    }
}

/// A note in the first cell of the row below `shown` data rows.
pub(super) fn note_below(
    ws: &mut Worksheet,
    styles: &Styles,
    shown: usize,
    note: &str,
) -> anyhow::Result<()> {
    let row = u32::try_from(shown + 1)?;
    text(ws, row, 0, note, Some(&styles.section))
}

/// A record's field as text, borrowed when the source gave text (most cells of the big sheets).
pub(super) fn field_text(r: &Record, f: Field) -> Cow<'_, str> {
    match r.get(f) {
        Some(Value::Text(t)) => Cow::Borrowed(t.as_str()),
        Some(v) => Cow::Owned(v.to_text()),
        None => Cow::Borrowed(""),
    }
}

/// A record's name as the source wrote it (given and family names joined when split).
pub(super) fn record_name(r: &Record) -> Cow<'_, str> {
    match r.get(Field::Name) {
        Some(_) => field_text(r, Field::Name),
        None => {
            let g = field_text(r, Field::GivenName);
            let f = field_text(r, Field::FamilyName);
            Cow::Owned(format!("{g} {f}").trim().to_string())
        }
    }
}
