//! The command line (clap derive). Doc comments here are the `--help` text. Nothing outside
//! `commands` sees these types.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Reconcile foreigner records across Indonesian agencies (TIMPORA): read the immigration,
/// manpower, police and civil-registry exports as they are, and show what they hold.
#[derive(Debug, Parser)]
#[command(
    name = "reconcile",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print nothing but errors (for cron jobs). Progress bars are never drawn when the output is
    /// not a terminal.
    #[arg(short, long, global = true)]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show what reconcile reads in each file: agency, header row, column mapping, row counts.
    Inspect(InspectArgs),
    /// Run the pipeline on the agencies' files and write the results into an output folder.
    Run(RunArgs),
    /// Write a config file describing the given files, for you to correct.
    Init(InitArgs),
    /// Show how the match weight of two rows was built, field by field.
    Explain(ExplainArgs),
    /// Compare a run with a truth file: pairwise precision, recall and F1.
    Evaluate(EvaluateArgs),
    /// Write a synthetic but realistic set of agency exports with ground truth (for trying the
    /// tool, tests and benchmarks; no real personal data).
    Generate(GenerateArgs),
    /// Compare two runs' conflicts (e.g. last week's and this week's output folders): which are
    /// new, resolved and persisting, by conflict_id. Writes diff.csv into THIS_OUT.
    Diff(DiffArgs),
}

/// Input files: `[AGENCY=]FILE`, where AGENCY is imigrasi, disnaker, dukcapil, polri or other
/// (English aliases: immigration, manpower, civil-registry, police). A folder means every
/// spreadsheet and CSV file in it.
#[derive(Debug, Args)]
pub struct Inputs {
    /// Files or folders to read, e.g. `imigrasi=may.xlsx tka.xlsx stm.csv`.
    #[arg(value_name = "[AGENCY=]FILE")]
    pub inputs: Vec<String>,
    /// A config file describing sources and columns (see docs/config.md).
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Print JSON for scripts instead of tables.
    #[arg(long)]
    pub json: bool,
    /// How many example values to show per column (and per kind of flagged value).
    #[arg(long, default_value_t = 3, value_name = "N")]
    pub examples: usize,
    /// Also print, for the first records of each sheet, every raw value next to what the
    /// normalisation made of it (`dob: "05/06/1985" → 1985-06-05 (ambiguous)`).
    #[arg(long)]
    pub show_normalized: bool,
    /// How many records per sheet `--show-normalized` prints.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub sample: usize,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The output folder.
    #[arg(short, long, default_value = "reconcile-out", value_name = "DIR")]
    pub out: PathBuf,
    /// Go on without files that cannot be read (they are named on stderr). Without this flag a
    /// file that cannot be read stops the run, because a report silently missing an agency
    /// would mislead.
    #[arg(long)]
    pub skip_unreadable: bool,
    /// Create output files readable by everyone (0644); by default only the owner can read them,
    /// since they hold personal data.
    #[arg(long)]
    pub shared_output: bool,
    #[command(flatten)]
    pub linking: LinkArgs,
    /// Print the time of each stage.
    #[arg(long)]
    pub timings: bool,
    /// Language of the brief, the workbook's summary and the terminal tables: id (Indonesian) or en.
    #[arg(long, default_value = "id", value_parser = parse_lang)]
    pub lang: crate::report::options::Lang,
    /// Mask passport numbers and NIKs (last four characters shown) in the brief and the workbook,
    /// for reports that leave the team.
    #[arg(long)]
    pub redact: bool,
    /// Exit with code 3 when conflicts of at least this severity (high, medium or low) were found.
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<crate::conflicts::Severity>,
    /// Format of records, pairs, persons and conflicts: csv, or parquet (builds with the
    /// `parquet` feature) for loading into DuckDB, Spark or a warehouse.
    #[arg(long, default_value = "csv", value_name = "FORMAT", value_parser = parse_format)]
    pub format: crate::report::tables::OutputFormat,
}

/// Parses `--format`; refuses parquet at once in a build that cannot write it, before any work.
pub fn parse_format(text: &str) -> Result<crate::report::tables::OutputFormat, String> {
    let format = crate::report::tables::OutputFormat::parse(text)
        .ok_or_else(|| format!("{text:?} is not an output format: use csv or parquet"))?;
    if !format.is_built() {
        return Err("this build of reconcile was made without Parquet support (rebuild with `--features parquet`)".into());
    }
    Ok(format)
}

