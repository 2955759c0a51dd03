//! The TIMPORA profile: renders the planned [`Person`]s into the four agency exports.
//!
//! One function per agency fills a reusable row of `String` buffers from a person's truth, the
//! planted [`Alt`] for that agency and the agency's own noise; [`each_row`] walks the population
//! in order, emitting planted duplicates either right after the original or at the end of the
//! file; the sheet/CSV writers number the rows and stream `truth_records.csv` as they go.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::Path;

use anyhow::Context as _;
use chrono::{Datelike, NaiveDate};
use rand::Rng;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
};

use super::cp1252::Cp1252Writer;
use super::noise::{
    add_days, extra_spaces, fmt_dmy, fmt_id_long, id_month, id_month_upper, missing_token,
    ocr_confuse, pick, title_case, typo, GenRng, Rates,
};
use super::places::{jobs, COMPANIES, KECAMATAN, OUTSIDE};
use super::population::{self, nationality, Agency, Alt, Group, PermitKind, Person, Sponsor};
use super::truth::{entity_id, ConflictType, TruthWriter};
use super::{stream, GenerateOptions, GenerateSummary};

/// Names of the files one run writes (they appear in truth and conflict notes).
struct Names {
    imm: String,
    man: String,
    pol: &'static str,
    duk: &'static str,
}

pub(crate) fn write(opts: &GenerateOptions) -> anyhow::Result<GenerateSummary> {
    let rates = Rates::new(opts.noise);
    let mut rng = stream(opts.seed, 1);
    let people = population::build(&mut rng, opts.persons, opts.as_of, &rates);
    let year = opts.as_of.year();
    let ext = if opts.csv_only { "csv" } else { "xlsx" };
    let names = Names {
        imm: format!("kanim_mataram_itas_{year}.{ext}"),
        man: format!("disnaker_tka_lotim_{year}.{ext}"),
        pol: "polres_lotim_stm.csv",
        duk: "dukcapil_wna_lotim.csv",
    };
    let dir = &opts.out_dir;
    std::fs::create_dir_all(dir.join(super::TRUTH_DIR))?;
    let mut truth = TruthWriter::create(&dir.join(super::TRUTH_DIR).join("truth_records.csv"))?;
    let mut files = Vec::new();
    let ctx = Ctx {
        rates,
        as_of: opts.as_of,
    };

    let n = if opts.csv_only {
        write_immigration_csv(
            &dir.join(&names.imm),
            &names.imm,
            &people,
            &ctx,
            opts.seed,
            &mut truth,
        )?
    } else {
        write_immigration_xlsx(
            &dir.join(&names.imm),
            &names.imm,
            &people,
            &ctx,
            opts.seed,
            &mut truth,
        )?
    };
    files.push((dir.join(&names.imm), n));

    let months = month_sheets(opts.as_of);
    if opts.csv_only {
        for (bit, (y, m)) in months.iter().copied() {
            let file = format!("disnaker_tka_lotim_{y}_{m:02}.csv");
            let path = dir.join(&file);
            let n = write_manpower_csv(&path, &file, &people, &ctx, opts.seed, bit, &mut truth)?;
            files.push((path, n));
        }
    } else {
        let path = dir.join(&names.man);
        let n = write_manpower_xlsx(
            &path, &names.man, &people, &ctx, opts.seed, &months, &mut truth,
        )?;
        files.push((path, n));
    }

    let path = dir.join(names.pol);
    let n = write_police(&path, names.pol, &people, &ctx, opts.seed, &mut truth)?;
    files.push((path, n));
    let path = dir.join(names.duk);
    let n = write_dukcapil(&path, names.duk, &people, &ctx, opts.seed, &mut truth)?;
    files.push((path, n));

    let truth_records = truth.finish()?;
    let truth_conflicts = write_conflicts(
        &dir.join(super::TRUTH_DIR).join("truth_conflicts.csv"),
        &people,
        &names,
        &ctx,
    )?;
    Ok(GenerateSummary {
        files,
        truth_records,
        truth_conflicts,
    })
}

struct Ctx {
    rates: Rates,
    as_of: NaiveDate,
}

