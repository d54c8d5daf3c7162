import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';
import { LOCATIONS, type SanitizeContext } from './context.js';
import { DomWalk, sanitizeMutation, sanitizeSnapshot } from './dom.js';
import {
  editLines,
  sanitizeEditText,
  sanitizeElementPayload,
  type EditChains,
} from './element-payloads.js';
import { sanitizeJsonValue } from './json-value.js';
import { SelectorMatcher, type LateValueRules, type NodeRuleLookup } from './selector-matcher.js';
import { sanitizeCssStrings } from './text.js';
import type { TypingFinals } from './typing-chains.js';
import { InputSanitizer } from './typing.js';
import { sanitizeUrl } from './url.js';

type Json = Record<string, unknown>;

/**
 * Remembers a step of typing into a `contenteditable` element for the page text that shows
 * it: the whole text, and each line, because each line of the element is a text node of its
 * own. A line that the step left as it was is not remembered.
 */
function recordEditEcho(context: SanitizeContext, typed: string, sanitized: string): void {
  context.typed?.record(typed, sanitized);
  const typedLines = editLines(typed);
  const sanitizedLines = editLines(sanitized);
  if (typedLines.length > 1 && typedLines.length === sanitizedLines.length) {
    typedLines.forEach((line, position) => context.typed?.record(line, sanitizedLines[position]!));
  }
}

/**
 * Incremental sources whose data {@link EventSanitizer} walks: mutations, inputs, style sheet
 * changes, canvas mutations, fonts and console logs. The audit reads it to tell which findings
 * no config rule reaches, so it must list the cases of `sanitizeIncremental`.
 */
export const WALKED_SOURCES: ReadonlySet<IncrementalSource> = new Set([
  IncrementalSource.Mutation,
  IncrementalSource.Input,
  IncrementalSource.StyleSheetRule,
  IncrementalSource.StyleDeclaration,
  IncrementalSource.AdoptedStyleSheet,
  IncrementalSource.CanvasMutation,
  IncrementalSource.Font,
  IncrementalSource.Log,
]);

/**
 * Sanitizes the rrweb events of one session in order. It keeps the state that spans events:
 * the DOM mirror that selector rules match against, the ids of `<style>` text nodes, and
 * the typing chains of Input events.
 */
export class EventSanitizer {
  private readonly matcher: SelectorMatcher | undefined;
  private readonly dom: DomWalk;
  private readonly inputs: InputSanitizer;
  /** The typing chains of the recorder's edit events on `contenteditable` elements. */
  private readonly edits: InputSanitizer;

  /**
   * @param knownLateRules what {@link lateRules} returned after an earlier run over the same
   *   events.
   */
  constructor(
    private readonly context: SanitizeContext,
    finals: TypingFinals,
    private readonly knownLateRules: LateValueRules = new Map(),
  ) {
    const { selectors } = context.rules;
    this.matcher = selectors.length > 0 ? new SelectorMatcher(selectors) : undefined;
    this.dom = new DomWalk(context, this.matcher);
    this.inputs = new InputSanitizer(context, finals);
    this.edits = new InputSanitizer(context, finals, {
      kind: 'edit',
      location: LOCATIONS.custom,
      // The step of a chain keeps the detectors' replacements of the final text, and page
      // text is also read for escapes and credentials, as the audit reads the edit.
      finish: (sanitized) => sanitizeEditText(context, sanitized),
      recordEcho: (typed, sanitized) => recordEditEcho(context, typed, sanitized),
    });
  }

