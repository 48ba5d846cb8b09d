//! A minimal HTTP/1.1 server on `std::net`, enough for a local preview: GET and HEAD, one
//! request per connection, files from memory only.
//!
//! Abuse it cannot be held by: a client has [`HEAD_TIMEOUT`] in all to send its request head
//! (not per read, so a client sending a byte a second is dropped too), and when every
//! connection slot is taken the oldest connection still sending its head is dropped to make
//! room, so that new requests are answered while hundreds of idle connections are open. A
//! path that tries to leave the site, in any encoding, is a 404 decided from the path alone.
//!
//! Hand-written rather than a dependency because the needs are small and specific: the
//! live-reload stream must flush each event as it happens (a buffered chunked encoder holds
//! them back), and request paths are resolved here against an in-memory map with no
//! filesystem access at all, so there is nothing to misconfigure.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::Shared;

/// How many later ports to try when the one asked for is in use.
const PORT_TRIES: u16 = 20;
/// Request heads are small; a longer one is refused.
const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once; a local preview never needs more.
const MAX_CONNECTIONS: usize = 256;
/// The time a client has to send its whole request head.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// Each connection's thread needs little: the files are in memory, shared.
const THREAD_STACK: usize = 256 * 1024;
/// How often an idle live-reload stream is pinged, which also notices closed tabs.
const PING: Duration = Duration::from_secs(15);

/// Bind `ip:port`, or the next free port after it. Returns the listener and its port.
pub fn bind(ip: IpAddr, port: u16) -> io::Result<(TcpListener, u16)> {
    let mut last = None;
    for p in (0..=PORT_TRIES).filter_map(|i| port.checked_add(i)) {
        match TcpListener::bind(SocketAddr::new(ip, p)) {
            Ok(l) => {
                let actual = l.local_addr()?.port();
                return Ok((l, actual));
            }
            Err(e) if e.kind() == io::ErrorKind::AddrInUse && port != 0 => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::from(io::ErrorKind::AddrInUse)))
}

/// Connections still sending their request head, oldest first.
#[derive(Default)]
struct Waiting {
    next: u64,
    list: VecDeque<(u64, TcpStream)>,
}

impl Waiting {
    /// Note a new connection; `None` when it cannot be noted (it is then served, not evicted).
    fn add(&mut self, stream: &TcpStream) -> Option<u64> {
        let handle = stream.try_clone().ok()?;
        self.next += 1;
        self.list.push_back((self.next, handle));
        Some(self.next)
    }

    fn remove(&mut self, id: Option<u64>) {
        if let Some(i) = self.list.iter().position(|(k, _)| Some(*k) == id) {
            self.list.remove(i);
        }
    }

    /// Close the oldest connection still sending its head; its thread then ends. False when
    /// every connection has sent its head (all are being answered).
    fn evict_oldest(&mut self) -> bool {
        match self.list.pop_front() {
            Some((_, stream)) => {
                let _ = stream.shutdown(std::net::Shutdown::Both);
                true
            }
            None => false,
        }
    }
}

