//! The one write point: every byte gongkai puts on disk goes through here.
//!
//! Files are written to a temporary sibling and renamed into place, so a reader never sees a
//! half-written file and a failure leaves the old one untouched.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// Write a file atomically through a callback.
pub fn atomic_file(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    atomic_path(path, |tmp| {
        let mut w = BufWriter::new(fs::File::create(tmp)?);
        fill(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?.sync_all()
    })
}

/// Produce a file atomically through a callback that writes a path (for writers such as SQLite
/// that need a file name, not a stream): the callback writes a temporary sibling, which is
/// renamed over `path` only when the callback succeeded.
pub fn atomic_path(path: &Path, fill: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.gongkai-tmp-{}", std::process::id()));
    let _ = fs::remove_file(&tmp);
    let result = fill(&tmp).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Where rendered bytes go: a folder on disk (build) or memory (serve, tests).
pub trait Sink: Send + Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// A file written in pieces (the site-wide data files are too large to hold whole).
    fn stream(&self, rel: &str) -> io::Result<Box<dyn StreamFile + '_>>;
}

/// A file being written by [`Sink::stream`]; it is complete once `finish` returns.
pub trait StreamFile: Write {
    fn finish(self: Box<Self>) -> io::Result<()>;
}

impl StreamFile for BufWriter<fs::File> {
    fn finish(self: Box<Self>) -> io::Result<()> {
        self.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }
}

struct MemoryFile<'a> {
    sink: &'a MemorySink,
    rel: String,
    bytes: Vec<u8>,
}

impl Write for MemoryFile<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl StreamFile for MemoryFile<'_> {
    fn finish(self: Box<Self>) -> io::Result<()> {
        self.sink.write(&self.rel, &self.bytes)
    }
}

/// A sink that adds up the time its writes take, over all the threads that write through it:
/// `build -v` prints it as the time spent writing (it overlaps the stages that write).
pub struct TimedSink<S> {
    inner: S,
    nanos: std::sync::atomic::AtomicU64,
}

impl<S: Sink> TimedSink<S> {
    pub fn new(inner: S) -> TimedSink<S> {
        TimedSink {
            inner,
            nanos: Default::default(),
        }
    }

    /// The time spent in writes so far, summed over threads.
    pub fn busy(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.nanos.load(std::sync::atomic::Ordering::Relaxed))
    }

    fn timed<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = std::time::Instant::now();
        let result = work();
        let spent = started.elapsed().as_nanos() as u64;
        self.nanos
            .fetch_add(spent, std::sync::atomic::Ordering::Relaxed);
        result
    }
}

impl<S: Sink> Sink for TimedSink<S> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.timed(|| self.inner.write(rel, bytes))
    }

    fn stream(&self, rel: &str) -> io::Result<Box<dyn StreamFile + '_>> {
        let inner = self.timed(|| self.inner.stream(rel))?;
        Ok(Box::new(TimedStream { inner, sink: self }))
    }
}

struct TimedStream<'a, S> {
    inner: Box<dyn StreamFile + 'a>,
    sink: &'a TimedSink<S>,
}

impl<S: Sink> Write for TimedStream<'_, S> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let inner = &mut self.inner;
        self.sink.timed(|| inner.write(buf))
    }
    fn flush(&mut self) -> io::Result<()> {
        let inner = &mut self.inner;
        self.sink.timed(|| inner.flush())
    }
}

impl<S: Sink> StreamFile for TimedStream<'_, S> {
    fn finish(self: Box<Self>) -> io::Result<()> {
        let TimedStream { inner, sink } = *self;
        sink.timed(|| inner.finish())
    }
}

/// Writes under a folder, creating parents as needed.
pub struct DirSink {
    dir: std::path::PathBuf,
    /// Folders already made: a site has hundreds of thousands of files in a few folders each,
    /// and asking the file system again for every file cost two system calls each.
    made: std::sync::Mutex<std::collections::HashSet<std::path::PathBuf>>,
}

impl DirSink {
    pub fn new(dir: std::path::PathBuf) -> DirSink {
        DirSink {
            dir,
            made: Default::default(),
        }
    }

