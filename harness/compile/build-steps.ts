import type { Action, ActionTarget } from './plan.js';
import type { BuiltSteps, DraftStep } from './draft-step.js';
import type { Intent } from './intents.js';
import {
  attributePageLoad,
  attributeUrlChange,
  NAVIGATION_CAUSE_WINDOW_MS,
  NAVIGATION_CAUSES,
} from './page-loads.js';
import type { ScanResult } from './scan-events.js';
import { ScrollRun } from './scroll-run.js';
import { closeTyping, isAbsorbedEditingKey, type TypingRun } from './typing-run.js';
import { formatSeconds, type WarningLog } from './warnings.js';

/** Clicks on the same element this soon before a dblclick event belong to it. */
const DBLCLICK_WINDOW_MS = 1_000;

/** A form submit this soon after a click or key press is that step's effect. */
const SUBMIT_CAUSE_WINDOW_MS = 1_000;

/**
 * A select step and a select event on the same element this close together are one change,
 * because the browser fires `input` and `change` for it in the same task.
 */
const SELECT_DUPLICATE_WINDOW_MS = 50;

/**
 * Turns intents into draft steps: collapses typing, double-clicks and scrolls, drops the
 * browser's own follow-up events, infers Enter where the recorder could not see keys, and
 * attributes page loads to the step that caused them.
 */
export function buildSteps(scan: ScanResult, warnings: WarningLog): BuiltSteps {
  const builder = new StepBuilder(scan, warnings);
  scan.intents.forEach((intent, position) => builder.handle(intent, position));
  return builder.finish();
}

class StepBuilder {
  private readonly steps: DraftStep[] = [];
  private typing: TypingRun | null = null;
  private readonly scrolls = new ScrollRun();
  private startLandsOnPage = 0;

  constructor(
    private readonly scan: ScanResult,
    private readonly warnings: WarningLog,
  ) {}

  finish(): BuiltSteps {
    this.endTyping();
    this.flushScrolls();
    return { steps: this.steps, startLandsOnPage: this.startLandsOnPage };
  }

  handle(intent: Intent, position: number): void {
    switch (intent.kind) {
      case 'page':
        return this.onPage(intent);
      case 'click':
        return this.onClick(intent);
      case 'dblclick':
        return this.onDoubleClick(intent);
      case 'hover':
        this.endTyping();
        return this.action({ kind: 'hover', target: intent.target }, intent);
      case 'input':
        return this.onInput(intent);
      case 'key':
        return this.onKey(intent, position);
      case 'select':
        return this.onSelectChange(intent);
      case 'files':
        this.endTyping();
        return this.action({ kind: 'upload', target: intent.target, files: intent.files }, intent);
      case 'submit':
        return this.onSubmit(intent);
      case 'url':
        return this.onUrl(intent);
      case 'scroll':
        return this.onScroll(intent);
      case 'resize':
        return this.onResize(intent);
      case 'traverse':
        return this.onTraverse(intent);
      case 'removed':
        return this.onRemoved(intent);
    }
  }

  private emit(step: DraftStep): void {
    if (step.action.kind !== 'scroll') {
      this.flushScrolls();
    }
    this.steps.push(step);
  }

  private action(
    action: Action,
    intent: { time: number; pageIndex: number; hoveredAt?: number },
  ): void {
    this.emit({
      action,
      at: intent.time,
      pageIndex: intent.pageIndex,
      resultPage: intent.pageIndex,
      hoveredAt: intent.hoveredAt,
    });
  }

  /** Closes the open typing run; `enterAt` adds an inferred Enter press at that time. */
  private endTyping(enterAt?: number): void {
    const run = this.typing;
    this.typing = null;
    if (run) {
      for (const step of closeTyping(run, enterAt)) {
        this.emit(step);
      }
    }
  }

  private lastStep(): DraftStep | undefined {
    return this.steps[this.steps.length - 1];
  }

  private onPage(intent: Extract<Intent, { kind: 'page' }>): void {
    const run = this.typing;
    const typedJustBefore = run !== null && intent.time - run.lastAt <= NAVIGATION_CAUSE_WINDOW_MS;
    // Without key events, typing right before a page load ended with the Enter that submitted.
    this.endTyping(typedJustBefore && !this.scan.recordsKeys ? run.lastAt : undefined);
    this.flushScrolls();
    const outcome = attributePageLoad(this.steps, intent, this.scan.pages, this.startLandsOnPage);
    this.startLandsOnPage = outcome.startLandsOnPage;
    if (outcome.navigate) {
      this.emit(outcome.navigate);
    }
  }