/// The three monthly manpower sheets ending at `as_of`, oldest first, as (membership bit, (year, month)).
fn month_sheets(as_of: NaiveDate) -> [(u8, (i32, u32)); 3] {
    let back = |k: u32| {
        let total = as_of.year() * 12 + as_of.month() as i32 - 1 - k as i32;
        (total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
    };
    [(4, back(2)), (2, back(1)), (1, back(0))]
}

/// Calls `emit` for every member row; a planted duplicate is emitted again right after the
/// original or at the end of the file. Returns the number of rows.
fn each_row<F>(
    people: &[Person],
    rng: &mut GenRng,
    member: impl Fn(&Person) -> bool,
    duplicated: impl Fn(&Person) -> bool,
    mut emit: F,
) -> anyhow::Result<usize>
where
    F: FnMut(&Person, &mut GenRng) -> anyhow::Result<()>,
{
    let mut tail = Vec::new();
    let mut n = 0;
    for p in people.iter().filter(|p| member(p)) {
        emit(p, rng)?;
        n += 1;
        if duplicated(p) {
            if rng.random_bool(0.5) {
                emit(p, rng)?;
                n += 1;
            } else {
                tail.push(p);
            }
        }
    }
    for p in tail {
        emit(p, rng)?;
        n += 1;
    }
    Ok(n)
}

fn is_dup(p: &Person, agency: Agency, bit: u8) -> bool {
    matches!(p.alt_for(agency), Some(Alt::Duplicate(b)) if *b == bit)
}

fn clear(bufs: &mut [String]) {
    for b in bufs {
        b.clear();
    }
}

/// A company name as another clerk types it: `PT.`/`PT`, suffix form, case, spaces.
fn company_noisy(rng: &mut GenRng, rates: &Rates, name: &str, out: &mut String) {
    let (prefix, rest) = match name.split_once(' ') {
        Some((p, r)) if matches!(p, "PT." | "PT" | "CV." | "CV") => (p.trim_end_matches('.'), r),
        _ => ("", name),
    };
    let mut s = String::with_capacity(name.len() + 4);
    if prefix.is_empty() || !rates.hit(rng, 0.4) {
        s.push_str(name);
    } else {
        match rng.random_range(0..3u8) {
            0 => {
                s.push_str(prefix);
                s.push(' ');
                s.push_str(rest);
            }
            1 => {
                s.push_str(rest);
                s.push_str(", ");
                s.push_str(prefix);
            }
            _ => {
                s.push_str(prefix);
                s.push('.');
                s.push_str(rest);
            }
        }
    }
    if rates.hit(rng, 0.1) {
        title_case(&s, out);
    } else {
        out.push_str(&s);
    }
    if rates.hit(rng, 0.03) {
        extra_spaces(rng, out);
    }
}

/// `DSN. SUNGKUN RT 002/RW 001 DS. EKAS BUANA` or an outside-Lotim address.
fn address_line(p: &Person, style: u8, out: &mut String) {
    let a = &p.addr;
    if !a.lotim {
        if let Some(o) = OUTSIDE.get(a.kec) {
            let _ = write!(out, "{}, DESA {}, {}", o.street, o.desa, o.kabupaten);
        }
        return;
    }
    match style {
        0 => {
            let _ = write!(
                out,
                "DSN. {} RT {:03}/RW {:03} DS. {}",
                a.dusun, a.rt, a.rw, a.desa
            );
        }
        _ => {
            let kec = a.kecamatan();
            let _ = write!(out, "DSN. {}, DS. {}, KEC. {}", a.dusun, a.desa, kec);
        }
    }
}

fn passport_for(p: &Person, agency: Agency) -> &str {
    match (p.alt_for(agency), &p.old_passport) {
        (Some(Alt::OldPassport), Some(old)) => old,
        _ => &p.passport,
    }
}

/// Passport as typed from a photocopy: OCR confusions, spaces, Russian `75 1234567`.
fn passport_noisy(rng: &mut GenRng, rates: &Rates, p: &Person, agency: Agency, out: &mut String) {
    let start = out.len();
    out.push_str(passport_for(p, agency));
    if rates.hit(rng, 0.012) {
        let mut s = out.split_off(start);
        ocr_confuse(rng, &mut s);
        out.push_str(&s);
    } else if nationality(p.nat).iso == "RUS" && rates.hit(rng, 0.2) && out.len() > start + 2 {
        out.insert(start + 2, ' ');
    } else if rates.hit(rng, 0.01) {
        out.push(' ');
    }
}

// ───────────────────────────── Immigration ─────────────────────────────

const IMM_COLS: usize = 16;

/// Fills the immigration row (dates in columns 6 and 10 are returned, not written as text).
fn fill_immigration(
    rng: &mut GenRng,
    ctx: &Ctx,
    p: &Person,
    b: &mut [String; IMM_COLS],
) -> (NaiveDate, NaiveDate) {
    clear(b);
    let r = &ctx.rates;
    let n = p.nationality();
    p.name.canonical(&mut b[1]);
    if r.hit(rng, 0.005) {
        typo(rng, &mut b[1]);
    }
    b[2].push_str(if p.female { "P" } else { "L" });
    b[3].push_str(p.birthplace);
    b[3].push_str(", ");
    fmt_dmy(&mut b[3], p.dob, '-');
    b[4].push_str(n.indonesian);
    b[5].push_str(&p.passport);
    b[7].push_str(p.kind.label());
    b[8].push_str(p.index);
    b[9].push_str(&p.permit_no);
    if r.hit(rng, 0.01) {
        b[11].push_str(missing_token(rng));
    } else {
        b[11].push_str(p.sponsor.text());
    }
    address_line(p, 0, &mut b[12]);
    b[13].push_str(p.addr.kecamatan());
    if r.hit(rng, 0.01) {
        b[14].push_str(missing_token(rng));
    } else {
        b[14].push_str(p.job);
    }
    b[15].push_str(p.status.label());
    (p.passport_expiry, p.permit_expiry)
}

fn excel_date(d: NaiveDate) -> anyhow::Result<ExcelDateTime> {
    let y = u16::try_from(d.year()).context("year out of range")?;
    let m = u8::try_from(d.month()).context("month out of range")?;
    let dd = u8::try_from(d.day()).context("day out of range")?;
    ExcelDateTime::from_ymd(y, m, dd).context("building an Excel date")
}

/// Fixed document properties so the workbook bytes depend only on the options.
fn workbook(as_of: NaiveDate, title: &str, author: &str) -> anyhow::Result<Workbook> {
    let mut wb = Workbook::new();
    let created = excel_date(as_of)?;
    let props = DocProperties::new()
        .set_title(title)
        .set_author(author)
        .set_company(author)
        .set_creation_datetime(&created);
    wb.set_properties(&props);
    wb.set_zip_compression_level(3);
    Ok(wb)
}

fn title_format() -> Format {
    Format::new().set_bold().set_align(FormatAlign::Center)
}

fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
}

