// Statuses the whole team sees: Microsoft's own action states read from
// Graph (each from its day on), and an admin's status saved to Microsoft
// 365 with PATCH, asking for the write permission only then. The release
// site in headless Chromium, msal-browser, the local OpenID Connect
// provider and the token-checking Graph stand-in (signin/identity.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ACCOUNTS, WRITE_SCOPE } from './signin/identity.mjs';
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

const CONTOSO = ACCOUNTS['admin@contoso.example'].tid;

/** A fresh browser (its own storage and Entra session) signed in as `who`. */
async function signedIn(who) {
  const page = await site.open();
  await signIn(page, who);
  await page.getByText('Contoso Ltd').first().waitFor();
  return page;
}

/** Opens the Actions page with `control` expanded; returns its row. */
async function expand(page, control) {
  await page.getByTestId('nav-actions').click();
  // Every status: a risk accepted or resolved action leaves the open list.
  await page.getByTestId('filter-status').selectOption('all');
  const row = page.locator(`[data-testid=action-row][data-control="${control}"]`);
  await row.waitFor();
  if ((await row.locator('button[aria-expanded]').getAttribute('aria-expanded')) !== 'true') await row.locator('button[aria-expanded]').click();
  await page.locator(`#ss-status-${control}`).waitFor();
  return row;
}

async function statusOf(row) {
  return row.getAttribute('data-status');
}

test('a status saved by one admin reaches Microsoft 365 and another admin in another browser; a reader is refused and keeps it locally', async () => {
  const writer = await signedIn('secadmin@contoso.example');
  // The one action of the stand-in's tenant with points still to earn.
  const control = 'AdminMFAV2';
  const row = await expand(writer, control);
  assert.equal(await statusOf(row), 'to-address');
  const writeConsents = () => idp.requests.filter((r) => r.path === '/auth' && String(r.params.scope ?? '').includes(WRITE_SCOPE)).length;
  assert.equal(writeConsents(), 0, 'reading never asks for the write permission');
  assert.ok(idp.graphRequests.every((r) => !String(r.claims?.scp ?? '').includes(WRITE_SCOPE)), 'no read carries a write token');

  // Risk accepted, with a reason and an expiry.
  const expiry = new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10);
  await writer.locator(`#ss-status-${control}`).selectOption('risk-accepted');
  await writer.locator(`#ss-reason-${control}`).fill('Pilot users keep SMS');
  await writer.locator(`#ss-expires-${control}`).fill(expiry);
  await writer.getByRole('button', { name: 'Accept the risk' }).click();
  await writer.waitForFunction((c) => document.querySelector(`[data-testid=action-row][data-control="${c}"]`)?.dataset.status === 'risk-accepted', control);
  await writer.getByTestId('status-save').click();
  await writer.getByTestId('status-saved').waitFor({ timeout: 20000 });
  assert.ok(writeConsents() >= 1, 'the write permission is asked for when saving');
  assert.equal(idp.patches.length, 1);
  const [patch] = idp.patches;
  assert.equal(patch.id, control);
  assert.equal(patch.body.state, 'Ignored');
  assert.equal(patch.body.comment, `Risk accepted, until ${expiry}: Pilot users keep SMS`);
  assert.deepEqual([patch.body.vendorInformation.provider, patch.body.vendorInformation.vendor], ['SecureScore', 'Microsoft']);
  assert.ok(patch.scp.split(' ').includes(WRITE_SCOPE), `the PATCH token has the write scope: ${patch.scp}`);
  // The data carries it now, with who and when; nothing is left only here.
  assert.equal(await statusOf(row), 'risk-accepted');
  const state = writer.getByTestId('microsoft-state');
  await state.waitFor();
  assert.match(await state.textContent(), /Risk accepted, set by secadmin@contoso\.example on .*Pilot users keep SMS/);
  assert.equal(await writer.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('secure-score.statuses.')).length), 0);

  // Another admin, another browser: reads it from Microsoft 365.
  const reader = await signedIn('admin@contoso.example');
  const seen = await expand(reader, control);
  assert.equal(await statusOf(seen), 'risk-accepted');
  assert.match(await reader.getByTestId('microsoft-state').textContent(), /secadmin@contoso\.example.*Pilot users keep SMS/);
  assert.match(await reader.getByTestId('microsoft-state').textContent(), new RegExp(`until`));

  // A Security Reader may not write: Graph's 403 names the role, and the
  // status stays in this browser.
  const other = control;
  const otherRow = seen;
  await reader.locator(`#ss-status-${other}`).selectOption('third-party');
  await reader.waitForFunction((c) => document.querySelector(`[data-testid=action-row][data-control="${c}"]`)?.dataset.status === 'third-party', other);
  await reader.getByTestId('status-save').click();
  const refused = reader.getByTestId('status-save-error');
  await refused.waitFor({ timeout: 20000 });
  assert.match(await refused.textContent(), /Security Administrator/);
  assert.equal(await statusOf(otherRow), 'third-party', 'kept locally');
  assert.equal(idp.patches.at(-1).id, other);
  await writer.context().close();
  await reader.context().close();
});

