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

// Drag and drop in the agenda editor, an extra beside its buttons (SortableJS, loaded on that page
// only). Each list is one part's top-level items or one item's sub-items, so an item moves only
// among the siblings the server moves it among. A drop fills the item's own "An Position" form and
// sends it: the one write path, with its CSRF token and version, and the server's answer (the
// notice in the status region, or the conflict page) as after pressing its button.
if (window.Sortable) {
  const still = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  for (const list of document.querySelectorAll('ol[data-sortable]')) {
    const handles = Array.from(list.children)
      .map((item) => item.querySelector(':scope > .agenda-row > .drag-handle'))
      .filter(Boolean);
    if (handles.length < 2) continue;
    for (const handle of handles) {
      handle.hidden = false;
      // Pressed rather than dragged (also by keyboard): on to the field that moves it without dragging.
      handle.addEventListener('click', () => document.getElementById(handle.dataset.positionField)?.focus());
    }
    const sortable = window.Sortable.create(list, {
      draggable: '>li',
      handle: '.drag-handle',
      animation: still ? 0 : 150,
      // The same dragging for mouse, pen and finger; a few pixels first, so a tap stays a press.
      forceFallback: true,
      fallbackTolerance: 4,
      ghostClass: 'agenda-drag-ghost',
      chosenClass: 'agenda-drag-chosen',
      fallbackClass: 'agenda-drag-moving',
      onEnd(event) {
        if (event.oldIndex === event.newIndex) return;
        const field = event.item.querySelector(':scope > .agenda-row .agenda-row__position select');
        if (!field || !field.form) return;
        field.value = String(event.newIndex + 1);
        sortable.option('disabled', true);
        list.setAttribute('aria-busy', 'true');
        field.form.requestSubmit();
      },
    });
  }
}