fn write_immigration_xlsx(
    path: &Path,
    source: &str,
    people: &[Person],
    ctx: &Ctx,
    seed: u64,
    truth: &mut TruthWriter,
) -> anyhow::Result<usize> {
    let mut wb = workbook(
        ctx.as_of,
        "DATA ORANG ASING PEMEGANG ITAS/ITAP",
        "KANTOR IMIGRASI KELAS I TPI MATARAM",
    )?;
    let sheet = "ITAS ITAP";
    let ws = wb.add_worksheet();
    ws.set_name(sheet)?;
    let title = title_format();
    let hdr = header_format();
    let date_fmt = Format::new().set_num_format("dd-mm-yyyy");
    let last = (IMM_COLS - 1) as u16;
    let mut keadaan = String::from("KEADAAN S/D ");
    fmt_dmy(&mut keadaan, add_days(ctx.as_of, -1), '-');
    ws.merge_range(0, 0, 0, last, "DATA ORANG ASING PEMEGANG ITAS/ITAP", &title)?;
    ws.merge_range(1, 0, 1, last, "KANTOR IMIGRASI KELAS I TPI MATARAM", &title)?;
    ws.merge_range(2, 0, 2, last, &keadaan, &title)?;
    let single = [
        (0u16, "NO"),
        (1, "NAMA"),
        (2, "JK"),
        (3, "TEMPAT/TGL LAHIR"),
        (4, "KEWARGANEGARAAN"),
        (11, "PENJAMIN"),
        (12, "ALAMAT"),
        (13, "KECAMATAN"),
        (14, "PEKERJAAN"),
        (15, "STATUS"),
    ];
    for (c, label) in single {
        ws.merge_range(4, c, 5, c, label, &hdr)?;
    }
    ws.merge_range(4, 5, 4, 6, "PASPOR", &hdr)?;
    ws.merge_range(4, 7, 4, 10, "IZIN TINGGAL", &hdr)?;
    for (c, label) in [
        (5u16, "NOMOR"),
        (6, "BERLAKU S/D"),
        (7, "JENIS"),
        (8, "INDEKS"),
        (9, "NOMOR"),
        (10, "BERLAKU S/D"),
    ] {
        ws.write_string_with_format(5, c, label, &hdr)?;
    }
    for (c, w) in [
        (1u16, 30.0),
        (3, 26.0),
        (4, 18.0),
        (11, 30.0),
        (12, 44.0),
        (13, 16.0),
        (14, 20.0),
    ] {
        ws.set_column_width(c, w)?;
    }
    let mut rng = stream(seed, 2);
    let mut bufs: [String; IMM_COLS] = Default::default();
    let mut row: u32 = 6;
    let n = each_row(
        people,
        &mut rng,
        |p| p.mem.imm,
        |p| is_dup(p, Agency::Imm, 0),
        |p, rng| {
            let (pass_exp, permit_exp) = fill_immigration(rng, ctx, p, &mut bufs);
            write_xlsx_row(
                ws,
                row,
                row - 5,
                &bufs,
                &[(6, pass_exp), (10, permit_exp)],
                &date_fmt,
            )?;
            truth.record(source, sheet, row as usize + 1, p.id)?;
            row += 1;
            Ok(())
        },
    )?;
    ws.merge_range(row, 0, row, 1, "JUMLAH", &title)?;
    ws.write_number(row, 2, n as f64)?;
    let mut place = String::from("Mataram, ");
    let _ = write!(
        place,
        "{:02} {} {}",
        ctx.as_of.day(),
        id_month(ctx.as_of.month(), false),
        ctx.as_of.year()
    );
    let sig = [
        (row + 2, place.as_str()),
        (row + 3, "KEPALA SEKSI INTELDAKIM"),
        (row + 7, "I GUSTI NGURAH SUDARMA, S.H., M.H."),
        (row + 8, "NIP. 198104122003121002"),
    ];
    for (r, text) in sig {
        ws.write_string(r, 12, text)?;
    }
    wb.save(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(n)
}

/// Writes one data row: column 0 is the running number, `dates` become real date cells.
fn write_xlsx_row(
    ws: &mut Worksheet,
    row: u32,
    number: u32,
    bufs: &[String],
    dates: &[(u16, NaiveDate)],
    date_fmt: &Format,
) -> anyhow::Result<()> {
    ws.write_number(row, 0, number)?;
    for (c, text) in bufs.iter().enumerate().skip(1) {
        let c = u16::try_from(c).context("too many columns")?;
        if let Some((_, d)) = dates.iter().find(|(dc, _)| *dc == c) {
            ws.write_datetime_with_format(row, c, excel_date(*d)?, date_fmt)?;
        } else if !text.is_empty() {
            ws.write_string(row, c, text.as_str())?;
        }
    }
    Ok(())
}

fn write_immigration_csv(
    path: &Path,
    source: &str,
    people: &[Person],
    ctx: &Ctx,
    seed: u64,
    truth: &mut TruthWriter,
) -> anyhow::Result<usize> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut wtr = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
    wtr.write_record([
        "NO",
        "NAMA",
        "JK",
        "TEMPAT/TGL LAHIR",
        "KEWARGANEGARAAN",
        "PASPOR NOMOR",
        "PASPOR BERLAKU S/D",
        "IZIN TINGGAL JENIS",
        "IZIN TINGGAL INDEKS",
        "IZIN TINGGAL NOMOR",
        "IZIN TINGGAL BERLAKU S/D",
        "PENJAMIN",
        "ALAMAT",
        "KECAMATAN",
        "PEKERJAAN",
        "STATUS",
    ])?;
    let mut rng = stream(seed, 2);
    let mut bufs: [String; IMM_COLS] = Default::default();
    let mut record = 2usize;
    let n = each_row(
        people,
        &mut rng,
        |p| p.mem.imm,
        |p| is_dup(p, Agency::Imm, 0),
        |p, rng| {
            let (pass_exp, permit_exp) = fill_immigration(rng, ctx, p, &mut bufs);
            let _ = write!(bufs[0], "{}", record - 1);
            fmt_dmy(&mut bufs[6], pass_exp, '-');
            fmt_dmy(&mut bufs[10], permit_exp, '-');
            wtr.write_record(&bufs)
                .with_context(|| format!("writing {}", path.display()))?;
            truth.record(source, "", record, p.id)?;
            record += 1;
            Ok(())
        },
    )?;
    wtr.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(n)
}