  private onClick(intent: Extract<Intent, { kind: 'click' }>): void {
    if (intent.fromLabel) {
      return;
    }
    const run = this.typing;
    if (run && run.nodeId === intent.nodeId && run.pageIndex === intent.pageIndex) {
      // A click inside the field being typed into only moves the caret; the typed text
      // already records the result.
      return;
    }
    this.endTyping();
    const modifiers = { alt: false, control: false, meta: false, shift: false };
    this.action({ kind: 'click', target: intent.target, button: intent.button, modifiers }, intent);
  }

  private onDoubleClick(intent: Extract<Intent, { kind: 'dblclick' }>): void {
    this.endTyping();
    let target = intent.target;
    let at = intent.time;
    let hoveredAt = intent.hoveredAt;
    for (let removed = 0; removed < 2; removed += 1) {
      const last = this.lastStep();
      if (
        last?.action.kind !== 'click' ||
        last.action.target.nodeId !== intent.nodeId ||
        last.pageIndex !== intent.pageIndex ||
        intent.time - last.at > DBLCLICK_WINDOW_MS
      ) {
        break;
      }
      this.steps.pop();
      target = last.action.target;
      at = last.at;
      hoveredAt = last.hoveredAt ?? hoveredAt;
    }
    this.emit({
      action: { kind: 'dblclick', target },
      at,
      pageIndex: intent.pageIndex,
      resultPage: intent.pageIndex,
      hoveredAt,
    });
  }

  private onInput(intent: Extract<Intent, { kind: 'input' }>): void {
    switch (intent.field) {
      case 'text':
      case 'editable':
        return this.onTextInput(intent);
      case 'select':
        return this.onSelect(intent);
      case 'checkbox':
      case 'radio':
        return this.onToggle(intent);
      case 'file':
        // The recorder's files event, not rrweb's input value, carries the choice.
        if (intent.userTriggered !== false && !this.scan.recordsFiles) {
          this.warnings.add(
            `Skipped a file selection at ${formatSeconds(intent.time)}: the recording does not name the chosen files. Record the session again with this version of replaygate, whose recorder adds them.`,
          );
        }
        return;
      case 'none':
        return;
    }
  }

  private onTextInput(intent: Extract<Intent, { kind: 'input' }>): void {
    const run = this.typing;
    const sameField =
      run !== null && run.nodeId === intent.nodeId && run.pageIndex === intent.pageIndex;
    // Without rrweb's userTriggered flag, a field emptied in one step right after typing is
    // taken as the app clearing it, like a submitted todo input.
    const looksLikeAppClear =
      intent.userTriggered === undefined &&
      sameField &&
      intent.value === '' &&
      intent.previousValue.length > 1;
    if (intent.userTriggered === false || looksLikeAppClear) {
      if (run && sameField && intent.value === '' && run.finalValue !== '') {
        this.endTyping(intent.time);
      }
      return;
    }
    if (run && sameField && intent.afterAppChange !== true) {
      run.finalValue = intent.value;
      run.lastAt = intent.time;
      return;
    }
    this.endTyping();
    if (!intent.target) {
      return;
    }
    this.typing = {
      nodeId: intent.nodeId,
      pageIndex: intent.pageIndex,
      target: intent.target,
      startValue: intent.previousValue,
      finalValue: intent.value,
      at: intent.time,
      lastAt: intent.time,
    };
  }

  private onSelect(intent: Extract<Intent, { kind: 'input' }>): void {
    if (intent.userTriggered === false || !intent.target) {
      return;
    }
    if (this.isSameSelectChange(intent)) {
      // The recorder's select event for this change came first and has every selected value.
      return;
    }
    this.emitSelect(intent.target, [intent.value], intent);
  }

  /**
   * Turns a recorder's select event into a select step. It also covers choices made by
   * scripts such as Playwright's `selectOption`, whose input events are untrusted.
   */
  private onSelectChange(intent: Extract<Intent, { kind: 'select' }>): void {
    if (this.isSameSelectChange(intent)) {
      // rrweb's user-triggered Input event for this change came first.
      this.steps.pop();
    }
    this.emitSelect(intent.target, intent.values, intent);
  }

