// The sign-in bridge page's script (signin-redirect.html): hands Entra's
// answer to the app, or says what happened when there is nothing to hand
// over (an admin-consent answer, an error, a page opened by hand).
const status = document.getElementById('ss-signin-status');
const params = new URLSearchParams(window.location.search);

if (params.has('admin_consent')) {
  status.textContent = params.get('admin_consent') === 'True'
    ? 'Consent granted for your organization. Close this window and sign in to Secure Score again.'
    : 'Consent was not granted. Close this window; Secure Score says what it needs when you sign in.';
} else {
  try {
    await globalThis.msalRedirectBridge.broadcastResponseToMainFrame();
  } catch (error) {
    status.textContent = `This page finishes signing in to Secure Score and has nothing to do now (${error?.errorCode ?? error?.message ?? error}). Close it and sign in from the app.`;
  }
}