// ───────────────────────────── Manpower ─────────────────────────────

const MAN_COLS: usize = 10;
const MAN_HEADER: [&str; MAN_COLS] = [
    "NO",
    "NAMA TKA",
    "WARGA NEGARA",
    "NO PASPOR",
    "JABATAN",
    "NAMA PERUSAHAAN",
    "LOKASI KERJA",
    "NO RPTKA",
    "MASA BERLAKU RPTKA",
    "NO NOTIFIKASI",
];

fn fill_manpower(rng: &mut GenRng, ctx: &Ctx, p: &Person, b: &mut [String; MAN_COLS]) {
    clear(b);
    let r = &ctx.rates;
    shown_name(rng, r, p, Agency::Man, 0.2, &mut b[1]);
    let nat = match p.alt_for(Agency::Man) {
        Some(Alt::Nationality(i)) => nationality(*i),
        _ => p.nationality(),
    };
    b[2].push_str(nat.english);
    if r.hit(rng, 0.05) {
        extra_spaces(rng, &mut b[2]);
    }
    passport_noisy(rng, r, p, Agency::Man, &mut b[3]);
    let company = match p.alt_for(Agency::Man) {
        Some(Alt::Company(ci)) => *ci,
        _ => p.company.unwrap_or(0),
    };
    let c = COMPANIES.get(company).unwrap_or(&COMPANIES[0]);
    let job = if p.group == Group::Work {
        p.job
    } else {
        pick(rng, jobs(c.sector))
    };
    if r.hit(rng, 0.01) {
        b[4].push_str(missing_token(rng));
    } else {
        b[4].push_str(job);
    }
    company_noisy(rng, r, c.name, &mut b[5]);
    let _ = write!(b[6], "KEC. {}", c.location);
    let _ = write!(
        b[7],
        "KEP.{:05}/PPTKA/{}",
        1200 + company * 37,
        ctx.as_of.year()
    );
    // RPTKA runs with the work permit; a planted expired permit keeps a valid-looking RPTKA.
    let end = if p.permit_expiry < ctx.as_of {
        add_days(ctx.as_of, 200)
    } else {
        p.permit_expiry
    };
    if rng.random_bool(0.5) {
        b[8].push_str("s/d ");
        fmt_dmy(&mut b[8], end, '-');
    } else {
        fmt_dmy(&mut b[8], add_days(end, -365), '/');
        b[8].push_str(" - ");
        fmt_dmy(&mut b[8], end, '/');
    }
    if r.hit(rng, 0.03) {
        b[9].push_str(missing_token(rng));
    } else {
        let _ = write!(
            b[9],
            "B.3/{:05}/PK.04.01/{}",
            p.id % 100_000,
            p.permit_issue.year()
        );
    }
}

