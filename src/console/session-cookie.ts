import { Inject, Injectable } from '@nestjs/common';
import type { CookieOptions, Response } from 'express';
import { SESSION_COOKIE } from '../auth/auth.service';
import { APP_CONFIG, AppConfig } from '../config/config';

/** The console session cookie: HttpOnly, SameSite=Lax, Secure when configured; expiry is enforced server-side. */
@Injectable()
export class SessionCookie {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private options(): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.secureCookies, path: '/' };
  }

  set(res: Response, token: string): void {
    res.cookie(SESSION_COOKIE, token, this.options());
  }

  clear(res: Response): void {
    res.clearCookie(SESSION_COOKIE, this.options());
  }
}
