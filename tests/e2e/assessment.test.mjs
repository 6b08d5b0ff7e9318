// "Assess settings" end to end: signed in with msal-browser to the local
// OpenID Connect provider, the app asks for the read-only assessment
// permissions only when the admin starts, reads the Graph stand-in's tenant
// settings (paged, one read throttled, one refused), and shows our result
// per control with its evidence beside Microsoft's state; the snapshot it
// downloads, imported elsewhere, scores the same.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ASSESS_SCOPES } from './signin/identity.mjs';
import { startSignInSite, signIn } from './signin/site.mjs';

let site;
let idp;

before(async () => {
  site = await startSignInSite();
  ({ idp } = site);
});

after(async () => {
  await site?.close();
});

const row = (page, control) => page.locator(`[data-testid=assess-row][data-control="${control}"]`);

test('signed in, an admin assesses the tenant\'s settings: evidence per control beside Microsoft\'s state, a refused read marked, the rest out of Graph\'s reach', async () => {
  const page = await site.open();
  await page.getByTestId('nav-assessment').click();
  await page.getByTestId('assess-sign-in').waitFor();
  await signIn(page, 'admin@contoso.example');
  const permissions = page.getByTestId('assess-permissions');
  await permissions.waitFor();
  for (const scope of ASSESS_SCOPES) assert.ok((await permissions.textContent()).includes(scope), `${scope} is named before consent`);
  const asked = () => idp.requests.filter((r) => r.path === '/auth' && String(r.params.scope ?? '').includes('Policy.Read.All')).length;
  assert.equal(asked(), 0, 'signing in never asks for the assessment permissions');
  assert.equal(idp.assessReads.length, 0);

  idp.control.throttle.add('/v1.0/domains');
  await page.getByTestId('assess-start').click();
  await page.getByTestId('assess-score').waitFor({ timeout: 30000 });
  assert.ok(asked() >= 1, 'the permissions are asked for when the admin starts');
  const reads = idp.assessReads;
  assert.ok(reads.filter((p) => p.endsWith('/userRegistrationDetails')).length >= 3, 'the registration report is read page by page');
  assert.equal(reads.filter((p) => p === '/v1.0/domains').length, 2, 'a throttled read waits and tries again');
  const tokens = idp.graphRequests.filter((r) => r.path.startsWith('/v1.0/identity/'));
  assert.ok(tokens.every((r) => ASSESS_SCOPES.every((s) => r.claims.scp.includes(s))));

  // Legacy authentication: only a report-only policy; Microsoft counts it done.
  const legacy = row(page, 'BlockLegacyAuthentication');
  assert.equal(await legacy.getAttribute('data-state'), 'not-completed');
  assert.equal(await legacy.getAttribute('data-agree'), 'false');
  assert.match(await legacy.textContent(), /Report-only, so not enforced: “Block legacy authentication”/);
  assert.match(await legacy.getByTestId('assess-disagreement').textContent(), /Microsoft counts it done/);
  // Admins' sessions: the policy, with its exclusion.
  assert.match(await row(page, 'aad_phishing_MFA_strength').textContent(), /“Admins: phishing-resistant MFA” \(excludes 1 user\)/);
  // MFA registration in proportion, with who is missing.
  const mfa = row(page, 'MFARegistrationV2');
  assert.equal(await mfa.getAttribute('data-state'), 'partial');
  assert.match(await mfa.textContent(), /3 users have not registered for MFA/);
  await mfa.locator('summary', { hasText: 'Who' }).first().click();
  assert.match(await mfa.textContent(), /dan@contoso\.example/);
  assert.equal(await row(page, 'OneAdmin').getAttribute('data-state'), 'completed');

  const notAssessed = page.getByTestId('assess-not-assessed');
  assert.match(await notAssessed.locator('[data-control="spo_idle_session_timeout"]').textContent(), /SharePointTenantSettings\.Read\.All.*Global Reader or SharePoint Administrator/);
  const outOfReach = page.getByTestId('assess-out-of-reach');
  assert.match(await outOfReach.locator('[data-control="exo_mailboxaudit"]').textContent(), /Get-OrganizationConfig/);
  const agreement = page.getByTestId('assess-agreement');
  assert.ok(Number(await agreement.getAttribute('data-compared')) >= 3);
  assert.match(await row(page, 'MFARegistrationV2').textContent(), /No enabled Conditional Access policy requires MFA for all users/);
  // On a phone the tables scroll inside their cards.
  await page.setViewportSize({ width: 360, height: 740 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 360, 'fits a phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The shared report carries our assessment with its evidence; leaving
  // users out counts the people instead of naming them.
  await page.getByTestId('nav-overview').click();
  const report = async (redact) => {
    await page.locator('input[name=redact-users]').setChecked(redact);
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-report').click()]);
    return readFile(await file.path(), 'utf8');
  };
  const shared = await report(false);
  assert.match(shared, /<h2>Our assessment<\/h2>/);
  assert.match(shared, /data-testid="assessment-row" data-control="BlockLegacyAuthentication"/);
  assert.match(shared, /Report-only, so not enforced: “Block legacy authentication”/);
  assert.match(shared, /dan@contoso\.example/);
  const redacted = await report(true);
  assert.match(redacted, /<h2>Our assessment<\/h2>/);
  assert.doesNotMatch(redacted, /dan@contoso\.example/);
  assert.match(redacted, /3 users left out of this report/);
  await page.getByTestId('nav-assessment').click();

  // The snapshot: downloaded, imported in another browser, scores the same.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('assess-download').click()]);
  const text = await readFile(await download.path(), 'utf8');
  const file = JSON.parse(text);
  assert.equal(file.format, 'secure-score/snapshots');
  assert.equal(file.snapshots[0].settings['entra.blockLegacyAuthentication'], false);
  const ours = await page.getByTestId('assess-row').evaluateAll((els) => els.map((e) => ({ id: e.dataset.control, gain: Number(e.dataset.possible) - Number(e.dataset.earned) })));
  await page.context().close();

  const other = await site.open();
  await other.getByTestId('nav-data').click();
  await other.getByTestId('file-input').setInputFiles({ name: 'assessment.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await other.waitForFunction(() => !document.querySelector('[data-testid="demo-banner"]'));
  await other.getByTestId('nav-actions').click();
  await other.getByTestId('filter-status').selectOption('all');
  await other.getByTestId('action-row').first().waitFor();
  const queue = Object.fromEntries(await other.getByTestId('action-row').evaluateAll((els) => els.map((e) => [e.dataset.control, Number(e.dataset.pointsGain)])));
  for (const { id, gain } of ours) {
    assert.ok(id in queue, `${id} is in the imported snapshot's queue`);
    assert.ok(Math.abs(queue[id] - Math.round(gain * 100) / 100) < 0.011, `${id}: ${queue[id]} vs ${gain}`);
  }
  await other.context().close();
});
