//! The one write point: every byte gongkai puts on disk goes through here.
//!
//! Files are written to a temporary sibling and renamed into place, so a reader never sees a
//! half-written file and a failure leaves the old one untouched.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Write a file atomically through a callback.
pub fn atomic_file(path: &Path, fill: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.gongkai-tmp-{}", std::process::id()));
    let result = (|| {
        let mut w = BufWriter::new(fs::File::create(&tmp)?);
        fill(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
