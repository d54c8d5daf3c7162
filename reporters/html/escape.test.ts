import { describe, expect, it } from 'vitest';
import { escapeHtml, html, jsonForScript, relativeUrl, SafeHtml } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('leaves other text unchanged', () => {
    expect(escapeHtml('javascript:alert(1) – ✓ 50%')).toBe('javascript:alert(1) – ✓ 50%');
  });

  it('escapes an ampersand before an entity', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('html template', () => {
  it('escapes interpolated strings and numbers', () => {
    const name = '"><script>alert(1)</script>';
    expect(html`<td title="${name}">${name} ${3}</td>`.value).toBe(
      '<td title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; 3</td>',
    );
  });

  it('inserts nested templates unescaped', () => {
    const inner = html`<b>${'<i>'}</b>`;
    expect(html`<p>${inner}</p>`.value).toBe('<p><b>&lt;i&gt;</b></p>');
  });

  it('joins lists and escapes their strings', () => {
    const items = ['<a>', html`<li>b</li>`];
    // prettier-ignore
    const list = html`<ul>${items}</ul>`;
    expect(list.value).toBe('<ul>&lt;a&gt;<li>b</li></ul>');
  });

  it('renders false, null and undefined as nothing', () => {
    expect(html`[${false}${null}${undefined}]`.value).toBe('[]');
  });

  it('renders true as text', () => {
    expect(html`${true}`.value).toBe('true');
  });

  it('escapes an object that only looks like trusted markup', () => {
    const forged = { value: '<script>' } as unknown as SafeHtml;
    expect(html`${forged}`.value).toBe('[object Object]');
  });
});

describe('jsonForScript', () => {
  const hostile = {
    text: '</script><script>alert(1)</script><!-- & \u2028\u2029',
    list: ['<SCRIPT>', '>'],
  };

  it('contains no characters that can end a script block', () => {
    const json = jsonForScript(hostile);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('parses back to the original value', () => {
    expect(JSON.parse(jsonForScript(hostile))).toEqual(hostile);
  });

  it('serializes undefined as null', () => {
    expect(jsonForScript(undefined)).toBe('null');
  });
});

describe('relativeUrl', () => {
  it('joins segments with slashes', () => {
    expect(relativeUrl('sessions', 'todo-list', 'index.html')).toBe(
      'sessions/todo-list/index.html',
    );
  });

  it('encodes a colon, so no segment becomes a scheme', () => {
    expect(relativeUrl('javascript:alert(1)')).toBe('javascript%3Aalert(1)');
  });

  it('encodes query and fragment characters', () => {
    expect(relativeUrl('a?b#c', 'd e')).toBe('a%3Fb%23c/d%20e');
  });

  it('keeps parent segments', () => {
    expect(relativeUrl('../../assets', 'report.css')).toBe('../../assets/report.css');
  });
});