fn lock(waiting: &Mutex<Waiting>) -> std::sync::MutexGuard<'_, Waiting> {
    waiting
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Accept connections forever, one thread each. When all [`MAX_CONNECTIONS`] are taken, the
/// oldest connection still sending its head makes room; only when every one of them is being
/// answered (or streaming reload events) is a new one told 503.
pub fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let active = Arc::new(AtomicUsize::new(0));
    let waiting = Arc::new(Mutex::new(Waiting::default()));
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, say: do not spin on the error.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            }
        };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS && !lock(&waiting).evict_oldest() {
            busy(stream);
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let id = lock(&waiting).add(&stream);
        let shared = shared.clone();
        let done = active.clone();
        let noted = waiting.clone();
        let spawned = std::thread::Builder::new()
            .name("gongkai-http".into())
            .stack_size(THREAD_STACK)
            .spawn(move || {
                let _ = handle(stream, &shared, &noted, id);
                lock(&noted).remove(id);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The closure and its stream are dropped: the client sees a closed connection.
            lock(&waiting).remove(id);
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Tell a client that every slot is busy answering others, without waiting on it.
fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = respond(
        &mut stream,
        false,
        503,
        "text/plain; charset=utf-8",
        &[],
        b"busy\n",
    );
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Route {
    /// A file of the site, relative to its root (`reports/x/2025/index.html`).
    File(String),
    /// A folder asked for without its slash, or the root outside the base path.
    Redirect(String),
    NotFound,
    /// `..`, `.` or empty segments, backslashes, drive letters, bad encoding.
    Bad,
}

/// Resolve the path of a request target (without query) against the base path, looking
/// files up with `exists`. Pure, so that it can be tested without a socket.
pub fn resolve(raw: &str, base: &str, exists: impl Fn(&str) -> bool) -> Route {
    if !raw.starts_with('/') {
        return Route::Bad;
    }
    let Ok(decoded) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
        return Route::Bad;
    };
    if decoded.contains(['\\', '\0', ':']) || decoded.chars().any(char::is_control) {
        return Route::Bad;
    }
    let segments: Vec<&str> = decoded[1..].split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        if *seg == "." || *seg == ".." || (seg.is_empty() && i != last) {
            return Route::Bad;
        }
    }
    let rel = match decoded.strip_prefix(base) {
        Some(rel) => rel,
        // The base path without its slash, or the server root when the site has a base path.
        None if format!("{decoded}/") == base || decoded == "/" => {
            return Route::Redirect(base.to_string());
        }
        None => return Route::NotFound,
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Route::File(index)
        } else {
            Route::NotFound
        };
    }
    if exists(rel) {
        Route::File(rel.to_string())
    } else if exists(&format!("{rel}/index.html")) {
        Route::Redirect(format!("{raw}/"))
    } else {
        Route::NotFound
    }
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn handle(
    mut stream: TcpStream,
    shared: &Shared,
    waiting: &Mutex<Waiting>,
    id: Option<u64>,
) -> io::Result<()> {
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let head = read_head(&stream, HEAD_TIMEOUT);
    lock(waiting).remove(id);
    let line = match head? {
        Head::Line(line) => line,
        Head::Closed => return Ok(()),
        Head::TooSlow => {
            return respond(
                &mut stream,
                false,
                408,
                "text/plain; charset=utf-8",
                &[],
                b"the request head took too long\n",
            );
        }
        Head::Bad => return bad_request(&mut stream),
    };
    let mut parts = line.split(' ');
    let (method, target) = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(m), Some(t), Some(v), None) if v.starts_with("HTTP/1.") => (m, t),
        _ => return bad_request(&mut stream),
    };
    let head = method == "HEAD";
    if method != "GET" && !head {
        return respond(
            &mut stream,
            false,
            405,
            "text/plain; charset=utf-8",
            &[("Allow", "GET, HEAD")],
            b"only GET and HEAD\n",
        );
    }
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target, None),
    };
    match path {
        "/__gongkai/status" => {
            let body = shared.status_json();
            return respond(
                &mut stream,
                head,
                200,
                "application/json",
                &[],
                body.as_bytes(),
            );
        }
        "/__gongkai/live.js" => {
            return respond(
                &mut stream,
                head,
                200,
                content_type("x.js"),
                &[],
                super::LIVE_JS.as_bytes(),
            );
        }
        "/__gongkai/events" if !head => return events(stream, shared),
        _ => {}
    }
    let base = shared.base();
    let route = {
        let files = shared
            .files
            .read()
            .map_err(|_| io::Error::other("poisoned"))?;
        resolve(path, &base, |rel| files.contains_key(rel))
    };
    match route {
        // A path trying to leave the site is a page that does not exist, like any other.
        Route::Bad => not_found(&mut stream, head, shared),
        Route::Redirect(to) => {
            let location = match query {
                Some(q) => format!("{to}?{q}"),
                None => to,
            };
            respond(
                &mut stream,
                head,
                301,
                "text/plain; charset=utf-8",
                &[("Location", &location)],
                b"moved\n",
            )
        }
        Route::File(rel) => {
            let bytes = shared.file(&rel);
            match bytes {
                Some(b) => respond(&mut stream, head, 200, content_type(&rel), &[], &b),
                None => not_found(&mut stream, head, shared),
            }
        }
        Route::NotFound => not_found(&mut stream, head, shared),
    }
}

fn not_found(stream: &mut TcpStream, head: bool, shared: &Shared) -> io::Result<()> {
    match shared.file("404.html") {
        Some(page) => respond(stream, head, 404, content_type("404.html"), &[], &page),
        None => {
            // Nothing was ever built: the content has errors from the start.
            let page = super::NOT_BUILT_PAGE.replace("{{inject}}", super::INJECT);
            respond(
                stream,
                head,
                503,
                content_type("x.html"),
                &[],
                page.as_bytes(),
            )
        }
    }
}

/// What a client sent as its request head.
enum Head {
    /// The request line (the headers are read and dropped: nothing here depends on them).
    Line(String),
    /// The client closed the connection (or was evicted) before sending anything whole.
    Closed,
    /// The head did not arrive within the time allowed.
    TooSlow,
    /// Longer than [`MAX_HEAD`].
    Bad,
}

