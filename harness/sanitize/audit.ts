import type { IncrementalSource, mutationData, serializedNodeWithId } from '@rrweb/types';
import type { Recording } from '../fixture/recording.js';
import { formatPath } from '../fixture/read-recording.js';
import type { Finding, TextSanitizer } from './types.js';
import {
  collectStyleIds,
  cssDataParts,
  decodedDataUrlTexts,
  isSinglePiece,
  scanPieces,
  withoutBinaryDataUrls,
} from './audit-scan.js';
import {
  classifyMediaType,
  decodeBase64Content,
  headerValue,
  mayContainDataUrl,
} from './walk/content-type.js';
import { dataFormatTexts } from './walk/data-format.js';
import { decodeEscapes } from './walk/escaped-text.js';
import { WALKED_SOURCES } from './walk/event.js';
import { dataFormatOf } from './walk/wire-body.js';
import { multipartTexts } from './walk/multipart.js';
import { PROTOCOL_HEADERS } from './walk/context.js';
import { renderedFindings } from './walk/rendered-text.js';
import {
  textRunsOfAdds,
  textRunsOfChanges,
  textRunsOfSnapshot,
  type TextRun,
} from './walk/text-runs.js';
import { overlapsEscape } from './walk/url-parts.js';
import {
  CREDENTIAL_HEADER_DETECTOR,
  CREDENTIAL_HEADERS,
  REMOVED_HEADER_VALUE,
} from './walk/context.js';

/** One sensitive value that `audit` found in a fixture, described without the value. */
export interface AuditFinding {
  fixture: string;
  /** Index in `events` when the value is in an rrweb event. */
  eventIndex?: number;
  /** JSON path of the string that contains the value, such as `events[12].data.text`. */
  path: string;
  detector: string;
  /** The value with all but its first and last two characters masked. */
  excerpt: string;
  /**
   * True when the value is in the data of an event that the sanitizer leaves as it is (mouse,
   * scroll, viewport, touch, media, drag and selection events, DOMContentLoaded and Load), so
   * no config rule reaches it.
   */
  inSkippedEvent?: true;
}

/** Result of auditing one fixture. */
export interface AuditReport {
  fixture: string;
  events: number;
  exchanges: number;
  /** The first findings, at most the auditor's `maxFindings`. */
  findings: AuditFinding[];
  /** Every finding, including those not listed. */
  findingCount: number;
}

type Segment = string | number;
type Scanner = Pick<TextSanitizer, 'scan' | 'findReplacements'>;

/** A finding kept back with a typed value, with the string and path where it was found. */
interface KeptFinding {
  finding: AuditFinding;
  /** The string scanned, its start and the value found, when it was scanned as written. */
  span?: { text: string; start: number; value: string };
  /** The path where it was found, kept for findings in a mutation. */
  segments?: Segment[];
}

/**
 * The latest value of a field, text node or attribute while the user types, with its
 * findings and those of earlier values that no later value showed inside a replacement.
 */
interface TypingRun {
  text: string;
  own: KeptFinding[];
  unconfirmed: KeptFinding[];
  /**
   * While values shrink (the user erases), the value they started from, with the spans of
   * its replacements once computed.
   */
  erasedFrom?: { text: string; spans?: readonly Finding[] };
}

/** Maximum number of text nodes, parents and attributes whose typing runs are followed at once. */
const MAX_FOLLOWED_RUNS = 1000;
/** Maximum number of unconfirmed findings of a run. Older ones are reported. */
const MAX_UNCONFIRMED = 64;

/** Returns the `id` and the text under `key` of a text change or text node, when both are there. */
function nodeTextOf(
  record: unknown,
  key: 'value' | 'textContent',
): { id: number; text: string } | undefined {
  const { id, [key]: text } = (record ?? {}) as Record<string, unknown>;
  return typeof id === 'number' && typeof text === 'string' ? { id, text } : undefined;
}

