//! `reconcile init FILE...`: write a config describing what was detected in each file, for the
//! user to correct. Every mapped column becomes a `field = "column"` line; unmapped columns are
//! listed as comments, so fixing a missed column is editing one line.

use crate::cli::InitArgs;
use crate::config::resolve_sources;
use crate::exit::ExitStatus;
use crate::ingest::load::{load_all, ReadOptions, SourceReport};
use crate::record::Field;
use crate::report::atomic::OutputDir;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// The path to write in the config: relative to the config's folder when the file is inside it.
fn config_path(file: &Path, config_dir: &Path) -> PathBuf {
    let (Ok(f), Ok(d)) = (
        std::fs::canonicalize(file),
        std::fs::canonicalize(config_dir),
    ) else {
        return file.to_path_buf();
    };
    f.strip_prefix(&d).map(Path::to_path_buf).unwrap_or(f)
}

/// Renders the config text for the sources read.
pub fn render_config(sources: &[SourceReport], config_dir: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# reconcile config, written by `reconcile init`. Correct what was detected wrongly;"
    );
    let _ = writeln!(
        out,
        "# field names are listed in docs/config.md. Paths are relative to this file."
    );
    for s in sources {
        let _ = writeln!(out);
        let _ = writeln!(out, "[[source]]");
        let _ = writeln!(out, "name = {}", quote(&s.spec.file.name));
        let path = config_path(&s.spec.file.path, config_dir);
        let _ = writeln!(out, "path = {}", quote(&path.to_string_lossy()));
        let _ = writeln!(
            out,
            "agency = {}  # decided by {}",
            quote(s.agency.code()),
            s.agency_basis.describe()
        );
        if let Some(sheet) = &s.spec.sheet {
            let _ = writeln!(out, "sheet = {}", quote(sheet));
        }
        if let Some(id) = &s.spec.overrides.id_column {
            let _ = writeln!(out, "id_column = {}", quote(id));
        }
        if let Err(e) = &s.result {
            let _ = writeln!(out, "# could not be read: {e}");
            let _ = writeln!(out, "[source.columns]");
            continue;
        }
        let Some(first) = s.sheets().iter().find(|sh| sh.header.is_some()) else {
            continue;
        };
        let Some(header) = &first.header else {
            continue;
        };
        let others: Vec<&str> = s
            .sheets()
            .iter()
            .filter(|sh| !std::ptr::eq(*sh, first))
            .map(|sh| sh.sheet.as_str())
            .collect();
        if !first.sheet.is_empty() {
            let _ = writeln!(
                out,
                "# columns as found on sheet {}{}",
                quote(&first.sheet),
                if others.is_empty() {
                    String::new()
                } else {
                    format!(" (other sheets: {})", others.join(", "))
                }
            );
        }
        let _ = writeln!(
            out,
            "# header_row = {}   # detected; uncomment to fix it",
            header.rows.last().copied().unwrap_or(1)
        );
        let _ = writeln!(out, "[source.columns]");
        let mut by_field: BTreeMap<Field, Vec<String>> = BTreeMap::new();
        for (col, field) in header.mapped() {
            if matches!(field, Field::RowNumber) {
                continue;
            }
            by_field.entry(field).or_default().push(col.header.clone());
        }
        for (field, cols) in &by_field {
            let value = if cols.len() == 1 {
                quote(&cols[0])
            } else {
                format!(
                    "[{}]",
                    cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ")
                )
            };
            let _ = writeln!(out, "{} = {}", field.key(), value);
        }
        for col in header.columns.iter().filter(|c| c.field.is_none()) {
            let _ = writeln!(
                out,
                "# unmapped column {}: to use it, add a line such as: remarks = {}",
                quote(&col.header),
                quote(&col.header)
            );
        }
    }
    out
}

pub fn init(args: &InitArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    if args.output.exists() && !args.force {
        anyhow::bail!(
            "{} already exists; pass --force to overwrite it",
            args.output.display()
        );
    }
    let specs = resolve_sources(&args.inputs.inputs, args.inputs.config.as_deref())?;
    let sources = load_all(&specs, &ReadOptions::default(), &|_| {});
    let dir = args
        .output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let text = render_config(&sources, dir);
    let name = args
        .output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| anyhow::anyhow!("{} is not a file name", args.output.display()))?;
    OutputDir::create(dir, true)?.write(&name, |w| Ok(w.write_all(text.as_bytes())?))?;
    if !quiet {
        println!(
            "wrote {} describing {} source{}",
            args.output.display(),
            sources.len(),
            if sources.len() == 1 { "" } else { "s" }
        );
    }
    Ok(ExitStatus::Success)
}
