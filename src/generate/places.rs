//! Geography and organisations of Lombok Timur for synthetic addresses, employers and sponsors.
//!
//! [`KECAMATAN`] lists the 21 kecamatan with their Kemendagri codes (52.03.xx, ○ except 11 =
//! Montong Gading, domain.md §2.1), a weight for where foreigners live, and a few desa each.
//! [`OUTSIDE`] holds addresses elsewhere on Lombok (Kanim Mataram covers the whole island).
//! [`COMPANIES`] are fictional PT/CV employers with their location; sponsors for non-workers
//! are Indonesian spouses or yayasan, never companies (so a non-work permit holder has no
//! "employer elsewhere" unless planted).

/// One kecamatan: name, two-digit Kemendagri code, weight for foreign residents, some desa.
pub(crate) struct Kecamatan {
    pub name: &'static str,
    pub code: u8,
    pub weight: u32,
    pub desa: &'static [&'static str],
}

/// The 21 kecamatan of Kabupaten Lombok Timur (domain.md §5.2); weights favour Sembalun,
/// Jerowaru (Ekas), Keruak, Selong, Sikur (Tetebatu), Labuhan Haji and Pringgabaya.
pub(crate) const KECAMATAN: [Kecamatan; 21] = [
    Kecamatan {
        name: "KERUAK",
        code: 1,
        weight: 8,
        desa: &["TANJUNG LUAR", "KERUAK", "PIJOT", "MONTONG BETER", "SEPIT"],
    },
    Kecamatan {
        name: "SAKRA",
        code: 2,
        weight: 1,
        desa: &["SAKRA", "RUMBUK", "MOYOT", "SAKRA SELATAN"],
    },
    Kecamatan {
        name: "TERARA",
        code: 3,
        weight: 1,
        desa: &["TERARA", "RARANG", "SANTONG", "SURADADI"],
    },
    Kecamatan {
        name: "SIKUR",
        code: 4,
        weight: 8,
        desa: &["TETEBATU", "TETEBATU SELATAN", "SIKUR", "KOTARAJA", "LOYOK"],
    },
    Kecamatan {
        name: "MASBAGIK",
        code: 5,
        weight: 2,
        desa: &[
            "MASBAGIK UTARA",
            "MASBAGIK SELATAN",
            "DANGER",
            "LENDANG NANGKA",
        ],
    },
    Kecamatan {
        name: "SUKAMULIA",
        code: 6,
        weight: 1,
        desa: &["SUKAMULIA", "PAOK MOTONG", "DASAN LEKONG"],
    },
    Kecamatan {
        name: "SELONG",
        code: 7,
        weight: 9,
        desa: &[
            "PANCOR",
            "SELONG",
            "MAJIDI",
            "KELAYU UTARA",
            "SANDUBAYA",
            "RAKAM",
        ],
    },
    Kecamatan {
        name: "PRINGGABAYA",
        code: 8,
        weight: 10,
        desa: &[
            "PRINGGABAYA",
            "LABUHAN LOMBOK",
            "ANGGARAKSA",
            "TANAH ABANG",
            "GUNUNG MALANG",
        ],
    },
    Kecamatan {
        name: "AIKMEL",
        code: 9,
        weight: 1,
        desa: &["AIKMEL", "TOYA", "KALIJAGA", "AIKMEL UTARA"],
    },
    Kecamatan {
        name: "SAMBELIA",
        code: 10,
        weight: 2,
        desa: &["SAMBELIA", "BELANTING", "LABUHAN PANDAN", "OBEL-OBEL"],
    },
    Kecamatan {
        name: "MONTONG GADING",
        code: 11,
        weight: 1,
        desa: &["MONTONG GADING", "JENGGIK UTARA", "PESANGGRAHAN"],
    },
    Kecamatan {
        name: "PRINGGASELA",
        code: 12,
        weight: 1,
        desa: &["PRINGGASELA", "TIMBANUH", "JURIT"],
    },
    Kecamatan {
        name: "SURALAGA",
        code: 13,
        weight: 1,
        desa: &["SURALAGA", "DASAN BOROK", "ANJANI"],
    },
    Kecamatan {
        name: "WANASABA",
        code: 14,
        weight: 1,
        desa: &["WANASABA", "BEBIDAS", "KARANG BARU"],
    },
    Kecamatan {
        name: "SEMBALUN",
        code: 15,
        weight: 14,
        desa: &[
            "SEMBALUN LAWANG",
            "SEMBALUN BUMBUNG",
            "SEMBALUN",
            "SAJANG",
            "BILOK PETUNG",
            "SEMBALUN TIMBA GADING",
        ],
    },
    Kecamatan {
        name: "SUELA",
        code: 16,
        weight: 1,
        desa: &["SUELA", "PERIGI", "PUNCAK JERINGO"],
    },
    Kecamatan {
        name: "LABUHAN HAJI",
        code: 17,
        weight: 8,
        desa: &[
            "LABUHAN HAJI",
            "TANJUNG",
            "KORLEKO",
            "SURYAWANGI",
            "KETAPANG RAYA",
        ],
    },
    Kecamatan {
        name: "SAKRA TIMUR",
        code: 18,
        weight: 1,
        desa: &["LEPAK", "GERENENG", "LENTING"],
    },
    Kecamatan {
        name: "SAKRA BARAT",
        code: 19,
        weight: 1,
        desa: &["RENSING", "GELANGGANG", "BOROK TOYANG"],
    },
    Kecamatan {
        name: "JEROWARU",
        code: 20,
        weight: 14,
        desa: &[
            "EKAS BUANA",
            "SEKAROH",
            "PEMONGKONG",
            "JEROWARU",
            "SERIWE",
            "PARE MAS",
        ],
    },
    Kecamatan {
        name: "LENEK",
        code: 21,
        weight: 1,
        desa: &["LENEK", "LENEK DAYA", "LENEK LAUQ"],
    },
];

