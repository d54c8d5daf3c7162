import type { DetectorName, Finding } from '../types.js';
import { LOCATIONS, type SanitizeContext } from './context.js';
import type { TextRun } from './text-runs.js';

/** The scanner that {@link renderedFindings} reads the text of a run with. */
export interface Scanner {
  scan(text: string): Finding[];
}

/**
 * Characters that the page does not show as written: white space other than single spaces,
 * which HTML collapses, the no-break space, and invisible format characters (soft hyphen,
 * zero-width space and joiners, word joiner, byte order mark).
 */
const RENDERED_OTHERWISE = /[\t\n\r\f\u00a0\u00ad\u200b-\u200d\u2060\ufeff]| {2}/;
const INVISIBLE = new Set([0xad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]);
const COLLAPSIBLE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0c]);
const NO_BREAK_SPACE = 0xa0;
const SPACE = 0x20;
/** Marks a space in the rendered text that no character of a node stands for. */
const BETWEEN_ELEMENTS = -1;

/** Tells whether the page shows `text` otherwise than it is written; see {@link renderRun}. */
export function needsRendering(text: string): boolean {
  return RENDERED_OTHERWISE.test(text);
}

/** The text of a run as the page shows it, with where each of its characters comes from. */
interface RenderedRun {
  text: string;
  /** Per character: position of its node in the run, or {@link BETWEEN_ELEMENTS}. */
  node: number[];
  /** Per character: offsets in its node's text of the characters it stands for. */
  start: number[];
  end: number[];
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 0x30 && code <= 0x39;
}

/**
 * Returns the text of a run as the page shows it. White space collapses to one space, a
 * no-break space reads as a space, and invisible format characters are left out. Where an
 * element boundary separates two digits (`<span>4532</span><span>0151</span>`), a space
 * is put between them, because apps lay out such groups apart.
 */
function renderRun(run: TextRun): RenderedRun {
  const codes: number[] = [];
  const rendered: RenderedRun = { text: '', node: [], start: [], end: [] };
  const push = (code: number, node: number, start: number, end: number) => {
    codes.push(code);
    rendered.node.push(node);
    rendered.start.push(start);
    rendered.end.push(end);
  };
  run.nodes.forEach((node, position) => {
    const text = node.textContent;
    let boundary = run.afterElement[position] === true;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      const last = codes.length - 1;
      if (INVISIBLE.has(code)) {
        continue;
      }
      if (COLLAPSIBLE.has(code)) {
        if (codes[last] === SPACE && rendered.node[last] !== BETWEEN_ELEMENTS) {
          if (rendered.node[last] === position) {
            rendered.end[last] = index + 1;
          }
          continue;
        }
        push(SPACE, position, index, index + 1);
        boundary = false;
        continue;
      }
      if (boundary && isDigit(codes[last]) && isDigit(code)) {
        push(SPACE, BETWEEN_ELEMENTS, index, index);
      }
      boundary = false;
      push(code === NO_BREAK_SPACE ? SPACE : code, position, index, index + 1);
    }
  });
  rendered.text = codesToString(codes);
  return rendered;
}

function codesToString(codes: readonly number[]): string {
  let text = '';
  // Chunks keep the argument list of `fromCharCode` far below engine limits.
  for (let from = 0; from < codes.length; from += 8192) {
    text += String.fromCharCode(...codes.slice(from, from + 8192));
  }
  return text;
}

/** A finding in the rendered text of a run, with the pieces of each node that it covers. */
export interface RenderedFinding {
  finding: Finding;
  /** Node ids of the run that the finding covers, in order. */
  nodeIds: number[];
  /** Per node position in the run: the range of its text that the finding covers. */
  pieces: Map<number, { start: number; end: number }>;
  /** Rendered characters of the finding: node position or {@link BETWEEN_ELEMENTS}. */
  characters: number[];
  /** Per rendered character of the finding: the text it stands for as written. */
  written: string[];
}

/**
 * Returns the findings in the text of a run as the page shows it that no node's own walk
 * finds: those that cover two nodes or more, and those that only the rendering reveals (a
 * card number broken over lines, an address with a zero-width space). Digits that each
 * element contains alone or in pairs, as page numbers are, are not taken for one value.
 */
export function renderedFindings(run: TextRun, scanner: Scanner): RenderedFinding[] {
  const rendered = renderRun(run);
  const results: RenderedFinding[] = [];
  for (const finding of scanner.scan(rendered.text)) {
    const characters = rendered.node.slice(finding.start, finding.end);
    const pieces = new Map<number, { start: number; end: number }>();
    for (let index = finding.start; index < finding.end; index++) {
      const position = rendered.node[index]!;
      if (position === BETWEEN_ELEMENTS) {
        continue;
      }
      const piece = pieces.get(position);
      if (piece === undefined) {
        pieces.set(position, { start: rendered.start[index]!, end: rendered.end[index]! });
      } else {
        piece.end = rendered.end[index]!;
      }
    }
    if (pieces.size === 1) {
      const [position, piece] = [...pieces][0]!;
      const written = run.nodes[position]!.textContent.slice(piece.start, piece.end);
      if (written === finding.value) {
        continue;
      }
    } else if (isPageNumbers(run, pieces)) {
      continue;
    }
    const nodeIds = [...pieces.keys()].map((position) => run.nodes[position]!.id);
    const written = characters.map((position, offset) =>
      position === BETWEEN_ELEMENTS
        ? ''
        : run.nodes[position]!.textContent.slice(
            rendered.start[finding.start + offset],
            rendered.end[finding.start + offset],
          ),
    );
    results.push({ finding, nodeIds, pieces, characters, written });
  }
  return results;
}

/** Tells whether three nodes or more of a finding are whole numbers of one or two digits. */
function isPageNumbers(run: TextRun, pieces: Map<number, { start: number; end: number }>): boolean {
  let short = 0;
  for (const position of pieces.keys()) {
    if (/^\s*\d{1,2}\s*$/.test(run.nodes[position]!.textContent)) {
      short += 1;
    }
  }
  return short >= 3;
}

/**
 * Replaces the values that {@link renderedFindings} returns, in place. Each node keeps its
 * piece of the replacement: the characters at the places of its own, so the page shows the
 * replacement in the same pieces, and the last node takes what is left.
 */
export function replaceRenderedValues(context: SanitizeContext, runs: readonly TextRun[]): void {
  for (const run of runs) {
    const found = renderedFindings(run, context.text);
    // The last finding first, so the offsets of the earlier ones stay valid.
    for (const { finding, pieces, characters, written } of found.reverse()) {
      const replacement = context.text.replaceWhole(
        finding.value,
        finding.detector as DetectorName,
        LOCATIONS.domText,
      );
      const parts = new Map<number, string>();
      let cursor = 0;
      characters.forEach((position, offset) => {
        let character = replacement[cursor++] ?? '';
        if (position === BETWEEN_ELEMENTS) {
          return;
        }
        // White space keeps its written form (a line break, a no-break space), so the page
        // lays out the replacement as it did the value.
        if (character === ' ' && written[offset]!.trim() === '') {
          character = written[offset]!;
        }
        parts.set(position, (parts.get(position) ?? '') + character);
      });
      const lastPosition = [...pieces.keys()].at(-1)!;
      parts.set(lastPosition, (parts.get(lastPosition) ?? '') + replacement.slice(cursor));
      for (const [position, piece] of pieces) {
        const node = run.nodes[position]!;
        const text = node.textContent;
        node.textContent =
          text.slice(0, piece.start) + parts.get(position)! + text.slice(piece.end);
      }
    }
  }
}
