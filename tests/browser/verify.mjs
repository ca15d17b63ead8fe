// The verify page as an employer uses it, in a real browser: Debian's
// chromium driven by playwright-core against a server that
// tests/integration/test_verify_page_browser.sh started, with the files
// it made.  Each step saves a screenshot into the artefacts folder.
//
//   node verify.mjs URL ARTEFACTS_DIR FILES_DIR I18N_DIR
//
// FILES_DIR holds: cert.pdf (a certificate of c1.json), c1.json and its
// id in c1.id, c2.json (revoked), tampered.json, plain.pdf (a PDF without
// a credential) and, when the shell could make it, unbound.json (another
// school's correctly signed credential: "cannot tell").
//
// Prints "ok - STEP" per step and "N passed, N failed" at the end; exits
// non-zero at the first failure (after a screenshot named *-FAILED.png).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, artefacts, filesDir, i18nDir] = process.argv.slice(2);
if (!base || !artefacts || !filesDir || !i18nDir) {
  console.error('usage: verify.mjs URL ARTEFACTS FILES_DIR I18N_DIR');
  process.exit(2);
}
const file = (name) => join(filesDir, name);
const credentialId = readFileSync(file('c1.id'), 'utf8').trim();
const en = JSON.parse(readFileSync(join(i18nDir, 'en.json'), 'utf8'));
const uk = JSON.parse(readFileSync(join(i18nDir, 'uk.json'), 'utf8'));
mkdirSync(artefacts, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.MC_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // See docs STYLE: no sandbox (containers, root), no GPU, nothing fetched
  // in the background.
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--disable-default-apps', '--no-first-run'],
});

let passed = 0;
let shot = 0;
let page = null;

async function screenshot(name) {
  shot += 1;
  const path = join(artefacts, `${String(shot).padStart(2, '0')}-${name}.png`);
  if (page) await page.screenshot({ path, fullPage: true });
}

async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    await screenshot(name);
  } catch (err) {
    try { await screenshot(`${name}-FAILED`); } catch { /* page gone */ }
    console.error(`not ok - ${name}: ${err.stack || err}`);
    if (page) console.error(`  at ${page.url()}`);
    console.log(`${passed} passed, 1 failed`);
    await browser.close();
    process.exit(1);
  }
  passed += 1;
  console.log(`ok - ${name} (${Date.now() - t0} ms)`);
}

// A fresh browser context (its own cookies) reading in `lang`.
async function fresh(lang = 'en', viewport = { width: 1024, height: 800 }) {
  if (page) await page.context().close();
  const context = await browser.newContext({ baseURL: base, locale: lang, viewport });
  context.setDefaultTimeout(15000);
  page = await context.newPage();
  await page.goto(`/verify?lang=${lang}`);
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

// Fill the form with `fill` and send it; the verdict's name, or null when
// the form came back with an error.
async function submit(fill) {
  await fill();
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/verify'),
    page.click('form.verify button'),
  ]);
  await page.waitForLoadState('domcontentloaded');
  await page.waitForSelector('section.verdict, #verify-error');
  if (await page.locator('#verify-error').count()) return null;
  return page.getAttribute('section.verdict', 'data-verdict');
}

const text = async (sel) => (await page.textContent(sel)).replace(/\s+/g, ' ').trim();

await step('form', async () => {
  await fresh('en');
  assert.equal(await page.getAttribute('#file', 'accept'), '.json,.jsonld,.jwt,.pdf,.png,.svg');
  assert.ok(await page.isVisible('#credential'));
  assert.ok(await page.isVisible('#url'));
  assert.equal(await text('label[for="owner"]'), en['verify.owner']);
});

await step('pdf-certificate-valid', async () => {
  const verdict = await submit(async () => {
    await page.setInputFiles('#file', file('cert.pdf'));
    await page.fill('#owner', 'Olena Koval');
  });
  assert.equal(verdict, 'valid');
  assert.match(await text('section.verdict h2'), /valid/i);
  assert.doesNotMatch(await text('section.verdict h2'), /not valid/i);
  assert.match(await text('p.source'), /PDF certificate cert\.pdf/);
  assert.equal(await text('section.about .learner'), 'Olena Koval');
  // In English when the report carries it, else the credential's own.
  assert.match(await text('section.about .title'), /MAG welding|Механізоване зварювання/);
  assert.equal(await page.getAttribute('section.about .binding', 'data-binding'), 'catalogue');
  assert.equal(await page.getAttribute('section.about a.page', 'href'), credentialId);
  assert.equal(await page.locator('table.checks tr.failed').count(), 0);
  const owner = page.locator('table.checks tr', { hasText: en['check.owner'] });
  assert.equal(await owner.getAttribute('class'), 'passed');
});

