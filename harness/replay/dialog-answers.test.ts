import type { eventWithTime } from '@rrweb/types';
import { describe, expect, it } from 'vitest';
import { CUSTOM_EVENT_TAGS } from '../fixture/recording.js';
import { DialogAnswers } from './dialog-answers.js';

function dialogEvent(payload: unknown, timestamp: number): eventWithTime {
  return { type: 5, timestamp, data: { tag: CUSTOM_EVENT_TAGS.dialog, payload } };
}

describe('DialogAnswers', () => {
  it('answers each kind in order', () => {
    const answers = new DialogAnswers({
      events: [
        dialogEvent({ type: 'confirm', accepted: true }, 1),
        dialogEvent({ type: 'prompt', accepted: true, value: 'Fern' }, 2),
        dialogEvent({ type: 'confirm', accepted: false }, 3),
      ],
    });
    expect(answers.next('confirm')).toEqual({ accepted: true });
    expect(answers.next('prompt')).toEqual({ accepted: true, value: 'Fern' });
    expect(answers.next('confirm')).toEqual({ accepted: false });
    expect(answers.next('confirm')).toBeUndefined();
  });

  it('skips malformed payloads', () => {
    const answers = new DialogAnswers({
      events: [
        dialogEvent(null, 1),
        dialogEvent({ type: 'alert', accepted: true }, 2),
        dialogEvent({ type: 'prompt', accepted: 'yes', value: 7 }, 3),
      ],
    });
    expect(answers.next('alert')).toBeUndefined();
    expect(answers.next('prompt')).toEqual({ accepted: false });
  });
});
