import 'reflect-metadata';
import cluster from 'node:cluster';

// `npm run start:cluster`: this file runs as the primary (cluster/cluster-primary.ts) and, in each
// forked worker, as the ordinary server (main.ts).
if (cluster.isPrimary) {
  const { runPrimary } = await import('./cluster/cluster-primary.js');
  await runPrimary();
} else {
  await import('./main.js');
}
