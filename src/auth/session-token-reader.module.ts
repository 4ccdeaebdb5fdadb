import { Module } from '@nestjs/common';
import { SessionTokenReader } from './session-token-reader.service.js';

/** The one SessionTokenReader, shared by the rate limiter (before authentication) and AuthModule. */
@Module({ providers: [SessionTokenReader], exports: [SessionTokenReader] })
export class SessionTokenReaderModule {}