await step('url-valid', async () => {
  await page.goto('/verify');
  const verdict = await submit(() => page.fill('#url', credentialId));
  assert.equal(verdict, 'valid');
  assert.match(await text('p.source'), new RegExp(credentialId.replace(/[.?/]/g, '\\$&')));
});

await step('revoked', async () => {
  await page.goto('/verify');
  const verdict = await submit(() => page.setInputFiles('#file', file('c2.json')));
  assert.equal(verdict, 'revoked');
  assert.equal(await text('section.verdict .name'), `— ${en['verdict.name.revoked']}`);
  const failed = await page.locator('table.checks tr.failed').allTextContents();
  assert.equal(failed.length, 1, `one failed check: ${failed}`);
  assert.match(failed[0], /revoked/i);
});

await step('tampered', async () => {
  await page.goto('/verify');
  const verdict = await submit(() => page.fill('#credential', readFileSync(file('tampered.json'), 'utf8')));
  assert.equal(verdict, 'forged');
  assert.equal(await text('section.verdict .name'), `— ${en['verdict.name.forged']}`);
  assert.match(await text('section.verdict ul.why'), new RegExp(en['check.proof']));
  assert.equal(await text('section.about .learner'), 'Mallory');
  assert.equal(await text('section.about p.note'), en['verify.about.caution']);
});

await step('pdf-without-credential', async () => {
  await page.goto('/verify');
  const verdict = await submit(() => page.setInputFiles('#file', file('plain.pdf')));
  assert.equal(verdict, null);
  const error = await text('#verify-error');
  assert.match(error, /^file: /);
  assert.match(error, /QR code/);
});

if (existsSync(file('unbound.json'))) {
  await step('cannot-tell', async () => {
    await page.goto('/verify');
    const verdict = await submit(() => page.setInputFiles('#file', file('unbound.json')));
    assert.equal(verdict, 'cannot-tell');
    const heading = await text('section.verdict h2');
    assert.doesNotMatch(heading, /not valid/i, 'an employer never reads NOT VALID for a cannot-tell');
    assert.match(heading, new RegExp(en['verdict.unknown'], 'i'));
    assert.ok(await page.locator('section.verdict .settle').count() > 0, 'what would settle it');
    assert.equal(await page.getAttribute('section.about .binding', 'data-binding'), 'none');
  });
} else {
  console.log('skipped: cannot-tell (no unbound.json: needs tests/interop/node_modules)');
}

// Every reason on the page is in Ukrainian: nothing marked English, no
// English reason text, each check labelled from uk.json.
async function allUkrainian() {
  assert.equal(await page.getAttribute('html', 'lang'), 'uk');
  assert.equal(await page.locator('.untranslated').count(), 0, 'a reason left in English');
  assert.equal(await page.locator('table.checks [lang="en"]').count(), 0);
  for (const label of await page.locator('table.checks tbody th').allTextContents()) {
    assert.ok(Object.entries(uk).some(([k, v]) => k.startsWith('check.') && v === label.trim()),
      `check '${label}' is labelled from uk.json`);
  }
  const reasons = await page.locator('table.checks tbody td:last-child').allTextContents();
  for (const r of reasons) {
    assert.match(r, /[а-яіїєґ]/i, `reason '${r}' is Ukrainian`);
  }
}

await step('ukrainian-pdf', async () => {
  await fresh('uk');
  const verdict = await submit(() => page.setInputFiles('#file', file('cert.pdf')));
  assert.equal(verdict, 'valid');
  assert.match(await text('section.verdict h2'), new RegExp(uk['verdict.valid'], 'i'));
  assert.match(await text('section.about .title'), /Механізоване зварювання/);
  assert.match(await text('section.about time'), /^\d{1,2} (січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня) \d{4}$/);
  await allUkrainian();
});

await step('ukrainian-revoked', async () => {
  await page.goto('/verify');
  const verdict = await submit(() => page.setInputFiles('#file', file('c2.json')));
  assert.equal(verdict, 'revoked');
  assert.equal(await text('section.verdict .name'), `— ${uk['verdict.name.revoked']}`);
  await allUkrainian();
});

await step('ukrainian-tampered', async () => {
  await page.goto('/verify');
  const verdict = await submit(() => page.setInputFiles('#file', file('tampered.json')));
  assert.equal(verdict, 'forged');
  assert.equal(await text('section.verdict .name'), `— ${uk['verdict.name.forged']}`);
  await allUkrainian();
});

await step('phone-tampered', async () => {
  await fresh('en', { width: 390, height: 844 });
  const verdict = await submit(() => page.setInputFiles('#file', file('tampered.json')));
  assert.equal(verdict, 'forged');
  // Long DIDs and URLs wrap: nothing runs off a phone's screen.
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page is ${width}px wide on a 390px phone`);
});

await browser.close();
console.log(`${passed} passed, 0 failed`);
