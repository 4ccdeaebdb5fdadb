import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { HttpRequest, HttpReply } from './common/http/http-types.js';
import { CrmError } from './crm/crm-error.js';
import { isDatabaseUnavailable } from './database/database-unavailable.js';
import { returnMessage } from './common/envelope.js';
import {
  AppError,
  SERVICE_UNAVAILABLE_MESSAGE,
  SESSION_INVALID_MESSAGE,
} from './common/errors/app-error.js';
import {
  BUSY_RETRY_AFTER_SECONDS,
  crmFailureMessage,
  SERVER_BUSY_ERROR_CODE,
  SESSION_REVOKED_REPLY,
} from './crm/crm-failure-message.js';

interface BodyParserError {
  type?: string;
  status?: number;
  message?: string;
  code?: string;
  statusCode?: number;
}

const TOO_LARGE = 'FST_ERR_CTP_BODY_TOO_LARGE';

const pathOf = (req: HttpRequest) => req.url.split('?', 1)[0];

/** Every failure as the client's answer; anything unexpected is a 500 with the request id. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<HttpReply>();
    const req = ctx.getRequest<HttpRequest>();
    if (res.sent || res.raw.headersSent) return;

    if (error instanceof AppError) return this.sendAppError(res, error);
    if (isDatabaseUnavailable(error)) {
      this.logger.warn(
        `Database unavailable on ${req.method} ${pathOf(req)} ref ${req.id}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      return this.sendAppError(
        res,
        new AppError('SERVICE_UNAVAILABLE', SERVICE_UNAVAILABLE_MESSAGE),
      );
    }
    if (error instanceof CrmError) {
      this.logger.warn(
        `CRM failure ${error.code} (${error.crm ?? '?'} ${error.operation ?? ''} status ${error.status ?? '-'}) ref ${req.id}`,
      );
      if (error.code === 'SESSION_REVOKED') {
        res.status(401).send(SESSION_REVOKED_REPLY);
        return;
      }
      if (error.code === 'BUSY') {
        res.header('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
        res.status(200).send({
          successful: false,
          errorCode: SERVER_BUSY_ERROR_CODE,
          returnMessage: crmFailureMessage(error),
        });
        return;
      }
      res.status(200).send({ successful: false, returnMessage: crmFailureMessage(error) });
      return;
    }
    // Nest may wrap a body failure in an HttpException; the parser's error is then the cause.
    const parserError = (error instanceof HttpException ? error.cause : error) as BodyParserError;
    if (parserError instanceof AppError) return this.sendAppError(res, parserError);
    if (parserError?.type === 'entity.parse.failed') {
      return this.sendText(res, 400, 'Invalid request: the body is not valid JSON');
    }
    if (parserError?.type === 'entity.too.large' || parserError?.code === TOO_LARGE) {
      return this.sendText(res, 413, 'Request body too large');
    }
    if (parserError?.type === 'parameters.too.many') {
      return this.sendText(res, 413, 'Request body too large: more than 1000 form fields');
    }
    if (typeof parserError?.type === 'string' && parserError.status && parserError.status < 500) {
      return this.sendText(res, parserError.status, 'Invalid request: the body could not be read');
    }
    // Fastify's own refusals: of a body (a bad Content-Length...), of a URL (bad escapes...).
    const fastifyStatus = parserError?.code?.startsWith('FST_ERR_') && parserError.statusCode;
    if (fastifyStatus && fastifyStatus < 500) {
      return this.sendText(
        res,
        fastifyStatus,
        parserError.code!.startsWith('FST_ERR_CTP_')
          ? 'Invalid request: the body could not be read'
          : `Invalid request: ${parserError.message}`,
      );
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      if (status === 404) return this.sendText(res, 404, 'Not found');
      if (status < 500) return this.sendText(res, status, error.message);
    }
    this.logger.error(
      `Unexpected failure on ${req.method} ${pathOf(req)} ref ${req.id}`,
      error instanceof Error ? error.stack : String(error),
    );
    this.sendText(res, 500, `Internal server error (ref ${req.id})`);
  }

  private sendAppError(res: HttpReply, error: AppError): void {
    switch (error.code) {
      case 'INVALID_REQUEST':
      case 'PLATFORM_NOT_FOUND':
      case 'RECORD_NOT_FOUND':
        // Where the official server answers a refusal in JSON (e.g. an unknown account data key).
        if (error.returnMessage) {
          res.status(400).send({ successful: false, returnMessage: error.returnMessage });
          return;
        }
        return this.sendText(res, 400, error.message);
      case 'SESSION_INVALID':
        return this.sendText(res, 400, SESSION_INVALID_MESSAGE);
      case 'FORBIDDEN':
        return this.sendText(res, 403, error.message);
      case 'ROUTE_NOT_FOUND':
        return this.sendText(res, 404, 'Not found');
      case 'PAYLOAD_TOO_LARGE':
        return this.sendText(res, 413, error.message);
      case 'RATE_LIMITED':
        return this.sendText(res, 429, error.message);
      case 'SERVICE_UNAVAILABLE':
        res.header('Retry-After', '5');
        return this.sendText(res, 503, error.message);
      case 'LOGIN_REJECTED':
      case 'LOGIN_FIELDS_MISSING':
      case 'LOGIN_UNAVAILABLE':
        res.status(error.code === 'LOGIN_UNAVAILABLE' ? 502 : 400).send({
          successful: false,
          returnMessage: error.returnMessage ?? returnMessage(error.message, 'warning', 5000),
        });
        return;
    }
  }

  private sendText(res: HttpReply, status: number, text: string): void {
    res.status(status).type('text/plain; charset=utf-8').send(text);
  }
}
