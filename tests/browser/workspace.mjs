// The workspace in a real browser: Debian's chromium driven by
// playwright-core (no browser is downloaded), against a server that
// tests/integration/test_browser.sh started on a demo database with the
// users below.  Each step saves a screenshot into the artefacts folder.
//
//   node workspace.mjs URL ARTEFACTS_DIR PASSWORD_FILE DEMO_DIR I18N_DIR
//
// Users (made by the shell script with the CLI):
//   designer@browser.test  designer of ua-dniprorudne-lyceum
//   reviewer@browser.test  reviewer of ua-nqa (the QA body named below)
//   issuer@browser.test    issuer of ua-dniprorudne-lyceum
//
// Prints "ok - STEP" per step and "N passed, N failed" at the end; exits
// non-zero at the first failure (after a screenshot named *-FAILED.png).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [base, artefacts, passwordFile, demoDir, i18nDir] = process.argv.slice(2);
if (!base || !artefacts || !passwordFile || !demoDir || !i18nDir) {
  console.error('usage: workspace.mjs URL ARTEFACTS PASSWORD_FILE DEMO_DIR I18N_DIR');
  process.exit(2);
}
const password = readFileSync(passwordFile, 'utf8').trim();
const provider = 'ua-dniprorudne-lyceum';
const qaBody = 'ua-nqa';
const mcId = `browser-test-${Date.now().toString(36)}`;
const mcTitle = 'Installing solar water heaters on flat roofs';
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
  const file = join(artefacts, `${String(shot).padStart(2, '0')}-${name}.png`);
  if (page) await page.screenshot({ path: file, fullPage: true });
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

// A fresh browser context (its own cookies) signed in as `email`.
async function signIn(email) {
  if (page) await page.context().close();
  const context = await browser.newContext({ baseURL: base });
  context.setDefaultTimeout(15000);
  page = await context.newPage();
  await page.goto('/login');
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL('**/workspace'), page.click('#login-submit')]);
  assert.match(await page.textContent('#whoami'), new RegExp(email.replace('.', '\\.')));
}

async function status(p) {
  return p.getAttribute('#mc-status', 'data-status');
}

await step('login-wrong-password', async () => {
  const context = await browser.newContext({ baseURL: base });
  page = await context.newPage();
  await page.goto('/workspace');
  // Not signed in: sent to the sign-in page, which keeps where to go.
  assert.match(page.url(), /\/login\?next=/);
  await page.fill('#email', 'designer@browser.test');
  await page.fill('#password', 'not the password');
  const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/login')),
    page.click('#login-submit')]);
  assert.equal(resp.status(), 403);
  assert.ok(await page.isVisible('#login-error'));
  // The email typed is kept; the password is not.
  assert.equal(await page.inputValue('#email'), 'designer@browser.test');
  assert.equal(await page.inputValue('#password'), '');
});

await step('designer-signed-in', async () => {
  await signIn('designer@browser.test');
  assert.ok(await page.isVisible(`#my-orgs tr[data-org="${provider}"]`));
});

await step('designer-new-mc-invalid', async () => {
  await page.click('#link-new-mc');
  await page.waitForURL('**/workspace/mc/new');
  await page.fill('#id', mcId);
  await page.selectOption('#provider', provider);
  await page.fill('#text_lang', 'en');
  await page.fill('#title', mcTitle);
  await page.fill('#description', 'Hands-on course for installers of solar thermal collectors.');
  await page.fill('#outcomes_knowledge', 'The learner can explain how a thermosiphon solar water heater works.');
  await page.fill('#outcomes_skills', 'The learner can mount a collector on a flat roof frame.\nThe learner can pressure-test the circuit.');
  await page.fill('#outcomes_responsibility', 'The learner works safely at height as part of a crew.');
  // No EQF level: the form comes back with the problem beside the field.
  await page.fill('#ects', '2');
  await page.fill('#hours', '50');
  await page.selectOption('#assessment', 'practical_demonstration');
  await page.selectOption('#mode', 'onsite');
  await page.selectOption('#qa_type', 'external');
  await page.selectOption('#qa_body', qaBody);
  await page.fill('#languages', 'uk, en');
  await page.fill('#sector', '0713');
  await page.check('input[name="target_groups"][value="adults"]');
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.click('#mc-save')]);
  assert.equal(resp.status(), 422);
  assert.ok(await page.isVisible('#err-eqf_level'), 'problem shown beside the EQF level');
  assert.ok(await page.isVisible('#form-errors'));
  // Everything typed is kept.
  assert.equal(await page.inputValue('#title'), mcTitle);
  assert.equal(await page.inputValue('#hours'), '50');
  assert.match(await page.inputValue('#outcomes_skills'), /pressure-test/);
  assert.ok(await page.isChecked('input[name="target_groups"][value="adults"]'));
});

