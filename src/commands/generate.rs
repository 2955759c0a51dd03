//! `reconcile generate`: synthetic agency exports with ground truth (see `crate::generate`).

use crate::cli::{GenerateArgs, NoiseArg, ProfileArg};
use crate::exit::ExitStatus;
use crate::generate::{generate as make, GenerateOptions, NoiseLevel, Profile};

pub fn generate(args: &GenerateArgs, quiet: bool) -> anyhow::Result<ExitStatus> {
    let as_of = chrono::NaiveDate::parse_from_str(&args.as_of, "%Y-%m-%d").map_err(|_| {
        anyhow::anyhow!(
            "--as-of {:?} is not a date in the form YYYY-MM-DD",
            args.as_of
        )
    })?;
    let opts = GenerateOptions {
        persons: args.persons,
        seed: args.seed,
        out_dir: args.out.clone(),
        profile: match args.profile {
            ProfileArg::Timpora => Profile::Timpora,
            ProfileArg::Census => Profile::Census,
            ProfileArg::CensusDedupe => Profile::CensusDedupe,
        },
        noise: match args.noise {
            NoiseArg::Low => NoiseLevel::Low,
            NoiseArg::Default => NoiseLevel::Default,
            NoiseArg::High => NoiseLevel::High,
        },
        csv_only: args.csv_only,
        as_of,
    };
    let summary = make(&opts)?;
    if !quiet {
        for (path, rows) in &summary.files {
            println!("{:>8} rows  {}", rows, path.display());
        }
        println!(
            "truth: {} records, {} planted conflicts, in {}",
            summary.truth_records,
            summary.truth_conflicts,
            args.out.display()
        );
    }
    Ok(ExitStatus::Success)
}
