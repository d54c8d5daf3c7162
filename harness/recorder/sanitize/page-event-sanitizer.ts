import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { LOCATIONS, type SanitizeContext } from '../../sanitize/walk/context.js';
import {
  DomWalk,
  replaceFieldValue,
  sanitizeMutation,
  sanitizeSnapshot,
} from '../../sanitize/walk/dom.js';
import { sanitizeElementPayload } from '../../sanitize/walk/element-payloads.js';
import type { NodeRuleLookup } from '../../sanitize/walk/selector-matcher.js';
import { sanitizeCssStrings, sanitizeText } from '../../sanitize/walk/text.js';
import { sanitizeUrl } from '../../sanitize/walk/url.js';
import { sanitizeJsonTree, type JsonValue } from './json-tree.js';

type Json = Record<string, unknown>;

/**
 * Masks the findings in rrweb events before they leave the page: DOM text, comments and
 * attribute values (URLs part by part, CSS in its URLs and strings only), input values,
 * page URLs and custom event payloads. It uses the same DOM walk as `replaygate sanitize`,
 * with selector rules matched by `rules` when given, and keeps the ids of `<style>` text
 * nodes across events.
 *
 * NOTE: rrweb records every intermediate value of an unmasked field (`a`, `al`, ...), and the
 * detectors find a value only once it is complete, so the prefixes typed before it are
 * uploaded as typed. `replaygate sanitize` replaces them later from the final value.
 */
export class PageEventSanitizer {
  private readonly dom: DomWalk;

  constructor(
    private readonly context: SanitizeContext,
    private readonly rules?: NodeRuleLookup,
  ) {
    this.dom = new DomWalk(context, rules);
  }

  /** Sanitizes one event in place, in recording order, and returns it. */
  sanitize(event: eventWithTime): eventWithTime {
    const { context } = this;
    switch (event.type) {
      case EventType.FullSnapshot:
        this.dom.reset();
        sanitizeSnapshot(this.dom, event.data.node);
        break;
      case EventType.IncrementalSnapshot:
        this.sanitizeIncremental(event.data as unknown as Json & { source: number });
        break;
      case EventType.Meta:
        event.data.href = sanitizeUrl(context, event.data.href, LOCATIONS.pageUrl);
        break;
      case EventType.Custom: {
        const sanitizeJson = (value: unknown) =>
          sanitizeJsonTree(context, value as JsonValue, LOCATIONS.custom);
        const { tag, payload } = event.data;
        event.data.payload =
          sanitizeElementPayload(context, tag, payload, this.rules, sanitizeJson) ??
          sanitizeJson(payload);
        break;
      }
      case EventType.Plugin:
        event.data.payload = sanitizeJsonTree(
          context,
          event.data.payload as JsonValue,
          LOCATIONS.plugin,
        );
        break;
      default:
        break;
    }
    return event;
  }

  private sanitizeIncremental(data: Json & { source: number }): void {
    switch (data.source) {
      case IncrementalSource.Mutation:
        sanitizeMutation(this.dom, data as unknown as Parameters<typeof sanitizeMutation>[1]);
        return;
      case IncrementalSource.Input:
        if (typeof data.text === 'string') {
          data.text = this.sanitizeInput(data.text, data.id);
        }
        return;
      case IncrementalSource.StyleSheetRule:
      case IncrementalSource.StyleDeclaration:
      case IncrementalSource.AdoptedStyleSheet:
        sanitizeCssStrings(this.context, data);
        return;
      default:
        // Pointer, scroll, viewport and media events carry no text. Canvas, font and console
        // events would, but the recorder leaves those rrweb features off.
        return;
    }
  }

  /**
   * Masks an input value whole when a selector rule covers its field or the option chosen in a
   * select, else its findings.
   */
  private sanitizeInput(text: string, id: unknown): string {
    const rule = typeof id === 'number' ? this.rules?.ruleForValue(id, text) : undefined;
    if (rule === undefined) {
      return sanitizeText(this.context, text, LOCATIONS.input);
    }
    return text === '' ? text : replaceFieldValue(this.context, text, rule, LOCATIONS.input);
  }
}
