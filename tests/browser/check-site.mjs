#!/usr/bin/env node
// Browser quality harness for gongkai's generated site.
//
// Page mode:
//   node check-site.mjs --site DIR --pages pages.json --screenshots OUTDIR [--base-path /sub/]
// Search mode:
//   node check-site.mjs --site DIR --search queries.json [--search-page /search/] [--base-path /sub/]
//
// The script serves DIR itself on 127.0.0.1 (ephemeral port) under the base
// path, drives Debian's /usr/bin/chromium through playwright-core, prints one
// line per check and ends with the line "N passed, M failed". Exit status is 0
// only when nothing failed. See README.md beside this file.

import http from 'node:http';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const CHROMIUM = process.env.GONGKAI_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const DESKTOP = { name: 'desktop', width: 1280, height: 800, isMobile: false };
const PHONE = { name: 'phone', width: 390, height: 844, isMobile: true };
const NAV_TIMEOUT_MS = 30_000;
const SEARCH_WAIT_MS = 5_000;
const SEARCH_NONE_WAIT_MS = 2_000;
const CJK = /[\u4e00-\u9fff]/;

// ---------------------------------------------------------------- arguments

const USAGE = `usage:
  node check-site.mjs --site DIR --pages pages.json --screenshots OUTDIR [--base-path /sub/]
  node check-site.mjs --site DIR --search queries.json [--search-page /search/] [--base-path /sub/]
options:
  --allow-external   do not fail on requests to hosts other than the local server
  --serve            only serve DIR and print the URL (for looking at it by hand)`;

function parseArgs(argv) {
  const opts = { basePath: '/', searchPage: '/search/', allowExternal: false, serve: false };
  const takes = {
    '--site': 'site', '--pages': 'pages', '--screenshots': 'screenshots',
    '--base-path': 'basePath', '--search': 'search', '--search-page': 'searchPage',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(0, eq) : a;
    if (key in takes) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) die(`missing value for ${key}`);
      opts[takes[key]] = v;
    } else if (a === '--allow-external') {
      opts.allowExternal = true;
    } else if (a === '--serve') {
      opts.serve = true;
    } else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else {
      die(`unknown argument: ${a}`);
    }
  }
  if (!opts.site) die('--site is required');
  if (!opts.serve) {
    if (!opts.pages && !opts.search) die('one of --pages or --search is required');
    if (opts.pages && opts.search) die('--pages and --search cannot be combined');
    if (opts.pages && !opts.screenshots) die('--screenshots is required with --pages');
  }
  opts.basePath = normalizeBase(opts.basePath);
  opts.site = path.resolve(opts.site);
  if (!fs.existsSync(opts.site) || !fs.statSync(opts.site).isDirectory()) {
    die(`--site ${opts.site} is not a directory`);
  }
  return opts;
}

function die(msg) {
  console.error(`check-site: ${msg}\n${USAGE}`);
  process.exit(2);
}

function normalizeBase(b) {
  let s = String(b || '/');
  if (!s.startsWith('/')) s = '/' + s;
  if (!s.endsWith('/')) s += '/';
  return s;
}

// Join the base path and a site path ("/agencies/x/" or "agencies/x/").
function siteUrl(origin, basePath, p) {
  return origin + basePath + String(p).replace(/^\/+/, '');
}

// ------------------------------------------------------------ static server

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.xsl': 'application/xslt+xml; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.parquet': 'application/vnd.apache.parquet',
};

function contentType(file) {
  return TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function startServer(root, basePath) {
  const rootReal = fs.realpathSync(root);
  const server = http.createServer(async (req, res) => {
    try {
      await handle(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`500 ${err && err.message}`);
    }
  });

  async function send(res, req, status, file, extraHeaders = {}) {
    const body = await fsp.readFile(file);
    res.writeHead(status, {
      'content-type': contentType(file),
      'content-length': body.length,
      'cache-control': 'no-store',
      ...extraHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function notFound(req, res) {
    const page = path.join(rootReal, '404.html');
    if (fs.existsSync(page)) return send(res, req, 404, page);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('404 not found');
  }

  async function handle(req, res) {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      return res.end();
    }
    const url = new URL(req.url, 'http://127.0.0.1');
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400);
      return res.end('bad path');
    }
    if (pathname.includes('\0')) {
      res.writeHead(400);
      return res.end('bad path');
    }
    // "/sub" without the slash goes to "/sub/".
    if (basePath !== '/' && pathname === basePath.slice(0, -1)) {
      res.writeHead(301, { location: basePath + url.search });
      return res.end();
    }
    if (!pathname.startsWith(basePath)) return notFound(req, res);
    const rel = pathname.slice(basePath.length);
    let file = path.resolve(rootReal, '.' + path.posix.sep + rel);
    if (file !== rootReal && !file.startsWith(rootReal + path.sep)) return notFound(req, res);
    let st;
    try {
      st = await fsp.stat(file);
    } catch {
      return notFound(req, res);
    }
    if (st.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: url.pathname + '/' + url.search });
        return res.end();
      }
      file = path.join(file, 'index.html');
      try {
        st = await fsp.stat(file);
      } catch {
        return notFound(req, res);
      }
    }
    if (!st.isFile()) return notFound(req, res);
    // Do not follow symlinks out of the site folder.
    const real = await fsp.realpath(file);
    if (!real.startsWith(rootReal + path.sep)) return notFound(req, res);
    return send(res, req, 200, real);
  }

  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

