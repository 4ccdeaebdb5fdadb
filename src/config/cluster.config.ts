import { IsInt, Max, Min } from 'class-validator';
import os from 'node:os';
import { defineConfig, envInt } from './define-config.js';

/** `npm run start:cluster`: worker processes of one crm-bridge server. */
export class ClusterConfig {
  @IsInt({ message: 'WORKERS must be an integer' })
  @Min(1, { message: 'WORKERS must be between 1 and 256' })
  @Max(256, { message: 'WORKERS must be between 1 and 256' })
  workers: number;
}

export const clusterConfig = defineConfig('cluster', ClusterConfig, (env) => ({
  workers: envInt(env.WORKERS, os.availableParallelism()),
}));