/**
 * Tells whether `text` shows a kept finding inside a pseudonym or a mask: `text` starts with
 * the scanned string up to the end of the finding, and one of `replacements` covers it.
 */
function isInsideReplacement(
  kept: KeptFinding,
  text: string,
  replacements: () => readonly Finding[],
): boolean {
  const span = kept.span;
  if (span === undefined) {
    return false;
  }
  const end = span.start + span.value.length;
  return (
    text.startsWith(span.text.slice(0, end)) &&
    replacements().some((replacement) => replacement.start <= span.start && end <= replacement.end)
  );
}

const CARD_LIKE_NUMBER = /^\d{12,19}$/;

/** Masks a value for output: at most its first and last two characters stay readable. */
export function maskValue(value: string): string {
  return `${maskCharacters(value)} (${[...value].length} characters)`;
}

/** Masks all but the first and last one or two characters of a value, as excerpts show it. */
function maskCharacters(value: string): string {
  const characters = [...value];
  let visible = 0;
  if (characters.length >= 10) {
    visible = 2;
  } else if (characters.length >= 6) {
    visible = 1;
  }
  return characters
    .map((char, index) => (index < visible || index >= characters.length - visible ? char : '*'))
    .join('');
}

/** rrweb incremental sources whose strings are CSS: style sheet rules, declarations, adopted sheets. */
const CSS_SOURCES = new Set([8, 13, 15]);
const CSS_ATTRIBUTES = new Set(['style', '_cssText']);
/**
 * Epoch times of events, exchanges and `meta`. They have as many digits as a card number,
 * and scanning one per event costs more than the rest of a small event.
 */
const CLOCK_KEYS = new Set(['timestamp', 'startedAt', 'endedAt']);
/** Tells whether the sanitizer leaves an event's data as it is. */
function isSkippedEvent(type: unknown, source: unknown): boolean {
  return (
    type === 0 || type === 1 || (type === 3 && !WALKED_SOURCES.has(source as IncrementalSource))
  );
}

/**
 * Incremental sources whose data the sanitizer walks as free JSON, keys included: canvas
 * mutations, fonts and console logs.
 */
const FREE_JSON_SOURCES = new Set([9, 10, 11]);

/**
 * Tells whether an event's data is free JSON whose keys an app chose (custom and plugin
 * payloads, events of newer rrweb versions), so the keys are scanned like values.
 */
function hasFreeKeys(type: unknown, source: unknown): boolean {
  if (type === 3) {
    return FREE_JSON_SOURCES.has(source as number);
  }
  return typeof type === 'number' && type >= 5;
}

interface EventShape {
  type?: unknown;
  data?: { source?: unknown; node?: unknown; adds?: Array<{ parentId?: unknown; node?: unknown }> };
}

/**
 * Scans every string of a recording with every detector, independently of the walkers that
 * sanitize. Each string leaf is scanned as written and, where it is percent-encoded, decoded.
 * Base64 bodies, their multipart parts one by one, and the payloads of base64 `data:` URLs
 * that read as text (see `decodeContentBytes`) are decoded, and numbers with as many digits
 * as a payment card are scanned too. Credential headers (`Authorization`, `Cookie`) that kept a value are
 * reported. The auditor skips what the sanitizer leaves alone by design: binary content
 * (base64 bodies and `data:` URLs that `decodeBase64Content` does not read as text), `class`
 * attributes, and CSS outside its URLs and quoted strings.
 */