await step('designer-created-mc', async () => {
  await page.selectOption('#eqf_level', '4');
  await Promise.all([page.waitForURL(`**/workspace/mc/${mcId}`), page.click('#mc-save')]);
  assert.equal(await status(page), 'draft');
  assert.equal(await page.textContent('#mc-title'), mcTitle);
  // A designer may submit, not approve.
  assert.ok(await page.isVisible('#action-submit'));
  assert.equal(await page.locator('#action-approve').count(), 0);
});

await step('designer-submitted', async () => {
  await page.fill('#note', 'Ready for review.');
  await Promise.all([page.waitForURL(`**/workspace/mc/${mcId}`), page.click('#action-submit')]);
  assert.equal(await status(page), 'in_review');
  assert.match(await page.textContent('#history'), /Ready for review\./);
  assert.equal(await page.locator('#mc-form').count(), 0, 'no editor while in review');
});

await step('designer-signed-out', async () => {
  await page.goto('/workspace');
  assert.ok(await page.isVisible(`#mc-in-review a[data-mc="${mcId}"]`));
  await page.click('#logout');
  await page.waitForURL((u) => u.pathname === '/');
  await page.goto('/workspace');
  assert.match(page.url(), /\/login\?next=/);
});

await step('reviewer-queue', async () => {
  await signIn('reviewer@browser.test');
  assert.ok(await page.isVisible(`#review-queue a[data-mc="${mcId}"]`));
  await page.click(`#review-queue a[data-mc="${mcId}"]`);
  await page.waitForURL(`**/workspace/mc/${mcId}`);
  assert.equal(await page.locator('#action-publish').count(), 0);
  // The reviewer reads what they approve; one note for every action.
  assert.match(await page.textContent('#details'), /Learning outcomes|outcomes/i);
  assert.equal(await page.locator('textarea[name="note"]').count(), 1);
});

await step('reviewer-commented', async () => {
  await page.fill('#note', 'Outcomes are observable; fine.');
  await Promise.all([page.waitForURL(`**/workspace/mc/${mcId}`), page.click('#action-comment')]);
  assert.match(await page.textContent('#history'), /Outcomes are observable; fine\./);
  assert.equal(await status(page), 'in_review');
});

await step('reviewer-approved', async () => {
  await page.fill('#note', 'Approved by the agency.');
  await Promise.all([page.waitForURL(`**/workspace/mc/${mcId}`), page.click('#action-approve')]);
  assert.equal(await status(page), 'approved');
});

await step('designer-published', async () => {
  await signIn('designer@browser.test');
  await page.goto(`/workspace/mc/${mcId}`);
  await Promise.all([page.waitForURL(`**/workspace/mc/${mcId}`), page.click('#action-publish')]);
  assert.equal(await status(page), 'published');
  const history = await page.textContent('#history');
  for (const s of ['draft → in_review', 'in_review → approved', 'approved → published']) {
    assert.ok(history.includes(s), `history shows ${s}`);
  }
});

let credentialUrl = null;
await step('issuer-issued', async () => {
  await signIn('issuer@browser.test');
  await page.goto(`/workspace/mc/${mcId}`);
  await page.click('#link-issue');
  await page.waitForURL(`**/workspace/mc/${mcId}/issue`);
  await page.fill('#learner_name', 'Оксана Мельник');
  await page.fill('#learner_email', 'oksana@example.org');
  await page.fill('#learner_lang', 'uk');
  await Promise.all([page.waitForURL('**/credentials/*'), page.click('#issue-submit')]);
  credentialUrl = page.url();
  assert.match(credentialUrl, /\/credentials\/[0-9a-f-]{36}$/);
});

