import 'reflect-metadata';
import cluster from 'node:cluster';

// `npm run start:cluster`: the primary, and in each forked worker the ordinary server.
if (cluster.isPrimary) {
  const { runPrimary } = await import('./cluster/cluster-primary.js');
  await runPrimary();
} else {
  await import('./main.js');
}
