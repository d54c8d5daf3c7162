/**
 * Browser code of `index.html`: filters the session table by status and by name. The report
 * writes this function's source into `assets/index.js` as a classic script, because module
 * scripts do not load from `file://`. So the function must use nothing from outside its body.
 */
export function installIndexFilters(): void {
  const rows = Array.from(document.querySelectorAll<HTMLTableRowElement>('tr[data-status]'));
  const buttons = Array.from(document.querySelectorAll<HTMLButtonElement>('button[data-filter]'));
  const search = document.querySelector<HTMLInputElement>('#session-search');
  const noMatch = document.querySelector<HTMLElement>('#no-match');
  let status = 'all';

  const apply = (): void => {
    const query = (search?.value ?? '').trim().toLowerCase();
    let visible = 0;
    for (const row of rows) {
      const statusMatches = status === 'all' || row.dataset.status === status;
      const nameMatches = (row.dataset.name ?? '').toLowerCase().includes(query);
      row.hidden = !(statusMatches && nameMatches);
      if (!row.hidden) {
        visible += 1;
      }
    }
    if (noMatch) {
      noMatch.hidden = visible > 0 || rows.length === 0;
    }
    for (const button of buttons) {
      const active = button.dataset.filter === status;
      button.classList.toggle('is-active', active);
      button.setAttribute('aria-pressed', String(active));
    }
  };

  for (const button of buttons) {
    button.addEventListener('click', () => {
      status = button.dataset.filter ?? 'all';
      apply();
    });
  }
  search?.addEventListener('input', apply);
  apply();
}
