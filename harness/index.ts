// The public API of the `replaygate` package. Exports are listed by name so that every addition
// is a deliberate change of the public surface.

// Configuration
export { defineConfig } from './config/define-config.js';
export type {
  NetworkConfig,
  ReplaygateConfig,
  ThresholdsConfig,
  WebServerConfig,
} from './config/define-config.js';
export { configDefaults } from './config/defaults.js';

// JSON report and result types
export { REPORT_FORMAT, REPORT_VERSION } from './result/types.js';
export type {
  BaselineSource,
  CheckpointResult,
  DomChange,
  DomComparison,
  FailureCause,
  FailureKind,
  NetworkLogEntry,
  PixelComparison,
  RenderCacheOutcome,
  ReplayReport,
  SessionResult,
  SessionStatus,
  StepResult,
} from './result/types.js';
export type { SelectorStrategy } from './compile/plan.js';

// Recording format
export { CUSTOM_EVENT_TAGS, RECORDING_FORMAT, RECORDING_VERSION } from './fixture/recording.js';
export type {
  CapturedBody,
  KeyEventPayload,
  NetworkExchange,
  Recording,
  RecordingMeta,
  SanitizationSummary,
  SubmitEventPayload,
  UrlEventPayload,
} from './fixture/recording.js';
