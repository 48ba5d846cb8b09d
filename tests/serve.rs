//! `gongkai serve` through the real binary, on 127.0.0.1 and a free port, over a temporary
//! copy of the repository's seed site: edits are picked up incrementally, a broken file keeps
//! the server up, traversal paths are refused, a port in use is handled, Ctrl-C exits, and
//! idle or slow clients cannot hold it.

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{BIN, TempSite, repo};
use serde_json::Value;

const REPORT: &str = "content/reports/urumqi-minzheng/2022.md";
const REPORT_URL: &str = "/reports/urumqi-minzheng/2022/";
const INJECT: &str = "<script src=\"/__gongkai/live.js\"></script>";

/// A copy of the repository's content/, site.toml and themes/.
fn seed_site() -> TempSite {
    let site = TempSite::seeds();
    site.make_buildable();
    site
}

/// A running `gongkai serve`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    log: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path, port: u16) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--port", &port.to_string(), "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().unwrap();
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let mut server = Server {
            child,
            port: 0,
            log,
        };
        let line = server.wait_log("serving on http://127.0.0.1:", Duration::from_secs(180));
        let after = line.split("http://127.0.0.1:").nth(1).unwrap();
        server.port = after.trim_end_matches('/').parse().unwrap();
        server
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The first log line containing `needle`, waiting for it at most `limit`.
    fn wait_log(&mut self, needle: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(line) = self.log().lines().find(|l| l.contains(needle)) {
                return line.to_string();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("gongkai serve exited ({status}):\n{}", self.log());
            }
            assert!(
                Instant::now() < deadline,
                "no `{needle}` from gongkai serve within {limit:?}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn get(&self, path: &str) -> Response {
        raw_request(self.port, &format!("GET {path} HTTP/1.1"))
    }

    fn status(&self) -> Value {
        let r = self.get("/__gongkai/status");
        assert_eq!(r.code, 200);
        serde_json::from_slice(&r.body).unwrap()
    }

    /// Poll the status until a rebuild after `generation` is done.
    fn wait_rebuild(&self, generation: u64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let status = self.status();
            if status["generation"].as_u64().unwrap() > generation {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "no rebuild after generation {generation}:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Poll the status until a rebuild after `generation` is done, site-wide pages included
    /// (an incremental rebuild serves a report's own pages first).
    fn wait_settled(&self, generation: u64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let status = self.wait_rebuild(generation);
            if status["last_rebuild"]["pending"].is_null() || status["ok"] == false {
                return status;
            }
            assert!(Instant::now() < deadline, "pending forever: {status}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Poll a page until it satisfies `ok`.
    fn wait_page(&self, path: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let r = self.get(path);
            let text = r.text();
            if r.code == 200 && ok(&text) {
                return text;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never showed what was expected:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    code: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

/// Send a request line as given, byte for byte (no client normalises the path), and read
/// the whole response.
fn raw_request(port: u16, request_line: &str) -> Response {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "{request_line}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let code = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("a status code");
    Response {
        code,
        head,
        body: bytes[split + 4..].to_vec(),
    }
}

/// The licensing cell (行政许可) of the report page.
fn licensing(page: &str) -> String {
    let row = page
        .split("行政许可</th>")
        .nth(1)
        .and_then(|rest| rest.split("</tr>").next())
        .expect("a 行政许可 row");
    row.rsplit_once("\">")
        .map(|(_, v)| v.trim_end_matches("</td>").to_string())
        .unwrap_or_default()
}

fn percent_encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn strings(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn edit_break_and_mend_a_report() {
    let site = seed_site();
    let server = Server::start(&site.root, 0);
    let first = server.status();
    assert_eq!(first["ok"], true, "{first}");
    assert_eq!(first["last_rebuild"]["kind"], "full");
    let g = first["generation"].as_u64().unwrap();

    let page = server.get(REPORT_URL);
    assert_eq!(page.code, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(licensing(&page.text()), "66");
    assert!(page.text().contains(INJECT), "the live-reload script");

    // An edit that keeps every check passing (licensing has no sum rule).
    site.edit(
        REPORT,
        "licensing:            [66]",
        "licensing:            [67]",
    );
    server.wait_page(REPORT_URL, |p| licensing(p) == "67");
    let status = server.wait_settled(g);
    assert_eq!(status["ok"], true, "{status}");
    let rebuild = &status["last_rebuild"];
    assert_eq!(rebuild["kind"], "incremental", "{status}");
    let expected: BTreeSet<String> = [
        "index.html",
        "quality/index.html",
        "agencies/urumqi-minzheng/index.html",
        "reports/urumqi-minzheng/2022/index.html",
        "years/2022/index.html",
        "regions/新疆维吾尔自治区/index.html",
        "regions/新疆维吾尔自治区/乌鲁木齐市/index.html",
    ]
    .map(String::from)
    .into();
    assert_eq!(strings(&rebuild["pages"]), expected, "{status}");
    let files = strings(&rebuild["files"]);
    for f in [
        "data/reports/urumqi-minzheng/2022.csv",
        "data/reports/urumqi-minzheng/2022.json",
        "data/agencies/urumqi-minzheng.csv",
    ] {
        assert!(files.contains(f), "{f} not rewritten: {status}");
    }
    assert!(
        files.iter().all(|f| !f.contains("hotan")),
        "another agency's data was rewritten: {status}"
    );
    assert_eq!(
        strings(&rebuild["trigger"]),
        BTreeSet::from([REPORT.to_string()])
    );
    // The report's own pages were served first, the site-wide ones after them.
    let early = strings(&rebuild["early"]);
    assert!(
        early.contains("reports/urumqi-minzheng/2022/index.html"),
        "{status}"
    );
    assert!(!early.contains("index.html") && !early.contains("years/2022/index.html"));
    let recent = status["recent"].as_array().unwrap();
    let last_two: Vec<BTreeSet<String>> = recent[recent.len() - 2..]
        .iter()
        .map(|p| strings(&p["pages"]))
        .collect();
    assert_eq!(last_two[0], early, "{status}");
    assert_eq!(
        last_two[1],
        BTreeSet::from(
            ["index.html", "quality/index.html", "years/2022/index.html"].map(String::from)
        ),
        "{status}"
    );
    let log = server.log();
    assert!(
        log.contains("rebuilt 7 pages in") && log.contains(&format!("({REPORT})")),
        "{log}"
    );

    // What serve holds after the incremental rebuild is what `gongkai build` writes (but for
    // the live-reload script), and the build has no trace of serve.
    let out = TempSite::empty("serve-build");
    let output = out.path("public");
    let run = site.run(&[
        "build",
        "--root",
        site.root.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let mut compared = 0;
    for entry in walk(&output) {
        let rel = entry
            .strip_prefix(&output)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel == ".gongkai-output" {
            continue;
        }
        let built = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&built).contains("__gongkai"),
            "build output has serve's script: {rel}"
        );
        let served = server.get(&format!("/{}", percent_encode(&rel)));
        assert_eq!(served.code, 200, "{rel}");
        let served = String::from_utf8_lossy(&served.body).replacen(INJECT, "", 1);
        assert!(
            served.as_bytes() == built.as_slice(),
            "{rel} differs between serve (incremental) and build"
        );
        compared += 1;
    }
    assert!(compared > 40, "only {compared} files compared");

    // A broken save: the error is served, the last good page too, the server stays up.
    let g = server.status()["generation"].as_u64().unwrap();
    site.edit(
        REPORT,
        "licensing:            [67]",
        "licensing:            [67",
    );
    let status = server.wait_rebuild(g);
    assert_eq!(status["ok"], false, "{status}");
    let errors = status["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert_eq!(errors[0]["file"], REPORT, "{status}");
    assert!(errors[0]["line"].as_u64().unwrap() > 0, "{status}");
    assert!(errors[0]["column"].as_u64().unwrap() > 0, "{status}");
    assert!(errors[0]["rule"].as_str().unwrap().starts_with("yaml"));
    let page = server.get(REPORT_URL);
    assert_eq!(page.code, 200);
    assert_eq!(licensing(&page.text()), "67");
    let log = server.log();
    assert!(log.contains(&format!("--> {REPORT}:")), "{log}");
    assert!(log.contains("still serving the last good build"), "{log}");
    let script = server.get("/__gongkai/live.js");
    assert_eq!(script.code, 200);
    assert!(script.text().contains("/__gongkai/status"));

    // Mended: the page is back, with the new number.
    site.edit(
        REPORT,
        "licensing:            [67",
        "licensing:            [68]",
    );
    server.wait_page(REPORT_URL, |p| licensing(p) == "68");
    let status = server.wait_settled(g);
    assert_eq!(status["ok"], true, "{status}");
    assert_eq!(status["errors"].as_array().unwrap().len(), 0);
    assert_eq!(status["last_rebuild"]["kind"], "incremental", "{status}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

#[test]
fn templates_and_static_files_rebuild_what_uses_them() {
    let site = seed_site();
    let server = Server::start(&site.root, 0);
    let g = server.status()["generation"].as_u64().unwrap();
    let template = "themes/default/templates/report.html";
    let text = site.read(template);
    site.write(template, format!("{text}\n{{# touched #}}\n"));
    let status = server.wait_rebuild(g);
    assert_eq!(status["ok"], true, "{status}");
    let pages = strings(&status["last_rebuild"]["pages"]);
    assert_eq!(pages.len(), 5, "{status}");
    assert!(pages.iter().all(|p| p.starts_with("reports/")), "{status}");

    let g = status["generation"].as_u64().unwrap();
    let css = "themes/default/static/style.css";
    let text = site.read(css);
    site.write(css, format!("{text}\n/* touched */\n"));
    let status = server.wait_rebuild(g);
    assert_eq!(status["ok"], true, "{status}");
    assert_eq!(
        status["last_rebuild"]["pages"].as_array().unwrap().len(),
        0,
        "{status}"
    );
    assert!(strings(&status["last_rebuild"]["files"]).contains("static/style.css"));
    let served = server.get("/static/style.css");
    assert_eq!(
        served.header("content-type").as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert!(served.text().contains("/* touched */"));

    // A template error is reported, and fixing it restores the pages.
    let g = status["generation"].as_u64().unwrap();
    site.write(template, "{% block main %}{{ broken ");
    let status = server.wait_rebuild(g);
    assert_eq!(status["ok"], false, "{status}");
    assert_eq!(server.get(REPORT_URL).code, 200);
    site.write(template, text_of_theme("report.html"));
    server.wait_page("/__gongkai/status", |s| s.contains("\"ok\":true"));
}

fn text_of_theme(name: &str) -> String {
    std::fs::read_to_string(repo().join("themes/default/templates").join(name)).unwrap()
}

#[test]
fn paths_outside_the_site_are_refused() {
    let site = seed_site();
    site.write("secret.txt", "SECRET-CONTENT");
    let server = Server::start(&site.root, 0);
    for path in [
        "/../Cargo.toml",
        "/../secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/secret.txt",
        "/..%2fsite.toml",
        "/..%2Fsecret.txt",
        "//etc/passwd",
        "/static/..\\..\\site.toml",
        "/static/%5c..%5c..%5csecret.txt",
        "/static/%2e%2e/%2e%2e/secret.txt",
        "/C:/Windows/win.ini",
        "/c%3a%5cwindows%5cwin.ini",
        "/./site.toml",
        "/site.toml",
        "/secret.txt",
        "/content/reports/urumqi-minzheng/2022.md",
        "/%252e%252e/secret.txt",
        "/static/%00style.css",
        "http://example.org/secret.txt",
        // Overlong UTF-8 for `.` and `/`, full-width dots, a NUL ending the name.
        "/%c0%ae%c0%ae/secret.txt",
        "/%c0%af..%c0%afsecret.txt",
        "/%ef%bc%8e%ef%bc%8e/secret.txt",
        "/secret.txt%00.html",
        "/static/%2e%2e%5csecret.txt",
        "/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/.%2e/secret.txt",
        "/static/..%252fsecret.txt",
    ] {
        let r = server.get(path);
        assert_eq!(r.code, 404, "{path}: {}", r.text());
        let body = r.text();
        for leak in ["SECRET-CONTENT", "root:x:", "[package]", "base_url ="] {
            assert!(!body.contains(leak), "{path} leaked {leak}");
        }
    }
    // The site's own 404 page, folders with and without their slash, Chinese paths.
    let missing = server.get("/nothing/here/");
    assert_eq!(missing.code, 404);
    assert!(missing.text().contains("<html"));
    let redirect = server.get("/reports/urumqi-minzheng/2022");
    assert_eq!(redirect.code, 301);
    assert_eq!(
        redirect.header("location").as_deref(),
        Some("/reports/urumqi-minzheng/2022/")
    );
    let region = server.get(&format!("/{}", percent_encode("regions/新疆维吾尔自治区/")));
    assert_eq!(region.code, 200);
    assert!(region.text().contains("乌鲁木齐市"));
    let head = raw_request(server.port, "HEAD /static/style.css HTTP/1.1");
    assert_eq!(head.code, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        raw_request(server.port, "POST / HTTP/1.1").code,
        405,
        "only GET and HEAD"
    );
    assert_eq!(raw_request(server.port, "nonsense").code, 400);
}

#[test]
fn a_port_in_use_moves_to_the_next_one() {
    let site = seed_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = Server::start(&site.root, port);
    let line = server.wait_log("is in use", Duration::from_secs(5));
    assert!(
        line.starts_with(&format!(
            "port {port} is in use; serving on http://127.0.0.1:"
        )),
        "{line}"
    );
    assert_ne!(server.port, port);
    assert_eq!(server.get("/").code, 200);
    drop(taken);
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = seed_site();
    let mut server = Server::start(&site.root, 0);
    let pid = server.child.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{}", server.log());
    server.wait_log("goodbye", Duration::from_secs(5));
}

/// Editors save by writing a temporary file and renaming it over the original, and save in
/// bursts: each such save, and each burst, is one rebuild.
#[test]
fn a_rename_save_and_a_burst_of_saves_each_trigger_one_rebuild() {
    let site = seed_site();
    let server = Server::start(&site.root, 0);
    let rel = "content/reports/urumqi-minzheng/2022.md";
    let original = site.read(rel);
    server.wait_page("/reports/urumqi-minzheng/2022/", |t| t.contains(">66<"));
    // The server prints one `rebuilt …` line per rebuild (the generation counts publishes: an
    // incremental rebuild publishes the change's own pages first, then the site-wide ones).
    let rebuilds = || server.log().matches("\nrebuilt ").count();
    let settle = |generation: u64| {
        let g = server.wait_settled(generation)["generation"]
            .as_u64()
            .unwrap();
        // Anything a second rebuild would have done shows up within this margin.
        std::thread::sleep(Duration::from_millis(500));
        server.wait_settled(g.saturating_sub(1))["generation"]
            .as_u64()
            .unwrap()
    };
    let generation = server.status()["generation"].as_u64().unwrap();

    // Save through a temporary file renamed over the report, as Vim and many editors do.
    let tmp = site.path("content/reports/urumqi-minzheng/.2022.md.tmp");
    std::fs::write(&tmp, original.replacen("[66]", "[67]", 1)).unwrap();
    std::fs::rename(&tmp, site.path(rel)).unwrap();
    server.wait_page("/reports/urumqi-minzheng/2022/", |t| t.contains(">67<"));
    let generation = settle(generation);
    assert_eq!(rebuilds(), 1, "one save, one rebuild:\n{}", server.log());

    // A burst of five saves within a few milliseconds: one rebuild, showing the last.
    for n in 68..=72 {
        site.write(rel, original.replacen("[66]", &format!("[{n}]"), 1));
    }
    server.wait_page("/reports/urumqi-minzheng/2022/", |t| t.contains(">72<"));
    settle(generation);
    assert_eq!(rebuilds(), 2, "one burst, one rebuild:\n{}", server.log());
}

/// The resident memory of a process, in kB, from /proc/<pid>/status.
fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

fn connect(port: u16) -> TcpStream {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap()
}

/// 500 idle connections (half sending nothing, half a head cut short), then 1,000 requests
/// four at a time: every one is answered 200, and the server's memory returns to what it was.
#[test]
fn hundreds_of_idle_connections_do_not_hold_the_server() {
    let site = seed_site();
    let server = Server::start(&site.root, 0);
    let pid = server.child.id();
    let pages = [
        "/",
        REPORT_URL,
        "/static/style.css",
        "/quality/",
        "/data/cells.csv",
    ];
    for page in pages {
        assert_eq!(server.get(page).code, 200, "{page}");
    }
    let before = rss_kb(pid);
    let started = Instant::now();
    let idle: Vec<TcpStream> = (0..500)
        .map(|i| {
            let mut s = connect(server.port);
            if i % 2 == 1 {
                s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .unwrap();
            }
            s
        })
        .collect();
    let port = server.port;
    let answered: Vec<Vec<u16>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..4)
            .map(|w| {
                scope.spawn(move || {
                    (0..250)
                        .map(|i| {
                            raw_request(
                                port,
                                &format!("GET {} HTTP/1.1", pages[(w + i) % pages.len()]),
                            )
                            .code
                        })
                        .collect::<Vec<u16>>()
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let took = started.elapsed();
    let during = rss_kb(pid);
    let codes: Vec<u16> = answered.into_iter().flatten().collect();
    assert_eq!(codes.len(), 1000);
    let not_ok = codes.iter().filter(|c| **c != 200).count();
    assert_eq!(
        not_ok, 0,
        "{not_ok} of 1,000 requests were not answered 200"
    );
    drop(idle);
    // The threads of the idle connections end as they close; memory goes back.
    let deadline = Instant::now() + Duration::from_secs(20);
    let limit = before + before / 4 + 4 * 1024;
    let mut after = rss_kb(pid);
    while after > limit && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        assert_eq!(server.get("/").code, 200);
        after = rss_kb(pid);
    }
    eprintln!(
        "serve RSS: {before} kB before, {during} kB with 500 idle connections, {after} kB after; 1,000 requests in {:.1} s",
        took.as_secs_f64()
    );
    assert!(
        after <= limit,
        "memory did not return: {before} kB before, {after} kB after (limit {limit} kB)"
    );
}

/// An idle client, and one sending its head a byte a second, are both dropped once the time
/// for a request head is up (5 s), not kept as long as they keep trickling.
#[test]
fn idle_and_slow_clients_are_dropped_after_a_few_seconds() {
    let site = seed_site();
    let server = Server::start(&site.root, 0);
    let port = server.port;
    let started = Instant::now();
    let (idle, slow) = std::thread::scope(|scope| {
        let idle = scope.spawn(move || {
            let mut s = connect(port);
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            let mut response = Vec::new();
            let _ = s.read_to_end(&mut response);
            (
                started.elapsed(),
                String::from_utf8_lossy(&response).into_owned(),
            )
        });
        let slow = scope.spawn(move || {
            let mut s = connect(port);
            s.set_read_timeout(Some(Duration::from_millis(900)))
                .unwrap();
            let head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n\r\n";
            let mut response = Vec::new();
            for b in head {
                if s.write_all(&[*b]).is_err() {
                    break;
                }
                let mut buf = [0u8; 256];
                match s.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        response.extend_from_slice(&buf[..n]);
                        let _ = s.read_to_end(&mut response);
                        break;
                    }
                    Err(_) => {}
                }
            }
            (
                started.elapsed(),
                String::from_utf8_lossy(&response).into_owned(),
            )
        });
        (idle.join().unwrap(), slow.join().unwrap())
    });
    for (who, (took, response)) in [("idle", idle), ("slow", slow)] {
        assert!(
            took >= Duration::from_secs(4) && took < Duration::from_secs(15),
            "{who} client dropped after {took:?}"
        );
        assert!(
            response.is_empty() || response.starts_with("HTTP/1.1 408 "),
            "{who}: {response}"
        );
    }
    // The server is still answering.
    assert_eq!(server.get("/").code, 200);
}
