import { Catch, HttpException, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { bodyParserRefusal } from './body-parser-refusal.js';

/**
 * Answers the body parser's errors (malformed JSON 400, body too large 413, unsupported charset
 * 415) in the shape of every other refusal of the app. Nest turns them into HttpExceptions whose
 * `cause` is the parser's error; any other HttpException gets Nest's usual answer.
 */
@Catch(HttpException)
export class RequestBodyExceptionFilter extends BaseExceptionFilter {
  override catch(exception: HttpException, host: ArgumentsHost): void {
    const body = host.getType() === 'http' ? bodyParserRefusal(exception.cause) : undefined;
    const httpAdapter = this.httpAdapterHost?.httpAdapter;
    if (!body || !httpAdapter) return super.catch(exception, host);
    httpAdapter.reply(host.switchToHttp().getResponse(), body, body.statusCode);
  }
}
