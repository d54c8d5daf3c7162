import { EventType, NodeType, type eventWithTime, type serializedNodeWithId } from '@rrweb/types';
import { h, RrwebStream } from '../../compile/testing/rrweb-stream.js';
import type { NetworkExchange, Recording } from '../../fixture/recording.js';

/** Places where {@link corpusRecording} puts the text, for test names and failure messages. */
export const CORPUS_LOCATIONS = [
  'meta.url',
  'snapshot text, comment and attributes (value, placeholder, title, alt, aria-label, data-*, content)',
  'snapshot URLs (href, src, action, srcset) in path and query',
  'hidden input, select option and textarea',
  'mutation adds, texts and attributes',
  'typed Input events',
  'Meta event href and replaygate.url custom event',
  'custom event payload, keys included',
  'console and network plugin payloads',
  'request URL path and query, page URL',
  'request and response headers',
  'JSON, form, multipart, plain text, HTML and base64 bodies',
  'status text and network error',
] as const;

const formEncode = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');
const BOUNDARY = 'corpus-boundary-7f3a';

function exchange(
  id: number,
  exchangeFields: Partial<NetworkExchange> & Pick<NetworkExchange, 'request'>,
): NetworkExchange {
  return {
    id,
    initiator: 'fetch',
    startedAt: 1_700_000_001_000 + id,
    endedAt: 1_700_000_001_050 + id,
    pageUrl: 'http://127.0.0.1:4173/app/',
    ...exchangeFields,
  };
}

/** Builds the network exchanges that carry `text` in every part of a request and a response. */
function corpusExchanges(text: string, credentials: boolean): NetworkExchange[] {
  const encoded = encodeURIComponent(text);
  const multipart = [
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="note"',
    '',
    text,
    `--${BOUNDARY}`,
    'Content-Disposition: form-data; name="file"; filename="note.txt"',
    'Content-Type: text/plain',
    '',
    text,
    `--${BOUNDARY}--`,
    '',
  ].join('\r\n');
  return [
    exchange(0, {
      pageUrl: `http://127.0.0.1:4173/app/?from=${encoded}`,
      request: {
        method: 'GET',
        url: `https://api.corpus.test/users/${encoded}/orders?q=${encoded}&page=2`,
        headers: {
          ...(credentials
            ? { Authorization: 'Basic dXNlcjpwYXNz', Cookie: 'sid=31d4d96e407aad42' }
            : {}),
          'x-note': text,
          referer: `http://127.0.0.1:4173/app/?q=${encoded}`,
        },
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: {
          'content-type': 'application/json',
          ...(credentials ? { 'set-cookie': 'sid=1; HttpOnly' } : {}),
          'x-note': text,
        },
        body: {
          encoding: 'text',
          data: JSON.stringify({ note: text, list: [{ note: text }], count: 3 }),
        },
      },
    }),
    exchange(1, {
      request: {
        method: 'POST',
        url: 'https://api.corpus.test/notes',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: { encoding: 'text', data: `note=${formEncode(text)}&kind=plain` },
      },
      response: {
        status: 201,
        statusText: text,
        headers: { 'content-type': 'text/plain' },
        body: { encoding: 'text', data: text },
      },
    }),
    exchange(2, {
      request: {
        method: 'POST',
        url: 'https://api.corpus.test/upload',
        headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: { encoding: 'text', data: multipart },
      },
      response: {
        status: 200,
        statusText: 'OK',
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: { encoding: 'text', data: `<!doctype html><p title="${text}">${text}</p>` },
      },
    }),
    exchange(3, {
      request: {
        method: 'PUT',
        url: 'https://api.corpus.test/profile',
        headers: { 'content-type': 'application/json' },
        body: {
          encoding: 'base64',
          data: Buffer.from(JSON.stringify({ note: text })).toString('base64'),
        },
      },
      error: `request to ${text} failed`,
    }),
  ];
}

