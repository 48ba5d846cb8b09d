#!/usr/bin/env python3
"""Write a Hugo site equivalent to a gongkai site, for the benchmark.

    python3 bench/hugosite.py SRC DST [--tables markdown|html]

SRC is a gongkai site (site.toml, content/agencies/*.yaml,
content/reports/<agency>/<year>.md), typically written by `gongkai demo`.
DST receives a Hugo site:

  hugo.toml
  content/_index.md                 home page: lists every agency
  content/<agency>/_index.md        one section (list page) per agency
  content/<agency>/<year>.md        one page per report: the three tables
                                    (the same cells as gongkai's), each after
                                    its section of the narrative
  layouts/baseof.html, home.html, list.html, single.html

The Hugo site does less than gongkai: no validation, no charts, no search
index, no data files (JSON/CSV), no year or region pages, no quality page.
That makes the comparison conservative for gongkai.

Python 3 standard library only: the small YAML subset that gongkai demo
writes (and that hand-written gongkai sites use for these keys) is parsed
by the line-based reader below, not by a general YAML parser.
"""

import json
import os
import re
import shutil
import sys

# ---------------------------------------------------------------- reading

ROW = re.compile(r"^  ([A-Za-z0-9_]+):\s*\[([^\]]*)\]\s*(?:#\s*(.*))?$")
SCALAR = re.compile(r"^([A-Za-z0-9_]+):\s*(.*?)\s*$")
NESTED_SCALAR = re.compile(r"^  ([A-Za-z0-9_]+):\s*(.*?)\s*$")
COMMENT = re.compile(r"^\s+#\s*(.*)$")

TABLES = ("proactive", "requests", "review")
HEADINGS = {
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review": "四、政府信息公开行政复议、行政诉讼情况",
}
# Which narrative section (its "## " heading starts with this) a table follows.
SECTION_OF = {"proactive": "二", "requests": "三", "review": "四"}


def unquote(v):
    v = v.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        if v[0] == '"':
            try:
                return json.loads(v)
            except ValueError:
                return v[1:-1]
        return v[1:-1].replace("''", "'")
    # strip a trailing comment from a plain scalar
    m = re.match(r"^(.*?)\s+#.*$", v)
    v = m.group(1) if m else v
    return None if v in ("~", "null", "Null", "NULL") else v


def split_front_matter(text):
    if not text.startswith("---"):
        return "", text
    end = text.find("\n---", 3)
    if end < 0:
        return "", text
    fm = text[text.index("\n") + 1:end]
    body_start = text.find("\n", end + 4)
    body = text[body_start + 1:] if body_start >= 0 else ""
    return fm, body


def parse_report_front_matter(fm):
    """Top-level scalars, and the three tables as groups of rows.

    Each table is a list of groups {"columns": [...], "rows": [(label, cells)]};
    column names come from the comment above the rows ("# columns: a, b" or
    "# 第二十条第（一）项 — a, b"), row labels from the comment after them.
    """
    meta = {}
    tables = {}
    current = None
    for line in fm.split("\n"):
        if not line.strip():
            continue
        if line[0] not in " #-":
            m = SCALAR.match(line)
            if not m:
                current = None
                continue
            key, val = m.group(1), m.group(2)
            if key in TABLES and val == "":
                current = tables.setdefault(key, [])
                current.append({"title": "", "columns": [], "rows": []})
            else:
                current = None
                if val != "" and unquote(val) is not None:
                    meta[key] = unquote(val)
            continue
        if current is None:
            continue
        m = ROW.match(line)
        if m:
            key, cells, label = m.group(1), m.group(2), m.group(3)
            cells = [c.strip() for c in cells.split(",")] if cells.strip() else []
            current[-1]["rows"].append((label.strip() if label else key, cells))
            continue
        m = COMMENT.match(line)
        if m:
            text = m.group(1).strip()
            if text.startswith("columns:"):
                title, cols = "", text[len("columns:"):]
            elif "—" in text:
                title, cols = text.split("—", 1)
            else:
                title, cols = text, ""
            group = {"title": title.strip(),
                     "columns": [c.strip() for c in cols.split(",") if c.strip()],
                     "rows": []}
            if current[-1]["rows"] or current[-1]["columns"]:
                current.append(group)
            else:
                current[-1] = group
    for key in tables:
        tables[key] = [g for g in tables[key] if g["rows"]]
    return meta, tables


