// Lighthouse's accessibility category on each URL given on stdin, in one headless Chromium:
// {"urls": [...], "cookie": "name=value", "chrome": "/usr/bin/chromium"} -> [{url, score, failed: [...]}]
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const {urls, cookie, chrome} = JSON.parse(input);
const browser = await chromeLauncher.launch({
  chromePath: chrome,
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const results = [];
try {
  for (const url of urls) {
    const run = await lighthouse(url, {
      port: browser.port, onlyCategories: ['accessibility'], output: 'json', logLevel: 'error',
      extraHeaders: cookie ? {Cookie: cookie} : undefined, formFactor: 'mobile',
    });
    const lhr = run.lhr;
    const failed = Object.values(lhr.audits)
      .filter(a => a.scoreDisplayMode === 'binary' && a.score === 0)
      .map(a => ({id: a.id, title: a.title,
                  items: (a.details?.items || []).slice(0, 3).map(i => i.node?.snippet || i.node?.selector || '')}));
    results.push({url, finalUrl: lhr.finalDisplayedUrl, score: Math.round(lhr.categories.accessibility.score * 100),
                  failed});
  }
} finally {
  await browser.kill();
}
process.stdout.write(JSON.stringify(results));