export class RecordingAuditor {
  private readonly findings: AuditFinding[] = [];
  private findingCount = 0;
  private events = 0;
  private exchanges = 0;
  private eventIndex: number | undefined;
  private inSkippedEvent = false;
  /** Whether the keys of the element being walked are scanned too. */
  private scanKeys = false;
  /** Findings added so far, reported or held with an Input event. */
  private added = 0;
  /** Ids of `<style>` elements and their text nodes on the current page. */
  private readonly styleIds = new Set<number>();
  /** Typing runs per field, kept until the next value shows whether they go on. */
  private readonly inputRuns = new Map<number, TypingRun>();
  /** Typing runs with findings per text node, such as a live preview. */
  private readonly nodeRuns = new Map<number, TypingRun>();
  /** Typing runs with findings per parent of added text nodes (`textContent` set by a script). */
  private readonly parentRuns = new Map<number, TypingRun>();
  /** Typing runs with findings per element and attribute name, such as a mirrored `value`. */
  private readonly attributeRuns = new Map<string, TypingRun>();
  /** Collector of the findings of the Input value or text change being scanned. */
  private capture: KeptFinding[] | undefined;
  /** Whether captured findings keep the path segments where they were found. */
  private captureSegments = false;

  constructor(
    private readonly fixture: string,
    private readonly scanner: Scanner,
    private readonly maxFindings = 100,
  ) {}

  /** Scans a top-level field such as `meta`. */
  field(key: string, value: unknown): void {
    this.eventIndex = undefined;
    this.walk(value, [key], false);
  }

  /** Counts an event that `readPlainEvent` recognized, which contains nothing to scan. */
  plainEvent(index: number): void {
    this.events += 1;
    this.eventIndex = index;
  }

  event(event: unknown, index: number): void {
    this.events += 1;
    this.eventIndex = index;
    const { type, data } = (event ?? {}) as EventShape;
    const input = inputOf(event);
    if (input) {
      this.scanInput(event, index, input);
      return;
    }
    if (type === 2) {
      this.settleRuns();
      this.styleIds.clear();
      collectStyleIds(data?.node, false, this.styleIds);
    } else if (type === 3 && data?.source === 0) {
      for (const add of data.adds ?? []) {
        const parent = typeof add.parentId === 'number' && this.styleIds.has(add.parentId);
        collectStyleIds(add.node, parent, this.styleIds);
      }
    }
    this.scanKeys = hasFreeKeys(type, data?.source);
    this.inSkippedEvent = isSkippedEvent(type, data?.source);
    if (type === 3 && data?.source === 0) {
      this.walkMutation(event as EventShape, index);
    } else {
      this.walk(event, ['events', index], type === 3 && CSS_SOURCES.has(data?.source as number));
    }
    this.scanKeys = false;
    this.inSkippedEvent = false;
    if (type === 2 && typeof data?.node === 'object' && data.node !== null) {
      this.scanTextRuns(textRunsOfSnapshot(data.node as serializedNodeWithId), index, 'node');
    } else if (type === 3 && data?.source === 0) {
      const mutation = data as Partial<mutationData>;
      if (Array.isArray(mutation.adds)) {
        this.scanTextRuns(textRunsOfAdds(mutation.adds), index, 'adds');
      }
      if (Array.isArray(mutation.texts)) {
        const isStyleText = (id: number) => this.styleIds.has(id);
        this.scanTextRuns(textRunsOfChanges(mutation.texts, isStyleText), index, 'texts');
      }
    }
  }