def parse_agency(text):
    agency = {}
    region = {}
    in_region = False
    for line in text.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] != " ":
            m = SCALAR.match(line)
            if m:
                in_region = m.group(1) == "region" and m.group(2) == ""
                if m.group(2):
                    agency[m.group(1)] = unquote(m.group(2))
            continue
        if in_region:
            m = NESTED_SCALAR.match(line)
            if m:
                region[m.group(1)] = unquote(m.group(2)) or ""
    agency["region"] = region
    return agency


def site_title(root):
    try:
        with open(os.path.join(root, "site.toml"), encoding="utf-8") as f:
            for line in f:
                m = re.match(r'^title\s*=\s*"(.*)"\s*$', line)
                if m:
                    return json.loads('"' + m.group(1) + '"')
    except OSError:
        pass
    return "gongkai"


# ---------------------------------------------------------------- writing

def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;")
            .replace(">", "&gt;").replace('"', "&quot;"))


def md_cell(s):
    return str(s).replace("|", "\\|")


def table_markdown(key, groups):
    out = []
    for g in groups:
        width = max([len(g["columns"])] + [len(c) for _, c in g["rows"]])
        cols = g["columns"] + [""] * (width - len(g["columns"]))
        if g["title"]:
            out.append("**%s**\n" % g["title"])
        out.append("| 项目 | " + " | ".join(md_cell(c) for c in cols) + " |")
        out.append("|---|" + "---:|" * width)
        for label, cells in g["rows"]:
            cells = cells + [""] * (width - len(cells))
            out.append("| " + md_cell(label) + " | " + " | ".join(md_cell(c) for c in cells) + " |")
        out.append("")
    return "\n".join(out)


def table_html(key, groups):
    out = ['<table class="%s">' % key]
    for g in groups:
        width = max([len(g["columns"])] + [len(c) for _, c in g["rows"]])
        cols = g["columns"] + [""] * (width - len(g["columns"]))
        out.append("<thead>")
        if g["title"]:
            out.append('<tr><th colspan="%d">%s</th></tr>' % (width + 1, esc(g["title"])))
        out.append("<tr><th>项目</th>" + "".join("<th>%s</th>" % esc(c) for c in cols) + "</tr>")
        out.append("</thead><tbody>")
        for label, cells in g["rows"]:
            cells = cells + [""] * (width - len(cells))
            out.append("<tr><th>%s</th>" % esc(label)
                       + "".join("<td>%s</td>" % esc(c) for c in cells) + "</tr>")
        out.append("</tbody>")
    out.append("</table>\n")
    return "\n".join(out)


def report_body(body, tables, fmt):
    render = table_html if fmt == "html" else table_markdown
    blocks = {k: "### " + HEADINGS[k] + "\n\n" + render(k, tables[k])
              for k in TABLES if k in tables}
    lines = body.split("\n")
    # index of each "## " heading, to put a table at the end of its section
    heads = [i for i, l in enumerate(lines) if l.startswith("## ")]
    inserts = {}
    placed = set()
    for k in blocks:
        for n, i in enumerate(heads):
            if lines[i][3:].lstrip().startswith(SECTION_OF[k]):
                end = heads[n + 1] if n + 1 < len(heads) else len(lines)
                inserts.setdefault(end, []).append(blocks[k])
                placed.add(k)
                break
    out = []
    for i, l in enumerate(lines + [""]):
        if i in inserts:
            out.append("")
            out.extend(inserts[i])
        if i < len(lines):
            out.append(l)
    rest = [blocks[k] for k in blocks if k not in placed]
    if rest:
        out.append("")
        out.extend(rest)
    return "\n".join(out)


def front(d):
    # JSON scalars are valid YAML
    return "---\n" + "".join("%s: %s\n" % (k, json.dumps(v, ensure_ascii=False))
                             for k, v in d.items()) + "---\n"


HUGO_TOML = """\
baseURL = "/"
languageCode = "zh-CN"
title = {title}
# The equivalent site: report pages, one list page per agency, a home page,
# a sitemap and a 404 page. No taxonomies, no RSS feeds.
disableKinds = ["taxonomy", "term", "rss"]
enableRobotsTXT = false
[markup.goldmark.renderer]
  unsafe = true
[outputs]
  home = ["html"]
  section = ["html"]
  page = ["html"]
"""

BASEOF = """\
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>合成演示数据 · synthetic data</footer>
</body>
</html>
"""

HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<ul class="agencies">
{{ range .Sections }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span>{{ .Params.province }} {{ .Params.prefecture }} {{ .Params.county }}</span> ({{ len .Pages }})</li>
{{ end }}
</ul>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<p>{{ .Params.province }} {{ .Params.prefecture }} {{ .Params.county }} · {{ .Params.level }} · {{ .Params.kind }}</p>
{{ .Content }}
<ul class="reports">
{{ range .Pages.ByParam "year" }}
<li><a href="{{ .RelPermalink }}">{{ .Params.year }}</a> {{ .Title }} ({{ .Date.Format "2006-01-02" }})</li>
{{ end }}
</ul>
{{ end }}
"""

SINGLE = """\
{{ define "main" }}
<p><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></p>
<h1>{{ .Title }}</h1>
<p>{{ .Params.year }} · 发布于 {{ .Date.Format "2006-01-02" }} · 模板 {{ .Params.template }}</p>
<p class="note">{{ .Params.transcription_note }}</p>
<article>
{{ .Content }}
</article>
{{ end }}
"""

NOT_FOUND = """\
{{ define "main" }}
<h1>404</h1>
{{ end }}
"""


def convert(src, dst, fmt="markdown"):
    if os.path.exists(dst):
        shutil.rmtree(dst)
    content = os.path.join(dst, "content")
    layouts = os.path.join(dst, "layouts")
    os.makedirs(content)
    os.makedirs(layouts)
    title = site_title(src)
    with open(os.path.join(dst, "hugo.toml"), "w", encoding="utf-8") as f:
        f.write(HUGO_TOML.format(title=json.dumps(title, ensure_ascii=False)))
    for name, text in (("baseof.html", BASEOF), ("home.html", HOME),
                       ("list.html", LIST), ("single.html", SINGLE),
                       ("404.html", NOT_FOUND)):
        with open(os.path.join(layouts, name), "w", encoding="utf-8") as f:
            f.write(text)
    with open(os.path.join(content, "_index.md"), "w", encoding="utf-8") as f:
        f.write(front({"title": title}))
        f.write("\n机关名单 · agencies\n")

    agencies_dir = os.path.join(src, "content", "agencies")
    reports_dir = os.path.join(src, "content", "reports")
    n_agencies = n_reports = 0
    for fn in sorted(os.listdir(agencies_dir)):
        if not fn.endswith((".yaml", ".yml")):
            continue
        slug = fn.rsplit(".", 1)[0]
        with open(os.path.join(agencies_dir, fn), encoding="utf-8") as f:
            agency = parse_agency(f.read())
        region = agency.get("region", {})
        os.makedirs(os.path.join(content, slug))
        with open(os.path.join(content, slug, "_index.md"), "w", encoding="utf-8") as f:
            f.write(front({
                "title": agency.get("name", slug),
                "province": region.get("province", ""),
                "prefecture": region.get("prefecture", ""),
                "county": region.get("county", ""),
                "level": agency.get("level", ""),
                "kind": agency.get("kind", ""),
            }))
        n_agencies += 1
        rdir = os.path.join(reports_dir, slug)
        if not os.path.isdir(rdir):
            continue
        for rfn in sorted(os.listdir(rdir)):
            if not rfn.endswith(".md"):
                continue
            with open(os.path.join(rdir, rfn), encoding="utf-8") as f:
                fm, body = split_front_matter(f.read())
            meta, tables = parse_report_front_matter(fm)
            year = meta.get("year", rfn[:-3])
            page = {
                "title": meta.get("title", "%s %s" % (slug, year)),
                "date": meta.get("published", "%s-12-31" % year),
                "year": int(year) if str(year).isdigit() else year,
                "template": meta.get("template", ""),
                "agency": meta.get("agency", slug),
                "transcription_note": meta.get("transcription_note", ""),
            }
            with open(os.path.join(content, slug, rfn), "w", encoding="utf-8") as f:
                f.write(front(page))
                f.write("\n")
                f.write(report_body(body, tables, fmt))
            n_reports += 1
    return n_agencies, n_reports


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    fmt = "markdown"
    for i, a in enumerate(argv):
        if a.startswith("--tables"):
            fmt = a.split("=", 1)[1] if "=" in a else argv[i + 1]
            if fmt in args:
                args.remove(fmt)
    if len(args) != 2 or fmt not in ("markdown", "html"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    a, r = convert(args[0], args[1], fmt)
    print("wrote a Hugo site of %d agencies and %d reports to %s" % (a, r, args[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
