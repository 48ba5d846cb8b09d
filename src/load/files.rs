//! Opening the site's files so that nothing on the file system can hang, crash or fool a run:
//! every path under `content/`, `templates/`, `static/` and the theme is either read as a
//! regular file or refused with a diagnostic that names it.
//!
//! - A named pipe, a socket or a device file is refused (`file.special`) after a look at its
//!   type, and is opened, if ever, with `O_NONBLOCK`, so that one swapped in between the look
//!   and the open cannot block either; the type of the opened file is checked again.
//! - A folder where a file is expected (`content/reports/x/2021.md/`) is refused the same way.
//! - A symbolic link is followed only when it resolves to a regular file inside the folder it
//!   is allowed to lead to (`content/` for content, the site folder for templates and static
//!   files); a link leading out of it (`file.outside-content`, `file.outside-site`), a
//!   dangling link and a loop of links (`file.unreadable`) are refused with the path.
//! - A file that cannot be opened or read (permissions, an I/O error) is `file.unreadable`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Report and agency files are a few kilobytes; anything past this is a mistake or an attack.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

/// Where a link of the site may lead, and the rule that refuses one leading elsewhere.
#[derive(Clone, Copy, Debug)]
pub struct Fence<'a> {
    /// The folder (absolute or relative to the working directory) a link must stay inside.
    pub inside: &'a Path,
    /// How the folder is named in messages (`content/`, `the site folder`).
    pub name: &'static str,
    /// `file.outside-content` or `file.outside-site`.
    pub rule: &'static str,
}

impl<'a> Fence<'a> {
    /// Links under `content/` must stay in `content/`.
    pub fn content(content: &'a Path) -> Fence<'a> {
        Fence {
            inside: content,
            name: "content/",
            rule: "file.outside-content",
        }
    }

    /// Links of templates, static files and themes must stay in the site folder.
    pub fn site(root: &'a Path) -> Fence<'a> {
        Fence {
            inside: root,
            name: "the site folder",
            rule: "file.outside-site",
        }
    }
}

/// What a path is when it is not a regular file, in a few words for a message.
fn special_kind(file_type: fs::FileType) -> Option<&'static str> {
    use std::os::unix::fs::FileTypeExt;
    if file_type.is_file() {
        None
    } else if file_type.is_dir() {
        Some("a folder")
    } else if file_type.is_fifo() {
        Some("a named pipe (FIFO)")
    } else if file_type.is_socket() {
        Some("a socket")
    } else if file_type.is_block_device() {
        Some("a block device")
    } else if file_type.is_char_device() {
        Some("a character device")
    } else if file_type.is_symlink() {
        Some("a symbolic link")
    } else {
        Some("not a regular file")
    }
}

/// The diagnostic for a path that is not a regular file.
pub fn special(rel: &Path, kind: &str, through_link: bool) -> Box<Diagnostic> {
    let message = if through_link {
        format!("this link leads to {kind}, not to a file")
    } else {
        format!("this is {kind}, not a file")
    };
    Box::new(
        Diagnostic::new("file.special", rel, message)
            .hint("only regular files are read; replace it with the file itself"),
    )
}

fn unreadable(rel: &Path, message: String, hint: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::new("file.unreadable", rel, message).hint(hint))
}

/// Why a link cannot be followed, from the error of resolving it.
fn broken_link(rel: &Path, e: &std::io::Error) -> Box<Diagnostic> {
    // ELOOP: too many levels of symbolic links.
    let message = if e.raw_os_error() == Some(40) {
        format!("this link is part of a loop of links: {e}")
    } else {
        format!("this link leads nowhere: {e}")
    };
    unreadable(rel, message, "remove the link, or make it lead to a file")
}

