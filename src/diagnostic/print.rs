//! Printing findings: human (rustc style), JSON lines, and GitHub workflow commands.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use unicode_width::UnicodeWidthStr;

use super::{Diagnostic, Severity};
use crate::config::Language;

/// The language of `--lang`: `zh` or `en`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn language(self) -> Language {
        match self {
            Lang::Zh => Language::Chinese,
            Lang::En => Language::English,
        }
    }
}

/// The contributor's language from the locale: the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
/// that is set and not empty; `zh…` (`zh_CN.UTF-8`) is Chinese, anything else English.
pub fn locale_language() -> Language {
    let vars = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|v| std::env::var(v).ok());
    language_of_locale(
        vars.iter()
            .flatten()
            .find(|v| !v.is_empty())
            .map(String::as_str),
    )
}

/// See [`locale_language`].
pub fn language_of_locale(locale: Option<&str>) -> Language {
    match locale {
        Some(l) if l.to_ascii_lowercase().starts_with("zh") => Language::Chinese,
        _ => Language::English,
    }
}

impl Severity {
    /// The severity's word in a language, for human output.
    pub fn word_in(self, language: Language) -> &'static str {
        match (language, self) {
            (Language::English, _) => self.word(),
            (Language::Chinese, Severity::Error) => "错误",
            (Language::Chinese, Severity::Warning) => "警告",
            (Language::Chinese, Severity::Info) => "无法核对",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Print findings in a format. Human output reads the source lines from `root` to show the
/// offending value underlined; `verbose` adds the info findings to human and GitHub output.
pub fn print(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    format: Format,
    root: &Path,
    verbose: bool,
) -> io::Result<()> {
    print_in(out, diags, format, root, verbose, Language::English)
}

/// [`print`] in a language. JSON keeps `message` and `hint` in English (tools read them) and
/// adds `message_zh` and `hint_zh`; human and GitHub output are in the language.
pub fn print_in(
    out: &mut dyn Write,
    diags: &[Diagnostic],
    format: Format,
    root: &Path,
    verbose: bool,
    language: Language,
) -> io::Result<()> {
    let shown = diags
        .iter()
        .filter(|d| verbose || format == Format::Json || d.severity > Severity::Info);
    match format {
        Format::Json => {
            for d in shown {
                // The fields in their declared order, then the Chinese renderings.
                let mut line = serde_json::to_string(d).map_err(io::Error::other)?;
                line.pop(); // the closing brace
                let mut extra = |key: &str, value: String| -> io::Result<()> {
                    line.push_str(&format!(",\"{key}\":"));
                    line.push_str(&serde_json::to_string(&value).map_err(io::Error::other)?);
                    Ok(())
                };
                if d.msg.is_some() {
                    extra("message_zh", d.message_in(Language::Chinese))?;
                }
                if d.hint_msg.is_some()
                    && let Some(h) = d.hint_in(Language::Chinese)
                {
                    extra("hint_zh", h)?;
                }
                line.push('}');
                out.write_all(line.as_bytes())?;
                out.write_all(b"\n")?;
            }
        }
        Format::Github => {
            for d in shown {
                writeln!(out, "{}", github_in(d, language))?;
            }
        }
        Format::Human => {
            let mut sources = Sources {
                root,
                files: HashMap::new(),
            };
            for d in shown {
                out.write_all(human(d, &mut sources, language).as_bytes())?;
            }
        }
    }
    Ok(())
}

/// The GitHub Actions workflow command that annotates the finding's line.
pub fn github(d: &Diagnostic) -> String {
    github_in(d, Language::English)
}

/// [`github`] in a language.
pub fn github_in(d: &Diagnostic, language: Language) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut props = format!("file={}", escape_property(&d.file));
    if d.line > 0 {
        props.push_str(&format!(",line={},col={}", d.line, d.column.max(1)));
    }
    props.push_str(&format!(",title={}", escape_property(d.rule)));
    let mut message = d.message_in(language);
    if let Some(hint) = d.hint_in(language) {
        message.push_str(match language {
            Language::English => "\nhint: ",
            Language::Chinese => "\n建议：",
        });
        message.push_str(&hint);
    }
    format!("::{level} {props}::{}", escape_data(&message))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

struct Sources<'a> {
    root: &'a Path,
    files: HashMap<String, Option<Vec<String>>>,
}

impl Sources<'_> {
    fn line(&mut self, file: &str, line: u32) -> Option<String> {
        let root = self.root;
        let lines = self.files.entry(file.to_string()).or_insert_with(|| {
            // Read as the checks read files: a pipe put there since is not waited on.
            let fence = crate::load::files::Fence::site(root);
            let opened = crate::load::files::open_checked(root, Path::new(file), fence).ok()?;
            let bytes = crate::load::files::read_limited(opened).ok()?;
            let text = String::from_utf8_lossy(&bytes).into_owned();
            Some(text.lines().map(str::to_string).collect())
        });
        lines.as_ref()?.get(line.checked_sub(1)? as usize).cloned()
    }
}

