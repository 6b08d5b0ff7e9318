// The standalone page's loader hooks (trunk's data-initializer, see
// index.html): the boot placeholder's indeterminate progress bar runs until
// the app has mounted, and a message replaces it when the app cannot start,
// instead of a blank page. Not a percentage: the size trunk hands the hooks
// is the wasm's before wasm-opt, twice what is downloaded. Embedded,
// embed/embed.js loads the app and reports failures itself.
export default function boot() {
  const byId = (id) => document.getElementById(id);
  return {
    // The app has mounted by now (main runs inside init).
    onSuccess() {
      byId('ss-boot')?.remove();
    },
    onFailure(error) {
      byId('ss-boot-progress')?.remove();
      const text = byId('ss-boot-text');
      if (!text) return;
      text.setAttribute('role', 'alert');
      text.textContent = `Secure Score could not start: its code could not be loaded (${error?.name ?? "Error"}: ${error?.message ?? error}). Check the connection and reload the page.`;
    },
  };
}
