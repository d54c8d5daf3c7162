import type { FailureKind } from '../../harness/result/types.js';
import type { VariantId } from './variant-kinds.js';

/** A change to one built app, applied to a fresh copy of the app's folder. */
export interface AppChange {
  /** Description of the change, for the results table and the docs. */
  description: string;
  /** Edits the app copy in `appDir` in place. */
  apply(appDir: string): Promise<void>;
  /**
   * First causes that name the real reason on this app, when the app shows the change earlier
   * in the session than the variant kind's expected causes assume.
   */
  expectedCauses?: readonly FailureKind[];
}

/** A demo app, the recording replayed against it, and one change of every kind. */
export interface DetectApp {
  /** Folder of the app inside the demo apps folder, such as `todomvc/vanillajs`. */
  app: string;
  /** Name of the recording replayed against the app, such as `todomvc-vanillajs`. */
  session: string;
  changes: Record<VariantId, AppChange>;
}

/** The unchanged rebuild: the app as `buildDemoApps` copies it. */
export const UNCHANGED: AppChange = {
  description: 'a fresh copy of the build',
  apply: async () => undefined,
};
