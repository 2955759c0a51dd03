//! `reconcile init`: a config describing what was detected, that `run` then reads the same way.

use crate::util::*;

#[test]
fn init_writes_a_config_that_reproduces_the_mapping() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    for name in [
        "imigrasi_lotim_mei_2025.xlsx",
        "polres_lotim_stm_mei_2025.csv",
    ] {
        std::fs::copy(fixture(&format!("messy/{name}")), data.join(name)).unwrap();
    }
    let cfg = dir.path().join("reconcile.toml");
    reconcile()
        .args(["init", "-q"])
        .arg(&data)
        .arg("--output")
        .arg(&cfg)
        .assert()
        .success();
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        text.contains("path = \"data/imigrasi_lotim_mei_2025.xlsx\""),
        "{text}"
    );
    assert!(text.contains("passport = \"PASPOR / NOMOR\""), "{text}");
    assert!(text.contains("agency = \"polri\""), "{text}");
    // It refuses to overwrite without --force.
    reconcile()
        .args(["init", "-q"])
        .arg(&data)
        .arg("--output")
        .arg(&cfg)
        .assert()
        .code(1);

    // Running with the config alone gives the same records as running on the files.
    let a = dir.path().join("out-a");
    let b = dir.path().join("out-b");
    reconcile()
        .args(["run", "-q", "--config"])
        .arg(&cfg)
        .arg("--out")
        .arg(&a)
        .assert()
        .success();
    reconcile()
        .args(["run", "-q"])
        .arg(&data)
        .arg("--out")
        .arg(&b)
        .assert()
        .success();
    assert_eq!(
        std::fs::read(a.join("records.csv")).unwrap(),
        std::fs::read(b.join("records.csv")).unwrap()
    );
}

#[test]
fn config_reads_a_census_style_register() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("register_a.csv"),
        "rec_id,given_name,surname,street_number,address_1,address_2,suburb,postcode,state,date_of_birth,soc_sec_id\n\
rec-1-org,michaela,neumann,8,stanley street,miami,winston hills,4223,nsw,19151111,5304218\n\
rec-2-org,courtney,painter,12,pinkerton circuit,bega flats,richlands,4560,vic,19161214,4066625\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("census.toml"),
        "[[source]]\nname = \"register_a\"\npath = \"register_a.csv\"\nagency = \"other\"\nid_column = \"rec_id\"\n\
[source.columns]\ngiven_name = \"given_name\"\nfamily_name = \"surname\"\naddress = [\"street_number\", \"address_1\", \"address_2\"]\n\
locality = \"suburb\"\npostcode = \"postcode\"\nprovince = \"state\"\ndob = \"date_of_birth\"\nid_number = \"soc_sec_id\"\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    reconcile()
        .args(["run", "-q", "--config"])
        .arg(dir.path().join("census.toml"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let records = read_csv(&out.join("records.csv"));
    assert_eq!(records.len(), 2);
    let r = &records[0];
    assert_eq!(r["source"], "register_a");
    assert_eq!(r["row"], "2");
    assert_eq!(r["record_id"], "rec-1-org");
    assert_eq!(r["given_name"], "michaela");
    assert_eq!(r["family_name"], "neumann");
    assert_eq!(r["address"], "8 stanley street miami");
    assert_eq!(r["desa"], "winston hills");
    assert_eq!(r["province"], "nsw");
    assert_eq!(r["id_number"], "5304218");
    assert_eq!(r["dob"], "1915-11-11");
}