  /** Sanitizes one event in place and returns it. `index` is its position in `events`. */
  sanitize(event: eventWithTime, index: number): eventWithTime {
    switch (event.type) {
      case EventType.FullSnapshot:
        this.matcher?.loadSnapshot(event.data.node);
        this.dom.reset();
        this.inputs.reset();
        this.edits.reset();
        sanitizeSnapshot(this.dom, event.data.node);
        break;
      case EventType.IncrementalSnapshot:
        this.sanitizeIncremental(event.data as unknown as Json & { source: number }, index);
        break;
      case EventType.Meta:
        event.data.href = sanitizeUrl(this.context, event.data.href, LOCATIONS.pageUrl);
        break;
      case EventType.Custom:
        event.data.payload = this.sanitizeCustom(event.data.tag, event.data.payload, index);
        break;
      case EventType.Plugin:
        event.data.payload = sanitizeJsonValue(this.context, event.data.payload, LOCATIONS.plugin);
        break;
      case EventType.DomContentLoaded:
      case EventType.Load:
        break;
      default:
        // Asset and annotation events of newer rrweb versions: their strings are walked as JSON.
        sanitizeJsonValue(this.context, (event as { data: unknown }).data, LOCATIONS.plugin);
        break;
    }
    return event;
  }

  /**
   * Returns the rules of `<select>` options that arrived after an event that chose them (an
   * Input event or the recorder's select event), by the event's index and the value. The
   * detectors alone sanitized such values, so unless these rules were passed to the
   * constructor, the session must be sanitized again with them.
   */
  lateRules(): LateValueRules {
    return this.matcher?.lateRules() ?? new Map();
  }

  /**
   * Returns the rule lookup for the event at `index`. A select value that no option has yet
   * is noted for {@link lateRules}, and gets the rule that an earlier run found for it.
   */
  private lookupFor(index: number): NodeRuleLookup | undefined {
    const matcher = this.matcher;
    if (matcher === undefined) {
      return undefined;
    }
    const known = this.knownLateRules.get(index);
    return {
      ruleForElement: (id) => matcher.ruleForElement(id),
      ruleForNode: (id) => matcher.ruleForNode(id),
      ruleForSubtree: (id) => matcher.ruleForSubtree(id),
      ruleForValue: (id, value) => {
        const rule = matcher.ruleForValue(id, value);
        if (rule === undefined) {
          matcher.awaitOption(id, value, index);
        }
        return rule ?? known?.get(value);
      },
    };
  }

  /** Ends the typing chains still open after the last event. */
  endEvents(): void {
    this.inputs.finish();
    this.edits.finish();
  }

  /**
   * Sanitizes a custom event's payload string by string. The recorder's edits and chosen
   * files belong to an element, so the `selectors` rule of that element applies to them.
   */
  private sanitizeCustom(tag: string, payload: unknown, index: number): unknown {
    const sanitizeJson = (value: unknown) =>
      sanitizeJsonValue(this.context, value, LOCATIONS.custom);
    const chains: EditChains = {
      sanitize: (id, text, previous) =>
        this.edits.sanitizeValue(id, text, index, undefined, previous),
      observe: (id, text) => void this.edits.observe(id, text, index),
    };
    return (
      sanitizeElementPayload(
        this.context,
        tag,
        payload,
        this.lookupFor(index),
        sanitizeJson,
        chains,
      ) ?? sanitizeJson(payload)
    );
  }

  private sanitizeIncremental(data: Json & { source: number }, index: number): void {
    const { context } = this;
    switch (data.source) {
      case IncrementalSource.Mutation: {
        const mutation = data as unknown as Parameters<typeof sanitizeMutation>[1];
        this.matcher?.applyMutation(mutation);
        sanitizeMutation(this.dom, mutation);
        return;
      }
      case IncrementalSource.Input: {
        const input = data as unknown as Parameters<InputSanitizer['sanitize']>[0];
        if (typeof input.text === 'string') {
          const rule = this.lookupFor(index)?.ruleForValue(input.id, input.text);
          this.inputs.sanitize(input, index, rule);
        }
        return;
      }
      case IncrementalSource.StyleSheetRule:
      case IncrementalSource.StyleDeclaration:
      case IncrementalSource.AdoptedStyleSheet:
        sanitizeCssStrings(context, data);
        return;
      case IncrementalSource.CanvasMutation:
        sanitizeJsonValue(context, data, LOCATIONS.canvas);
        return;
      case IncrementalSource.Font:
      case IncrementalSource.Log:
        sanitizeJsonValue(context, data, LOCATIONS.plugin);
        return;
      default:
        return;
    }
  }
}
