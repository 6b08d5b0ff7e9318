// Generated Graph exports of a fleet: one secureScores file per tenant (as
// Graph sends it, newest day first) and one secureScoreControlProfiles
// file for all, deterministic for a given size. Each tenant completes its
// own share of the controls, which grows every 15 days; every seventh tenant's
// data stops 6 days ago (stale). Used by perf.mjs (50 × 90 × 80).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const CATEGORIES = ['Identity', 'Data', 'Device', 'Apps', 'Infrastructure'];

/** Tenant `t`'s id: a GUID with its number in the first and last groups. */
export const tenantId = (t) => `${String(t).padStart(8, '0')}-0000-4000-8000-${String(t).padStart(12, '0')}`;

/** YYYY-MM-DD of `days` before today, in the local time zone (the app's). */
export function dayBefore(days) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Tenant `t`'s points on control `c`, `d` days before its newest day: each
 * tenant completes its own share of the controls (30 to 90%), and a little
 * less every 15 days back (its own days), so that scores, changes and
 * gaps differ from tenant to tenant.
 */
export function points(t, c, d) {
  const max = (c % 10) + 1;
  const level = 0.3 + (0.6 * ((t * 37) % 50)) / 50 - 0.03 * Math.floor((d + t) / 15);
  const r = ((c * 7919 + t * 104729) % 1000) / 1000;
  return r < level ? max : r < level + 0.1 ? max / 2 : 0;
}

/** How many days before today tenant `t`'s newest day is. */
export const newestBack = (t) => (t % 7 === 6 ? 6 : 1);

function scores(t, days, controls) {
  const id = tenantId(t);
  const max = Array.from({ length: controls }, (_, c) => (c % 10) + 1).reduce((s, x) => s + x, 0);
  const value = [];
  for (let d = 0; d < days; d++) {
    const date = dayBefore(newestBack(t) + d);
    const list = [];
    let current = 0;
    for (let c = 0; c < controls; c++) {
      const score = points(t, c, d);
      current += score;
      list.push(`{"controlCategory":"${CATEGORIES[c % 5]}","controlName":"control_${c}","description":"Control ${c}.","score":${score},"scoreInPercentage":${(score / ((c % 10) + 1)) * 100},"implementationStatus":"","lastSynced":"${date}T06:00:00Z"}`);
    }
    value.push(`{"id":"${id}_${date}","azureTenantId":"${id}","activeUserCount":50,"createdDateTime":"${date}T12:00:00Z","currentScore":${current},"enabledServices":["HasEXOP2","HasSPOP2","HasAADP2","HasMDOP2"],"licensedUserCount":50,"maxScore":${max},"averageComparativeScores":[],"controlScores":[${list.join(',')}]}`);
  }
  return `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/secureScores","value":[${value.join(',')}]}`;
}

function profiles(controls) {
  const items = Array.from({ length: controls }, (_, c) => JSON.stringify({
    id: `control_${c}`, title: `Control ${c}`, maxScore: (c % 10) + 1, rank: c, service: ['EXO', 'SPO', 'AzureAD', 'MDO'][c % 4],
    tier: 'Core', actionType: 'Config', userImpact: 'Low', implementationCost: 'Moderate', threats: [], remediation: '',
    remediationImpact: '', deprecated: false, controlCategory: CATEGORIES[c % 5], controlStateUpdates: [],
  }));
  return `{"value":[${items.join(',')}]}`;
}

/**
 * Writes `tenants` secureScores files and a profiles file into `dir`;
 * returns their paths (the profiles last) and their total size in bytes.
 */
export async function writeFleet(dir, { tenants, days, controls }) {
  const paths = [];
  let bytes = 0;
  for (let t = 0; t < tenants; t++) {
    const text = scores(t, days, controls);
    const path = join(dir, `secureScores-tenant-${String(t).padStart(2, '0')}.json`);
    await writeFile(path, text);
    paths.push(path);
    bytes += Buffer.byteLength(text);
  }
  const text = profiles(controls);
  paths.push(join(dir, 'secureScoreControlProfiles.json'));
  await writeFile(paths.at(-1), text);
  return { paths, bytes: bytes + Buffer.byteLength(text) };
}
