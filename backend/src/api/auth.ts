import crypto from 'crypto';
import type { Request, RequestHandler, Response } from 'express';
import { actorFrom, type Actor } from '../domain/remediation';
import type { Db } from '../store/db';
import { ApiError } from './errors';

export type Scope = 'read' | 'ingest' | 'admin';
export const ALL_SCOPES: Scope[] = ['read', 'ingest', 'admin'];

/** Tokens are random and long, so a plain SHA-256 is enough to keep them unrecoverable at rest. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function ensureToken(db: Db, token: string, name: string, scopes: Scope[], now: string): Promise<void> {
  await db.run(
    'INSERT INTO api_token (token_hash, name, scopes, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET scopes = excluded.scopes, name = excluded.name',
    [hashToken(token), name, scopes.join(' '), now]
  );
}

export async function hasTokens(db: Db): Promise<boolean> {
  return (await db.get('SELECT 1 AS one FROM api_token LIMIT 1')) !== undefined;
}

/**
 * `Authorization: Bearer <token>` with the scope the route needs. When no token exists at all (a
 * fresh local install without TVM_ADMIN_TOKEN) the API is open, and the service says so at start.
 * The token's name is kept in `res.locals.tokenName` for the audit log.
 */
export function requireScope(db: Db, scope: Scope, authDisabled: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (authDisabled()) {
      next();
      return;
    }
    const header = req.get('authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) {
      next(new ApiError(401, 'Unauthorized', 'missing `Authorization: Bearer <token>` header'));
      return;
    }
    db.get<{ scopes: string; name: string }>('SELECT scopes, name FROM api_token WHERE token_hash = ?', [
      hashToken(m[1]),
    ])
      .then((row) => {
        if (!row) {
          next(new ApiError(401, 'Unauthorized', 'unknown API token'));
        } else if (!row.scopes.split(' ').includes(scope)) {
          next(new ApiError(403, 'Forbidden', `this token lacks the "${scope}" scope`));
        } else {
          res.locals.tokenName = row.name;
          next();
        }
      })
      .catch(next);
  };
}

/**
 * Who makes a write, for the audit log and the requester / completer fields: the person a trusted
 * front end forwards in `X-TVM-User` (Grafana can forward its user; `X-Grafana-User` is read too),
 * else the API token's name. The header is only as trustworthy as the token holder that sends it: a
 * token with the admin scope can write under any name, and the token's name is recorded beside it.
 */
export function actorOf(req: Request, res: Response): Actor {
  const tokenName = typeof res.locals.tokenName === 'string' ? res.locals.tokenName : null;
  return actorFrom(req.get('x-tvm-user') ?? req.get('x-grafana-user'), tokenName);
}