    fn path_for(&self, rel: &str) -> io::Result<std::path::PathBuf> {
        let path = self.dir.join(safe_relative(rel)?);
        if let Some(parent) = path.parent() {
            let known = self.made.lock().is_ok_and(|made| made.contains(parent));
            if !known {
                fs::create_dir_all(parent)?;
                if let Ok(mut made) = self.made.lock() {
                    made.insert(parent.to_path_buf());
                }
            }
        }
        Ok(path)
    }
}

impl Sink for DirSink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let written = self.path_for(rel).and_then(|path| fs::write(path, bytes));
        written.map_err(|e| WriteError::wrap(rel, e))
    }

    fn stream(&self, rel: &str) -> io::Result<Box<dyn StreamFile + '_>> {
        let file = self
            .path_for(rel)
            .and_then(fs::File::create)
            .map_err(|e| WriteError::wrap(rel, e))?;
        Ok(Box::new(DirStream {
            rel: rel.to_string(),
            inner: BufWriter::with_capacity(1 << 20, file),
        }))
    }
}

/// A failed write of a [`DirSink`], naming the file (relative to the output): a full disk
/// fails some write in the middle of a build, and the message must say which.
#[derive(Debug)]
pub struct WriteError {
    pub rel: String,
    pub source: io::Error,
}

impl WriteError {
    fn wrap(rel: &str, source: io::Error) -> io::Error {
        let kind = source.kind();
        io::Error::new(
            kind,
            WriteError {
                rel: rel.to_string(),
                source,
            },
        )
    }

    /// The file a failed write was writing, if a [`DirSink`] said.
    pub fn file_of(e: &io::Error) -> Option<&str> {
        e.get_ref()?
            .downcast_ref::<WriteError>()
            .map(|w| w.rel.as_str())
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.source)
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// A file of a [`DirSink`] written in pieces; its errors name it.
struct DirStream {
    rel: String,
    inner: BufWriter<fs::File>,
}

impl Write for DirStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner
            .write(buf)
            .map_err(|e| WriteError::wrap(&self.rel, e))
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner
            .flush()
            .map_err(|e| WriteError::wrap(&self.rel, e))
    }
}

impl StreamFile for DirStream {
    fn finish(self: Box<Self>) -> io::Result<()> {
        let DirStream { rel, inner } = *self;
        inner
            .into_inner()
            .map_err(|e| WriteError::wrap(&rel, e.into_error()))?;
        Ok(())
    }
}

/// Keeps every file in memory, by path.
#[derive(Default)]
pub struct MemorySink {
    pub files: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        safe_relative(rel)?;
        let mut files = self
            .files
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?;
        files.insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }

    fn stream(&self, rel: &str) -> io::Result<Box<dyn StreamFile + '_>> {
        safe_relative(rel)?;
        Ok(Box::new(MemoryFile {
            sink: self,
            rel: rel.to_string(),
            bytes: Vec::new(),
        }))
    }
}

/// A relative path with no `..`, root or prefix: output can only land inside the output.
pub fn safe_relative(rel: &str) -> io::Result<&Path> {
    let path = Path::new(rel);
    let ok = !rel.is_empty()
        && path
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(path)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output: {rel}"),
        ))
    }
}

/// The file that marks a folder as gongkai's output, so that it may be replaced.
pub const OUTPUT_MARKER: &str = ".gongkai-output";

/// The names of the staging folders of `output` start with this (then the process id, and
/// `.old` for the previous output while the fallback swap moves it aside).
fn staging_prefix(output: &Path) -> String {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    format!(".{name}.gongkai-new-")
}

