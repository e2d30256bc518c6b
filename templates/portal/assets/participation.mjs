// The ALTCHA widget of the residents' forms. The site's Content-Security-Policy allows scripts and
// workers from this site only, so the widget's "external" build is used and its proof-of-work
// worker is registered here, from this site, before the widget is loaded.
const config = document.getElementById('altcha-assets');
if (config) {
  await import(config.dataset.german);
  globalThis.$altcha.algorithms.set('SHA-256', () => new Worker(config.dataset.worker));
  await import(config.dataset.widget);
}
