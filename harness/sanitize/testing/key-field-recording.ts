import { h, RrwebStream } from '../../compile/testing/rrweb-stream.js';
import type { NetworkExchange, Recording } from '../../fixture/recording.js';

/**
 * Returns a recording in which a key is entered in a plain text field, typed one key at a
 * time or pasted in one event, and then `request` leaves 100 ms later with an empty response.
 */
export function keyFieldRecording(
  key: string,
  request: NetworkExchange['request'],
  entry: 'typed' | 'pasted' = 'typed',
): Recording {
  const stream = new RrwebStream();
  const refs = stream.page('http://127.0.0.1:4173/', h('input', { ref: 'key', type: 'text' }));
  if (entry === 'pasted') {
    stream.wait(50).input(refs.key!, key, { userTriggered: true });
  } else {
    stream.typeText(refs.key!, key);
  }
  const recording = stream.recording('key field');
  const startedAt = recording.events.at(-1)!.timestamp + 100;
  recording.network = [
    {
      id: 0,
      initiator: 'fetch',
      startedAt,
      endedAt: startedAt + 10,
      pageUrl: 'http://127.0.0.1:4173/',
      request,
      response: { status: 204, statusText: 'No Content', headers: {} },
    },
  ];
  return recording;
}
