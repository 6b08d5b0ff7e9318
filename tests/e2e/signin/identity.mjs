// A local stand-in for Microsoft Entra ID and Microsoft Graph, for the
// sign-in tests: a real OpenID Connect provider (oidc-provider) over HTTPS
// with a certificate made for the run, and a Graph stand-in that checks
// every access token the way Graph does (signature against the provider's
// JWKS, issuer, audience, token type, scope in `scp`, an Entra role in
// `wids`) and serves paged secureScores, secureScoreControlProfiles and
// /organization; it takes an action's new state with PATCH (scope
// SecurityEvents.ReadWrite.All, role Security Administrator) and serves it
// on the next read. Accounts are made up on the provider's login form: the
// login name picks the roles (see `ACCOUNTS`).
import { execFileSync } from 'node:child_process';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';
import * as jose from 'jose';

export const CLIENT_ID = '4f0c5d2e-7b1a-4c39-9e11-5ec0de5c0a11';
export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const READ_SCOPE = 'SecurityEvents.Read.All';
export const WRITE_SCOPE = 'SecurityEvents.ReadWrite.All';
/** The read-only permissions "Assess settings" asks for. */
export const ASSESS_SCOPES = ['Policy.Read.All', 'AuditLog.Read.All', 'RoleManagement.Read.Directory', 'Domain.Read.All', 'SharePointTenantSettings.Read.All'];
const EXTRA_SCOPES = [WRITE_SCOPE, ...ASSESS_SCOPES];

/** Entra role template ids, as in tokens' `wids` claim. */
export const ROLES = {
  securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509',
  securityAdministrator: '194ae4cb-b126-40b2-bd5b-6091b380977d',
  globalReader: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  securityOperator: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
};
const READ_ROLES = new Set(Object.values(ROLES));
const WRITE_ROLES = new Set([ROLES.securityAdministrator]);

/** Login names and what they are; any other name is a user without a role. */
export const ACCOUNTS = {
  'admin@contoso.example': { tid: '7d1b9a6e-1c2f-4e0a-9b7d-2f6c3a1e5b01', org: 'Contoso Ltd', wids: [ROLES.securityReader] },
  'admin@fabrikam.example': { tid: '0a9e4c3b-8d7f-4b21-a6c5-3e2d1f0b9c02', org: 'Fabrikam Inc', wids: [ROLES.globalReader] },
  'user@contoso.example': { tid: '7d1b9a6e-1c2f-4e0a-9b7d-2f6c3a1e5b01', org: 'Contoso Ltd', wids: [] },
  'secadmin@contoso.example': { tid: '7d1b9a6e-1c2f-4e0a-9b7d-2f6c3a1e5b01', org: 'Contoso Ltd', wids: [ROLES.securityAdministrator] },
};
const accountOf = (login) => ACCOUNTS[login] ?? { tid: ACCOUNTS['user@contoso.example'].tid, org: 'Contoso Ltd', wids: [] };

