/**
 * Browser code of a session page: switches each checkpoint between the slider, side-by-side
 * and diff views, opens the checkpoint a link points at, and moves the slider that reveals the expected image over the actual one.
 * The report writes this function's source into `assets/session.js` as a classic script, so
 * it must use nothing from outside its body.
 */
export function installSessionViews(): void {
  const setReveal = (stage: HTMLElement, percent: number): void => {
    const clamped = Math.min(100, Math.max(0, percent));
    const layer = stage.querySelector<HTMLElement>('[data-expected-layer]');
    const handle = stage.querySelector<HTMLElement>('[data-handle]');
    const range = stage.parentElement?.querySelector<HTMLInputElement>('[data-slider-range]');
    // CSSOM writes are allowed by a style-src policy without 'unsafe-inline'; style attributes are not.
    if (layer) {
      layer.style.clipPath = `inset(0 ${100 - clamped}% 0 0)`;
    }
    if (handle) {
      handle.style.left = `${clamped}%`;
    }
    if (range && Number(range.value) !== clamped) {
      range.value = String(clamped);
    }
  };

  for (const stage of Array.from(document.querySelectorAll<HTMLElement>('[data-slider]'))) {
    const revealAt = (clientX: number): void => {
      const box = stage.getBoundingClientRect();
      if (box.width > 0) {
        setReveal(stage, ((clientX - box.left) / box.width) * 100);
      }
    };
    stage.addEventListener('pointerdown', (event) => {
      stage.setPointerCapture(event.pointerId);
      revealAt(event.clientX);
    });
    stage.addEventListener('pointermove', (event) => {
      if (stage.hasPointerCapture(event.pointerId)) {
        revealAt(event.clientX);
      }
    });
    const range = stage.parentElement?.querySelector<HTMLInputElement>('[data-slider-range]');
    range?.addEventListener('input', () => setReveal(stage, Number(range.value)));
  }

  // A link to a checkpoint opens its card, which browsers do not do for a `<details>` target.
  const openLinkedCard = (): void => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    const target = id === '' ? null : document.getElementById(id);
    if (target instanceof HTMLDetailsElement) {
      target.open = true;
    }
  };
  window.addEventListener('hashchange', openLinkedCard);
  openLinkedCard();

  for (const comparison of Array.from(
    document.querySelectorAll<HTMLElement>('[data-comparison]'),
  )) {
    const tabs = Array.from(comparison.querySelectorAll<HTMLButtonElement>('button[data-view]'));
    const panels = Array.from(comparison.querySelectorAll<HTMLElement>('[data-view-panel]'));
    for (const tab of tabs) {
      tab.addEventListener('click', () => {
        for (const other of tabs) {
          other.setAttribute('aria-selected', String(other === tab));
        }
        for (const panel of panels) {
          panel.hidden = panel.dataset.viewPanel !== tab.dataset.view;
        }
      });
    }
  }
}
