// Secure Score's sign-in glue: the only code that talks to Microsoft's
// msal-browser. The app loads this module (and MSAL beside it) with a
// dynamic import() when an admin signs in, or returns from signing in with
// a redirect; src/signin/glue.rs calls its exports. Options and results
// cross as JSON text; a failure is thrown as {code, number, message}
// (MSAL's errorCode and Entra's AADSTS number: crates/core/src/signin/trouble.rs
// explains them).

const LIBRARY = new URL('msal-browser.min.js', import.meta.url).href;

let app = null;
let usesRedirect = false;
let clientId = '';

function failure(error) {
  return {
    code: String(error?.errorCode || error?.name || 'unknown'),
    number: String(error?.errorNo ?? ''),
    message: String(error?.errorMessage || error?.message || error),
  };
}

async function guarded(work) {
  try {
    return await work();
  } catch (error) {
    throw failure(error);
  }
}

function accountOf(account) {
  return {
    id: account.homeAccountId,
    username: account.username ?? '',
    name: account.name ?? '',
    tenant: account.tenantId || account.idTokenClaims?.tid || '',
  };
}

/** The signed-in accounts, as JSON. */
export function accounts() {
  return JSON.stringify((app?.getAllAccounts() ?? []).map(accountOf));
}

/**
 * Creates MSAL's client: tokens in memory for the popup flow, in this tab's
 * sessionStorage for the redirect flow (MSAL refuses a redirect with
 * memory storage). Returning from a redirect, finishes it. Resolves to the
 * accounts.
 */
export async function start(optionsJson) {
  const options = JSON.parse(optionsJson);
  return guarded(async () => {
    if (!globalThis.msal) {
      try {
        await import(LIBRARY);
      } catch (error) {
        throw { errorCode: 'load_failed', errorMessage: `${LIBRARY}: ${error?.message ?? error}` };
      }
    }
    if (app && usesRedirect === options.redirect) return accounts();
    const { PublicClientApplication } = globalThis.msal;
    const known = options.knownAuthority;
    app = new PublicClientApplication({
      auth: {
        clientId: options.clientId,
        authority: options.authority,
        redirectUri: options.redirectUri,
        knownAuthorities: known ? [known] : [],
      },
      cache: { cacheLocation: options.redirect ? 'sessionStorage' : 'memoryStorage' },
      system: { protocolMode: known ? 'OIDC' : 'AAD', popupBridgeTimeout: options.popupTimeoutMs },
    });
    usesRedirect = options.redirect;
    clientId = options.clientId;
    await app.initialize();
    if (options.redirect) await app.handleRedirectPromise();
    return accounts();
  });
}

/**
 * Signs an account in (a popup, or a redirect that leaves the page) and
 * resolves to it. `claims`: a Conditional Access challenge from Graph.
 */
export async function signIn(requestJson) {
  const { scopes, claims, prompt, loginHint } = JSON.parse(requestJson);
  return guarded(async () => {
    // Graph sends a challenge's claims base64-encoded; MSAL takes the JSON.
    const json = claims && !claims.trim().startsWith('{') ? atob(claims) : claims;
    const request = { scopes, prompt: prompt || undefined, claims: json || undefined, loginHint: loginHint || undefined };
    if (usesRedirect) {
      await app.acquireTokenRedirect(request);
      return new Promise(() => {});
    }
    const result = await app.acquireTokenPopup(request);
    return JSON.stringify(accountOf(result.account));
  });
}

/**
 * An access token for `accountId`, from the cache while it is valid for
 * five more minutes, else renewed silently (`force` renews it anyway: Graph
 * refused the last one).
 */
export async function token(accountId, scopesJson, force) {
  return guarded(async () => {
    const account = app?.getAccount({ homeAccountId: accountId });
    if (!account) throw { errorCode: 'no_account_error', errorMessage: 'not signed in' };
    const result = await app.acquireTokenSilent({ account, scopes: JSON.parse(scopesJson), forceRefresh: force });
    return result.accessToken;
  });
}

/**
 * Forgets every account and token of the app in this browser (MSAL's cache,
 * in memory or in sessionStorage); the Microsoft session itself is left.
 */
export async function signOut() {
  return guarded(async () => {
    if (app) await app.clearCache();
    for (const storage of [sessionStorage, localStorage]) {
      for (const key of Object.keys(storage)) {
        if (key.startsWith('msal.') || (clientId && key.includes(clientId))) {
          storage.removeItem(key);
        }
      }
    }
    app = null;
  });
}
