import { EventType, IncrementalSource, NodeType, type eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { h, RrwebStream } from '../../compile/testing/rrweb-stream.js';
import type { Recording } from '../../fixture/recording.js';
import { auditRecording } from '../audit.js';
import { sanitizeRecording } from '../sanitize-recording.js';
import { createTextSanitizer } from '../text-sanitizer.js';
import { textRunsOfAdds } from './text-runs.js';

const KEY = Buffer.alloc(32, 17);
const newSanitizer = () => createTextSanitizer({ key: KEY });

function sanitize(recording: Recording): Recording {
  return sanitizeRecording(recording, { text: newSanitizer() });
}

interface SerializedElement {
  type: number;
  tagName?: string;
  childNodes: Array<{ type: number; textContent?: string; id: number }>;
}

/** Returns the first `<p>` of a serialized DOM. */
function findParagraph(node: unknown): SerializedElement | undefined {
  const element = node as SerializedElement;
  if (element.tagName === 'p') {
    return element;
  }
  for (const child of element.childNodes ?? []) {
    const found = findParagraph(child);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}

function textNode(id: number, textContent: string) {
  return { type: NodeType.Text, textContent, id };
}

function element(id: number, tagName: string) {
  return { type: NodeType.Element, tagName, attributes: {}, childNodes: [], id };
}

/**
 * Returns the adds of `<li>Call <span>+1 415</span> 555 2671</li>` as rrweb writes them: each
 * node on its own, linked to its parent and its next sibling.
 */
function phoneListItemAdds(parentId: number) {
  return [
    { parentId: 502, nextId: null, node: textNode(505, ' 555 2671') },
    { parentId: 503, nextId: null, node: textNode(504, '+1 415') },
    { parentId: 502, nextId: 505, node: element(503, 'span') },
    { parentId: 502, nextId: 503, node: textNode(501, 'Call ') },
    { parentId, nextId: null, node: element(502, 'li') },
  ];
}

/** Returns the adds of `<p>Mail rosalind.brack@<b>quayside-ledger.net</b> today</p>`, as rrweb writes them. */
function boldDomainAdds(parentId: number) {
  return [
    { parentId, nextId: null, node: element(601, 'p') },
    { parentId: 601, nextId: null, node: textNode(602, ' today') },
    { parentId: 601, nextId: 602, node: element(603, 'b') },
    { parentId: 601, nextId: 603, node: textNode(604, 'Mail rosalind.brack@') },
    { parentId: 603, nextId: null, node: textNode(605, 'quayside-ledger.net') },
  ];
}

/** Returns the text of every text node that `events` write, in event order. */
function textsOf(events: eventWithTime[]): string[] {
  const texts: string[] = [];
  const visit = (node: { type: number; textContent?: string; childNodes?: unknown[] }) => {
    if (node.type === NodeType.Text) {
      texts.push(node.textContent ?? '');
    }
    (node.childNodes ?? []).forEach((child) => visit(child as typeof node));
  };
  for (const event of events) {
    if (event.type === EventType.FullSnapshot) {
      visit(event.data.node);
    } else if (
      event.type === EventType.IncrementalSnapshot &&
      event.data.source === IncrementalSource.Mutation
    ) {
      event.data.adds.forEach((add) => visit(add.node));
    }
  }
  return texts;
}

/** Sanitizes a page of `body`; returns its text nodes, replacement counts and audit findings. */
function sanitizedPage(...body: Parameters<RrwebStream['page']>[1][]) {
  const stream = new RrwebStream();
  stream.page('http://127.0.0.1:4173/', ...body);
  const raw = stream.recording('page');
  const output = sanitize(raw);
  return {
    rawFindings: auditRecording('page', raw, newSanitizer()).findingCount,
    texts: textsOf(output.events),
    counts: output.sanitization?.counts ?? {},
    findings: auditRecording('page', output, newSanitizer()).findingCount,
  };
}

describe('values split across text nodes', () => {
  it('replaces an address with a bold domain', () => {
    const stream = new RrwebStream();
    stream.page(
      'http://127.0.0.1:4173/',
      h('p', {}, 'Mail rosalind.brack@', h('b', {}, 'quayside-ledger.net'), ' today'),
    );
    const raw = stream.recording('split');
    const rawAudit = auditRecording('split', raw, newSanitizer());
    expect(rawAudit.findingCount).toBe(1);
    expect(rawAudit.findings[0]?.detector).toBe('email');
    expect(rawAudit.findings[0]?.path).toContain('split across text nodes');

    const output = sanitize(raw);
    const texts = textsOf(output.events);
    expect(JSON.stringify(texts)).not.toMatch(/rosalind|quayside/);
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^Mail /);
    expect(texts[2]).toBe(' today');
    // Joined again, the pieces read as one pseudonym address.
    const joined = texts.join('');
    expect(joined).toMatch(/^Mail [a-z.]+@[a-z-]+\.example today$/);
    expect(output.sanitization?.counts['email/dom.text']).toBe(1);
    expect(auditRecording('split', output, newSanitizer()).findingCount).toBe(0);
  });

  it('replaces a phone number added in pieces', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('ul', { ref: 'list' }));
    stream.mutation({ adds: phoneListItemAdds(refs.list!) });
    const raw = stream.recording('split-phone');
    expect(auditRecording('split-phone', raw, newSanitizer()).findingCount).toBe(1);

    const output = sanitize(raw);
    const texts = textsOf(output.events.slice(-1));
    expect(texts).toHaveLength(3);
    expect(texts.join('')).not.toContain('415');
    expect(texts.join('')).not.toContain('555 2671');
    expect(texts).toContain('Call ');
    expect(output.sanitization?.counts['phone/dom.text']).toBe(1);
    expect(auditRecording('split-phone', output, newSanitizer()).findingCount).toBe(0);
  });

  it('replaces an added address with a bold domain', () => {
    const stream = new RrwebStream();
    const refs = stream.page('http://127.0.0.1:4173/', h('section', { ref: 'card' }));
    stream.mutation({ adds: boldDomainAdds(refs.card!) });
    const output = sanitize(stream.recording('split-added'));
    const texts = textsOf(output.events.slice(-1));
    expect(JSON.stringify(texts)).not.toMatch(/rosalind|quayside/);
    expect(texts[0]).toBe(' today');
    expect(texts[1]).toMatch(/^Mail [a-z]{8}\.[a-z]{5}@$/);
    expect(output.sanitization?.counts['email/dom.text']).toBe(1);
  });

  it('keeps text in separate blocks apart', () => {
    const stream = new RrwebStream();
    stream.page(
      'http://127.0.0.1:4173/',
      h('div', {}, h('p', {}, '4532 0151'), h('p', {}, '1283 0366')),
      h('ul', {}, h('li', {}, 'rosalind.brack@'), h('li', {}, 'quayside-ledger.net')),
    );
    const raw = stream.recording('blocks');
    expect(auditRecording('blocks', raw, newSanitizer()).findingCount).toBe(0);
    expect(textsOf(sanitize(raw).events)).toEqual([
      '4532 0151',
      '1283 0366',
      'rosalind.brack@',
      'quayside-ledger.net',
    ]);
  });

  it('joins only added siblings whose order is known', () => {
    // Both texts go into a paragraph that was there before, one before an older node.
    const adds = [
      { parentId: 40, nextId: 41, node: textNode(50, 'rosalind.brack@') },
      { parentId: 40, nextId: null, node: textNode(51, 'quayside-ledger.net') },
    ];
    expect(textRunsOfAdds(adds as never)).toEqual([]);
    const linked = [
      { parentId: 40, nextId: 51, node: textNode(50, 'rosalind.brack@') },
      { parentId: 40, nextId: null, node: textNode(51, 'quayside-ledger.net') },
    ];
    expect(textRunsOfAdds(linked as never).map((run) => run.nodes.map((node) => node.id))).toEqual([
      [50, 51],
    ]);
  });

  it('leaves no piece of a highlighted address', () => {
    const page = sanitizedPage(h('p', {}, h('mark', {}, 'tamsin'), '.ockley@fernhollow-press.org'));
    // The last piece contains an address of its own, which the audit reports too.
    expect(page.rawFindings).toBe(2);
    expect(JSON.stringify(page.texts)).not.toMatch(/tamsin|ockley|fernhollow/);
    expect(page.findings).toBe(0);
  });

  it('reads across wbr, nobr and custom elements', () => {
    const page = sanitizedPage(
      h('p', {}, 'lorcan.hythe@', h('wbr'), 'saltmarsh-data.net'),
      h('p', {}, h('x-hl', {}, 'imogen.stray'), '@', h('nobr', {}, 'drumlin-works.net')),
    );
    expect(page.rawFindings).toBe(2);
    expect(JSON.stringify(page.texts)).not.toMatch(/lorcan|saltmarsh|imogen|drumlin/);
    expect(page.counts['email/dom.text']).toBe(2);
  });

  it('reads text as shown, with white space collapsed', () => {
    const page = sanitizedPage(
      h(
        'p',
        {},
        h('span', {}, '5128'),
        '\n    ',
        h('span', {}, '9400'),
        '\n    ',
        h('span', {}, '2403'),
        '\n    ',
        h('span', {}, '4848'),
      ),
      h('p', {}, 'Card 6011\u00a09040\u00a08448\u00a02626'),
      h('p', {}, 'Mail linnea.corby@\u200bdrumlin-works.net'),
      h(
        'p',
        {},
        h('span', {}, '4532'),
        h('span', {}, '0151'),
        h('span', {}, '1283'),
        h('span', {}, '0366'),
      ),
    );
    expect(page.rawFindings).toBe(4);
    expect(JSON.stringify(page.texts)).not.toMatch(
      /5128|9400|9040|8448|2626|linnea|drumlin|4532|0366/,
    );
    // White space keeps its form, so the page lays the replacement out as it did the value.
    expect(page.texts[1]).toBe('\n    ');
    expect(page.texts[7]).toMatch(/^Card 6011\u00a0\d{4}\u00a0\d{4}\u00a0\d{4}$/);
    expect(page.counts['payment-card/dom.text']).toBe(3);
    expect(page.counts['email/dom.text']).toBe(1);
    expect(page.findings).toBe(0);
  });

  it('reads across comments', () => {
    const stream = new RrwebStream();
    stream.page(
      'http://127.0.0.1:4173/',
      h('p', { ref: 'mail' }, 'Mail wendell.fosk', '@harrowgate-loom.com'),
    );
    const raw = stream.recording('comments');
    const snapshot = raw.events.find((event) => event.type === EventType.FullSnapshot)!;
    const paragraph = JSON.stringify(snapshot.data.node).includes('wendell')
      ? findParagraph(snapshot.data.node)
      : undefined;
    paragraph!.childNodes.splice(1, 0, { type: NodeType.Comment, textContent: ' ', id: 900 });
    expect(auditRecording('comments', raw, newSanitizer()).findingCount).toBe(1);
    expect(JSON.stringify(textsOf(sanitize(raw).events))).not.toMatch(/wendell|harrowgate/);
  });

  it('keeps page numbers, dates and styles', () => {
    const numbers = Array.from({ length: 10 }, (_, index) =>
      h('a', { href: `?page=${index + 1}` }, String(index + 1)),
    );
    const page = sanitizedPage(
      h('nav', {}, ...numbers),
      h('p', {}, h('time', {}, '2024-05-06'), h('span', {}, '14:30')),
      h('style', {}, '.badge {\n  color: #333;\n  z-index: 4155552671;\n}'),
    );
    expect(page.rawFindings).toBe(0);
    expect(page.counts).toEqual({});
    expect(page.texts.slice(0, 12)).toEqual([
      ...'12345678910'.match(/1|2|3|4|5|6|7|8|9|10/g)!.slice(0, 9),
      '10',
      '2024-05-06',
      '14:30',
    ]);
  });

  it('reads an added iframe document and text changes', () => {
    const stream = new RrwebStream();
    const refs = stream.page(
      'http://127.0.0.1:4173/',
      h('iframe', { ref: 'frame' }),
      h('p', { ref: 'note' }, 'Card'),
    );
    const paragraph = {
      ...element(702, 'p'),
      childNodes: [
        textNode(703, 'Mail hester.ambry@'),
        { ...element(704, 'b'), childNodes: [textNode(705, 'coldharbour-weave.net')] },
      ],
    };
    const body = { ...element(701, 'body'), childNodes: [paragraph] };
    const html = { ...element(700, 'html'), childNodes: [body] };
    const frameDocument = { type: NodeType.Document, childNodes: [html], id: 699 };
    stream.mutation({ adds: [{ parentId: refs.frame!, nextId: null, node: frameDocument }] });
    stream.mutation({ texts: [{ id: refs.note! + 1, value: 'Card 4532\n0151 1283 0366' }] });
    const raw = stream.recording('frame');
    const rawAudit = auditRecording('frame', raw, newSanitizer());
    expect(rawAudit.findings.map((finding) => finding.detector).sort()).toEqual([
      'email',
      'payment-card',
    ]);

    const output = sanitize(raw);
    const json = JSON.stringify(output.events);
    expect(json).not.toMatch(/hester|coldharbour|0151 1283|4532\\n0151/);
    expect(auditRecording('frame', output, newSanitizer()).findingCount).toBe(0);
  });
});