/** A self-signed certificate for IP:127.0.0.1, in a temporary folder. */
function certificate() {
  const dir = mkdtempSync(join(tmpdir(), 'ss-idp-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  const pair = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  rmSync(dir, { recursive: true, force: true });
  return pair;
}

/** Reads a request's body as text. */
async function bodyOf(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The deterministic tenant Graph serves: `days` daily secureScores ending
 * yesterday, and one control profile per control.
 */
export function tenantData(tid, { days = 90, today = new Date() } = {}) {
  const controls = [
    ['AdminMFAV2', 'Identity', 10, 'Require MFA for administrative roles'],
    ['MFARegistrationV2', 'Identity', 9, 'Ensure all users can complete multifactor authentication'],
    ['BlockLegacyAuthentication', 'Identity', 8, 'Enable policy to block legacy authentication'],
    ['SelfServicePasswordReset', 'Identity', 1, 'Enable self-service password reset'],
    ['mdo_safelinksforemail', 'Apps', 8, 'Create Safe Links policies for email messages'],
    ['mdo_antiphishingpolicies', 'Apps', 9, 'Set the phishing email level threshold'],
    ['spo_idle_session_timeout', 'Data', 5, 'Sign out inactive users in SharePoint Online'],
    ['OneAdmin', 'Identity', 1, 'Designate more than one global admin'],
  ];
  // Each tenant its own level, so that two tenants' scores differ.
  const level = 0.8 + (parseInt(tid.slice(0, 2), 16) % 3) * 0.1;
  const scores = [];
  for (let i = days; i >= 1; i -= 1) {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
    const day = date.toISOString().slice(0, 10);
    const progress = (days - i) / days;
    const controlScores = controls.map(([name, category, max], k) => {
      const score = Math.round(max * level * Math.min(1, progress + k / 10) * 100) / 100;
      return { controlCategory: category, controlName: name, score, scoreInPercentage: Math.round((score / max) * 10000) / 100, description: '', implementationStatus: '', lastSynced: `${day}T06:00:00Z` };
    });
    const currentScore = Math.round(controlScores.reduce((s, c) => s + c.score, 0) * 100) / 100;
    scores.push({
      id: `${tid}_${day}T00:00:00Z`, azureTenantId: tid, activeUserCount: 240, createdDateTime: `${day}T00:00:00Z`,
      currentScore, maxScore: controls.reduce((s, c) => s + c[2], 0), enabledServices: ['HasAADP2', 'HasEXOP2', 'HasSPO'],
      licensedUserCount: 250, averageComparativeScores: [{ basis: 'AllTenants', averageScore: 38.1 }], controlScores,
      vendorInformation: { provider: 'SecureScore', vendor: 'Microsoft', providerVersion: null, subProvider: null },
    });
  }
  // Graph sends the newest first.
  scores.reverse();
  const profiles = controls.map(([name, category, max, title], k) => ({
    id: name, azureTenantId: tid, actionType: 'Config', actionUrl: 'https://security.microsoft.com', controlCategory: category,
    title, deprecated: false, implementationCost: 'Low', maxScore: max, rank: k + 1, remediation: `<p>Turn on ${title}.</p>`,
    remediationImpact: '<p>Users may be asked to sign in again.</p>', service: 'AzureAD', threats: ['Account Breach'], tier: 'Core',
    userImpact: 'Moderate', complianceInformation: [], controlStateUpdates: [],
    vendorInformation: { provider: 'SecureScore', vendor: 'Microsoft', providerVersion: null, subProvider: null },
  }));
  return { scores, profiles };
}

/**
 * The tenant settings "Assess settings" reads, in Graph v1.0's response
 * shapes: legacy authentication blocked only by a report-only policy (while
 * Microsoft's score counts it done: a disagreement), a sign-in risk policy
 * on, phishing-resistant MFA and 8-hour sessions for admins with one
 * break-glass account excluded, users allowed to consent, 7 users of whom
 * 4 registered for MFA, 2 Global Administrators. The SharePoint settings
 * need Global Reader or SharePoint Administrator, which no test account has.
 */
export function settingsData() {
  const policy = (displayName, state, conditions, grantControls, sessionControls = null) => ({
    id: displayName.toLowerCase().replace(/\W+/g, '-'), displayName, state, sessionControls,
    conditions: { clientAppTypes: ['all'], signInRiskLevels: [], userRiskLevels: [], applications: { includeApplications: ['All'] },
      ...conditions, users: { includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [], ...conditions.users } },
    grantControls: { operator: 'OR', builtInControls: [], authenticationStrength: null, ...grantControls },
  });
  const user = (upn, isAdmin, isMfaRegistered, isSsprEnabled) => ({ id: upn, userPrincipalName: upn, isAdmin, isMfaRegistered, isMfaCapable: isMfaRegistered, isSsprEnabled, isSsprRegistered: isSsprEnabled, isSsprCapable: isSsprEnabled });
  return {
    conditionalAccess: [
      policy('Block legacy authentication', 'enabledForReportingButNotEnforced', { clientAppTypes: ['exchangeActiveSync', 'other'], users: { includeUsers: ['All'] } }, { builtInControls: ['block'] }),
      policy('Risky sign-ins need MFA', 'enabled', { signInRiskLevels: ['high', 'medium'], users: { includeUsers: ['All'] } }, { builtInControls: ['mfa'] }),
      policy('Admins: phishing-resistant MFA', 'enabled', { users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'], excludeUsers: ['breakglass'] } },
        { authenticationStrength: { id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA' } },
        { signInFrequency: { value: 8, type: 'hours', isEnabled: true } }),
    ],
    securityDefaults: { id: '00000000-0000-0000-0000-000000000005', displayName: 'Security Defaults', isEnabled: false },
    authorization: { id: 'authorizationPolicy', allowInvitesFrom: 'everyone', defaultUserRolePermissions: { allowedToCreateApps: true, permissionGrantPoliciesAssigned: ['ManagePermissionGrantsForSelf.microsoft-user-default-low'] } },
    adminConsent: { isEnabled: true, notifyReviewers: true, reviewers: [] },
    registration: [
      user('admin@contoso.example', true, true, true), user('secadmin@contoso.example', true, false, true),
      user('amy@contoso.example', false, true, true), user('ben@contoso.example', false, true, false),
      user('cho@contoso.example', false, true, true), user('dan@contoso.example', false, false, false), user('eve@contoso.example', false, false, true),
    ],
    globalAdmins: [{ id: '1', displayName: 'Admin', userPrincipalName: 'admin@contoso.example' }, { id: '2', displayName: 'Break glass', userPrincipalName: 'breakglass@contoso.example' }],
    domains: [{ id: 'contoso.example', isVerified: true, isDefault: true, passwordValidityPeriodInDays: 2147483647 }],
    sharePoint: { sharingCapability: 'existingExternalUserSharingOnly', isLegacyAuthProtocolsEnabled: false, idleSessionSignOut: { isEnabled: true, warnAfterInSeconds: 3000, signOutAfterInSeconds: 3600 } },
  };
}

/**
 * Starts the provider and the Graph stand-in. `appOrigin` is the app's
 * origin (CORS, redirect URIs); `redirectUris` the bridge pages the app may
 * name. Returns { authority, graph, control, requests, graphRequests,
 * patches (each PATCH: control id, body, the token's scp and login), close }.
 * `control` changes the next answers: `authError` (an error the
 * authorization endpoint redirects with: {error, description, code}),
 * `tokenError` (an error JSON the token endpoint answers with: {status,
 * body}), `revoked` (access tokens' jti that Graph answers 401), `challenged`
 * (access tokens' jti that Graph asks for claims with a 401
 * challenge), `accessTokenTtl` (seconds), `tokenDown` (the token endpoint
 * drops the connection: the network is down).
 */
export async function startIdentity({ appOrigin, redirectUris }) {
  const tls = certificate();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signing = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };
  const control = { authError: null, tokenError: null, tokenDown: false, revoked: new Set(), challenged: new Set(), accessTokenTtl: 3600, throttle: new Set() };
  const requests = [];
  const graphRequests = [];
  const patches = [];
  const assessReads = [];

  const httpsServer = createHttpsServer(tls);
  await new Promise((ok) => httpsServer.listen(0, '127.0.0.1', ok));
  const issuer = `https://127.0.0.1:${httpsServer.address().port}`;

  const provider = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID, token_endpoint_auth_method: 'none', application_type: 'web',
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      redirect_uris: redirectUris, post_logout_redirect_uris: redirectUris,
    }],
    clientBasedCORS: (ctx, origin) => origin === appOrigin,
    jwks: { keys: [signing] },
    cookies: { keys: ['secure-score-test-cookie-key'] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: { openid: ['sub', 'tid'], profile: ['name', 'preferred_username'] },
    findAccount: (ctx, id) => ({
      accountId: id,
      claims: () => ({ sub: id, tid: accountOf(id).tid, name: id.split('@')[0], preferred_username: id }),
    }),
    features: {
      devInteractions: { enabled: true },
      claimsParameter: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => GRAPH_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: [READ_SCOPE, ...EXTRA_SCOPES].map((x) => `${GRAPH_AUDIENCE}/${x}`).join(' '),
          audience: GRAPH_AUDIENCE,
          accessTokenTTL: control.accessTokenTtl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    // Entra's access tokens name the tenant, the roles and the delegated
    // scopes (with the consented default User.Read).
    extraTokenClaims: (ctx, token) => {
      if (token.kind !== 'AccessToken') return undefined;
      const who = accountOf(token.accountId);
      const granted = [...(token.scopes ?? [])].filter((s) => s.startsWith(`${GRAPH_AUDIENCE}/`)).map((s) => s.slice(GRAPH_AUDIENCE.length + 1));
      return { tid: who.tid, wids: who.wids, scp: [...granted, 'User.Read'].join(' ') };
    },
    issueRefreshToken: (ctx, client) => client.grantTypeAllowed('refresh_token'),
    // Admin consent is taken as granted: no consent screen. The write and
    // assessment scopes are granted only to a request that asks for them.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile offline_access');
      grant.addOIDCClaims(['sub', 'tid', 'name', 'preferred_username']);
      const asked = String(ctx.oidc.params?.scope ?? '').split(' ');
      const extra = EXTRA_SCOPES.map((x) => `${GRAPH_AUDIENCE}/${x}`).filter((x) => asked.includes(x));
      grant.addResourceScope(GRAPH_AUDIENCE, [`${GRAPH_AUDIENCE}/${READ_SCOPE}`, ...extra].join(' '));
      await grant.save();
      return grant;
    },
    ttl: { AccessToken: () => control.accessTokenTtl, IdToken: 3600, RefreshToken: 86400, Grant: 86400, Session: 86400, Interaction: 600 },
    renderError: (ctx, out) => { ctx.type = 'html'; ctx.body = `<!doctype html><title>Error</title><p>${out.error}: ${out.error_description ?? ''}</p>`; },
  });
  provider.proxy = false;
  const callback = provider.callback();

  httpsServer.on('request', async (req, res) => {
    const url = new URL(req.url, issuer);
    requests.push({ method: req.method, path: url.pathname, params: Object.fromEntries(url.searchParams), time: Date.now() });
    // The authorization endpoint answering with an error, as Entra does
    // (error_uri carries the AADSTS number).
    // Entra's account picker (prompt=select_account): this provider's login
    // form, where any account can be typed, stands in for it.
    if (url.pathname === '/auth' && url.searchParams.get('prompt') === 'select_account') {
      url.searchParams.set('prompt', 'login');
      req.url = url.pathname + url.search;
    }
    if (url.pathname === '/auth' && control.authError) {
      const { error, description, code } = control.authError;
      const back = new URL(url.searchParams.get('redirect_uri'));
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', `AADSTS${code}: ${description}`);
      back.searchParams.set('error_uri', `https://login.microsoftonline.com/error?code=${code}`);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      const mode = url.searchParams.get('response_mode');
      const target = mode === 'fragment' ? `${back.origin}${back.pathname}#${back.searchParams}` : back.href;
      res.writeHead(302, { location: target });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      if (control.tokenDown) return req.socket.destroy();
      const text = await bodyOf(req);
      const form = new URLSearchParams(text);
      requests[requests.length - 1].params = Object.fromEntries(form);
      if (control.tokenError) {
        const { status, body } = control.tokenError;
        res.writeHead(status, { 'content-type': 'application/json', 'access-control-allow-origin': appOrigin });
        return res.end(JSON.stringify(body));
      }
      // MSAL asks for offline_access on refresh; oidc-provider refuses a
      // scope the grant's resource does not list.
      if (form.get('grant_type') === 'refresh_token' && form.has('scope')) {
        form.set('scope', form.get('scope').split(' ').filter((s) => s !== 'offline_access').join(' '));
      }
      const body = form.toString();
      req.body = body;
      req.headers['content-length'] = String(Buffer.byteLength(body));
      // The body is read already: oidc-provider takes req.body.
      Object.defineProperty(req, 'readable', { value: false });
    }
    callback(req, res);
  });

  // Graph checks tokens against the provider's published keys.
  const jwksUri = new URL('/jwks', issuer);
  const fetchOverTls = (target) => new Promise((ok, fail) => {
    httpsRequest(target, { ca: tls.cert }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => ok(new Response(Buffer.concat(chunks), { status: res.statusCode, headers: res.headers })));
    }).on('error', fail).end();
  });
  const keys = jose.createRemoteJWKSet(jwksUri, { [jose.customFetch]: (target) => fetchOverTls(target) });

  const settings = new Map();
  const READERS = [ROLES.securityReader, ROLES.globalReader, ROLES.securityAdministrator, ROLES.securityOperator];
  const settingsOf = (tid) => {
    if (!settings.has(tid)) {
      const d = settingsData();
      settings.set(tid, {
        '/v1.0/identity/conditionalAccess/policies': { scope: 'Policy.Read.All', roles: READERS, body: d.conditionalAccess },
        '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy': { scope: 'Policy.Read.All', roles: READERS, body: d.securityDefaults },
        '/v1.0/policies/authorizationPolicy': { scope: 'Policy.Read.All', roles: READERS, body: d.authorization },
        '/v1.0/policies/adminConsentRequestPolicy': { scope: 'Policy.Read.All', roles: READERS, body: d.adminConsent },
        '/v1.0/reports/authenticationMethods/userRegistrationDetails': { scope: 'AuditLog.Read.All', roles: READERS, body: d.registration },
        "/v1.0/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members": { scope: 'RoleManagement.Read.Directory', roles: READERS, body: d.globalAdmins },
        '/v1.0/domains': { scope: 'Domain.Read.All', roles: READERS, body: d.domains },
        '/v1.0/admin/sharepoint/settings': { scope: 'SharePointTenantSettings.Read.All', roles: [ROLES.globalReader], body: d.sharePoint },
      });
    }
    return settings.get(tid);
  };
  const data = new Map();
  const tenant = (tid) => { if (!data.has(tid)) data.set(tid, tenantData(tid)); return data.get(tid); };
  const graphServer = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const cors = {
      'access-control-allow-origin': appOrigin,
      'access-control-allow-headers': 'Authorization, Accept, Content-Type',
      'access-control-expose-headers': 'WWW-Authenticate, Retry-After',
    };
    const send = (status, body, extra = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...cors, ...extra });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') { res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, PATCH' }); return res.end(); }
    const record = { method: req.method, path: url.pathname + url.search, authorization: req.headers.authorization ?? null, status: 0 };
    graphRequests.push(record);
    const refuse = (status, code, message, extra = {}) => { record.status = status; send(status, { error: { code, message } }, extra); };
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    let claims;
    try {
      ({ payload: claims } = await jose.jwtVerify(bearer, keys, { issuer, audience: GRAPH_AUDIENCE, typ: 'at+jwt', algorithms: ['RS256'] }));
    } catch {
      return refuse(401, 'InvalidAuthenticationToken', 'Access token validation failure.', { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    record.claims = claims;
    if (control.revoked.has(claims.jti)) {
      return refuse(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    if (control.challenged.has(claims.jti)) {
      const wanted = Buffer.from(JSON.stringify({ access_token: { nbf: { essential: true, value: String(claims.iat + 1) } } })).toString('base64');
      return refuse(401, 'InvalidAuthenticationToken', 'Continuous access evaluation resulted in challenge.',
        { 'www-authenticate': `Bearer realm="", authorization_uri="${issuer}/auth", error="insufficient_claims", claims="${wanted}"` });
    }
    const scp = String(claims.scp ?? '').split(' ');
    const { scores, profiles } = tenant(claims.tid);
    const profilePath = url.pathname.match(/^\/v1\.0\/security\/secureScoreControlProfiles\/([^/]+)$/);
    if (req.method === 'PATCH' && profilePath) {
      const body = JSON.parse(await bodyOf(req) || '{}');
      patches.push({ id: decodeURIComponent(profilePath[1]), body, scp: claims.scp, login: claims.sub });
      if (!scp.includes(WRITE_SCOPE)) return refuse(403, 'Forbidden', 'Missing scope permissions on the request.');
      if (!(claims.wids ?? []).some((w) => WRITE_ROLES.has(w))) {
        return refuse(403, 'Forbidden', 'Missing role permissions on the request. API requires one of Security Administrator, Exchange Administrator, SharePoint Administrator.');
      }
      const vendor = body.vendorInformation ?? {};
      if (!vendor.provider || !vendor.vendor) return refuse(400, 'BadRequest', 'vendorInformation with provider and vendor is required.');
      const profile = profiles.find((p) => p.id.toLowerCase() === decodeURIComponent(profilePath[1]).toLowerCase());
      if (!profile) return refuse(404, 'ResourceNotFound', 'No such control.');
      profile.controlStateUpdates.push({
        assignedTo: body.assignedTo ?? '', comment: body.comment ?? '', state: body.state ?? 'Default',
        updatedBy: claims.sub, updatedDateTime: new Date().toISOString(),
      });
      record.status = 204;
      res.writeHead(204, cors);
      return res.end();
    }
    const page = (items, path, pageSize = 30) => {
      const top = Number(url.searchParams.get('$top') ?? items.length) || items.length;
      const size = Math.min(top, pageSize);
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const value = items.slice(skip, Math.min(skip + size, top));
      const body = { '@odata.context': `${GRAPH_AUDIENCE}/v1.0/$metadata#${path}`, value };
      if (skip + size < Math.min(top, items.length)) {
        const next = new URL(url.pathname, `http://${req.headers.host}`);
        next.searchParams.set('$top', String(top));
        next.searchParams.set('$skiptoken', String(skip + size));
        body['@odata.nextLink'] = next.href;
      }
      record.status = 200;
      send(200, body);
    };
    if (url.pathname === '/v1.0/organization') {
      if (!scp.includes('User.Read')) return refuse(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      record.status = 200;
      return send(200, { value: [{ id: claims.tid, displayName: accountOf(claims.sub).org }] });
    }
    const setting = settingsOf(claims.tid)[decodeURIComponent(url.pathname)];
    if (req.method === 'GET' && setting) {
      assessReads.push(decodeURIComponent(url.pathname));
      if (!scp.includes(setting.scope)) return refuse(403, 'Forbidden', `Missing scope permissions on the request: ${setting.scope}.`);
      if (!(claims.wids ?? []).some((w) => setting.roles.includes(w))) return refuse(403, 'accessDenied', 'Access denied: the account has none of the roles this API needs.');
      if (control.throttle.has(decodeURIComponent(url.pathname))) {
        control.throttle.delete(decodeURIComponent(url.pathname));
        return refuse(429, 'TooManyRequests', 'Too many requests.', { 'retry-after': '1' });
      }
      if (!Array.isArray(setting.body)) { record.status = 200; return send(200, setting.body); }
      // Three a page: the collector must follow @odata.nextLink.
      return page(setting.body, url.pathname.slice(6), 3);
    }
    const secured = url.pathname === '/v1.0/security/secureScores' || url.pathname === '/v1.0/security/secureScoreControlProfiles';
    if (!secured) return refuse(404, 'ResourceNotFound', 'Not found.');
    if (!scp.includes(READ_SCOPE)) return refuse(403, 'Forbidden', 'Missing scope permissions on the request.');
    if (!(claims.wids ?? []).some((w) => READ_ROLES.has(w))) {
      return refuse(403, 'Forbidden', 'Missing role permissions on the request. API requires one of Security Reader, Security Administrator, Global Reader, Security Operator.');
    }
    if (url.pathname.endsWith('/secureScores')) return page(scores, 'security/secureScores');
    return page(profiles, 'security/secureScoreControlProfiles');
  });
  await new Promise((ok) => graphServer.listen(0, '127.0.0.1', ok));
  const graph = `http://127.0.0.1:${graphServer.address().port}`;

  /** An access token as the provider would issue it: what a portal that
   *  signs its users in itself hands an embedded instance. */
  const mint = (login, scope = READ_SCOPE) => new jose.SignJWT({
    scope: `${GRAPH_AUDIENCE}/${scope}`, scp: `${scope} User.Read`, tid: accountOf(login).tid, wids: accountOf(login).wids, client_id: CLIENT_ID,
  }).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: signing.kid }).setIssuer(issuer).setAudience(GRAPH_AUDIENCE)
    .setSubject(login).setIssuedAt().setExpirationTime('1h').setJti(`minted-${Math.random()}`).sign(privateKey);

  return {
    mint,
    authority: issuer,
    graph,
    control,
    requests,
    graphRequests,
    patches,
    assessReads,
    tenant,
    close: async () => {
      for (const server of [httpsServer, graphServer]) {
        server.closeAllConnections?.();
        await new Promise((ok) => server.close(ok));
      }
    },
  };
}
