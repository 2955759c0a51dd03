//! Writes the hand-made messy fixtures under `fixtures/messy/`: small files whose every row was
//! chosen by hand to exercise one layout quirk of real agency exports (domain.md §1.1). All people
//! are invented.
//!
//! Run: `cargo run --example make_messy_fixtures` (the committed files were made with it).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, XlsxError};
use std::path::Path;

fn props() -> DocProperties {
    let fixed = ExcelDateTime::from_ymd(2025, 6, 1).expect("valid date");
    DocProperties::new()
        .set_author("reconcile fixtures")
        .set_creation_datetime(&fixed)
}

/// name, sex, place/date of birth, nationality, passport, passport expiry, permit type, index,
/// permit number, permit expiry, status.
type ImmigrationRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    (u16, u8, u8),
    &'a str,
    &'a str,
    &'a str,
    (u16, u8, u8),
    &'a str,
);
/// name, nationality, passport, position, employer.
type WorkerRow<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn date(y: u16, m: u8, d: u8) -> ExcelDateTime {
    ExcelDateTime::from_ymd(y, m, d).expect("valid date")
}

/// Immigration export: three title rows, a blank row, a two-line merged header, a column-number
/// row, a group heading per kecamatan, a family sharing a vertically merged sponsor and address,
/// real date cells, a passport typed with an apostrophe, a JUMLAH row and a signature block.
fn imigrasi(dir: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&props());
    let bold = Format::new().set_bold().set_align(FormatAlign::Center);
    let dmy = Format::new().set_num_format("dd-mm-yyyy");
    let ws = wb.add_worksheet().set_name("ITAS ITAP MEI 2025")?;
    ws.merge_range(0, 0, 0, 13, "DATA ORANG ASING PEMEGANG ITAS/ITAP", &bold)?;
    ws.merge_range(1, 0, 1, 13, "KABUPATEN LOMBOK TIMUR", &bold)?;
    ws.merge_range(2, 0, 2, 13, "KEADAAN S/D 31-05-2025", &bold)?;
    // Row 4 blank. Header rows 5-6 (0-based 4-5).
    for (col, text) in [
        (0, "NO"),
        (1, "NAMA"),
        (2, "L/P"),
        (3, "TEMPAT/TGL LAHIR"),
        (4, "KEWARGANEGARAAN"),
    ] {
        ws.merge_range(4, col, 5, col, text, &bold)?;
    }
    ws.merge_range(4, 5, 4, 6, "PASPOR", &bold)?;
    ws.write_string_with_format(5, 5, "NOMOR", &bold)?;
    ws.write_string_with_format(5, 6, "BERLAKU S/D", &bold)?;
    ws.merge_range(4, 7, 4, 10, "IZIN TINGGAL", &bold)?;
    for (col, text) in [
        (7, "JENIS"),
        (8, "INDEKS"),
        (9, "NOMOR"),
        (10, "BERLAKU S/D"),
    ] {
        ws.write_string_with_format(5, col, text, &bold)?;
    }
    for (col, text) in [(11, "PENJAMIN"), (12, "ALAMAT"), (13, "STATUS")] {
        ws.merge_range(4, col, 5, col, text, &bold)?;
    }
    // Column numbers (row 7).
    for c in 0..14u16 {
        ws.write_number(6, c, f64::from(c + 1))?;
    }
    // Group heading (row 8).
    ws.merge_range(7, 0, 7, 13, "KECAMATAN SEMBALUN", &Format::new().set_bold())?;
    let rows: &[ImmigrationRow] = &[
        (
            "HENDRIKUS JOHANNES VAN DIJK",
            "L",
            "UTRECHT, 14-03-1961",
            "BELANDA",
            "NW8K2P4R1",
            (2030, 1, 9),
            "ITAP",
            "C319",
            "2D11AB1234-A",
            (2029, 1, 9),
            "AKTIF",
        ),
        (
            "ANNA MARIA VAN DIJK",
            "P",
            "AMSTERDAM, 02-11-1964",
            "BELANDA",
            "NX4T7R2B8",
            (2031, 5, 2),
            "ITAS",
            "E31",
            "2C21AB1235-A",
            (2025, 12, 31),
            "AKTIF",
        ),
        (
            "SARAH JANE O'CONNELL",
            "P",
            "GALWAY / 21 Juli 1988",
            "IRLANDIA",
            "'PB1234567",
            (2032, 7, 1),
            "ITAS",
            "E33G",
            "2C23EF9012-C",
            (2025, 6, 30),
            "AKTIF",
        ),
    ];
    for (r, (i, row)) in (8u32..).zip(rows.iter().enumerate()) {
        ws.write_number(r, 0, (i + 1) as f64)?;
        ws.write_string(r, 1, row.0)?;
        ws.write_string(r, 2, row.1)?;
        ws.write_string(r, 3, row.2)?;
        ws.write_string(r, 4, row.3)?;
        ws.write_string(r, 5, row.4)?;
        ws.write_date_with_format(r, 6, date(row.5 .0, row.5 .1, row.5 .2), &dmy)?;
        ws.write_string(r, 7, row.6)?;
        ws.write_string(r, 8, row.7)?;
        ws.write_string(r, 9, row.8)?;
        ws.write_date_with_format(r, 10, date(row.9 .0, row.9 .1, row.9 .2), &dmy)?;
        ws.write_string(r, 13, row.10)?;
    }
    // The Van Dijk family shares one sponsor and address, merged vertically over rows 9-10.
    ws.merge_range(8, 11, 9, 11, "ISTRI: BAIQ NURHAYATI", &Format::new())?;
    ws.merge_range(
        8,
        12,
        9,
        12,
        "JL. RAYA SEMBALUN NO. 7, DS. SEMBALUN LAWANG",
        &Format::new(),
    )?;
    ws.write_string(10, 11, "YAYASAN RINJANI LESTARI")?;
    ws.write_string(10, 12, "DSN. SAJANG, DS. SAJANG")?;
    ws.merge_range(
        11,
        0,
        11,
        13,
        "KECAMATAN JEROWARU",
        &Format::new().set_bold(),
    )?;
    ws.write_number(12, 0, 4.0)?;
    ws.write_string(12, 1, "LIU JIANGUO")?;
    ws.write_string(12, 2, "L")?;
    ws.write_string(12, 3, "FUJIAN, 2 Nopember 1979")?;
    ws.write_string(12, 4, "RRT")?;
    ws.write_string(12, 5, "E47120988")?;
    ws.write_date_with_format(12, 6, date(2028, 3, 3), &dmy)?;
    ws.write_string(12, 7, "ITAS")?;
    ws.write_string(12, 8, "E23")?;
    ws.write_string(12, 9, "2C23CD5678-B")?;
    ws.write_date_with_format(12, 10, date(2024, 12, 31), &dmy)?;
    ws.write_string(12, 11, "PT. LOMBOK ENERGI TIMUR")?;
    ws.write_string(12, 12, "MESS PLTU, DS. PADAK GUAR")?;
    ws.write_string(12, 13, "EPO")?;
    // A numbered but unused row, then a row with no name and no passport (rejected).
    ws.write_number(13, 0, 5.0)?;
    ws.write_number(14, 0, 6.0)?;
    ws.write_string(14, 4, "AUSTRALIA")?;
    ws.write_string(14, 13, "AKTIF")?;
    ws.merge_range(15, 0, 15, 4, "JUMLAH", &Format::new().set_bold())?;
    ws.write_number(15, 5, 5.0)?;
    ws.write_string(17, 11, "Mataram, 2 Juni 2025")?;
    ws.write_string(18, 11, "KEPALA SEKSI INTELDAKIM")?;
    ws.write_string(21, 11, "LALU MUHAMMAD RIZAL")?;
    ws.write_string(22, 11, "NIP. 198001012005011001")?;
    wb.save(dir.join("imigrasi_lotim_mei_2025.xlsx"))
}