/// Index into [`KECAMATAN`] of the kecamatan named `name` (used for employers' locations).
pub(crate) fn kecamatan_index(name: &str) -> usize {
    KECAMATAN.iter().position(|k| k.name == name).unwrap_or(6)
}

/// Dusun / lingkungan names (generic Sasak place names).
pub(crate) const DUSUN: &[&str] = &[
    "SUNGKUN",
    "LENDANG BAJUR",
    "GUBUK BARU",
    "KARANG ANYAR",
    "MONTONG",
    "BAGEK LONGGEK",
    "TEBABAN",
    "DASAN BARU",
    "LENDANG JAHE",
    "PADAK",
    "BATU NAMPAR",
    "REMPUNG",
    "GELUMPANG",
    "SUKARAJA",
    "LOKOK RANGAN",
    "ORONG TENGAK",
    "PANTAI EKAS",
    "PERIGI",
    "KEBON BARU",
    "TANJUNG",
];

/// An address outside Lombok Timur: (street, desa, kecamatan, kabupaten).
pub(crate) struct Outside {
    pub street: &'static str,
    pub desa: &'static str,
    pub kecamatan: &'static str,
    pub kabupaten: &'static str,
}

pub(crate) const OUTSIDE: [Outside; 4] = [
    Outside {
        street: "JL. RAYA SENGGIGI",
        desa: "SENGGIGI",
        kecamatan: "BATU LAYAR",
        kabupaten: "LOMBOK BARAT",
    },
    Outside {
        street: "GILI TRAWANGAN",
        desa: "GILI INDAH",
        kecamatan: "PEMENANG",
        kabupaten: "LOMBOK UTARA",
    },
    Outside {
        street: "JL. PANTAI KUTA",
        desa: "KUTA",
        kecamatan: "PUJUT",
        kabupaten: "LOMBOK TENGAH",
    },
    Outside {
        street: "GILI AIR",
        desa: "GILI INDAH",
        kecamatan: "PEMENANG",
        kabupaten: "LOMBOK UTARA",
    },
];

/// What a company does, to pick job titles and nationalities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sector {
    Power,
    Construction,
    Tourism,
    Marine,
}

/// A fictional employer: canonical name (as immigration writes the penjamin), sector, and
/// location (a kecamatan name, or an outside-Lotim place).
pub(crate) struct Company {
    pub name: &'static str,
    pub sector: Sector,
    pub location: &'static str,
    pub outside: bool,
}

pub(crate) const COMPANIES: [Company; 14] = [
    Company {
        name: "PT. LOMBOK ENERGI LISTRIK",
        sector: Sector::Power,
        location: "PRINGGABAYA",
        outside: false,
    },
    Company {
        name: "PT. HUADIAN LOMBOK POWER",
        sector: Sector::Power,
        location: "LABUHAN HAJI",
        outside: false,
    },
    Company {
        name: "PT. SINAR TIMUR KONSTRUKSI",
        sector: Sector::Construction,
        location: "SELONG",
        outside: false,
    },
    Company {
        name: "PT. SELONG MITRA KONSTRUKSI",
        sector: Sector::Construction,
        location: "SELONG",
        outside: false,
    },
    Company {
        name: "PT SEMBALUN RINJANI TOUR",
        sector: Sector::Tourism,
        location: "SEMBALUN",
        outside: false,
    },
    Company {
        name: "PT. RINJANI HIGHLAND RESORT",
        sector: Sector::Tourism,
        location: "SEMBALUN",
        outside: false,
    },
    Company {
        name: "PT. EKAS SURF RESORT",
        sector: Sector::Tourism,
        location: "JEROWARU",
        outside: false,
    },
    Company {
        name: "CV. TETEBATU EKOWISATA",
        sector: Sector::Tourism,
        location: "SIKUR",
        outside: false,
    },
    Company {
        name: "PT. TANJUNG LUAR MUTIARA",
        sector: Sector::Marine,
        location: "KERUAK",
        outside: false,
    },
    Company {
        name: "PT. EKAS BAY AQUACULTURE",
        sector: Sector::Marine,
        location: "JEROWARU",
        outside: false,
    },
    Company {
        name: "PT. GILI DIVE INDONESIA",
        sector: Sector::Tourism,
        location: "PEMENANG",
        outside: true,
    },
    Company {
        name: "PT. SENGGIGI BAY HOTEL",
        sector: Sector::Tourism,
        location: "BATU LAYAR",
        outside: true,
    },
    Company {
        name: "PT. MANDALIKA RESORT DEVELOPMENT",
        sector: Sector::Construction,
        location: "PUJUT",
        outside: true,
    },
    Company {
        name: "PT. LOTIM GARAM NUSANTARA",
        sector: Sector::Marine,
        location: "JEROWARU",
        outside: false,
    },
];