// ------------------------------------------------------------------ results

let passed = 0;
let failed = 0;

function pass(label, detail = '') {
  passed++;
  console.log(`ok   ${label}${detail ? ': ' + detail : ''}`);
}

function fail(label, detail = '') {
  failed++;
  console.log(`FAIL ${label}${detail ? ': ' + detail : ''}`);
}

function check(label, problems, okDetail = '') {
  if (problems.length === 0) pass(label, okDetail);
  else fail(label, problems.join('; '));
}

function clip(s, n = 300) {
  s = String(s).replace(/\s+/g, ' ').trim();
  return s.length > n ? s.slice(0, n) + '…' : s;
}

// ------------------------------------------------------------------ browser

async function launchBrowser() {
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch {
    console.error(`check-site: playwright-core is not installed; run: npm ci --prefix ${HERE}`);
    process.exit(2);
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`check-site: ${CHROMIUM} not found; run: apt-get install -y chromium`);
    process.exit(2);
  }
  // A fresh, empty profile for every run, removed at the end (also when the
  // run is interrupted).
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
  const removeProfile = () => fs.rmSync(userDataDir, { recursive: true, force: true });
  process.once('exit', removeProfile);
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
  const contexts = {};
  const browsers = [];
  // launchPersistentContext is the way Playwright accepts an explicit
  // --user-data-dir; one persistent context per viewport kind, because
  // isMobile can only be chosen when a context is made.
  for (const vp of [DESKTOP, PHONE]) {
    const dir = path.join(userDataDir, vp.name);
    fs.mkdirSync(dir);
    const ctx = await chromium.launchPersistentContext(dir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
      viewport: { width: vp.width, height: vp.height },
      screen: { width: vp.width, height: vp.height },
      isMobile: vp.isMobile,
      hasTouch: vp.isMobile,
      deviceScaleFactor: 1,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      reducedMotion: 'reduce',
      serviceWorkers: 'block',
    });
    ctx.setDefaultNavigationTimeout(NAV_TIMEOUT_MS);
    ctx.setDefaultTimeout(NAV_TIMEOUT_MS);
    // The persistent context opens one blank page; close it.
    for (const p of ctx.pages()) await p.close();
    contexts[vp.name] = ctx;
    browsers.push(ctx);
  }
  return {
    contexts,
    async close() {
      for (const ctx of browsers) await ctx.close().catch(() => {});
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// Open a page that records console errors, page errors, failed same-origin
// requests and any request that leaves the local server.
async function openWatchedPage(ctx, origin, allowExternal) {
  const page = await ctx.newPage();
  const problems = [];
  await page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(origin + '/') || allowExternal || !/^(https?|wss?):/.test(u)) {
      return route.continue();
    }
    problems.push(`external request ${clip(u, 120)}`);
    return route.abort('blockedbyclient');
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url.replace(origin, '')}:${loc.lineNumber})` : '';
      problems.push(`console error: ${clip(msg.text(), 200)}${where}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${clip(err.message || err, 200)}`));
  page.on('request', (req) => {
    // A page without <link rel="icon"> makes the browser ask for /favicon.ico.
    if (new URL(req.url()).pathname.endsWith('/favicon.ico')) {
      problems.push(`requested ${clip(req.url().replace(origin, ''), 120)}: the page names no icon`);
    }
  });
  page.on('response', (resp) => {
    const u = resp.url();
    if (u.startsWith(origin + '/') && resp.status() >= 400) {
      problems.push(`HTTP ${resp.status()} ${decodeURI(u.slice(origin.length))}`);
    }
  });
  page.on('requestfailed', (req) => {
    const u = req.url();
    const why = (req.failure() && req.failure().errorText) || 'failed';
    // Aborted external requests are already reported above.
    if (why.includes('BLOCKED_BY_CLIENT') && !u.startsWith(origin + '/')) return;
    problems.push(`request failed ${clip(u.replace(origin, ''), 120)} (${why})`);
  });
  return { page, problems };
}

async function runAxe(page) {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate() runs through the DevTools protocol, so a page's CSP cannot block it.
  await page.evaluate(source);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        summary: n.failureSummary,
      })),
    }));
  });
}

// Elements whose right edge passes the viewport, outermost first, skipping
// anything inside a scrolling or clipping container (those do not widen the page).
async function overflowReport(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out = [];
    const clipped = (el) => {
      for (let p = el.parentElement; p && p !== document.body && p !== document.documentElement; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible') return true;
      }
      return false;
    };
    const name = (el) => {
      let s = el.tagName.toLowerCase();
      if (el.id) s += '#' + el.id;
      if (el.classList.length) s += '.' + [...el.classList].slice(0, 3).join('.');
      return s;
    };
    for (const el of document.body ? document.body.querySelectorAll('*') : []) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > vw + 1 && !clipped(el)) {
        // Report only the outermost offender of a chain.
        let p = el.parentElement;
        let parentOffends = false;
        while (p && p !== document.body) {
          if (p.getBoundingClientRect().right > vw + 1) { parentOffends = true; break; }
          p = p.parentElement;
        }
        if (!parentOffends) out.push(`${name(el)} right=${Math.round(r.right)}`);
        if (out.length >= 5) break;
      }
    }
    return out;
  });
}

// Each rendered element matching the selector, its content width (without padding) against
// its font size times the number of characters (or its text's length, when shorter).
async function labelWidths(page, selector, chars) {
  return page.evaluate(([sel, n]) => {
    const out = { count: 0, narrow: [], narrowest: { text: '', chars: Infinity } };
    for (const el of document.querySelectorAll(sel)) {
      const text = (el.textContent || '').trim();
      const r = el.getBoundingClientRect();
      if (!text || r.width === 0) continue;
      out.count++;
      const cs = getComputedStyle(el);
      const font = parseFloat(cs.fontSize);
      const width = r.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight)
        - parseFloat(cs.borderLeftWidth) - parseFloat(cs.borderRightWidth);
      const need = Math.min(n, [...text].length);
      const fits = width / font;
      if (fits < out.narrowest.chars) out.narrowest = { text, chars: Math.round(fits * 10) / 10 };
      if (width + 0.5 < need * font) out.narrow.push({ text, width: Math.round(width), need, font: Math.round(font * 10) / 10 });
    }
    return out;
  }, [selector, chars]);
}

// The accessibility tree under the elements matching the selector, as Chromium exposes it to
// assistive technology: one "role name" line per node, text runs left out (they follow the
// line breaks).
async function axTree(page, selector) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector });
    const starts = new Set();
    for (const nodeId of nodeIds) {
      const { node } = await cdp.send('DOM.describeNode', { nodeId });
      starts.add(node.backendNodeId);
    }
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((n) => [n.nodeId, n]));
    const out = [];
    const walk = (n) => {
      const role = n.role ? n.role.value : '';
      if (!n.ignored && role !== 'StaticText' && role !== 'InlineTextBox') {
        out.push(`${role} ${clip((n.name && n.name.value) || '', 80)}`);
      }
      for (const c of n.childIds || []) if (byId.has(c)) walk(byId.get(c));
    };
    for (const n of nodes) if (starts.has(n.backendDOMNodeId)) walk(n);
    return out;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

// --------------------------------------------------------------- page mode

async function runPages(opts, origin, browser) {
  let pages;
  try {
    pages = JSON.parse(fs.readFileSync(opts.pages, 'utf8'));
  } catch (err) {
    die(`cannot read ${opts.pages}: ${err.message}`);
  }
  if (!Array.isArray(pages)) die(`${opts.pages} must hold a JSON array`);
  fs.mkdirSync(opts.screenshots, { recursive: true });

  for (const [i, spec] of pages.entries()) {
    if (!spec || typeof spec.path !== 'string') {
      fail(`pages[${i}]`, 'entry has no "path"');
      continue;
    }
    const name = spec.name || spec.path.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'index';
    const url = siteUrl(origin, opts.basePath, spec.path);
    // Extra widths (e.g. a tablet's 800 px) open in the desktop context, resized.
    const extra = [].concat(spec.widths || []).map((w) => ({ name: `${w}px`, width: Number(w), height: 1000, isMobile: false, extra: true }));
    let desktopAx = null;
    for (const vp of [DESKTOP, PHONE, ...extra]) {
      const label = `${name} ${vp.name}`;
      const { page, problems } = await openWatchedPage(browser.contexts[vp.extra ? DESKTOP.name : vp.name], origin, opts.allowExternal);
      try {
        let resp;
        try {
          if (vp.extra) await page.setViewportSize({ width: vp.width, height: vp.height });
          resp = await page.goto(url, { waitUntil: 'load' });
          await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
        } catch (err) {
          fail(`${label} load`, `${spec.path}: ${clip(err.message, 200)}`);
          continue;
        }
        if (!resp || resp.status() !== 200) {
          problems.unshift(`page ${spec.path} answered HTTP ${resp ? resp.status() : 'nothing'}`);
        }

        // (a) console errors, page errors, failed requests
        check(`${label} errors`, [...new Set(problems)], 'no console errors, page errors or failed requests');

        // (b) no horizontal page overflow on the phone (and at the extra widths)
        if (vp !== DESKTOP) {
          const m = await page.evaluate(() => ({
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
            innerWidth: window.innerWidth,
          }));
          const issues = [];
          if (m.clientWidth !== vp.width) {
            issues.push(`layout viewport is ${m.clientWidth}px, not ${vp.width}px (missing <meta name="viewport" content="width=device-width, initial-scale=1">?)`);
          }
          const limit = Math.min(m.innerWidth, m.clientWidth);
          if (m.scrollWidth > limit) {
            const who = await overflowReport(page);
            issues.push(`document scrollWidth ${m.scrollWidth} > ${limit}` + (who.length ? ` (widest: ${who.join(', ')})` : ''));
          }
          check(`${label} overflow`, issues, `scrollWidth ${m.scrollWidth} <= ${limit}`);
        }

        // (c) axe-core: no serious or critical violations
        try {
          const violations = await runAxe(page);
          const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
          const minor = violations.length - bad.length;
          check(
            `${label} axe`,
            bad.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target).join(' | ')}` +
              (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : '')),
            `no serious/critical violations${minor ? ` (${minor} minor/moderate: ${violations.filter((v) => !bad.includes(v)).map((v) => v.id).join(', ')})` : ''}`,
          );
        } catch (err) {
          fail(`${label} axe`, `axe did not run: ${clip(err.message, 200)}`);
        }

        // (d) labels wide enough to read: at every width (or those named in "at")
        for (const [k, rule] of [].concat(spec.minChars || []).entries()) {
          if (rule.at && !rule.at.includes(vp.name)) continue;
          const r = await labelWidths(page, rule.selector, rule.chars || 4);
          const issues = r.narrow.map((n) => `"${clip(n.text, 30)}" ${n.width}px < ${n.need} characters of ${n.font}px`);
          if (r.count === 0) issues.push(`no element matches ${rule.selector}`);
          check(`${label} labels ${k + 1}`, issues.slice(0, 8).concat(issues.length > 8 ? [`and ${issues.length - 8} more`] : []),
            `${r.count} labels, each at least ${rule.chars || 4} characters wide (narrowest "${clip(r.narrowest.text, 20)}": ${r.narrowest.chars} characters)`);
        }

        // (e) the same accessibility tree at every width (tables stay tables)
        if (spec.sameAxTree) {
          const tree = await axTree(page, spec.sameAxTree);
          if (vp === DESKTOP) desktopAx = tree;
          else if (desktopAx) {
            const issues = [];
            if (tree.length !== desktopAx.length) issues.push(`${tree.length} accessible nodes, ${desktopAx.length} at desktop width`);
            const i = tree.findIndex((x, j) => x !== desktopAx[j]);
            if (i >= 0) issues.push(`node ${i} is ${clip(tree[i], 60)}, at desktop width ${clip(desktopAx[i], 60)}`);
            const roles = {};
            for (const x of tree) { const role = x.split(' ')[0]; roles[role] = (roles[role] || 0) + 1; }
            check(`${label} accessibility tree`, issues, `as at desktop width: ${Object.entries(roles).map(([r, n]) => `${n} ${r}`).join(', ')}`);
          }
        }

        // (f) optional assertions, checked once (desktop)
        if (vp === DESKTOP) {
          if (spec.expectSvgText) {
            const texts = await page.$$eval('svg text', (els) => els.map((e) => e.textContent || ''));
            const hit = texts.find((t) => CJK.test(t));
            check(`${name} svg text`, hit ? [] : [`no <svg> <text> with Chinese characters (${texts.length} svg text elements)`], hit ? `found "${clip(hit, 40)}"` : '');
          }
          for (const sel of [].concat(spec.expectSelector || [])) {
            const n = await page.locator(sel).count();
            check(`${name} selector ${sel}`, n > 0 ? [] : ['no element matches'], `${n} match(es)`);
          }
          for (const text of [].concat(spec.expectText || [])) {
            const body = await page.evaluate(() => document.body ? document.body.innerText : '');
            check(`${name} text "${clip(text, 40)}"`, body.includes(text) ? [] : ['not found in the page text'], 'found');
          }
        }

        if (spec.screenshot) {
          const file = path.join(opts.screenshots, `${name}-${vp.name}.png`);
          await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
          console.log(`     screenshot ${file}`);
        }
      } finally {
        await page.close();
      }
    }
  }
}