fn parent_of(output: &Path) -> &Path {
    output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A fresh staging folder beside `output` (on the same file system, so that it can be
/// renamed into place), after removing what earlier builds that were killed left there.
pub fn staging_dir(output: &Path) -> io::Result<std::path::PathBuf> {
    let parent = parent_of(output);
    fs::create_dir_all(parent)?;
    remove_leftovers(output)?;
    let staging = parent.join(format!("{}{}", staging_prefix(output), std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging)?;
    let marked = fs::write(
        staging.join(OUTPUT_MARKER),
        b"This folder is written by gongkai build and replaced whole on every build.\n",
    );
    if let Err(e) = marked {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    Ok(staging)
}

/// Remove the staging folders of builds that were killed (SIGKILL, a power cut) before they
/// could remove their own: those whose process is gone. A previous output that the fallback
/// swap had moved aside when its build died, with no output in its place, is put back.
pub fn remove_leftovers(output: &Path) -> io::Result<()> {
    let prefix = staging_prefix(output);
    let Ok(entries) = fs::read_dir(parent_of(output)) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let (pid, old) = match rest.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (rest, false),
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid == std::process::id() || build_running(pid) {
            continue;
        }
        let path = entry.path();
        // A folder whose removal was itself cut short may have lost its marker: the name says
        // it is ours. Only a whole previous output (marker and all) is put back.
        if old && !output.exists() && path.join(OUTPUT_MARKER).is_file() {
            fs::rename(&path, output)?;
        } else {
            fs::remove_dir_all(&path)?;
        }
    }
    Ok(())
}

/// Whether the process `pid` is a running gongkai (Linux: by `/proc`). Where `/proc` cannot
/// tell, every other build is taken to be gone.
fn build_running(pid: u32) -> bool {
    match fs::read_to_string(format!("/proc/{pid}/comm")) {
        Ok(comm) => comm.trim() == "gongkai",
        Err(_) => false,
    }
}

/// Refuse to replace a folder that holds something other than an earlier build.
pub fn check_replaceable(output: &Path) -> io::Result<()> {
    if !output.exists() {
        return Ok(());
    }
    let empty = fs::read_dir(output)?.next().is_none();
    if empty || output.join(OUTPUT_MARKER).is_file() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} exists and was not written by gongkai; refusing to replace it (choose another --output, or empty it)",
                output.display()
            ),
        ))
    }
}

/// Put a finished staging folder in place of `output`. The old output stays whole until the
/// new one is complete, and is removed only after the swap. On Linux the two folders are
/// exchanged in one atomic step (`renameat2` with `RENAME_EXCHANGE`), so that at every moment,
/// even if the process is killed, `output` is either the old site or the new one, whole.
/// Elsewhere (or on a file system without the exchange) the old output is renamed aside first;
/// a build killed between the two renames leaves it aside, and the next build puts it back
/// ([`remove_leftovers`]).
pub fn swap_into_place(staging: &Path, output: &Path) -> io::Result<()> {
    check_replaceable(output)?;
    if !output.exists() {
        return fs::rename(staging, output);
    }
    if exchange(staging, output)? {
        // `staging` now holds the old output. Failing to remove it leaves a folder that the
        // next build removes; the new site is in place either way.
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    let old = staging.with_extension("old");
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    fs::remove_dir_all(&old)
}

/// Exchange two paths atomically; `Ok(false)` when the system or the file system cannot.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use nix::errno::Errno;
    use nix::fcntl::{AT_FDCWD, RenameFlags, renameat2};
    match renameat2(AT_FDCWD, a, AT_FDCWD, b, RenameFlags::RENAME_EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::EINVAL | Errno::ENOSYS | Errno::EOPNOTSUPP) => Ok(false),
        Err(e) => Err(io::Error::from(e)),
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Write a whole file in one call, without the temporary sibling and the sync of
/// [`atomic_file`]. Only for bulk generated output (`gongkai demo`) into a folder that is
/// regenerated whole: there a torn file after a crash is harmless, and a sync per file would
/// cost more than generating it.
pub fn bulk_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("gongkai-write-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn output_with(dir: &Path, name: &str, page: &str) -> std::path::PathBuf {
        let out = dir.join(name);
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join(OUTPUT_MARKER), "").unwrap();
        fs::write(out.join("index.html"), page).unwrap();
        out
    }

    #[test]
    fn leftovers_of_dead_builds_go_and_an_old_output_set_aside_comes_back() {
        let dir = folder("leftovers");
        let out = dir.join("public");
        // A killed build's staging folder, even one whose marker its removal already took.
        fs::create_dir_all(dir.join(".public.gongkai-new-4000000001/reports")).unwrap();
        // The fallback swap killed between its two renames: no output, the old one aside.
        output_with(&dir, ".public.gongkai-new-4000000002.old", "old");
        // Not ours.
        fs::create_dir_all(dir.join(".public.gongkai-new-notapid")).unwrap();
        remove_leftovers(&out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "old");
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".public.gongkai-new-notapid", "public"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_swap_puts_the_new_output_in_place_and_removes_the_old() {
        let dir = folder("swap");
        let out = output_with(&dir, "public", "old");
        let staging = output_with(&dir, ".public.gongkai-new-1", "new");
        swap_into_place(&staging, &out).unwrap();
        assert_eq!(fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!staging.exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
