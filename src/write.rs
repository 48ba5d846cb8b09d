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
        fs::write(self.path_for(rel)?, bytes)
    }

    fn stream(&self, rel: &str) -> io::Result<Box<dyn StreamFile + '_>> {
        Ok(Box::new(BufWriter::with_capacity(
            1 << 20,
            fs::File::create(self.path_for(rel)?)?,
        )))
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

/// A fresh staging folder beside `output`.
pub fn staging_dir(output: &Path) -> io::Result<std::path::PathBuf> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let staging = parent.join(format!(".{name}.gongkai-new-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    fs::create_dir_all(&staging)?;
    fs::write(
        staging.join(OUTPUT_MARKER),
        b"This folder is written by gongkai build and replaced whole on every build.\n",
    )?;
    Ok(staging)
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

/// Put a finished staging folder in place of `output`: the old output stays whole until the
/// new one is complete, and is removed only after the swap.
pub fn swap_into_place(staging: &Path, output: &Path) -> io::Result<()> {
    check_replaceable(output)?;
    if output.exists() {
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
    } else {
        fs::rename(staging, output)
    }
}

/// Write a whole file in one call, without the temporary sibling and the sync of
/// [`atomic_file`]. Only for bulk generated output (`gongkai demo`) into a folder that is
/// regenerated whole: there a torn file after a crash is harmless, and a sync per file would
/// cost more than generating it.
pub fn bulk_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    fs::write(path, bytes)
}