  /**
   * Walks a DOM mutation. Findings in the text of a text change, of a text node that the
   * mutation adds, or of a changed attribute, are kept as values of typing runs (see
   * {@link followRun}). A value whose node, parent or attribute has a run advances that
   * run even without findings.
   */
  private walkMutation(event: EventShape, index: number): void {
    const captured: KeptFinding[] = [];
    this.capture = captured;
    this.captureSegments = true;
    this.walk(event, ['events', index], false);
    this.capture = undefined;
    this.captureSegments = false;

    if (
      captured.length === 0 &&
      this.nodeRuns.size === 0 &&
      this.parentRuns.size === 0 &&
      this.attributeRuns.size === 0
    ) {
      return;
    }
    const data = event.data as { texts?: unknown; adds?: unknown; attributes?: unknown };
    const texts = Array.isArray(data.texts) ? (data.texts as unknown[]) : [];
    const adds = Array.isArray(data.adds) ? (data.adds as unknown[]) : [];
    const attributes = Array.isArray(data.attributes) ? (data.attributes as unknown[]) : [];

    const textOwn = new Map<number, KeptFinding[]>();
    const addOwn = new Map<number, KeptFinding[]>();
    const attributeOwn = new Map<string, KeptFinding[]>();
    const keep = <Key>(map: Map<Key, KeptFinding[]>, key: Key, kept: KeptFinding) =>
      map.set(key, [...(map.get(key) ?? []), kept]);
    for (const kept of captured) {
      // The paths are `events, N, data, texts, i, value`, `events, N, data, adds, i, node,
      // textContent` and `events, N, data, attributes, i, attributes, name`.
      const [, , , list, position, key, name] = kept.segments ?? [];
      if (typeof position !== 'number') {
        this.commit(kept.finding);
      } else if (list === 'texts' && key === 'value' && nodeTextOf(texts[position], 'value')) {
        keep(textOwn, position, kept);
      } else if (
        list === 'adds' &&
        key === 'node' &&
        name === 'textContent' &&
        this.addedText(adds[position])
      ) {
        keep(addOwn, position, kept);
      } else if (list === 'attributes' && key === 'attributes' && typeof name === 'string') {
        keep(attributeOwn, `${position} ${name}`, kept);
      } else {
        this.commit(kept.finding);
      }
    }

    texts.forEach((change, position) => {
      const nodeText = nodeTextOf(change, 'value');
      if (nodeText !== undefined) {
        this.followRun(this.nodeRuns, nodeText.id, nodeText.text, textOwn.get(position) ?? []);
      }
    });
    adds.forEach((add, position) => {
      const added = this.addedText(add);
      if (added !== undefined) {
        this.followRun(this.parentRuns, added.parentId, added.text, addOwn.get(position) ?? []);
      }
    });
    if (attributeOwn.size === 0 && this.attributeRuns.size === 0) {
      return;
    }
    // An attribute that mirrors a field (React writes `value` on every key) is a run too.
    attributes.forEach((change, position) => {
      const { id, attributes: values } = (change ?? {}) as { id?: unknown; attributes?: unknown };
      if (typeof id !== 'number' || typeof values !== 'object' || values === null) {
        return;
      }
      for (const [name, value] of Object.entries(values)) {
        if (typeof value === 'string') {
          const own = attributeOwn.get(`${position} ${name}`) ?? [];
          this.followRun(this.attributeRuns, `${id} ${name}`, value, own);
        }
      }
    });
  }

  /** Returns the text and parent of an added text node that is not CSS. */
  private addedText(add: unknown): { parentId: number; text: string } | undefined {
    const { parentId, node } = (add ?? {}) as { parentId?: unknown; node?: unknown };
    const nodeText = nodeTextOf(node, 'textContent');
    const { type, isStyle } = (node ?? {}) as { type?: unknown; isStyle?: unknown };
    if (
      typeof parentId !== 'number' ||
      nodeText === undefined ||
      type !== 3 ||
      isStyle === true ||
      this.styleIds.has(nodeText.id)
    ) {
      return undefined;
    }
    return { parentId, text: nodeText.text };
  }

  /**
   * Advances the typing run of a text node, of the parent of added text nodes, or of an
   * attribute, to the value `text` with findings `own`. A node that shows a field's value as it
   * is typed (a preview) shows each prefix of the value's pseudonym, and the prefix of an API
   * key's pseudonym lacks the tag that marks it. So each value's findings are kept, and dropped only
   * when a later value shows them inside a pseudonym or a mask, or when the value erases from
   * one that does. A real key typed on shows as typed in every later value, so its findings
   * are reported.
   */
  private followRun<Key>(
    runs: Map<Key, TypingRun>,
    key: Key,
    text: string,
    own: KeptFinding[],
  ): void {
    const pending = runs.get(key);
    if (pending === undefined && own.length === 0) {
      return;
    }
    runs.delete(key);
    const run = this.advanceRun(pending, text, own, false);
    // A run is followed while it has findings, and one value longer: the next value may erase
    // from a pseudonym that this one shows.
    const pendingHadFindings =
      pending !== undefined && pending.own.length + pending.unconfirmed.length > 0;
    if (
      run.own.length + run.unconfirmed.length > 0 ||
      run.erasedFrom !== undefined ||
      pendingHadFindings
    ) {
      runs.set(key, run);
      if (runs.size > MAX_FOLLOWED_RUNS) {
        const [oldest, evicted] = runs.entries().next().value as [Key, TypingRun];
        runs.delete(oldest);
        this.settleRun(evicted);
      }
    }
  }

