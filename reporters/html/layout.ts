import { html, relativeUrl, type SafeHtml } from './escape.js';

/**
 * Content-Security-Policy of the report's own pages. Only the report's script files run (no
 * inline script, `eval` or event-handler attribute), only its style sheets apply, and nothing
 * is fetched from another origin, so no payload in recorded text can run or phone home.
 */
export const PAGE_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Content-Security-Policy of the page that hosts rrweb-player. rrweb rebuilds the recorded
 * DOM with inline styles and `<style>` elements, so styles must be allowed inline. Recorded
 * images load only from `data:` URLs, so a recorded URL never reaches the network.
 */
export const PLAYER_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The parts of one report page. */
export interface PageParts {
  title: string;
  /** Relative path from the page to the report root: `` for the index, `../../` below it. */
  root: string;
  policy: string;
  /** Style sheets under `assets/`. */
  styles: string[];
  /** Scripts under `assets/`, loaded at the end of the body in this order. */
  scripts: string[];
  body: SafeHtml;
}

/**
 * Renders a complete HTML document. The policy precedes every element that loads anything, so
 * it applies to all of them, and no referrer is sent with any request the page makes.
 */
export function renderDocument(parts: PageParts): string {
  const asset = (name: string) => `${parts.root}${relativeUrl('assets', name)}`;
  const document = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta http-equiv="Content-Security-Policy" content="${parts.policy}" />
        <meta name="referrer" content="no-referrer" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${parts.title}</title>
        <link rel="icon" href="data:," />
        ${parts.styles.map((name) => html`<link rel="stylesheet" href="${asset(name)}" /> `)}
      </head>
      <body>
        ${parts.body} ${parts.scripts.map((name) => html`<script src="${asset(name)}"></script> `)}
      </body>
    </html> `;
  return document.value;
}
