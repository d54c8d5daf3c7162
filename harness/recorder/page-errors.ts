/** Payload of a page error custom event. */
export interface PageErrorPayload {
  kind: 'error' | 'unhandledrejection';
  message: string;
  /** Script URL, line and column of an uncaught error, when the browser reports them. */
  source?: string;
  line?: number;
  column?: number;
  /** The stack trace, cut at {@link MAX_STACK_LENGTH} characters. */
  stack?: string;
}

/** Maximum length of a kept stack trace, in UTF-16 code units. */
export const MAX_STACK_LENGTH = 2_000;

/**
 * Reports uncaught errors and unhandled promise rejections to `report`, for the collector's
 * error counts. Load errors of images and scripts do not bubble to `window`, so the listener,
 * which is not in the capture phase, receives script errors only.
 *
 * @returns a function that removes the listeners.
 */
export function listenForPageErrors(report: (payload: PageErrorPayload) => void): () => void {
  const onError = (event: ErrorEvent) => {
    report({
      kind: 'error',
      message: String(event.message),
      ...(event.filename
        ? { source: event.filename, line: event.lineno, column: event.colno }
        : {}),
      ...stackOf(event.error),
    });
  };
  const onRejection = (event: PromiseRejectionEvent) => {
    const reason: unknown = event.reason;
    report({
      kind: 'unhandledrejection',
      message: reason instanceof Error ? reason.message : String(reason),
      ...stackOf(reason),
    });
  };
  window.addEventListener('error', onError);
  window.addEventListener('unhandledrejection', onRejection);
  return () => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}

function stackOf(error: unknown): { stack?: string } {
  return error instanceof Error && typeof error.stack === 'string'
    ? { stack: error.stack.slice(0, MAX_STACK_LENGTH) }
    : {};
}