// ------------------------------------------------------------- search mode

async function runSearch(opts, origin, browser) {
  let queries;
  try {
    queries = JSON.parse(fs.readFileSync(opts.search, 'utf8'));
  } catch (err) {
    die(`cannot read ${opts.search}: ${err.message}`);
  }
  if (!Array.isArray(queries)) die(`${opts.search} must hold a JSON array`);
  const url = siteUrl(origin, opts.basePath, opts.searchPage);

  for (const [i, q] of queries.entries()) {
    const label = `search "${q && q.query}"`;
    const expects = ['expectHref', 'expectNone', 'expectFirst', 'expectAll', 'expectMark', 'expectRanked'];
    if (!q || typeof q.query !== 'string' || !expects.some((k) => q[k])) {
      fail(`queries[${i}]`, `entry needs "query" and one of ${expects.map((k) => `"${k}"`).join(', ')}`);
      continue;
    }
    const { page, problems } = await openWatchedPage(browser.contexts.desktop, origin, opts.allowExternal);
    try {
      try {
        const resp = await page.goto(url + (q.params ? '?' + q.params : ''), { waitUntil: 'load' });
        if (!resp || resp.status() !== 200) problems.push(`search page answered HTTP ${resp ? resp.status() : 'nothing'}`);
        // Let the page fetch its index before typing, as a person would wait.
        await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
      } catch (err) {
        fail(label, `cannot load ${opts.searchPage}: ${clip(err.message, 200)}`);
        continue;
      }
      const input = page.locator('input[type=search]').first();
      if ((await input.count()) === 0) {
        fail(label, [`no input[type=search] on ${opts.searchPage}`, ...new Set(problems)].join('; '));
        continue;
      }
      // Filters are chosen with the keyboard: focus the <select>, then type the option's
      // text, as a reader does (Chromium selects the option whose label starts with it).
      for (const [sel, value] of Object.entries(q.select || {})) {
        await page.locator(sel).focus();
        await page.keyboard.type(value, { delay: 20 });
        await page.keyboard.press('Tab');
      }
      await input.click();
      // Characters a keyboard has no key for (Chinese, as from an IME) arrive
      // as text input without keydown/keyup; a real browser still sends a
      // keyup when the IME commits, so end with one harmless key press.
      await input.pressSequentially(q.query, { delay: 20 });
      await input.press('End');

      const readLinks = () => page.evaluate(() => {
        const box = document.getElementById('search-results');
        if (!box) return null;
        return [...box.querySelectorAll('a[href]')].map((a) => ({
          attr: a.getAttribute('href'),
          path: new URL(a.href, location.href).pathname,
        }));
      });
      const matches = (l) => [l.attr, l.path, decodeURI(l.path)].some((h) => h && h.endsWith(q.expectHref));

      if (q.expectNone) {
        await page.waitForTimeout(SEARCH_NONE_WAIT_MS);
        const links = await readLinks();
        const issues = [...new Set(problems)];
        if (links === null) issues.push('no element #search-results');
        else if (links.length) issues.push(`${links.length} result link(s), first ${links.slice(0, 3).map((l) => l.attr).join(', ')}`);
        check(label, issues, 'no results, no errors');
      } else {
        const deadline = Date.now() + SEARCH_WAIT_MS;
        let links = null;
        let hit = null;
        while (Date.now() < deadline) {
          links = await readLinks();
          hit = links && (q.expectHref ? links.find(matches) : links.length > 0 ? links[0] : null);
          if (hit) break;
          await page.waitForTimeout(100);
        }
        // Let the rest of the first page of results arrive.
        await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {});
        links = (await readLinks()) || links;
        const items = await page.evaluate(() => [...document.querySelectorAll('#search-results li')].map((li) => ({
          href: li.querySelector('a') ? li.querySelector('a').getAttribute('href') : '',
          score: (li.getAttribute('data-score') || '').split(' ').map(Number),
          snippet: li.querySelector('.search-snippet') ? li.querySelector('.search-snippet').innerHTML : '',
        })));
        const issues = [...new Set(problems)];
        if (links === null) issues.push('no element #search-results');
        else if (!hit) {
          issues.push(`no result link${q.expectHref ? ' ending in ' + q.expectHref : ''} within ${SEARCH_WAIT_MS / 1000} s` +
            (links.length ? ` (got ${links.slice(0, 5).map((l) => l.attr).join(', ')}${links.length > 5 ? ', …' : ''})` : ' (no result links)'));
        }
        const hrefs = items.map((it) => it.href);
        // expectFirst: {"contains": "/reports/x/", "count": 7}: the first `count` results link there.
        if (q.expectFirst) {
          const n = q.expectFirst.count || 1;
          const first = hrefs.slice(0, n);
          if (first.length < n || !first.every((h) => h.includes(q.expectFirst.contains))) {
            issues.push(`the first ${n} results do not all contain ${q.expectFirst.contains}: ${first.join(', ')}`);
          }
        }
        // expectAll: every shown result links to a page whose address contains it.
        if (q.expectAll) {
          const off = hrefs.filter((h) => !h.includes(q.expectAll));
          if (!hrefs.length || off.length) issues.push(`results not containing ${q.expectAll}: ${off.slice(0, 5).join(', ') || '(no results)'}`);
        }
        // expectMark: every snippet marks the string, escaped, inside <mark>.
        if (q.expectMark) {
          const want = `<mark>${q.expectMark}</mark>`;
          const bad = items.filter((it) => !it.snippet.includes(want));
          if (!items.length || bad.length) issues.push(`${bad.length} of ${items.length} snippets lack ${want}${bad.length ? ': ' + clip(bad[0].snippet, 200) : ''}`);
        }
        // expectRanked: the scores (data-score) never rise down the list, and with equal
        // scores newer years come first.
        if (q.expectRanked) {
          const year = (h) => Number((h.match(/\/(\d{4})\/$/) || [0, 0])[1]);
          for (let k = 1; k < items.length; k++) {
            const a = items[k - 1], b = items[k];
            const c = a.score.map((x, j) => x - b.score[j]).find((d) => d !== 0) || 0;
            if (c < 0 || (c === 0 && year(a.href) < year(b.href))) {
              issues.push(`result ${k + 1} (${b.href}, score ${b.score.join(' ')}) ranks above its place after ${a.href} (score ${a.score.join(' ')})`);
              break;
            }
          }
        }
        check(label + (q.params ? ` ?${q.params}` : '') + (q.select ? ` select ${JSON.stringify(q.select)}` : ''), issues,
          hit ? `${items.length} result(s), first ${hrefs.slice(0, 3).join(', ')}` : '');
      }
    } finally {
      await page.close();
    }
  }
}

// --------------------------------------------------------------------- main

async function main() {
  // A reader that stops early (| head) must not crash the run mid-way.
  process.stdout.on('error', (err) => { if (err.code !== 'EPIPE') throw err; });
  const opts = parseArgs(process.argv.slice(2));
  const { server, origin } = await startServer(opts.site, opts.basePath);
  if (opts.serve) {
    console.log(`serving ${opts.site} at ${origin}${opts.basePath} (Ctrl-C to stop)`);
    return;
  }
  console.log(`serving ${opts.site} at ${origin}${opts.basePath}`);
  const browser = await launchBrowser();
  try {
    if (opts.pages) await runPages(opts, origin, browser);
    else await runSearch(opts, origin, browser);
  } catch (err) {
    fail('harness', clip(err.stack || err.message, 1000));
  } finally {
    await browser.close();
    server.close();
    server.closeAllConnections?.();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((err) => {
  console.error(err);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
