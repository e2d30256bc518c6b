// The council office's forms work without JavaScript; this only keeps a double click or a
// second press of Enter from sending a form twice (creating a paper twice, say). The button
// stays enabled and usable: a form is sent again once the page is shown anew (back button).
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
  if (form.dataset.sent === 'true') {
    event.preventDefault();
    return;
  }
  form.dataset.sent = 'true';
});
window.addEventListener('pageshow', () => {
  for (const form of document.querySelectorAll('form[data-sent]')) delete form.dataset.sent;
});
