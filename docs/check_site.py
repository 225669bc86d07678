"""Check the built documentation site in a real browser (headless Chromium) and on disk.

* every page loads in Chromium without a console message (errors, uncaught exceptions);
* every internal link and image of every page resolves to a file of the site;
* every published paper's page (one with `nbs/results/<paper>.json`) shows figures and a claims table;
* the results table of the index has the same rows as the one `ssl-repro readme` generates (`readme_results`).

Usage: python docs/check_site.py [--site _docs] [--chromium chromium]   (exit status 1 with a list of problems)
"""
from __future__ import annotations
import argparse, functools, http.server, json, re, shutil, subprocess, sys, threading
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, unquote

ROOT = Path(__file__).resolve().parent.parent

class Page(HTMLParser):
    "Links, images and table rows (cell texts) of one HTML page."
    def __init__(self):
        super().__init__(); self.links, self.images, self.tables, self._cell, self._row, self._in = [], [], [], None, None, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == 'a' and a.get('href'): self.links.append(a['href'])
        if tag in ('img', 'script') and a.get('src'): (self.images if tag == 'img' else self.links).append(a['src'])
        if tag == 'link' and a.get('href'): self.links.append(a['href'])
        if tag == 'table': self.tables.append([])
        if tag == 'tr' and self.tables: self._row = []
        if tag in ('td', 'th') and self._row is not None: self._cell = []
    def handle_endtag(self, tag):
        if tag in ('td', 'th') and self._cell is not None: self._row.append(' '.join(''.join(self._cell).split())); self._cell = None
        if tag == 'tr' and self._row is not None and self.tables: self.tables[-1].append(self._row); self._row = None
    def handle_data(self, data):
        if self._cell is not None: self._cell.append(data)

def parse(html: str) -> Page:
    p = Page(); p.feed(html); return p

def local_target(site: Path, page: Path, ref: str) -> Path | None:
    "The file an internal reference of `page` points to (None for external links, anchors and data URLs)."
    u = urlsplit(ref)
    if u.scheme or u.netloc or ref.startswith(('#', 'mailto:', 'data:', 'javascript:')): return None
    path = unquote(u.path)
    if not path: return None
    t = (site / path.lstrip('/')) if path.startswith('/') else (page.parent / path)
    return t / 'index.html' if t.is_dir() else t

def md_rows(table_md: str) -> list[list[str]]:
    "Rows (cell texts, markdown links reduced to their text, emphasis and code marks removed) of the first markdown table in `table_md`."
    rows = []
    for line in table_md.splitlines():
        if not line.startswith('|'):
            if rows: break
            continue
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if all(re.fullmatch(r':?-+:?', c) for c in cells): continue
        rows.append([' '.join(re.sub(r'[`*]', '', re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', c)).split()) for c in cells])
    return rows

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

def serve(site: Path):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd

def browser_dom(chromium: str, url: str) -> tuple[str, list[str]]:
    "The DOM of `url` after Chromium ran its scripts, and the console messages it logged."
    p = subprocess.run([chromium, '--headless', '--no-sandbox', '--disable-gpu', '--disable-extensions', '--no-first-run',
                        '--enable-logging=stderr', '--log-level=0', '--virtual-time-budget=3000', '--dump-dom', url],
                       capture_output=True, text=True, timeout=120)
    console = [l.split('] ', 1)[-1] for l in p.stderr.splitlines() if ':CONSOLE' in l]
    if p.returncode != 0: console.append(f"chromium exited with {p.returncode}: {p.stderr[-500:]}")
    return p.stdout, console

def check(site: Path, chromium: str, nbs: Path = ROOT / 'nbs') -> list[str]:
    sys.path.insert(0, str(ROOT))
    from ssl_repro.cli import readme_results
    problems, site = [], site.resolve()
    pages = sorted(p for p in site.rglob('*.html') if '_sources' not in p.parts and '_static' not in p.parts)
    if not pages: return [f"no pages under {site}"]
    httpd = serve(site)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        published = {p.stem for p in (nbs / 'results').glob('*.json')}
        doms = {}
        for page in pages:
            rel = page.relative_to(site).as_posix()
            dom, console = browser_dom(chromium, base + rel)
            if not dom.strip(): problems.append(f"{rel}: Chromium returned an empty page")
            problems += [f"{rel}: console: {m}" for m in console]
            doms[rel] = dom
            parsed = parse(page.read_text(errors='replace'))
            for ref in parsed.links + parsed.images:
                t = local_target(site, page, ref)
                if t is not None and not t.exists(): problems.append(f"{rel}: broken internal link {ref}")
        for rel, dom in doms.items():                       # the published papers' pages: figures and a claims table
            m = re.fullmatch(r'nbs/\d\d_(\w+)\.html', rel)
            if not m: continue
            nb_json = nbs / rel.replace('.html', '.ipynb').split('/', 1)[1]
            paper = next((json.loads(r.read_text()).get('paper') for r in (nbs / 'results').glob('*.json')
                          if json.loads(r.read_text()).get('notebook') == nb_json.name), None)
            if paper not in published: continue
            d = parse(dom)
            if not [i for i in d.images if not i.startswith('data:') or len(i) > 200]: problems.append(f"{rel}: no figure")
            if not any(t and t[0] and 'verdict' in t[0] for t in d.tables): problems.append(f"{rel}: no claims table (a table with a 'verdict' column)")
        want = md_rows(readme_results(nbs))
        index = parse(doms.get('index.html', ''))
        got = next((t for t in index.tables if t and t[0] == want[0]), None)
        if got is None: problems.append("index.html: no results table with the README's header")
        elif got != want:
            diff = [(w, g) for w, g in zip(want, got) if w != g][:3]
            problems.append(f"index.html: the results table differs from `ssl-repro readme`'s ({len(got)} vs {len(want)} rows; first differences: {diff})")
    finally: httpd.shutdown()
    return problems

if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--site', default=str(ROOT / '_docs'))
    ap.add_argument('--chromium', default=shutil.which('chromium') or shutil.which('chromium-browser') or 'chromium')
    a = ap.parse_args()
    problems = check(Path(a.site), a.chromium)
    for p in problems: print(p)
    n = len([p for p in Path(a.site).rglob('*.html') if '_sources' not in p.parts])
    print(f"check_site: {n} pages, {len(problems)} problem(s)")
    sys.exit(1 if problems else 0)