  private emitSelect(
    target: ActionTarget,
    values: string[],
    intent: { nodeId: number; time: number; pageIndex: number },
  ): void {
    this.endTyping();
    const last = this.lastStep();
    if (last?.action.kind === 'click' && last.action.target.nodeId === intent.nodeId) {
      // The click opened the native dropdown; selecting the option replays both.
      this.steps.pop();
    }
    this.action({ kind: 'select', target, values }, intent);
  }

  /** True when the last step is a select on the same element at the same moment. */
  private isSameSelectChange(intent: { nodeId: number; time: number; pageIndex: number }): boolean {
    const last = this.lastStep();
    return (
      last?.action.kind === 'select' &&
      last.action.target.nodeId === intent.nodeId &&
      last.pageIndex === intent.pageIndex &&
      intent.time - last.at <= SELECT_DUPLICATE_WINDOW_MS
    );
  }

  private onToggle(intent: Extract<Intent, { kind: 'input' }>): void {
    const unchecksRadio = intent.field === 'radio' && !intent.checked;
    if (intent.userTriggered === false || intent.followsClick || unchecksRadio || !intent.target) {
      return;
    }
    // A toggle without a click came from the keyboard (Space); a click has the same effect.
    this.endTyping();
    const modifiers = { alt: false, control: false, meta: false, shift: false };
    this.action({ kind: 'click', target: intent.target, button: 'left', modifiers }, intent);
  }

  private onKey(intent: Extract<Intent, { kind: 'key' }>, position: number): void {
    if (isAbsorbedEditingKey(this.scan.intents, position)) {
      return;
    }
    this.endTyping();
    this.action({ kind: 'press', target: intent.target, key: intent.key, inferred: false }, intent);
  }

  private onSubmit(intent: Extract<Intent, { kind: 'submit' }>): void {
    const last = this.lastStep();
    const caused =
      last !== undefined &&
      NAVIGATION_CAUSES.has(last.action.kind) &&
      intent.time - last.at <= SUBMIT_CAUSE_WINDOW_MS;
    if (caused && !this.typing) {
      return;
    }
    if (this.typing && !this.scan.recordsKeys) {
      this.endTyping(intent.time);
      return;
    }
    this.warnings.add(
      `A form was submitted at ${formatSeconds(intent.time)} without a recorded click or key press; the replay relies on the app to submit it again.`,
    );
  }

  private onUrl(intent: Extract<Intent, { kind: 'url' }>): void {
    if (!this.typing) {
      attributeUrlChange(this.steps, intent);
    }
  }

  private onScroll(intent: Extract<Intent, { kind: 'scroll' }>): void {
    const run = this.typing;
    if (run && run.nodeId === intent.nodeId) {
      // Typing scrolls the field itself to keep the caret visible.
      return;
    }
    this.endTyping();
    this.scrolls.add(intent);
  }

  /**
   * Turns a window resize into a step. Dragging a window's edge reports many sizes, so a
   * resize right after another keeps the first one's time and takes the new size.
   */
  private onResize(intent: Extract<Intent, { kind: 'resize' }>): void {
    this.endTyping();
    const last = this.lastStep();
    if (last?.action.kind === 'resize' && last.pageIndex === intent.pageIndex) {
      last.action = { kind: 'resize', width: intent.width, height: intent.height };
      return;
    }
    this.action({ kind: 'resize', width: intent.width, height: intent.height }, intent);
  }

  /** Turns the back or forward button within one document into a step that expects its URL. */
  private onTraverse(intent: Extract<Intent, { kind: 'traverse' }>): void {
    this.endTyping();
    this.emit({
      action: { kind: 'traverse', delta: intent.delta, url: intent.href },
      at: intent.time,
      pageIndex: intent.pageIndex,
      resultPage: intent.pageIndex,
      expectNavigationTo: intent.href,
    });
  }

  private flushScrolls(): void {
    this.steps.push(...this.scrolls.flush());
  }

  private onRemoved(intent: Extract<Intent, { kind: 'removed' }>): void {
    const run = this.typing;
    if (!run || run.nodeId !== intent.nodeId || run.pageIndex !== intent.pageIndex) {
      return;
    }
    // An edit field that disappears right after typing, with no key recorded, was most
    // likely committed with Enter (TodoMVC's edit mode works this way).
    this.endTyping(this.scan.recordsKeys ? undefined : intent.time);
  }
}