/// Parses `--lang`.
pub fn parse_lang(text: &str) -> Result<crate::report::options::Lang, String> {
    crate::report::options::Lang::parse(text)
        .ok_or_else(|| format!("{text:?} is not a language: use id or en"))
}

/// How records are linked into persons.
#[derive(Debug, Args)]
pub struct LinkArgs {
    /// Match probability at or above which two records are the same person.
    #[arg(long, default_value_t = 0.9, value_name = "P")]
    pub threshold: f64,
    /// Pairs at or above this probability are listed in pairs.csv for review.
    #[arg(long, default_value_t = 0.5, value_name = "P")]
    pub review_floor: f64,
    /// Use this trained model (a model.json from an earlier run) instead of training a new one,
    /// so that weekly runs score alike.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Seed for the random pair sample that estimates u.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Reference date (YYYY-MM-DD); its year completes two-digit years. Default: today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub as_of: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The output folder of the run to explain.
    #[arg(short, long, default_value = "reconcile-out", value_name = "DIR")]
    pub out: PathBuf,
    /// The first row, as SOURCE:SHEET:ROW (SOURCE::ROW for CSV).
    pub first: String,
    /// The second row, as SOURCE:SHEET:ROW.
    pub second: String,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// The truth file: source,sheet,row,entity_id (the generator's truth_records.csv).
    #[arg(long, value_name = "FILE")]
    pub truth: PathBuf,
    /// The output folder of the run to evaluate.
    #[arg(short, long, default_value = "reconcile-out", value_name = "DIR")]
    pub out: PathBuf,
    /// Score another tool's clustering instead of this run's persons: a CSV with source, sheet,
    /// row and a cluster column (`cluster_id`, or its only other column). It is laid over the
    /// records of the run in --out and scored by the same pairwise code; records it leaves out
    /// count as singletons (their number is printed). The worst mistakes are still shown with
    /// this run's probabilities and explanations.
    #[arg(long, value_name = "FILE")]
    pub clusters: Option<PathBuf>,
    /// How many of the worst false and missed matches to show.
    #[arg(long, default_value_t = 5)]
    pub show: usize,
    /// Print JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Where to write the config.
    #[arg(short, long, default_value = "reconcile.toml", value_name = "FILE")]
    pub output: PathBuf,
    /// Overwrite an existing config.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// Four agency exports about foreigners in Kabupaten Lombok Timur.
    Timpora,
    /// Two registers of the same people, described by a config file (benchmark data).
    Census,
    /// One register holding up to five records per person (deduplication benchmark).
    CensusDedupe,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NoiseArg {
    Low,
    Default,
    High,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many persons the population holds.
    #[arg(long, default_value_t = 300)]
    pub persons: usize,
    /// Random seed: the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Output folder.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// What kind of data to make.
    #[arg(long, value_enum, default_value = "timpora")]
    pub profile: ProfileArg,
    /// How much spelling and typing noise to add.
    #[arg(long, value_enum, default_value = "default")]
    pub noise: NoiseArg,
    /// Write every agency file as CSV (faster for very large sets).
    #[arg(long)]
    pub csv_only: bool,
    /// The reference date the data is generated around (YYYY-MM-DD).
    #[arg(long, default_value = "2025-06-01", value_name = "YYYY-MM-DD")]
    pub as_of: String,
}

/// Parses a severity for `--fail-on` (high, medium, low; or tinggi, sedang, rendah).
pub fn parse_severity(text: &str) -> Result<crate::conflicts::Severity, String> {
    crate::conflicts::Severity::parse(text)
        .ok_or_else(|| format!("{text:?} is not a severity: use high, medium or low"))
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier run's output folder (holding conflicts.csv).
    #[arg(value_name = "LAST_OUT")]
    pub last: PathBuf,
    /// The later run's output folder; diff.csv is written into it.
    #[arg(value_name = "THIS_OUT")]
    pub this: PathBuf,
    /// Print JSON for scripts instead of the table.
    #[arg(long)]
    pub json: bool,
    /// Exit with code 3 when NEW conflicts of at least this severity appeared
    /// (high, medium or low).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<crate::conflicts::Severity>,
    /// Create diff.csv readable by everyone (0644) instead of the owner only.
    #[arg(long)]
    pub shared_output: bool,
}
