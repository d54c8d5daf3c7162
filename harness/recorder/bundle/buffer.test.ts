import { Buffer as NodeBuffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { Buffer as StandIn } from './buffer.js';

const TEXTS = ['', 'plain ascii', 'caf\u00e9 \u00a7 \u00ff', 'snow \u2603 and \ud83d\ude00'];
const BYTES = [[], [0x41, 0x42], [0xe9, 0x00, 0xff, 0x80], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]];

describe('browser Buffer stand-in', () => {
  it.each(TEXTS)('encodes %j like Node', (text) => {
    for (const encoding of ['utf8', 'latin1'] as const) {
      expect(StandIn.from(text, encoding).toString('base64')).toBe(
        NodeBuffer.from(text, encoding).toString('base64'),
      );
    }
  });

  it.each(BYTES)('decodes base64 of %j like Node', (...bytes) => {
    const base64 = NodeBuffer.from(bytes).toString('base64');
    const decoded = StandIn.from(base64, 'base64');
    for (const encoding of ['utf8', 'latin1', 'base64'] as const) {
      expect(decoded.toString(encoding)).toBe(NodeBuffer.from(bytes).toString(encoding));
    }
    expect(decoded.includes(0)).toBe(bytes.includes(0));
    expect(decoded.toString('latin1', 1, 3)).toBe(NodeBuffer.from(bytes).toString('latin1', 1, 3));
  });

  it.each(['QQ==QQ==', 'QUJDR', 'QUJD\nRA', '77u/QQ=='])(
    'decodes odd base64 %j like Node',
    (text) => {
      for (const encoding of ['latin1', 'utf8'] as const) {
        expect(StandIn.from(text, 'base64').toString(encoding)).toBe(
          NodeBuffer.from(text, 'base64').toString(encoding),
        );
      }
    },
  );

  it('compares bytes', () => {
    expect(StandIn.from('caf\u00e9', 'latin1').equals(StandIn.from('Y2Fm6Q==', 'base64'))).toBe(
      true,
    );
    expect(StandIn.from('caf\u00e9').equals(StandIn.from('caf\u00e9', 'latin1'))).toBe(false);
  });
});
