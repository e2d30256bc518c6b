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

// Files may be dropped anywhere on a file field's box, not only on the small chooser button;
// choosing by the button (and the keyboard) stays the way that always works.
for (const field of document.querySelectorAll('[data-drop-target]')) {
  const input = field.querySelector('input[type="file"]');
  if (!input) continue;
  const over = (on) => field.classList.toggle('field--drop', on);
  field.addEventListener('dragover', (event) => {
    event.preventDefault();
    over(true);
  });
  field.addEventListener('dragleave', () => over(false));
  field.addEventListener('drop', (event) => {
    event.preventDefault();
    over(false);
    if (event.dataTransfer && event.dataTransfer.files.length > 0) input.files = event.dataTransfer.files;
  });
}

// A button that says how many boxes are ticked ("12 Sitzungen anlegen") follows the ticks; without
// JavaScript it keeps the number the page was sent with, and the server counts again anyway.
for (const button of document.querySelectorAll('button[data-count-of]')) {
  const form = button.form;
  if (!form) continue;
  const update = () => {
    const boxes = form.querySelectorAll(`input[type="checkbox"][name="${button.dataset.countOf}"]`);
    const count = Array.from(boxes).filter((box) => box.checked).length;
    button.textContent = `${count} ${count === 1 ? button.dataset.one : button.dataset.many}`;
  };
  form.addEventListener('change', update);
}
