import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jsonBodyBoundsError } from 'nestjs-marketing-cloud';

/** Where a body refused before parsing waits for the guard. */
const REFUSED_BODY = Symbol('refusedBody');

type RequestWithRefusal = IncomingMessage & { [REFUSED_BODY]?: Error };

/**
 * The JSON body parser's `verify` hook: checks the body's text against the library's bounds
 * (JSON_BODY_BOUNDS) before it is parsed, so that a hostile body (170,000 keys, 100,000
 * attributes) costs one scan of its bytes, not a JSON.parse and a walk. A refused body is kept on
 * the request for RefusedBodyGuard and blanked to `{}`, which body-parser then parses at once.
 * Only UTF-8 text is scanned; the service's own validation bounds any other after parsing.
 */
export function boundJsonBody(
  request: IncomingMessage,
  _response: ServerResponse,
  body: Buffer,
  encoding: string,
): void {
  if (encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8') return;
  const refusal = jsonBodyBoundsError(body);
  if (refusal === undefined) return;
  (request as RequestWithRefusal)[REFUSED_BODY] = refusal;
  body.fill(0x20);
  body[0] = 0x7b; // {
  body[body.length - 1] = 0x7d; // }
}

/** Answers a body that boundJsonBody refused with that refusal (400 through the exception filter). */
@Injectable()
export class RefusedBodyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const refusal = context.switchToHttp().getRequest<RequestWithRefusal>()[REFUSED_BODY];
    if (refusal !== undefined) throw refusal;
    return true;
  }
}