/// Read a request head, giving the client `limit` in all: each read may wait only for what
/// is left of it, so a client sending a byte at a time cannot stretch it.
fn read_head(mut stream: &TcpStream, limit: Duration) -> io::Result<Head> {
    let deadline = Instant::now() + limit;
    let mut head: Vec<u8> = Vec::with_capacity(1024);
    let mut buf = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(Head::TooSlow);
        }
        stream.set_read_timeout(Some(left))?;
        let n = match stream.read(&mut buf) {
            Ok(n) => n,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Ok(Head::TooSlow);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Ok(Head::Closed),
        };
        if n == 0 {
            return Ok(Head::Closed);
        }
        head.extend_from_slice(&buf[..n]);
        let end = memchr::memmem::find(&head, b"\r\n\r\n")
            .or_else(|| memchr::memmem::find(&head, b"\n\n"));
        if end.is_some() {
            let line_end = memchr::memchr(b'\n', &head).unwrap_or(head.len());
            let line = String::from_utf8_lossy(&head[..line_end]);
            return Ok(Head::Line(line.trim_end_matches(['\r', '\n']).to_string()));
        }
        if head.len() > MAX_HEAD {
            return Ok(Head::Bad);
        }
    }
}

fn status_text(code: u16) -> &'static str {
    match code {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        _ => "Service Unavailable",
    }
}

fn bad_request(stream: &mut TcpStream) -> io::Result<()> {
    respond(
        stream,
        false,
        400,
        "text/plain; charset=utf-8",
        &[],
        b"bad request\n",
    )
}

fn respond(
    stream: &mut TcpStream,
    head: bool,
    code: u16,
    content_type: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {code} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        status_text(code),
        body.len()
    );
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut w = io::BufWriter::new(&mut *stream);
    w.write_all(out.as_bytes())?;
    if !head {
        w.write_all(body)?;
    }
    w.flush()?;
    drop(w);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    Ok(())
}

/// The live-reload stream (Server-Sent Events): the current generation at once, then each
/// new one as a rebuild finishes.
fn events(mut stream: TcpStream, shared: &Shared) -> io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\nretry: 500\n\n",
    )?;
    let mut seen = None;
    loop {
        let generation = shared.wait_generation(seen, PING);
        if seen == Some(generation) {
            stream.write_all(b": ping\n\n")?;
        } else {
            stream.write_all(format!("data: {generation}\n\n").as_bytes())?;
            seen = Some(generation);
        }
        stream.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(raw: &str, base: &str) -> Route {
        let files = [
            "index.html",
            "reports/a/2025/index.html",
            "regions/新疆维吾尔自治区/index.html",
            "static/style.css",
        ];
        resolve(raw, base, |rel| files.contains(&rel))
    }

    #[test]
    fn folders_and_files() {
        assert_eq!(route("/", "/"), Route::File("index.html".into()));
        assert_eq!(
            route("/reports/a/2025/", "/"),
            Route::File("reports/a/2025/index.html".into())
        );
        assert_eq!(
            route("/reports/a/2025", "/"),
            Route::Redirect("/reports/a/2025/".into())
        );
        assert_eq!(
            route("/static/style.css", "/"),
            Route::File("static/style.css".into())
        );
        assert_eq!(route("/nothing", "/"), Route::NotFound);
        assert_eq!(
            route(
                "/regions/%E6%96%B0%E7%96%86%E7%BB%B4%E5%90%BE%E5%B0%94%E8%87%AA%E6%B2%BB%E5%8C%BA/",
                "/"
            ),
            Route::File("regions/新疆维吾尔自治区/index.html".into())
        );
    }

    #[test]
    fn base_path() {
        assert_eq!(route("/g/", "/g/"), Route::File("index.html".into()));
        assert_eq!(route("/g", "/g/"), Route::Redirect("/g/".into()));
        assert_eq!(route("/", "/g/"), Route::Redirect("/g/".into()));
        assert_eq!(
            route("/g/static/style.css", "/g/"),
            Route::File("static/style.css".into())
        );
        assert_eq!(route("/static/style.css", "/g/"), Route::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        for raw in [
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/site.toml",
            "/..%2fsite.toml",
            "/..%2Fsite.toml",
            "//etc/passwd",
            "/static/..\\..\\site.toml",
            "/static/%5c..%5csite.toml",
            "/C:/Windows/win.ini",
            "/c%3a/x",
            "/./index.html",
            "/static/%00.css",
            "/%ff",
            "relative",
        ] {
            assert_eq!(route(raw, "/"), Route::Bad, "{raw}");
        }
        // Double encoding is a literal name, which no file has.
        assert_eq!(route("/%252e%252e/site.toml", "/"), Route::NotFound);
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("x.wasm"), "application/wasm");
        assert_eq!(content_type("data/x.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
