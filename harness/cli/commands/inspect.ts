import { EventType, IncrementalSource } from '@rrweb/types';
import type { Argv, CommandModule } from 'yargs';
import { elementTarget } from '../../compile/action-target.js';
import { compilePlan } from '../../compile/compile-plan.js';
import { describeAction } from '../../compile/describe-action.js';
import type { ActionPlan, CheckpointSpec, PlanStep } from '../../compile/plan.js';
import { readRecording } from '../../fixture/read-recording.js';
import type { Recording } from '../../fixture/recording.js';

/** Parsed arguments of `replaygate inspect`. */
export interface InspectArguments {
  fixture: string;
  json?: boolean;
}

/** One network exchange as `inspect` lists it. */
export interface InspectedExchange {
  method: string;
  url: string;
  /** HTTP status, or null when the request failed before a response. */
  status: number | null;
  error?: string;
}

/** Everything `inspect` prints, in the shape `--json` writes it. */
export interface Inspection {
  session: string;
  startUrl: string;
  recorder: string;
  viewport: { width: number; height: number };
  durationMs: number;
  pages: string[];
  /** Event counts keyed by rrweb event type, with `IncrementalSnapshot/<source>` and `Custom/<tag>` detail. */
  eventCounts: Record<string, number>;
  network: InspectedExchange[];
  steps: PlanStep[];
  checkpoints: CheckpointSpec[];
  warnings: string[];
}

/** Collects the facts `inspect` reports about a recording, compiling its plan on the way. */
export function inspectRecording(
  recording: Recording,
  plan: ActionPlan = compilePlan(recording),
): Inspection {
  return {
    session: recording.meta.name,
    startUrl: plan.startUrl,
    recorder: `${recording.meta.recorder.name} ${recording.meta.recorder.version}`,
    viewport: recording.meta.viewport,
    durationMs: plan.durationMs,
    pages: plan.pages,
    eventCounts: countEvents(recording),
    network: recording.network.map((exchange) => ({
      method: exchange.request.method,
      url: exchange.request.url,
      status: exchange.response?.status ?? null,
      ...(exchange.error === undefined ? {} : { error: exchange.error }),
    })),
    steps: plan.steps,
    checkpoints: plan.checkpoints,
    warnings: plan.warnings,
  };
}

/** Counts events by type, and incremental and custom events also by source and tag. */
export function countEvents(recording: Recording): Record<string, number> {
  const counts: Record<string, number> = {};
  const bump = (key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  for (const event of recording.events) {
    const typeName = EventType[event.type] ?? `type ${String(event.type)}`;
    bump(typeName);
    if (event.type === EventType.IncrementalSnapshot) {
      bump(
        `${typeName}/${IncrementalSource[event.data.source] ?? `source ${String(event.data.source)}`}`,
      );
    } else if (event.type === EventType.Custom) {
      bump(`${typeName}/${event.data.tag}`);
    } else if (event.type === EventType.Plugin) {
      bump(`${typeName}/${event.data.plugin}`);
    }
  }
  return counts;
}

/** Renders an inspection as the plain-text report `inspect` prints without `--json`. */
export function formatInspection(inspection: Inspection): string {
  const lines: string[] = [
    `Session ${inspection.session}, recorded by ${inspection.recorder} at ${inspection.viewport.width}x${inspection.viewport.height}`,
    `Start URL: ${inspection.startUrl}`,
    `Duration: ${seconds(inspection.durationMs)}`,
    '',
    `Pages (${inspection.pages.length}):`,
    ...inspection.pages.map((url, index) => `  ${index}  ${url}`),
    '',
    'Events:',
    ...formatEventCounts(inspection.eventCounts),
    '',
    `Network exchanges (${inspection.network.length}):`,
    ...inspection.network.map(formatExchange),
    '',
    `Steps (${inspection.steps.length}):`,
    ...inspection.steps.map(formatStep),
    '',
    `Checkpoints (${inspection.checkpoints.length}):`,
    ...inspection.checkpoints.map(formatCheckpoint),
  ];
  if (inspection.warnings.length > 0) {
    lines.push(
      '',
      `Warnings (${inspection.warnings.length}):`,
      ...inspection.warnings.map((warning) => `  ${warning}`),
    );
  }
  return `${lines.join('\n')}\n`;
}

function formatEventCounts(counts: Record<string, number>): string[] {
  const entries = Object.entries(counts);
  return entries
    .filter(([key]) => !key.includes('/'))
    .map(([type, count]) => {
      const detail = entries
        .filter(([key]) => key.startsWith(`${type}/`))
        .map(([key, value]) => `${key.slice(type.length + 1)} ${value}`);
      return `  ${type} ${count}${detail.length > 0 ? ` (${detail.join(', ')})` : ''}`;
    });
}

function formatExchange(exchange: InspectedExchange): string {
  const outcome = exchange.status ?? `failed${exchange.error ? `: ${exchange.error}` : ''}`;
  return `  ${exchange.method} ${exchange.url} ${outcome}`;
}

function formatStep(step: PlanStep): string {
  const { action } = step;
  const first = elementTarget(action)?.candidates[0];
  const via = first ? `  via ${first.strategy} ${first.display}` : '';
  const navigation = step.expectNavigationTo === undefined ? '' : `  -> ${step.expectNavigationTo}`;
  const typed = action.kind === 'type' ? ` ${JSON.stringify(action.text)}` : '';
  const index = String(step.index).padStart(3);
  return `${index}  ${seconds(step.at).padStart(8)}  p${step.pageIndex}  ${describeAction(action)}${typed}${via}${navigation}`;
}

function formatCheckpoint(checkpoint: CheckpointSpec): string {
  const after = checkpoint.afterStep < 0 ? 'load' : `step ${checkpoint.afterStep}`;
  return `  ${checkpoint.id}  after ${after}, state at ${seconds(checkpoint.recordedAt)}: ${checkpoint.label}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function buildInspectArguments(yargs: Argv): Argv<InspectArguments> {
  return yargs
    .positional('fixture', {
      type: 'string',
      demandOption: true,
      describe: 'Recording file (*.replay.json.gz or *.replay.json)',
    })
    .option('json', {
      type: 'boolean',
      describe: 'Print the inspection as JSON, including every selector candidate',
    })
    .example(
      '$0 inspect recordings/checkout.replay.json.gz',
      'Show pages, traffic and compiled steps',
    )
    .example(
      '$0 inspect recordings/checkout.replay.json.gz --json',
      'Print the same as JSON',
    ) as unknown as Argv<InspectArguments>;
}

/**
 * `replaygate inspect <fixture>`: prints what a recording contains (pages, duration, event
 * counts, network exchanges) and the plan compiled from it (steps with their first selector
 * candidate, checkpoints, warnings).
 */
export const inspectCommand: CommandModule<object, InspectArguments> = {
  command: 'inspect <fixture>',
  describe: 'Show a recording and the replay plan compiled from it',
  builder: buildInspectArguments,
  handler: async (argv) => {
    const recording = await readRecording(argv.fixture);
    const inspection = inspectRecording(recording);
    process.stdout.write(
      argv.json ? `${JSON.stringify(inspection, null, 2)}\n` : formatInspection(inspection),
    );
  },
};
