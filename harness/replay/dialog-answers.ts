import {
  CUSTOM_EVENT_TAGS,
  type DialogEventPayload,
  type Recording,
} from '../fixture/recording.js';

/** The recorded user's answer to one `confirm()` or `prompt()` dialog. */
export interface DialogAnswer {
  accepted: boolean;
  /** Text to accept a `prompt()` with. */
  value?: string;
}

/**
 * Returns the recorded answers to `confirm()` and `prompt()` dialogs in recorded order, one
 * queue per kind. The replay repeats the user's steps in order, so its n-th confirm is the
 * recording's n-th confirm.
 */
export class DialogAnswers {
  private readonly queues = new Map<string, DialogAnswer[]>();

  constructor(recording: Pick<Recording, 'events'>) {
    for (const event of recording.events) {
      if (event.type !== 5 || event.data.tag !== CUSTOM_EVENT_TAGS.dialog) {
        continue;
      }
      const payload = event.data.payload as Partial<DialogEventPayload> | null;
      if ((payload?.type !== 'confirm' && payload?.type !== 'prompt') || !payload) {
        continue;
      }
      const answer: DialogAnswer = { accepted: payload.accepted === true };
      if (typeof payload.value === 'string') {
        answer.value = payload.value;
      }
      const queue = this.queues.get(payload.type) ?? [];
      queue.push(answer);
      this.queues.set(payload.type, queue);
    }
  }

  /** Returns the next recorded answer to a dialog of `type`, or undefined when none is left. */
  next(type: string): DialogAnswer | undefined {
    return this.queues.get(type)?.shift();
  }
}