fn man_member(p: &Person, bit: u8) -> bool {
    p.mem.man && p.mem.man_months & bit != 0
}

fn write_manpower_xlsx(
    path: &Path,
    source: &str,
    people: &[Person],
    ctx: &Ctx,
    seed: u64,
    months: &[(u8, (i32, u32))],
    truth: &mut TruthWriter,
) -> anyhow::Result<usize> {
    let mut wb = workbook(
        ctx.as_of,
        "DAFTAR TENAGA KERJA ASING",
        "DISNAKERTRANS KABUPATEN LOMBOK TIMUR",
    )?;
    let title = title_format();
    let hdr = header_format();
    let mut total = 0;
    for &(bit, (y, m)) in months {
        let sheet = format!("{} {y}", id_month_upper(m));
        let ws = wb.add_worksheet();
        ws.set_name(&sheet)?;
        ws.merge_range(0, 0, 0, 9, "DAFTAR TENAGA KERJA ASING", &title)?;
        ws.merge_range(1, 0, 1, 9, "KABUPATEN LOMBOK TIMUR", &title)?;
        ws.merge_range(2, 0, 2, 9, &format!("BULAN {sheet}"), &title)?;
        for (c, label) in MAN_HEADER.iter().enumerate() {
            ws.write_string_with_format(4, u16::try_from(c)?, *label, &hdr)?;
        }
        for (c, w) in [
            (1u16, 28.0),
            (5, 34.0),
            (6, 20.0),
            (7, 24.0),
            (8, 26.0),
            (9, 26.0),
        ] {
            ws.set_column_width(c, w)?;
        }
        let mut rng = stream(seed, 30 + u64::from(bit));
        let mut bufs: [String; MAN_COLS] = Default::default();
        let mut row: u32 = 5;
        let n = each_row(
            people,
            &mut rng,
            |p| man_member(p, bit),
            |p| is_dup(p, Agency::Man, bit),
            |p, rng| {
                fill_manpower(rng, ctx, p, &mut bufs);
                write_xlsx_row(ws, row, row - 4, &bufs, &[], &title)?;
                truth.record(source, &sheet, row as usize + 1, p.id)?;
                row += 1;
                Ok(())
            },
        )?;
        ws.write_string(row, 1, "JUMLAH")?;
        ws.write_number(row, 2, n as f64)?;
        total += n;
    }
    wb.save(path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(total)
}

#[allow(clippy::too_many_arguments)]
fn write_manpower_csv(
    path: &Path,
    source: &str,
    people: &[Person],
    ctx: &Ctx,
    seed: u64,
    bit: u8,
    truth: &mut TruthWriter,
) -> anyhow::Result<usize> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut wtr = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
    wtr.write_record(MAN_HEADER)?;
    let mut rng = stream(seed, 30 + u64::from(bit));
    let mut bufs: [String; MAN_COLS] = Default::default();
    let mut record = 2usize;
    let n = each_row(
        people,
        &mut rng,
        |p| man_member(p, bit),
        |p| is_dup(p, Agency::Man, bit),
        |p, rng| {
            fill_manpower(rng, ctx, p, &mut bufs);
            let _ = write!(bufs[0], "{}", record - 1);
            wtr.write_record(&bufs)
                .with_context(|| format!("writing {}", path.display()))?;
            truth.record(source, "", record, p.id)?;
            record += 1;
            Ok(())
        },
    )?;
    wtr.flush()?;
    Ok(n)
}

// ───────────────────────────── Police ─────────────────────────────

const POL_COLS: usize = 11;
const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];

/// Whether the planted conflict is about the birth date (then noise must not blank it).
fn dob_planted(p: &Person) -> bool {
    p.planted.as_ref().is_some_and(|c| {
        matches!(
            c.ty,
            ConflictType::DobMismatch
                | ConflictType::DobDayMonthSwapped
                | ConflictType::NikInconsistent
        )
    })
}

fn shown_dob(p: &Person, agency: Agency) -> NaiveDate {
    match p.alt_for(agency) {
        Some(Alt::Dob(d)) => *d,
        _ => p.dob,
    }
}

fn shown_female(p: &Person, agency: Agency) -> bool {
    p.female ^ matches!(p.alt_for(agency), Some(Alt::Sex))
}

fn shown_name(
    rng: &mut GenRng,
    r: &Rates,
    p: &Person,
    agency: Agency,
    keep_accents: f64,
    out: &mut String,
) {
    match p.alt_for(agency) {
        Some(Alt::Name(other)) => other.render_noisy(rng, r, keep_accents, out),
        _ => p.name.render_noisy(rng, r, keep_accents, out),
    }
}

