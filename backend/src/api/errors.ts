import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { ZodError } from 'zod';

/** An error a client can act on: becomes `{error: {code, message, target}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly target?: string
  ) {
    super(message);
  }
}

/** `devices[3].software[12].version` from a zod issue path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') {
      out += `[${p}]`;
    } else {
      out += out ? `.${String(p)}` : String(p);
    }
  }
  return out || '(body)';
}

/** The first problem of a validation failure, naming the field; the rest are counted. */
export function fromZodError(err: ZodError, what: string): ApiError {
  const [first] = err.issues;
  const target = formatPath(first.path);
  const more =
    err.issues.length > 1 ? ` (and ${err.issues.length - 1} more problem${err.issues.length > 2 ? 's' : ''})` : '';
  return new ApiError(400, 'InvalidInput', `${what}: ${target}: ${first.message}${more}. Nothing was stored.`, target);
}

export const notFound: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'NotFound', `no route ${req.method} ${req.path}; see GET /api/openapi.json`));
};

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  limit?: number;
}

export function errorHandler(log: { error: (o: object, msg: string) => void }): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    let apiError: ApiError;
    const e = err as BodyParserError;
    if (err instanceof ApiError) {
      apiError = err;
    } else if (e?.type === 'entity.too.large') {
      apiError = new ApiError(
        413,
        'PayloadTooLarge',
        `request body exceeds the ${e.limit} byte limit; split it into smaller batches`
      );
    } else if (e?.type === 'entity.parse.failed') {
      apiError = new ApiError(400, 'InvalidJson', `request body is not valid JSON: ${e.message}`);
    } else if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') {
      apiError = new ApiError(415, 'UnsupportedEncoding', e.message);
    } else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) {
      apiError = new ApiError(e.status, 'BadRequest', e.message);
    } else {
      log.error({ err, path: req.path }, 'request failed');
      apiError = new ApiError(500, 'InternalError', 'the service failed to handle this request; see its log');
    }
    res.status(apiError.status).json({
      error: {
        code: apiError.code,
        message: apiError.message,
        ...(apiError.target ? { target: apiError.target } : {}),
      },
    });
  };
}