/// Manpower list typed by hand: one sheet per month, a summary sheet without a person header, an
/// empty sheet, dates as text.
fn disnaker(dir: &Path) -> Result<(), XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(&props());
    let months: [(&str, &[WorkerRow]); 2] = [
        (
            "APRIL 2025",
            &[
                (
                    "LIU JIANGUO",
                    "CHINA",
                    "E47120988",
                    "TEKNISI BOILER",
                    "PT. LOMBOK ENERGI TIMUR",
                ),
                (
                    "WANG XIAO MING",
                    "CHINA",
                    "EA1234567",
                    "SUPERVISOR",
                    "PT. LOMBOK ENERGI TIMUR",
                ),
            ],
        ),
        (
            "MEI 2025",
            &[
                (
                    "LIU JIANGUO",
                    "CHINA",
                    "E47120988",
                    "TEKNISI BOILER",
                    "PT. LOMBOK ENERGI TIMUR",
                ),
                (
                    "XIAOMING WANG",
                    "CHINA",
                    "EA1234567",
                    "SUPERVISOR",
                    "PT LOMBOK ENERGI TIMUR",
                ),
                (
                    "Sarah O'Connell",
                    "IRELAND",
                    "PB1234567",
                    "INSTRUKTUR SELANCAR",
                    "CV. EKAS SURF CAMP",
                ),
            ],
        ),
    ];
    for (name, rows) in months {
        let ws = wb.add_worksheet().set_name(name)?;
        ws.write_string(0, 0, "DAFTAR TENAGA KERJA ASING")?;
        ws.write_string(1, 0, "KABUPATEN LOMBOK TIMUR")?;
        ws.write_string(2, 0, format!("BULAN {name}"))?;
        let header = [
            "NO",
            "NAMA TKA",
            "WARGA NEGARA",
            "NO PASPOR",
            "JABATAN",
            "NAMA PERUSAHAAN",
            "NO RPTKA",
            "MASA BERLAKU RPTKA",
        ];
        for (c, h) in header.iter().enumerate() {
            ws.write_string(4, c as u16, *h)?;
        }
        for (i, r) in rows.iter().enumerate() {
            let row = 5 + i as u32;
            ws.write_number(row, 0, (i + 1) as f64)?;
            ws.write_string(row, 1, r.0)?;
            ws.write_string(row, 2, r.1)?;
            ws.write_string(row, 3, r.2)?;
            ws.write_string(row, 4, r.3)?;
            ws.write_string(row, 5, r.4)?;
            ws.write_string(row, 6, "KEP.12345/PPTKA/2024")?;
            ws.write_string(row, 7, "s/d 31-12-2025")?;
        }
        let total = 5 + rows.len() as u32;
        ws.write_string(total, 1, "TOTAL")?;
        ws.write_number(total, 2, rows.len() as f64)?;
    }
    let rekap = wb.add_worksheet().set_name("REKAP")?;
    rekap.write_string(0, 0, "REKAPITULASI PER NEGARA")?;
    rekap.write_string(1, 0, "CHINA")?;
    rekap.write_number(1, 1, 2.0)?;
    rekap.write_string(2, 0, "IRELAND")?;
    rekap.write_number(2, 1, 1.0)?;
    wb.add_worksheet().set_name("Sheet3")?;
    wb.save(dir.join("tka_lotim_2025.xlsx"))
}