  /**
   * Reports the values that the page shows but no single string holds: split across
   * neighbouring text nodes (an address with its domain in bold), or broken by white space
   * or invisible characters that the page does not show.
   */
  private scanTextRuns(runs: TextRun[], index: number, key: 'node' | 'adds' | 'texts'): void {
    for (const run of runs) {
      for (const { finding, nodeIds } of renderedFindings(run, this.scanner)) {
        const where =
          nodeIds.length > 1
            ? `split across text nodes ${nodeIds.join(', ')}`
            : `text node ${nodeIds[0]}, as shown`;
        this.add(['events', index, 'data', key], finding.detector, finding.value, ` (${where})`);
      }
    }
  }

  exchange(exchange: unknown, index: number): void {
    // NOTE: request URLs form no typing runs. A search that sends each prefix of a phone
    // number whose prefixes are valid numbers (`+49 30 5211`) is reported in its requests.
    this.exchanges += 1;
    this.eventIndex = undefined;
    const record = exchange as { request?: BodyOwner; response?: BodyOwner };
    for (const side of ['request', 'response'] as const) {
      const owner = record[side];
      const body = owner?.body;
      const contentType = headerValue(owner?.headers ?? {}, 'content-type');
      const path = ['network', index, side, 'body', 'data'];
      if (body?.encoding === 'base64' && typeof body.data === 'string') {
        this.scanBase64Body(body.data, contentType, path);
      } else if (
        body?.encoding === 'text' &&
        typeof body.data === 'string' &&
        dataFormatOf(contentType) === 'grpc-web-text'
      ) {
        // The text is base64 of gRPC frames; the walk below scans it as written too.
        for (const text of dataFormatTexts(Buffer.from(body.data, 'latin1'), contentType) ?? []) {
          this.scanString(text, path, ' (base64-decoded)');
        }
      }
    }
    this.walk(withoutProtocolHeaders(exchange), ['network', index], false);
  }

  report(): AuditReport {
    this.settleRuns();
    return {
      fixture: this.fixture,
      events: this.events,
      exchanges: this.exchanges,
      findings: this.findings,
      findingCount: this.findingCount,
    };
  }

  /**
   * Scans an Input value as the next value of its field's run (see {@link advanceRun}). A
   * value that the next one extends (the user typed on) carries no information beyond it,
   * and a prefix of a pseudonym can look like another kind of value (the first digits of a
   * card read as a phone number), so its findings are dropped. The findings of a value that
   * the next one does not extend are reported unless a later value shows them replaced.
   */
  private scanInput(event: unknown, index: number, input: { id: number; text: string }): void {
    const pending = this.inputRuns.get(input.id);
    this.capture = [];
    this.walk(event, ['events', index], false);
    const own = this.capture;
    this.capture = undefined;
    const extended = pending !== undefined && input.text.startsWith(pending.text);
    this.inputRuns.set(input.id, this.advanceRun(pending, input.text, own, extended));
  }

