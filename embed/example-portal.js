// The example portal's script: lists the events the embedded app sends.
// (External, so the portal's Content Security Policy forbids inline script.)
const list = document.getElementById('portal-events');
for (const name of ['securescore:loaded', 'securescore:dayselected', 'securescore:error']) {
  document.addEventListener(name, (event) => {
    const item = document.createElement('li');
    const from = event.target.id || event.target.tagName.toLowerCase();
    item.textContent = `${name} from #${from}: ${JSON.stringify(event.detail)}`;
    list?.prepend(item);
  });
}