/// Police STM register: semicolons, Windows-1252 bytes, CRLF, title lines, blank lines, a quoted
/// address with a line break, a TOTAL line.
fn polri(dir: &Path) -> std::io::Result<()> {
    let text = "DATA STM ORANG ASING;;;;;;;\r\nPOLRES LOMBOK TIMUR;;;;;;;\r\n\r\n\
NO;NAMA;JENIS KELAMIN;TGL LAHIR;KEBANGSAAN;NO. PASPOR;NO. KITAS;SPONSOR;ALAMAT;NO STM;TGL STM\r\n\
1;Jürgen Müller;LAKI-LAKI;05/06/1970;GERMAN;C01X00T47;2C11GH3456-D;PT Sembalun Rinjani Tour;\"Dsn. Lendang Belo,\r\nDs. Sembalun Lawang\";STM/12/V/2025;12/05/2025\r\n\
2;José Álvarez;LAKI-LAKI;21/08/1985;SPANISH;PAA123456;;;Gili Trawangan;STM/13/V/2025;13/05/2025\r\n\
\r\n\
3;LIU JIAN GUO;LAKI-LAKI;02/11/1979;CHINESE;E4712O988;2C23CD5678-B;PT. LOMBOK ENERGI TIMUR;Mess PLTU Jeranjang;STM/14/V/2025;14/05/2025\r\n\
4;;;;;;;;;;\r\n\
5;-;;;DUTCH;-;;;Selong;;\r\n\
TOTAL;4;;;;;;;;;\r\n";
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "every character fits Windows-1252");
    std::fs::write(dir.join("polres_lotim_stm_mei_2025.csv"), bytes)
}