  /**
   * Moves a run on to its next value `text` with findings `own`. The previous value's
   * findings join the unconfirmed ones, unless `dropPrevious` is set because `text` extends a
   * field's value. Unconfirmed findings that `text` shows inside a pseudonym or a mask are
   * dropped: the characters found are part of a replacement, not a value as recorded. So
   * are the findings of `text` when it erases from a value that shows them that way.
   */
  private advanceRun(
    run: TypingRun | undefined,
    text: string,
    own: KeptFinding[],
    dropPrevious: boolean,
  ): TypingRun {
    if (run === undefined) {
      return { text, own, unconfirmed: [] };
    }
    // A value that erases from a pseudonym shows a prefix of it, which the value it erases
    // from confirms.
    const erasedFrom =
      text.length < run.text.length && run.text.startsWith(text)
        ? (run.erasedFrom ?? { text: run.text })
        : undefined;
    if (erasedFrom !== undefined && own.length > 0) {
      const spans = this.replacementsIn(erasedFrom);
      own = own.filter((kept) => !isInsideReplacement(kept, erasedFrom.text, spans));
    }
    let unconfirmed = dropPrevious ? run.unconfirmed : [...run.unconfirmed, ...run.own];
    if (unconfirmed.length > 0) {
      const spans = this.replacementsIn({ text });
      unconfirmed = unconfirmed.filter((kept) => !isInsideReplacement(kept, text, spans));
      while (unconfirmed.length > MAX_UNCONFIRMED) {
        this.commit(unconfirmed.shift()!.finding);
      }
    }
    return erasedFrom === undefined
      ? { text, own, unconfirmed }
      : { text, own, unconfirmed, erasedFrom };
  }

  /**
   * Returns a function that finds the pseudonyms and masks in `target.text` on its first call
   * and keeps them in `target.spans`, so a text is scanned only when a kept finding may lie
   * inside it.
   */
  private replacementsIn(target: {
    text: string;
    spans?: readonly Finding[];
  }): () => readonly Finding[] {
    return () => (target.spans ??= this.scanner.findReplacements?.(target.text) ?? []);
  }

  /** Reports the findings a run still keeps. */
  private settleRun(run: TypingRun): void {
    run.unconfirmed.forEach((kept) => this.commit(kept.finding));
    run.own.forEach((kept) => this.commit(kept.finding));
  }

  private settleRuns(): void {
    this.inputRuns.forEach((run) => this.settleRun(run));
    this.inputRuns.clear();
    for (const runs of [this.nodeRuns, this.parentRuns, this.attributeRuns]) {
      runs.forEach((run: TypingRun) => this.settleRun(run));
      runs.clear();
    }
  }