fn fill_police(rng: &mut GenRng, ctx: &Ctx, p: &Person, seq: usize, b: &mut [String; POL_COLS]) {
    clear(b);
    let r = &ctx.rates;
    let _ = write!(b[0], "{seq}");
    shown_name(rng, r, p, Agency::Pol, 0.7, &mut b[1]);
    b[2].push_str(if shown_female(p, Agency::Pol) {
        "PEREMPUAN"
    } else {
        "LAKI-LAKI"
    });
    if r.is_high() && !dob_planted(p) && rng.random_bool(0.04) {
        b[3].push_str(missing_token(rng));
    } else {
        fmt_dmy(&mut b[3], shown_dob(p, Agency::Pol), '/');
    }
    let nat = match p.alt_for(Agency::Pol) {
        Some(Alt::Nationality(i)) => nationality(*i),
        _ => p.nationality(),
    };
    b[4].push_str(if rng.random_bool(0.7) {
        nat.demonym
    } else {
        nat.english
    });
    passport_noisy(rng, r, p, Agency::Pol, &mut b[5]);
    match p.alt_for(Agency::Pol) {
        Some(Alt::PermitNo(no)) => b[6].push_str(no),
        _ if r.hit(rng, 0.02) => b[6].push_str(missing_token(rng)),
        _ => b[6].push_str(&p.permit_no),
    }
    match p.sponsor {
        Sponsor::Company(_) => company_noisy(rng, r, p.sponsor.text(), &mut b[7]),
        _ if r.hit(rng, 0.02) => b[7].push_str(missing_token(rng)),
        _ => b[7].push_str(p.sponsor.text()),
    }
    address_line(p, 1, &mut b[8]);
    let month = p.stm_date.month0() as usize;
    let _ = write!(
        b[9],
        "STM/{:04}/{}/{}/SAT INTELKAM",
        seq % 10_000,
        ROMAN.get(month).copied().unwrap_or("I"),
        p.stm_date.year()
    );
    fmt_dmy(&mut b[10], p.stm_date, '/');
}

fn write_police(
    path: &Path,
    source: &str,
    people: &[Person],
    ctx: &Ctx,
    seed: u64,
    truth: &mut TruthWriter,
) -> anyhow::Result<usize> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let enc = Cp1252Writer::new(BufWriter::with_capacity(1 << 16, file));
    let mut wtr = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(enc);
    wtr.write_record([
        "NO",
        "NAMA",
        "JENIS KELAMIN",
        "TGL LAHIR",
        "KEBANGSAAN",
        "NO. PASPOR",
        "NO. KITAS",
        "SPONSOR",
        "ALAMAT",
        "NO STM",
        "TGL STM",
    ])?;
    let mut rng = stream(seed, 4);
    let mut bufs: [String; POL_COLS] = Default::default();
    let mut record = 2usize;
    let n = each_row(
        people,
        &mut rng,
        |p| p.mem.pol,
        |p| is_dup(p, Agency::Pol, 0),
        |p, rng| {
            fill_police(rng, ctx, p, record - 1, &mut bufs);
            wtr.write_record(&bufs)
                .with_context(|| format!("writing {}", path.display()))?;
            truth.record(source, "", record, p.id)?;
            record += 1;
            Ok(())
        },
    )?;
    wtr.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(n)
}

// ───────────────────────────── Civil registry ─────────────────────────────

const DUK_COLS: usize = 14;

/// NIK `5203 CC DDMMYY SSSS` for the registry's own view of the person, unless planted otherwise.
fn nik(p: &Person, serials: &mut HashMap<u64, u16>, out: &mut String) {
    let (dob, female) = match p.alt_for(Agency::Duk) {
        Some(Alt::NikDob(d)) => (*d, shown_female(p, Agency::Duk)),
        Some(Alt::NikSex) => (shown_dob(p, Agency::Duk), !shown_female(p, Agency::Duk)),
        _ => (shown_dob(p, Agency::Duk), shown_female(p, Agency::Duk)),
    };
    let dd = dob.day() + if female { 40 } else { 0 };
    let yy = dob.year().rem_euclid(100);
    let key = u64::from(p.nik_kec) * 1_000_000
        + u64::from(dd) * 10_000
        + u64::from(dob.month()) * 100
        + yy as u64;
    let serial = serials.entry(key).or_insert(0);
    *serial = serial.saturating_add(1);
    let _ = write!(
        out,
        "5203{:02}{:02}{:02}{:02}{:04}",
        p.nik_kec,
        dd,
        dob.month(),
        yy,
        *serial
    );
}

