import { describe, expect, it } from 'vitest';
import { parseMarker } from './worker-bootstrap.js';
import { WORKER_MARKER_PARAM } from './worker-scripts.js';

const ORIGIN = 'http://127.0.0.1:4173';

function markedUrl(marker: unknown): URL {
  const url = new URL(`${ORIGIN}/worker.js`);
  url.searchParams.set(WORKER_MARKER_PARAM, JSON.stringify(marker));
  return url;
}

const MARKER = { type: 'classic', seed: 's1', startTime: 1000, location: `${ORIGIN}/worker.js` };

describe('parseMarker', () => {
  it('reads a recording marker', () => {
    expect(parseMarker(markedUrl({ ...MARKER, realClock: true }))).toEqual({
      ...MARKER,
      realClock: true,
    });
  });

  it('reads a replay marker', () => {
    expect(parseMarker(markedUrl(MARKER))).toEqual(MARKER);
  });

  it('rejects an invalid realClock', () => {
    expect(parseMarker(markedUrl({ ...MARKER, realClock: 'yes' }))).toBeUndefined();
  });

  it('rejects another origin', () => {
    const elsewhere = { ...MARKER, location: 'http://127.0.0.1:9999/worker.js' };
    expect(parseMarker(markedUrl(elsewhere))).toBeUndefined();
  });
});