/// Job titles per sector (Disnaker JABATAN / Imigrasi PEKERJAAN).
pub(crate) fn jobs(sector: Sector) -> &'static [&'static str] {
    match sector {
        Sector::Power => &[
            "ENGINEER",
            "TECHNICIAN",
            "WELDER",
            "SUPERVISOR",
            "ELECTRICAL ENGINEER",
            "BOILER OPERATOR",
            "PROJECT MANAGER",
        ],
        Sector::Construction => &[
            "CIVIL ENGINEER",
            "SITE MANAGER",
            "QUALITY CONTROL",
            "SURVEYOR",
            "PROJECT MANAGER",
        ],
        Sector::Tourism => &[
            "HOTEL MANAGER",
            "SURF INSTRUCTOR",
            "DIVE INSTRUCTOR",
            "CHEF",
            "GENERAL MANAGER",
            "MARKETING MANAGER",
        ],
        Sector::Marine => &[
            "PEARL TECHNICIAN",
            "FARM MANAGER",
            "MARINE BIOLOGIST",
            "DIRECTOR",
        ],
    }
}

/// Indonesian (Sasak) given names for spouses and officials.
pub(crate) const ID_MALE: &[&str] = &[
    "LALU MUHAMMAD ZAINI",
    "AHMAD SUHAILI",
    "SUPARMAN",
    "SAHNAN",
    "ZAINUL MAJDI",
    "HAERUDIN",
    "SUHAIMI",
    "RUSDI",
    "L. DJAFAR",
    "MUHAMMAD SALEH",
    "LALU ROSIDI",
    "AMAQ SAHRUL",
    "JUNAIDI",
    "SAPARUDIN",
    "HAMZAN WADI",
];
pub(crate) const ID_FEMALE: &[&str] = &[
    "BAIQ NURUL AINI",
    "SITI HAJAR",
    "MARDIAH",
    "NURHAYATI",
    "BAIQ SRI WAHYUNI",
    "HJ. RAHMAWATI",
    "SITI AISYAH",
    "ZAENAB",
    "INAQ SUNARTI",
    "NURUL HIDAYATI",
    "BQ. LINDA ASTUTI",
    "SRI WAHYUNINGSIH",
];
/// Yayasan (foundations) that sponsor retirees, volunteers and second-home holders.
pub(crate) const YAYASAN: &[&str] = &[
    "YAYASAN PEDULI ANAK LOMBOK",
    "YAYASAN PENDIDIKAN NURUL HAKIM",
    "YAYASAN RINJANI LESTARI",
    "YAYASAN SEHAT EKAS",
    "YAYASAN TETEBATU HIJAU",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kecamatan_table_is_complete_and_unique() {
        let mut codes: Vec<u8> = KECAMATAN.iter().map(|k| k.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 21);
        assert!(KECAMATAN.iter().all(|k| !k.desa.is_empty() && k.weight > 0));
        let cases = [
            ("SELONG", 7u8),
            ("MONTONG GADING", 11),
            ("SEMBALUN", 15),
            ("JEROWARU", 20),
            ("LENEK", 21),
        ];
        for (name, code) in cases {
            assert_eq!(
                KECAMATAN.get(kecamatan_index(name)).map(|k| k.code),
                Some(code),
                "{name}"
            );
        }
    }

    #[test]
    fn companies_in_lotim_have_known_kecamatan() {
        for c in COMPANIES.iter().filter(|c| !c.outside) {
            assert!(KECAMATAN.iter().any(|k| k.name == c.location), "{}", c.name);
            assert!(!jobs(c.sector).is_empty());
        }
    }
}
