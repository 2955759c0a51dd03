//! Census profiles: FEBRL-like registers for linkage and de-duplication benchmarks.
pub(crate) fn write(_opts: &super::GenerateOptions, _dedupe: bool) -> anyhow::Result<super::GenerateSummary> {
    anyhow::bail!("todo")
}