function pluginEvents(text: string, timestamp: number, credentials: boolean): eventWithTime[] {
  const encoded = encodeURIComponent(text);
  return [
    {
      type: EventType.Plugin,
      timestamp,
      data: {
        plugin: 'rrweb/console@1',
        payload: { level: 'log', trace: ['app.js:1:1'], payload: [JSON.stringify(text)] },
      },
    },
    {
      type: EventType.Plugin,
      timestamp,
      data: {
        plugin: 'rrweb/network@1',
        payload: {
          requests: [
            {
              name: `https://api.corpus.test/search?q=${encoded}`,
              method: 'GET',
              requestHeaders: {
                ...(credentials ? { Authorization: 'Bearer c2VjcmV0LXRva2Vu' } : {}),
                'x-note': text,
              },
              responseBody: JSON.stringify({ note: text }),
            },
          ],
        },
      },
    },
  ];
}

/**
 * Builds a recording that carries `text` in every location the sanitizer walks (listed in
 * {@link CORPUS_LOCATIONS}): the DOM of a full snapshot, mutations, typed input, page URLs,
 * custom and plugin events, and every part of four network exchanges. With `credentials`
 * (the default) the requests also carry `Authorization` and `Cookie` headers.
 */
export function corpusRecording(text: string, options: { credentials?: boolean } = {}): Recording {
  const credentials = options.credentials ?? true;
  const encoded = encodeURIComponent(text);
  const stream = new RrwebStream();
  const refs = stream.page(
    `http://127.0.0.1:4173/app/?q=${encoded}`,
    h(
      'section',
      {
        ref: 'section',
        title: text,
        alt: text,
        placeholder: text,
        'aria-label': text,
        'data-note': text,
        content: text,
        href: `/users/${encoded}?q=${encoded}`,
        src: `https://cdn.corpus.test/${encoded}/logo.png?q=${encoded}`,
        action: `/submit?q=${encoded}`,
        srcset: `/a.png?q=${encoded} 1x, /b.png?q=${encoded} 2x`,
      },
      text,
      h('input', { type: 'hidden', value: text }),
      h('select', {}, h('option', { value: text, selected: '' }, text)),
      h('textarea', { value: text }, text),
      h('input', { ref: 'field', type: 'text' }),
    ),
  );
  addComment(stream.events, text);
  stream.wait(100).add(refs.body!, h('p', { title: text, 'data-note': text }, text));
  stream.setText(refs.section! + 1, text);
  stream.setAttributes(refs.section!, { title: text, href: `/next?q=${encoded}` });
  stream.typeText(refs.field!, text);
  stream.input(refs.field!, '');
  stream.events.push({
    type: EventType.Meta,
    timestamp: stream.events.at(-1)!.timestamp,
    data: { href: `http://127.0.0.1:4173/app/next?q=${encoded}`, width: 1280, height: 720 },
  });
  stream.custom('replaygate.url', { href: `http://127.0.0.1:4173/app/#/${encoded}` });
  stream.custom('app.note', { text, nested: [text, { deeper: text }], byKey: { [text]: 1 } });
  stream.events.push(...pluginEvents(text, stream.events.at(-1)!.timestamp, credentials));
  const recording = stream.recording('corpus');
  recording.meta.url = `http://127.0.0.1:4173/app/?q=${encoded}`;
  recording.network = corpusExchanges(text, credentials);
  return recording;
}

/** Appends a comment node with `text` to the `<body>` of the first full snapshot. */
function addComment(events: eventWithTime[], text: string): void {
  const snapshot = events.find((event) => event.type === EventType.FullSnapshot);
  if (snapshot?.type !== EventType.FullSnapshot) {
    return;
  }
  const html = (snapshot.data.node as { childNodes: serializedNodeWithId[] }).childNodes[0] as {
    childNodes: serializedNodeWithId[];
  };
  const body = html.childNodes[1] as { childNodes: serializedNodeWithId[] };
  body.childNodes.push({ type: NodeType.Comment, textContent: text, id: 90_000 });
}