  private walk(value: unknown, path: Segment[], css: boolean): void {
    if (typeof value === 'string') {
      if (css) {
        cssDataParts(value).forEach((part) => this.scanString(part, path, ''));
      } else {
        this.scanString(value, path, '');
      }
    } else if (typeof value === 'number') {
      // Only numbers from 10^11 up to 10^19 print as 12 to 19 digits, so most numbers (ids,
      // coordinates, offsets) skip building a string.
      if (value >= 1e11 && value < 1e19) {
        const digits = String(value);
        if (CARD_LIKE_NUMBER.test(digits)) {
          this.scanString(digits, path, '');
        }
      }
    } else if (Array.isArray(value)) {
      // One path array is extended and shortened in place; findings copy it when formatted.
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        this.walk(value[index], path, css);
        path.pop();
      }
    } else if (typeof value === 'object' && value !== null) {
      this.walkObject(value as Record<string, unknown>, path, css);
    }
  }

  private walkObject(record: Record<string, unknown>, path: Segment[], css: boolean): void {
    const parentKey = path[path.length - 1];
    const isBase64Body = record.encoding === 'base64' && parentKey === 'body';
    const isStyleText =
      (record.type === 3 && record.isStyle === true) ||
      (parentKey !== undefined && typeof record.id === 'number' && this.styleIds.has(record.id));
    const isEnvelope = path.length <= 2;
    const isAttribute = parentKey === 'attributes';
    // Parsed JSON objects have no inherited enumerable keys, so `for...in` lists own keys
    // without the array that `Object.entries` allocates per object.
    for (const key in record) {
      const child = record[key];
      const isClock = isEnvelope && typeof child === 'number' && CLOCK_KEYS.has(key);
      if ((isBase64Body && key === 'data') || (isAttribute && key === 'class') || isClock) {
        continue;
      }
      if (this.scanKeys) {
        // The path of a finding shows its key, so a key with a finding is shown masked, in
        // this finding and in those below it.
        const before = this.added;
        path.push(maskCharacters(key));
        this.scanString(key, path, ' (key)');
        if (this.added === before) {
          path[path.length - 1] = key;
        }
      } else {
        path.push(key);
      }
      if (
        typeof child === 'string' &&
        isCredentialHeaderName(key) &&
        child !== REMOVED_HEADER_VALUE
      ) {
        this.add(path, CREDENTIAL_HEADER_DETECTOR, child, '');
      } else {
        const childIsCss =
          css ||
          (isAttribute && CSS_ATTRIBUTES.has(key)) ||
          (isStyleText && (key === 'textContent' || key === 'value'));
        this.walk(child, path, childIsCss);
      }
      path.pop();
    }
  }

  private scanBase64Body(data: string, contentType: string | undefined, path: Segment[]): void {
    // Protobuf, gRPC, MessagePack and CBOR are read by their structure, as sanitize reads them.
    const structured = dataFormatOf(contentType)
      ? dataFormatTexts(Buffer.from(data, 'base64'), contentType)
      : undefined;
    if (structured !== undefined) {
      for (const text of structured) {
        this.scanString(text, path, ' (base64-decoded)');
      }
      return;
    }
    if (classifyMediaType(contentType) === 'multipart') {
      // Each part is judged on its own, so a binary file part does not hide the text fields.
      for (const text of multipartTexts(Buffer.from(data, 'base64'), contentType)) {
        this.scanString(text, path, ' (base64-decoded)');
      }
      return;
    }
    const decoded = decodeBase64Content(data, contentType);
    if (decoded !== undefined) {
      this.scanString(decoded.text, path, ' (base64-decoded)');
    }
  }

  private scanString(text: string, path: Segment[], note: string): void {
    const hasDataUrl = mayContainDataUrl(text);
    if (hasDataUrl) {
      for (const decoded of decodedDataUrlTexts(text)) {
        this.scanString(decoded, path, `${note} (in a data: URL)`);
      }
    }
    const scanned = hasDataUrl ? withoutBinaryDataUrls(text) : text;
    // Most strings have no finding, so the set of reported values is made at the first one.
    let found: Set<string> | undefined;
    if (isSinglePiece(scanned)) {
      // The common case: text that is neither a URL nor encoded is scanned once, as written.
      for (const finding of this.scanner.scan(scanned)) {
        if (!overlapsEscape(scanned, finding.start, finding.end)) {
          (found ??= new Set()).add(finding.value);
          const span = hasDataUrl
            ? undefined
            : { text, start: finding.start, value: finding.value };
          this.add(path, finding.detector, finding.value, note, span);
        }
      }
      this.scanEscaped(scanned, path, note, found);
      return;
    }
    const pieces = scanPieces(scanned);
    for (const piece of pieces.written) {
      // Text that is neither a URL nor a form body (`+49 30 5211`) is its own only piece.
      const isWhole = piece === text;
      for (const finding of this.scanner.scan(piece)) {
        if (!overlapsEscape(piece, finding.start, finding.end)) {
          (found ??= new Set()).add(finding.value);
          const span = isWhole ? { text, start: finding.start, value: finding.value } : undefined;
          this.add(path, finding.detector, finding.value, note, span);
        }
      }
    }
    for (const piece of pieces.decoded) {
      for (const finding of this.scanner.scan(piece)) {
        if (found?.has(finding.value) !== true) {
          (found ??= new Set()).add(finding.value);
          this.add(path, finding.detector, finding.value, `${note} (URL-decoded)`);
        }
      }
    }
    this.scanEscaped(scanned, path, note, found);
  }

  /**
   * Scans text with its HTML references and script escapes decoded, as the sanitizer reads
   * it (`rosalind&#64;...`, `Bearer&#32;...`). Values in `found` were reported already.
   */
  private scanEscaped(
    text: string,
    path: Segment[],
    note: string,
    found: Set<string> | undefined,
  ): void {
    const escaped = decodeEscapes(text);
    if (escaped === undefined) {
      return;
    }
    for (const finding of this.scanner.scan(escaped.text)) {
      if (found?.has(finding.value) !== true) {
        (found ??= new Set()).add(finding.value);
        this.add(path, finding.detector, finding.value, `${note} (escapes decoded)`);
      }
    }
  }

  private add(
    path: Segment[],
    detector: string,
    value: string,
    note: string,
    span?: KeptFinding['span'],
  ): void {
    this.added += 1;
    const finding: AuditFinding = {
      fixture: this.fixture,
      ...(this.eventIndex === undefined ? {} : { eventIndex: this.eventIndex }),
      path: `${formatPath(path)}${note}`,
      detector,
      excerpt: maskValue(value),
      ...(this.inSkippedEvent ? { inSkippedEvent: true as const } : {}),
    };
    if (this.capture) {
      const kept: KeptFinding = span === undefined ? { finding } : { finding, span };
      if (this.captureSegments) {
        kept.segments = path.slice();
      }
      this.capture.push(kept);
    } else {
      this.commit(finding);
    }
  }

  private commit(finding: AuditFinding): void {
    this.findingCount += 1;
    if (this.findings.length < this.maxFindings) {
      this.findings.push(finding);
    }
  }
}

