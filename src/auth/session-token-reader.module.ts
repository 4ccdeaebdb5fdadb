import { Module } from '@nestjs/common';
import { SessionTokenReader } from './session-token-reader.service.js';

@Module({ providers: [SessionTokenReader], exports: [SessionTokenReader] })
export class SessionTokenReaderModule {}
