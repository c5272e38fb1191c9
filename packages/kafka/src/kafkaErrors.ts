/**
 * An error's message and those of what it wraps, outermost first: the client
 * reports a broker's refusal as a list of errors, each with its cause
 * ("Connection … failed." ← "SASL authentication failed." ← the broker's words).
 */
export function errorMessages(error: unknown, depth = 0): string[] {
  if (!error || depth > 8) return [];
  const { message, errors, cause, response } = error as {
    message?: string;
    errors?: unknown[];
    cause?: unknown;
    response?: { errorMessage?: unknown };
  };
  // A broker's refusal carries its own words in the response (SASL: which mechanism, why).
  const brokerWords =
    typeof response?.errorMessage === 'string' && response.errorMessage ? [response.errorMessage] : [];
  return [
    message ?? String(error),
    ...(errors ?? []).flatMap((inner) => errorMessages(inner, depth + 1)),
    ...errorMessages(cause, depth + 1),
    ...brokerWords,
  ];
}

/** All of an error's messages on one line (see errorMessages). */
export function errorText(error: unknown): string {
  return errorMessages(error).join(' ');
}

/** Errors thrown by the Kafka client itself (their codes start PLT_KFK_), as against this project's own. */
export function isKafkaClientError(error: unknown): boolean {
  return /^PLT_KFK_/.test(String((error as { code?: unknown })?.code ?? ''));
}

/** The broker refused the SASL credentials (retrying cannot help): the words of the broker and of the client for it. */
export function isAuthenticationRefused(error: unknown): boolean {
  return /SASL_AUTHENTICATION_FAILED|invalid credentials|Authentication failed/i.test(errorText(error));
}
