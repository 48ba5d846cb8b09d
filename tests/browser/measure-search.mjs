#!/usr/bin/env node
// Bytes a first search fetches: serves a built site, opens its search page in headless
// Chromium with an empty cache, types each query and, once the results are shown, sums the
// bodies of every request the page made under search/ (the page's own HTML, CSS and script
// are left out), raw and gzipped (level 6, as static hosts serve them).
//
//   node tests/browser/measure-search.mjs --site DIR 信息处理费 依申请公开 行政复议 量子计算机
//
// Prints one line per query: requests, index shards, everything else under search/, total.

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const at = args.indexOf('--site');
if (at < 0 || !args[at + 1]) {
  console.error('usage: measure-search.mjs --site DIR QUERY...');
  process.exit(2);
}
const site = path.resolve(args[at + 1]);
const queries = args.filter((_, i) => i !== at && i !== at + 1);

const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  let file = path.join(site, p);
  if (!file.startsWith(site)) { res.writeHead(404); return res.end(); }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  const body = fs.readFileSync(file);
  res.writeHead(200, { 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-measure-'));
const ctx = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.GONGKAI_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
const kb = (n) => (n / 1024).toFixed(0) + ' KB';
try {
  for (const q of queries) {
    const page = await ctx.newPage();
    const bodies = [];
    page.on('response', async (resp) => {
      const u = new URL(resp.url());
      if (!u.pathname.startsWith('/search/') || u.pathname === '/search/') return;
      try {
        const body = await resp.body();
        bodies.push({ path: u.pathname, raw: body.length, gz: zlib.gzipSync(body, { level: 6 }).length });
      } catch { /* a response the page dropped */ }
    });
    await page.goto(origin + '/search/?q=' + encodeURIComponent(q), { waitUntil: 'load' });
    await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => {});
    await page.waitForTimeout(500);
    const sum = (f, k) => bodies.filter(f).reduce((s, b) => s + b[k], 0);
    const shard = (b) => b.path.startsWith('/search/index/');
    const other = (b) => !shard(b);
    const all = () => true;
    const shown = await page.locator('#search-results li').count();
    console.log(`${q}\t${bodies.length} requests\tshards ${kb(sum(shard, 'raw'))}\tother ${kb(sum(other, 'raw'))}` +
      `\ttotal ${kb(sum(all, 'raw'))} (gzip ${kb(sum(all, 'gz'))})\t${shown} shown`);
    await page.close();
  }
} finally {
  await ctx.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
