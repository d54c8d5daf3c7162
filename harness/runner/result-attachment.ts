/** Name of the test attachment that carries a session's `SessionResult` as JSON. */
export const RESULT_ATTACHMENT = 'replaygate-session-result';