fn fill_dukcapil(
    rng: &mut GenRng,
    ctx: &Ctx,
    p: &Person,
    serials: &mut HashMap<u64, u16>,
    sktt: usize,
    b: &mut [String; DUK_COLS],
) {
    clear(b);
    let r = &ctx.rates;
    if r.hit(rng, 0.02) {
        b[0].push('\'');
    }
    nik(p, serials, &mut b[0]);
    if r.hit(rng, 0.01) {
        // Excel stored the NIK as a number and lost its 16th digit.
        b[0].pop();
        b[0].push('0');
    }
    shown_name(rng, r, p, Agency::Duk, 0.9, &mut b[1]);
    b[2].push_str(if shown_female(p, Agency::Duk) {
        "P"
    } else {
        "L"
    });
    if r.is_high() && !dob_planted(p) && rng.random_bool(0.04) {
        b[3].push_str(p.birthplace);
    } else {
        b[3].push_str(p.birthplace);
        b[3].push_str(", ");
        fmt_id_long(&mut b[3], shown_dob(p, Agency::Duk), rng.random_bool(0.3));
    }
    let nat = match p.alt_for(Agency::Duk) {
        Some(Alt::Nationality(i)) => nationality(*i),
        _ => p.nationality(),
    };
    b[4].push_str(if rng.random_bool(0.75) {
        nat.iso
    } else {
        nat.indonesian
    });
    b[5].push_str(passport_for(p, Agency::Duk));
    match p.alt_for(Agency::Duk) {
        Some(Alt::PermitNo(no)) => b[6].push_str(no),
        _ => b[6].push_str(&p.permit_no),
    }
    let kind = match p.alt_for(Agency::Duk) {
        Some(Alt::PermitKind(k)) => *k,
        _ => p.kind,
    };
    b[7].push_str(kind.label());
    let (kec, desa) = match p.alt_for(Agency::Duk) {
        Some(Alt::Kecamatan(k, d)) => (KECAMATAN.get(*k).map_or("", |x| x.name), *d),
        _ => (p.addr.kecamatan(), p.addr.desa),
    };
    if r.hit(rng, 0.03) {
        let _ = write!(
            b[8],
            "VILLA {}, DUSUN {}\nDEKAT {}",
            pick(rng, &["SURGA", "RINJANI", "EKAS", "BUNGA"]),
            p.addr.dusun,
            desa
        );
    } else {
        let _ = write!(b[8], "DUSUN {}", p.addr.dusun);
    }
    if rng.random_bool(0.7) {
        let _ = write!(b[9], "{:03}/{:03}", p.addr.rt, p.addr.rw);
    } else {
        let _ = write!(b[9], "RT.{:03}/RW.{:03}", p.addr.rt, p.addr.rw);
    }
    b[10].push_str(desa);
    b[11].push_str(kec);
    if r.hit(rng, 0.02) {
        b[12].push_str(missing_token(rng));
    } else {
        b[12].push_str(p.job);
    }
    if kind == PermitKind::Itap {
        b[13].push('-');
    } else {
        let _ = write!(
            b[13],
            "474.3/{:05}/DKPS/{}",
            sktt % 100_000,
            add_days(p.permit_issue, 14).year()
        );
    }
}

fn write_dukcapil(
    path: &Path,
    source: &str,
    people: &[Person],
    ctx: &Ctx,
    seed: u64,
    truth: &mut TruthWriter,
) -> anyhow::Result<usize> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut buf = BufWriter::with_capacity(1 << 16, file);
    buf.write_all(b"\xEF\xBB\xBF")
        .with_context(|| format!("writing {}", path.display()))?;
    let mut wtr = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(buf);
    wtr.write_record([
        "NIK",
        "NAMA LENGKAP",
        "JK",
        "TEMPAT/TGL LAHIR",
        "KEWARGANEGARAAN",
        "NO PASPOR",
        "NO KITAS/KITAP",
        "JENIS IZIN TINGGAL",
        "ALAMAT",
        "RT/RW",
        "DESA/KELURAHAN",
        "KECAMATAN",
        "PEKERJAAN",
        "NO SKTT",
    ])?;
    let mut rng = stream(seed, 5);
    let mut bufs: [String; DUK_COLS] = Default::default();
    let mut serials: HashMap<u64, u16> = HashMap::new();
    let mut nik_of: HashMap<usize, String> = HashMap::new();
    let mut record = 2usize;
    let n = each_row(
        people,
        &mut rng,
        |p| p.mem.duk,
        |p| is_dup(p, Agency::Duk, 0),
        |p, rng| {
            fill_dukcapil(rng, ctx, p, &mut serials, record, &mut bufs);
            // A duplicate row is the same registration: keep the first NIK.
            if let Some(first) = nik_of.get(&p.id) {
                bufs[0].clear();
                bufs[0].push_str(first);
            } else if is_dup(p, Agency::Duk, 0) {
                nik_of.insert(p.id, bufs[0].clone());
            }
            wtr.write_record(&bufs)
                .with_context(|| format!("writing {}", path.display()))?;
            truth.record(source, "", record, p.id)?;
            record += 1;
            Ok(())
        },
    )?;
    wtr.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(n)
}

// ───────────────────────────── Conflicts ─────────────────────────────

fn agency_file(names: &Names, a: Agency) -> &str {
    match a {
        Agency::Imm => &names.imm,
        Agency::Man => &names.man,
        Agency::Pol => names.pol,
        Agency::Duk => names.duk,
    }
}

