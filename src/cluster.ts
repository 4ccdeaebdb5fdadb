import 'reflect-metadata';
import cluster from 'node:cluster';
import module from 'node:module';

// Compiled code cached on disk: each worker, and every warm start, skips most of V8's parsing.
module.enableCompileCache?.();

// `npm run start:cluster`: the primary, and in each forked worker the ordinary server.
if (cluster.isPrimary) {
  const { runPrimary } = await import('./cluster/cluster-primary.js');
  await runPrimary();
} else {
  await import('./main.js');
}