await step('credential-page', async () => {
  await page.goto(credentialUrl);
  const body = await page.textContent('body');
  assert.ok(body.includes('Оксана Мельник'), 'learner named on the credential page');
  assert.ok(body.includes(mcTitle), 'MC title on the credential page');
});

await step('issuer-roster-job', async () => {
  await page.goto(`/workspace/mc/${mcId}/issue`);
  const csv = 'name,email\nPetro Bondar,petro@example.org\nNo Email,\nIryna Shevchenko,iryna@example.org\n';
  await page.setInputFiles('#roster', { name: 'roster.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await Promise.all([page.waitForURL('**/workspace/jobs/*'), page.click('#roster-submit')]);
  assert.ok(await page.isVisible('#job-progress'));
  // The page refreshes itself (meta refresh, no script) until the job ends.
  await page.waitForSelector('#job-state[data-state="partial"]', { timeout: 30000 });
  assert.equal((await page.textContent('#job-issued')).trim(), '2');
  assert.equal((await page.textContent('#job-rejected-count')).trim(), '1');
  assert.equal((await page.textContent('#job-rejected tbody tr td')).trim(), '3', 'rejected row names line 3');
  assert.equal(await page.locator('meta[http-equiv="refresh"]').count(), 0);
});

let credentialJson = null;
async function verify(expectValid) {
  await page.goto('/verify');
  await page.fill('#credential', credentialJson);
  await Promise.all([page.waitForURL('**/verify'), page.click('form.verify button')]);
  await page.waitForSelector('section.verdict');
  const cls = await page.getAttribute('section.verdict', 'class');
  if (expectValid) {
    assert.match(cls, /\bok\b/, `verdict ${cls}`);
    assert.equal(await page.locator('table.checks tr.failed').count(), 0);
  } else {
    assert.match(cls, /\bbad\b/, `verdict ${cls}`);
  }
}

await step('verified-valid', async () => {
  const resp = await page.request.get(credentialUrl, { headers: { Accept: 'application/json' } });
  assert.equal(resp.status(), 200);
  credentialJson = await resp.text();
  assert.ok(JSON.parse(credentialJson).id.endsWith(credentialUrl.split('/').pop()));
  await verify(true);
});

await step('issuer-revoked', async () => {
  const uuid = credentialUrl.split('/').pop();
  await page.goto('/workspace/credentials');
  const row = page.locator(`tr[data-credential="${uuid}"]`);
  assert.equal(await row.locator('td.state').getAttribute('data-state'), 'active');
  await row.locator('input[name="reason"]').fill('Issued in error (browser test).');
  await Promise.all([page.waitForURL('**/workspace/credentials'), row.locator('button').click()]);
  assert.equal(await page.locator(`tr[data-credential="${uuid}"] td.state`).getAttribute('data-state'), 'revoked');
  assert.equal(await page.locator(`tr[data-credential="${uuid}"] form`).count(), 0);
});

await step('verified-revoked', async () => {
  await verify(false);
  const failed = await page.locator('table.checks tr.failed').allTextContents();
  assert.equal(failed.length, 1, `one failed check: ${failed}`);
  assert.match(failed[0], /status|revok|статус|відклик/i);
});

await step('ukrainian', async () => {
  const uk = JSON.parse(readFileSync(join(i18nDir, 'uk.json'), 'utf8'));
  const en = JSON.parse(readFileSync(join(i18nDir, 'en.json'), 'utf8'));
  // The navigation's link to the catalogue, as H4's catalogue names it.
  const navKey = 'nav.catalogue';
  assert.ok(uk[navKey] && uk[navKey] !== en[navKey], `uk.json translates ${navKey}`);
  const demo = JSON.parse(readFileSync(join(demoDir, '10-ua.json'), 'utf8'));
  const welding = demo.microcredentials.find((m) => m.id === 'ua-mag-welding-steel-structures');
  await page.goto('/mc/ua-mag-welding-steel-structures?lang=uk');
  assert.equal(await page.getAttribute('html', 'lang'), 'uk');
  assert.equal((await page.textContent('header nav a[href="/"]')).trim(), uk[navKey], `header shows ${navKey}`);
  assert.equal((await page.textContent('h1')).trim(), welding.title.uk);
});

await browser.close();
console.log(`${passed} passed, 0 failed`);