/// One finding, rustc style: the source line with the value underlined. Widths are display
/// widths, so a caret lands under its value even after Chinese characters.
fn human(d: &Diagnostic, sources: &mut Sources<'_>, language: Language) -> String {
    let mut s = format!(
        "{}[{}]: {}\n",
        d.severity.word_in(language),
        d.rule,
        d.message_in(language)
    );
    let source = (d.line > 0)
        .then(|| sources.line(&d.file, d.line))
        .flatten();
    // The gutter is as wide as the line number (two columns when there is none), and every
    // line below the message aligns its `|` or `=` on it, as rustc does.
    let gutter = match source {
        Some(_) => d.line.to_string().len(),
        None => 2,
    };
    let pad = " ".repeat(gutter);
    if d.line == 0 {
        s.push_str(&format!("{pad}--> {}\n", d.file));
    } else {
        s.push_str(&format!("{pad}--> {}:{}:{}\n", d.file, d.line, d.column));
    }
    if let Some(text) = source {
        // A control character (refused by text.control-character) is shown as �, never
        // sent to the terminal, where it could move the cursor or change colours.
        let text: String = text
            .replace('\t', "    ")
            .chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect();
        let before: String = text
            .chars()
            .take(d.column.saturating_sub(1) as usize)
            .collect();
        let value: String = text
            .chars()
            .skip(d.column.saturating_sub(1) as usize)
            .take(d.length.max(1) as usize)
            .collect();
        let marks = "^".repeat(value.width().max(1));
        s.push_str(&format!(
            "{pad} |\n{} | {}\n{pad} | {}{marks}\n",
            d.line,
            text,
            " ".repeat(before.width())
        ));
    }
    let (declared, hint_word, indent) = match language {
        Language::English => ("declared as published", "hint: ", "         "),
        Language::Chinese => ("已声明原文如此", "建议：", "         "),
    };
    if let Some(note) = &d.note {
        s.push_str(&format!("{pad} = {declared}: {note}\n"));
    }
    if let Some(hint) = d.hint_in(language) {
        let mut lines = hint.lines();
        if let Some(first) = lines.next() {
            s.push_str(&format!("{pad} = {hint_word}{first}\n"));
        }
        for l in lines {
            s.push_str(&format!("{pad}{indent}{l}\n"));
        }
    }
    s.push('\n');
    s
}

/// A count with its noun in English, singular for 1 (`1 error`, `2 errors`, `0 errors`).
/// Chinese needs no plural form, so this is the one place English agreement is decided.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The tally of a run for its summary line: `1 error, 2 warnings, 3 info findings`.
pub fn summary(errors: usize, warnings: usize, infos: usize) -> String {
    format!(
        "{}, {}, {}",
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings"),
        count(infos, "info finding", "info findings")
    )
}

