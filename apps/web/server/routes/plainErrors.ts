import type express from 'express';

/**
 * Last in the chain: whatever failed (a malformed path, a body where none is
 * expected) answers with its status and one plain line, never Express's
 * default page with the stack trace and the server's paths.
 */
export function plainErrors(): express.ErrorRequestHandler {
  return (error: { status?: number; statusCode?: number }, _request, response, next) => {
    if (response.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    response
      .status(status >= 400 && status < 600 ? status : 500)
      .type('text/plain')
      .send(status < 500 ? 'bad request' : 'internal error');
  };
}