fn write_conflicts(
    path: &Path,
    people: &[Person],
    names: &Names,
    ctx: &Ctx,
) -> anyhow::Result<usize> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    let mut wtr = csv::Writer::from_writer(BufWriter::new(file));
    wtr.write_record(["entity_id", "type", "field", "note"])?;
    let mut n = 0;
    let mut id = String::new();
    let mut note = String::new();
    let months = month_sheets(ctx.as_of);
    for p in people {
        let Some(c) = &p.planted else { continue };
        id.clear();
        entity_id(&mut id, p.id);
        note.clear();
        let file = agency_file(names, c.target);
        let field = match (&c.alt, c.ty) {
            (Alt::Dob(d), _) => {
                let _ = write!(note, "{file} shows ");
                fmt_dmy(&mut note, *d, '-');
                note.push_str(", immigration ");
                fmt_dmy(&mut note, p.dob, '-');
                "dob"
            }
            (Alt::Nationality(i), _) => {
                let _ = write!(
                    note,
                    "{file} shows {}, immigration {}",
                    nationality(*i).iso,
                    p.nationality().iso
                );
                "nationality"
            }
            (Alt::Sex, _) => {
                let _ = write!(
                    note,
                    "{file} shows {}",
                    if p.female { "male" } else { "female" }
                );
                "sex"
            }
            (Alt::Name(other), _) => {
                let mut a = String::new();
                let mut b = String::new();
                other.canonical(&mut a);
                p.name.canonical(&mut b);
                let _ = write!(note, "{file} shows {a}, immigration {b}, same passport");
                "name"
            }
            (Alt::OldPassport, _) => {
                let old = p.old_passport.as_deref().unwrap_or("");
                let _ = write!(
                    note,
                    "{file} shows old passport {old}, immigration renewed {}",
                    p.passport
                );
                "passport"
            }
            (Alt::Kecamatan(k, _), _) => {
                let kec = KECAMATAN.get(*k).map_or("", |x| x.name);
                let _ = write!(
                    note,
                    "{file} kecamatan {kec}, immigration {}",
                    p.addr.kecamatan()
                );
                "kecamatan"
            }
            (Alt::Company(ci), ConflictType::EmployerMismatch) => {
                let other = COMPANIES.get(*ci).map_or("", |x| x.name);
                let _ = write!(
                    note,
                    "{file} employer {other}, immigration penjamin {}",
                    p.sponsor.text()
                );
                "employer"
            }
            (Alt::Company(ci), _) => {
                let other = COMPANIES.get(*ci).map_or("", |x| x.name);
                let _ = write!(
                    note,
                    "{file} lists a worker at {other}; immigration permit {} ({})",
                    p.index,
                    p.kind.label()
                );
                "permit_type"
            }
            (Alt::PermitNo(no), _) => {
                let _ = write!(
                    note,
                    "{file} permit number {no}, immigration {}",
                    p.permit_no
                );
                "permit_no"
            }
            (Alt::PermitKind(k), _) => {
                let _ = write!(
                    note,
                    "{file} permit type {}, immigration {}",
                    k.label(),
                    p.kind.label()
                );
                "permit_type"
            }
            (Alt::ExpiredOn(d), _) => {
                note.push_str("immigration permit expired ");
                fmt_dmy(&mut note, *d, '-');
                let mut also = Vec::new();
                if p.mem.man {
                    also.push(names.man.as_str());
                }
                if p.mem.pol {
                    also.push(names.pol);
                }
                if p.mem.duk {
                    also.push(names.duk);
                }
                let _ = write!(note, "; listed in {}", also.join(", "));
                "permit_expiry"
            }
            (Alt::NikDob(d), _) => {
                note.push_str("NIK encodes birth date ");
                fmt_dmy(&mut note, *d, '-');
                "nik"
            }
            (Alt::NikSex, _) => {
                note.push_str("NIK encodes the other sex");
                "nik"
            }
            (Alt::Duplicate(bit), _) => {
                let sheet = months
                    .iter()
                    .find(|(b, _)| b == bit && c.target == Agency::Man)
                    .map(|(_, (y, m))| format!(" sheet {} {y}", id_month_upper(*m)))
                    .unwrap_or_default();
                let _ = write!(note, "two rows in {file}{sheet}");
                "source"
            }
            (Alt::None, ConflictType::DeportedButPresent) => {
                note.push_str("immigration status DEPORTASI; STM dated ");
                fmt_dmy(&mut note, p.stm_date, '-');
                let _ = write!(note, " in {}", names.pol);
                "status"
            }
            (Alt::None, ty) => {
                let _ = write!(note, "absent from {file}");
                match ty {
                    ConflictType::MissingImmigration => "immigration",
                    ConflictType::MissingManpower => "manpower",
                    _ => "civil_registry",
                }
            }
        };
        wtr.write_record([id.as_str(), c.ty.code(), field, note.as_str()])?;
        n += 1;
    }
    wtr.flush()?;
    Ok(n)
}