/// The summary line of `check` in a language.
pub fn checked_line(
    language: Language,
    agencies: usize,
    reports: usize,
    (errors, warnings, infos): (usize, usize, usize),
    verbose: bool,
) -> String {
    let hidden = !verbose && infos > 0;
    match language {
        Language::English => format!(
            "checked {} and {}: {}{}",
            count(agencies, "agency", "agencies"),
            count(reports, "report", "reports"),
            summary(errors, warnings, infos),
            if hidden {
                " (--verbose shows them)"
            } else {
                ""
            }
        ),
        Language::Chinese => format!(
            "已检查 {agencies} 个机关、{reports} 份报告：{errors} 个错误，{warnings} 个警告，{infos} 条无法核对{}",
            if hidden {
                "（加 --verbose 显示）"
            } else {
                ""
            }
        ),
    }
}

/// Counts by severity.
pub fn tally(diags: &[Diagnostic]) -> (usize, usize, usize) {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pos;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "error", "errors"), "1 error");
        assert_eq!(count(0, "error", "errors"), "0 errors");
        assert_eq!(count(2, "error", "errors"), "2 errors");
        assert_eq!(summary(1, 1, 1), "1 error, 1 warning, 1 info finding");
        assert_eq!(summary(0, 2, 3), "0 errors, 2 warnings, 3 info findings");
    }

    #[test]
    fn the_locale_picks_the_language() {
        assert_eq!(language_of_locale(Some("zh_CN.UTF-8")), Language::Chinese);
        assert_eq!(language_of_locale(Some("zh_TW")), Language::Chinese);
        assert_eq!(language_of_locale(Some("en_US.UTF-8")), Language::English);
        assert_eq!(language_of_locale(Some("C")), Language::English);
        assert_eq!(language_of_locale(None), Language::English);
    }

    #[test]
    fn github_form_escapes() {
        let d = Diagnostic::new("requests.balance", "content/a, b.md", "50% off\nnext").at(Pos {
            line: 3,
            column: 5,
            len: 1,
        });
        assert_eq!(
            github(&d),
            "::error file=content/a%2C b.md,line=3,col=5,title=requests.balance::50%25 off%0Anext"
        );
    }

    #[test]
    fn the_gutter_aligns_bars_and_hints_for_any_line_number() {
        let dir = std::env::temp_dir().join(format!("gongkai-gutter-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut text = String::new();
        for i in 1..=120 {
            text.push_str(&format!("line{i}\n"));
        }
        std::fs::write(dir.join("f.md"), text).unwrap();
        let mut sources = Sources {
            root: &dir,
            files: HashMap::new(),
        };
        for line in [7, 42, 104] {
            let d = Diagnostic::new("yaml.syntax", "f.md", "bad")
                .at(Pos {
                    line,
                    column: 1,
                    len: 1,
                })
                .hint("fix it");
            let out = human(&d, &mut sources, Language::English);
            let bars: Vec<usize> = out
                .lines()
                .skip(2)
                .filter_map(|l| l.find(['|', '=']))
                .collect();
            let width = line.to_string().len() + 1;
            assert_eq!(bars, [width; 4], "{out}");
            assert!(out.contains(&format!("{}--> f.md:{line}:1", " ".repeat(width - 1))));
        }
    }

    #[test]
    fn carets_align_under_chinese_text() {
        let dir = std::env::temp_dir().join(format!("gongkai-print-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("f.md"), "行政许可: [十二]\n").unwrap();
        let d = Diagnostic::new("value.not-a-number", "f.md", "bad").at(Pos {
            line: 1,
            column: 8,
            len: 2,
        });
        let mut sources = Sources {
            root: &dir,
            files: HashMap::new(),
        };
        let text = human(&d, &mut sources, Language::English);
        // 「行政许可: [」 is 4 wide characters (8 columns) + 3 narrow ones = 11 columns.
        assert!(
            text.contains(&format!("  | {}^^^^\n", " ".repeat(11))),
            "{text}"
        );
    }
}
