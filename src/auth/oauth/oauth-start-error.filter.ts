import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { HttpReply } from '../../common/http/http-types.js';
import { OAuthStartError } from './oauth-login.service.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** A refused /oauth-start is shown in the login popup: a 400 with a small HTML page. */
@Catch(OAuthStartError)
export class OAuthStartErrorFilter implements ExceptionFilter {
  catch(error: OAuthStartError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<HttpReply>();
    res
      .status(400)
      .type('text/html; charset=utf-8')
      .send(
        `<!doctype html><html><head><meta charset="utf-8"><title>Sign-in failed</title></head>` +
          `<body><h1>Sign-in failed</h1><p>${escapeHtml(error.message)}</p>` +
          `<p>Close this window and connect again from the app.</p></body></html>`,
      );
  }
}