/// Open `root/rel` for reading, refusing anything but a regular file (or a link to one inside
/// `fence`) with a diagnostic. Never blocks, whatever the path is.
pub fn open_checked(
    root: &Path,
    rel: &Path,
    fence: Fence<'_>,
) -> Result<fs::File, Box<Diagnostic>> {
    let abs = root.join(rel);
    let meta = fs::symlink_metadata(&abs).map_err(|e| {
        unreadable(
            rel,
            format!("cannot read: {e}"),
            "check the file's permissions",
        )
    })?;
    let through_link = meta.file_type().is_symlink();
    let meta = if through_link {
        let target = fs::canonicalize(&abs).map_err(|e| broken_link(rel, &e))?;
        let inside = fs::canonicalize(fence.inside).unwrap_or_else(|_| fence.inside.to_path_buf());
        if !target.starts_with(&inside) {
            return Err(Box::new(
                Diagnostic::new(
                    fence.rule,
                    rel,
                    format!(
                        "this link leads outside {} (to {})",
                        fence.name,
                        target.display()
                    ),
                )
                .hint(format!(
                    "copy the file into {} instead of linking to it",
                    fence.name
                )),
            ));
        }
        fs::metadata(&target).map_err(|e| broken_link(rel, &e))?
    } else {
        meta
    };
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(special(rel, kind, through_link));
    }
    let file = open_nonblocking(&abs).map_err(|e| {
        unreadable(
            rel,
            format!("cannot read: {e}"),
            "check the file's permissions",
        )
    })?;
    // The path may have been replaced between the look and the open.
    let opened = file.metadata().map_err(|e| {
        unreadable(
            rel,
            format!("cannot read: {e}"),
            "check the file's permissions",
        )
    })?;
    if let Some(kind) = special_kind(opened.file_type()) {
        return Err(special(rel, kind, through_link));
    }
    Ok(file)
}

/// Open for reading with `O_NONBLOCK`: opening a named pipe with no writer then returns at
/// once instead of waiting for one (the flag changes nothing for a regular file).
fn open_nonblocking(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .read(true)
        .custom_flags(nix::libc::O_NONBLOCK | nix::libc::O_NOCTTY)
        .open(path)
}

/// Read `root/rel` whole through [`open_checked`], refusing a file over [`MAX_FILE_BYTES`].
pub fn read_checked_in(
    root: &Path,
    rel: &Path,
    fence: Fence<'_>,
) -> Result<Vec<u8>, Box<Diagnostic>> {
    let file = open_checked(root, rel, fence)?;
    read_limited(file).map_err(|e| {
        if e.kind() == std::io::ErrorKind::FileTooLarge {
            unreadable(
                rel,
                format!(
                    "the file is larger than {} MiB",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
                "a report file is a few kilobytes; check that this is the right file",
            )
        } else {
            unreadable(
                rel,
                format!("cannot read: {e}"),
                "check the file's permissions",
            )
        }
    })
}

/// Read at most [`MAX_FILE_BYTES`]; a longer file is an error, not a truncation.
pub fn read_limited(file: fs::File) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(std::io::Error::from(std::io::ErrorKind::FileTooLarge));
    }
    Ok(bytes)
}

/// Refuse a folder to walk that is a link (or lies under one) leading outside `fence`: the
/// walk does not follow links below the folder, but the folder itself is always entered.
pub fn dir_inside(root: &Path, dir: &Path, fence: Fence<'_>) -> Result<(), Box<Diagnostic>> {
    let target = fs::canonicalize(root.join(dir)).map_err(|e| broken_link(dir, &e))?;
    let inside = fs::canonicalize(fence.inside).unwrap_or_else(|_| fence.inside.to_path_buf());
    if target.starts_with(&inside) {
        return Ok(());
    }
    Err(Box::new(
        Diagnostic::new(
            fence.rule,
            dir,
            format!(
                "this folder leads outside {} (to {})",
                fence.name,
                target.display()
            ),
        )
        .hint(format!(
            "copy the files into {} instead of linking to them",
            fence.name
        )),
    ))
}

/// Every path under `root/dir` that is not a folder (files, links, pipes, sockets, devices:
/// [`open_checked`] tells them apart), sorted, relative to `root`; folders that cannot be
/// listed are diagnostics. Links are not followed into folders.
pub fn walk(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(root.join(dir))
        .follow_links(false)
        .sort_by_file_name()
    {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => paths.push(relative(root, e.path())),
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| relative(root, p))
                    .unwrap_or_else(|| dir.to_path_buf());
                diagnostics.push(Diagnostic::new(
                    "file.unreadable",
                    path,
                    format!("cannot read this folder: {e}"),
                ));
            }
        }
    }
    paths
}

pub fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}