/// Civil registry list: UTF-8 with BOM, commas, combined place/date of birth, RT/RW.
fn dukcapil(dir: &Path) -> std::io::Result<()> {
    let text = "\u{feff}NIK,NAMA LENGKAP,JK,TEMPAT/TGL LAHIR,KEWARGANEGARAAN,NO PASPOR,NO KITAS/KITAP,ALAMAT,RT/RW,DESA/KELURAHAN,KECAMATAN,NO SKTT\n\
5203110211640001,Hendrikus Johannes van Dijk,L,\"Utrecht, 14 Maret 1961\",NLD,NW8K2P4R1,2D11AB1234-A,Jl. Raya Sembalun No. 7,RT 002/RW 001,Sembalun Lawang,Sembalun,474.4/101/DKCS/2025\n\
5203114211640002,ANNA MARIA VAN DIJK,P,\"AMSTERDAM, 2 NOPEMBER 1964\",Belanda,NX4T7R2B8,2C21AB1235-A,Jl. Raya Sembalun No. 7,002/001,Sembalun Lawang,Sembalun,474.4/102/DKCS/2025\n\
5203016107880003,\"O'CONNELL, SARAH JANE\",P,\"GALWAY, 21-07-1988\",IRL,PB1234567,2C23EF9012-C,\"Dsn. Sajang, Ds. Sajang\",RT.3 RW.2,Sajang,Sembalun,474.4/103/DKCS/2025\n\
,,,,,,,,,,,\n\
5203010101900004,,,,,,,Selong,,,Selong,\n";
    std::fs::write(dir.join("dukcapil_wna_sktt_2025.csv"), text)
}

/// A tab-separated UTF-16LE export (Excel's "Unicode text"), whose name says nothing of its agency.
fn unicode_text(dir: &Path) -> std::io::Result<()> {
    let text = "Nama\tNo. Paspor\tWarga Negara\tTgl. Lahir\tAlamat\r\n\
Jürgen Müller\tC01X00T47\tJerman\t05-06-1970\tSembalun\r\n\
Ærø Søren Ødegård\tFC1234567\tDenmark\t1982-02-28\tKuta\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    std::fs::write(dir.join("laporan_wna_unicode.txt"), bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join("messy");
    std::fs::create_dir_all(&dir)?;
    imigrasi(&dir)?;
    disnaker(&dir)?;
    polri(&dir)?;
    dukcapil(&dir)?;
    unicode_text(&dir)?;
    println!("wrote messy fixtures to {}", dir.display());
    Ok(())
}