/** Lengths of the credential header names; lower-casing to ASCII keeps a key's length. */
const CREDENTIAL_HEADER_LENGTHS = new Set([...CREDENTIAL_HEADERS].map((name) => name.length));

/** Tells whether a key names a credential header, without lower-casing most keys. */
function isCredentialHeaderName(key: string): boolean {
  return CREDENTIAL_HEADER_LENGTHS.has(key.length) && CREDENTIAL_HEADERS.has(key.toLowerCase());
}

/** Returns the field id and value of an rrweb Input event, or undefined for other events. */
function inputOf(event: unknown): { id: number; text: string } | undefined {
  const { type, data } = (event ?? {}) as {
    type?: unknown;
    data?: { source?: unknown; id?: unknown; text?: unknown };
  };
  if (
    type === 3 &&
    data?.source === 5 &&
    typeof data.id === 'number' &&
    typeof data.text === 'string'
  ) {
    return { id: data.id, text: data.text };
  }
  return undefined;
}

interface BodyOwner {
  headers?: Record<string, string>;
  body?: { encoding?: unknown; data?: unknown };
}

/** Audits a recording held in memory. */
export function auditRecording(
  fixture: string,
  recording: Recording,
  scanner: Scanner,
): AuditReport {
  const auditor = new RecordingAuditor(fixture, scanner);
  for (const [key, value] of Object.entries(recording)) {
    if (key !== 'events' && key !== 'network') {
      auditor.field(key, value);
    }
  }
  recording.events.forEach((event, index) => auditor.event(event, index));
  recording.network.forEach((exchange, index) => auditor.exchange(exchange, index));
  return auditor.report();
}

/** Returns a copy of an exchange without the protocol headers that sanitizing leaves alone. */
function withoutProtocolHeaders(exchange: unknown): unknown {
  const record = exchange as { request?: BodyOwner; response?: BodyOwner };
  const copy: Record<string, unknown> = { ...(exchange as Record<string, unknown>) };
  for (const side of ['request', 'response'] as const) {
    const owner = record[side];
    if (owner?.headers) {
      const headers = Object.fromEntries(
        Object.entries(owner.headers).filter(([name]) => !PROTOCOL_HEADERS.has(name.toLowerCase())),
      );
      copy[side] = { ...owner, headers };
    }
  }
  return copy;
}