test('Microsoft\'s states apply from their day on in the Score Analyzer, and the day of a change lists it', async () => {
  const control = 'AdminMFAV2';
  const day = (n) => new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
  const profile = idp.tenant(CONTOSO).profiles.find((p) => p.id === control);
  profile.controlStateUpdates.length = 0;
  profile.controlStateUpdates.push({ state: 'ThirdParty', comment: 'Resolved through third party: Contoso Mail Gateway', updatedBy: 'soc@contoso.example', updatedDateTime: `${day(10)}T09:30:00Z`, assignedTo: '' });
  const page = await signedIn('admin@contoso.example');
  await page.getByTestId('nav-analyzer').click();
  const statusOn = async (date) => {
    await page.locator(`[data-testid=analyzer-day][data-date="${date}"]`).click();
    await page.waitForFunction((d) => document.querySelector('[data-testid="selected-day"]')?.dataset.date === d, date);
    return page.locator(`[data-testid=day-control-row][data-control="${control}"] .ss-an-status`).textContent();
  };
  assert.equal(await statusOn(day(11)), 'Partial');
  assert.equal(await statusOn(day(10)), 'Third party');
  assert.equal(await statusOn(day(5)), 'Third party');
  await statusOn(day(10));
  const changed = page.getByTestId('changes-status');
  await changed.waitFor();
  assert.match(await changed.locator(`li[data-control="${control}"]`).textContent(), /To address → Resolved through third party/);
  await statusOn(day(5));
  assert.equal(await page.getByTestId('changes-status').count(), 0, 'no status change on a later day');
  profile.controlStateUpdates.length = 0;
  await page.context().close();
});

test('without sign-in a status is kept in this browser only, exported, cleared with the data, imported again; an expired one lapses', async () => {
  const page = await site.open();
  await page.getByTestId('demo-banner').waitFor();
  await page.getByTestId('nav-actions').click();
  const first = page.getByTestId('action-row').first();
  await first.waitFor();
  const control = await first.getAttribute('data-control');
  await expand(page, control);
  await page.locator(`#ss-status-${control}`).selectOption('planned');
  await page.waitForFunction((c) => document.querySelector(`[data-testid=action-row][data-control="${c}"]`)?.dataset.status === 'planned', control);
  assert.match(await page.getByTestId('status-local-only').textContent(), /Kept in this browser only/);
  assert.equal(await page.getByTestId('status-save').count(), 0, 'nothing to save to without sign-in');
  // Who and when go with it: under the row's status and in the CSV export.
  const today = new Date().toISOString().slice(0, 10);
  assert.match(await page.locator(`[data-testid=action-row][data-control="${control}"] [data-testid=action-status-note]`).textContent(), /by you \(this browser\)/);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
  const line = (await readFile(await csv.path(), 'utf8')).split('\r\n').find((l) => l.includes(`,${control},`));
  assert.ok(line?.includes(`,Planned,,,you (this browser),${today},`), line);

  await page.getByTestId('nav-data').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('statuses-export').click()]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8'));
  assert.equal(file.format, 'secure-score-statuses');
  const [tenant] = Object.keys(file.tenants);
  assert.equal(file.tenants[tenant][control].status, 'Planned');

  await page.getByTestId('clear-local-data').click();
  await page.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith('secure-score.statuses.')));

  // A colleague's file: the Planned status back, and a Risk accepted one
  // whose expiry has passed.
  const yesterday = new Date(Date.now() - 86400000).toISOString().slice(0, 10);
  const longAgo = new Date(Date.now() - 20 * 86400000).toISOString().slice(0, 10);
  const other = await (async () => {
    await page.getByTestId('nav-actions').click();
    await page.getByTestId('filter-status').selectOption('all');
    const ids = await page.getByTestId('action-row').evaluateAll((els) => els.map((e) => e.dataset.control));
    return ids.find((id) => id !== control);
  })();
  file.tenants[tenant][other] = { status: 'RiskAccepted', reason: 'Vendor fix due', expires: yesterday, since: longAgo };
  await page.getByTestId('nav-data').click();
  await page.getByTestId('statuses-import').setInputFiles({ name: 'team-statuses.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  assert.match(await page.getByTestId('statuses-result').textContent(), /2 statuses imported from team-statuses\.json/);
  await page.getByTestId('statuses-import').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await page.waitForFunction(() => document.querySelector('[data-testid="statuses-result"]')?.textContent.includes('notes.json was not imported'));

  await page.getByTestId('nav-actions').click();
  await page.getByTestId('filter-status').selectOption('all');
  await page.waitForFunction((c) => document.querySelector(`[data-testid=action-row][data-control="${c}"]`)?.dataset.status === 'planned', control);
  const lapsed = await expand(page, other);
  assert.notEqual(await statusOf(lapsed), 'risk-accepted', 'an expired status no longer counts');
  const note = page.locator(`[data-testid=action-row][data-control="${other}"] [data-testid=status-note]`);
  assert.match(await note.textContent(), /lapsed: it expired on/);
  await page.context().close();
});
