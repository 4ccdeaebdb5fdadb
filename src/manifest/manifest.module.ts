import { Module } from '@nestjs/common';
import { ManifestCheck } from './manifest-check.service.js';
import { ManifestController } from './manifest.controller.js';
import { ManifestService } from './manifest.service.js';

@Module({ controllers: [ManifestController], providers: [ManifestService, ManifestCheck] })
export class ManifestModule {}
