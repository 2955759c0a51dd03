//! Atomic output files: each is written to a temporary file in the output folder and renamed into
//! place only when complete, so a reader (or a cron job after a reboot) sees either the previous
//! report or the new one, never half of one. Files are created readable by the owner only (0600 on
//! Unix) unless shared output is asked for, because reports hold personal data.

use anyhow::Context;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The output folder and how files in it are created.
#[derive(Clone, Debug)]
pub struct OutputDir {
    pub dir: PathBuf,
    /// Make files readable by group and others too (0644) instead of the owner only.
    pub shared: bool,
}

/// A temporary file of ours older than this was left by a run that was killed or crashed; a
/// younger one may belong to a run still writing into the same folder.
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes temporary files a killed run left behind (`.records.csv.XXXXXX.tmp`), so a cron job's
/// output folder does not collect them. Only names of our shape are touched, and only when older
/// than [`STALE_AFTER`]; failures are ignored (the files are harmless, just untidy).
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !is_our_temp_file(&name) {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `.NAME.RANDOM.tmp`, as [`OutputDir::write`] names its temporary files.
fn is_our_temp_file(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".tmp") && name.matches('.').count() >= 3
}

impl OutputDir {
    pub fn create(dir: &Path, shared: bool) -> anyhow::Result<OutputDir> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
        remove_stale_temp_files(dir);
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            shared,
        })
    }

    /// Writes `name` atomically with the bytes `write` produces. The writer is buffered, and
    /// `Send` so a producer that works on several threads (the workbook) can stream into it.
    pub fn write<F>(&self, name: &str, write: F) -> anyhow::Result<PathBuf>
    where
        F: FnOnce(&mut (dyn Write + Send)) -> anyhow::Result<()>,
    {
        let target = self.dir.join(name);
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".{name}."))
            .suffix(".tmp")
            .tempfile_in(&self.dir)
            .with_context(|| format!("cannot create a temporary file in {}", self.dir.display()))?;
        {
            let mut w = BufWriter::with_capacity(1 << 16, tmp.as_file());
            write(&mut w).with_context(|| format!("writing {}", target.display()))?;
            w.flush()
                .with_context(|| format!("writing {}", target.display()))?;
        }
        tmp.as_file()
            .sync_all()
            .with_context(|| format!("writing {}", target.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = if self.shared { 0o644 } else { 0o600 };
            std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode))
                .with_context(|| format!("setting permissions of {}", target.display()))?;
        }
        tmp.persist(&target).map_err(|e| e.error).with_context(|| {
            format!(
                "cannot move the finished file into place as {}",
                target.display()
            )
        })?;
        Ok(target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_atomically_and_keeps_old_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::create(dir.path(), false).unwrap();
        out.write("a.csv", |w| Ok(w.write_all(b"old")?)).unwrap();
        let failed = out.write("a.csv", |w| {
            w.write_all(b"half")?;
            anyhow::bail!("disk full")
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read(dir.path().join("a.csv")).unwrap(), b"old");
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn owner_only_unless_shared() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let private = OutputDir::create(dir.path(), false).unwrap();
        let p = private.write("p.csv", |w| Ok(w.write_all(b"x")?)).unwrap();
        assert_eq!(
            std::fs::metadata(p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let shared = OutputDir::create(dir.path(), true).unwrap();
        let s = shared.write("s.csv", |w| Ok(w.write_all(b"x")?)).unwrap();
        assert_eq!(
            std::fs::metadata(s).unwrap().permissions().mode() & 0o777,
            0o644
        );
    }
}
