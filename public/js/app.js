// Progressive enhancement only: every page works without this file.
'use strict';
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener('DOMContentLoaded', () => {
  // Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
  const summary = document.querySelector('[data-error-summary]');
  if (summary instanceof HTMLElement) summary.focus();
});

// ---- questionnaires ----
// A button may ask its own confirmation (the builder's «Удалить» shares one form with other buttons).
document.addEventListener('submit', (event) => {
  const button = event.submitter;
  const question = button instanceof HTMLElement ? button.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
// «Скопировать адреса»: without JS the text area is there to select and copy by hand.
document.addEventListener('DOMContentLoaded', () => {
  for (const button of document.querySelectorAll('[data-copy-target]')) {
    const source = document.getElementById(button.dataset.copyTarget || '');
    if (!(source instanceof HTMLTextAreaElement) || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        button.textContent = 'Адреса скопированы';
      } catch {
        source.select();
      }
    });
  }
});

// ---- programmes ----
// A photo taken or a file chosen goes up at once; without JS the form's own button sends it.
document.addEventListener('change', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !('autosubmit' in input.dataset) || !input.files?.length) return;
  input.form?.requestSubmit();
});

// ---- the menu ----
// On a phone the menu waits behind its «Меню» button (without JS it simply stays open).
document.addEventListener('DOMContentLoaded', () => {
  const menu = document.querySelector('details.main-nav__menu');
  if (menu instanceof HTMLDetailsElement && window.matchMedia('(max-width: 40rem)').matches) menu.open = false;
});
