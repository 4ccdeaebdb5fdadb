// Preloaded into crm-bridge only when the benchmark profiles it (BENCH_CPU_PROF): --cpu-prof writes
// its profile on a normal exit, not when the process dies of a signal.
process.once('SIGUSR2', () => process.exit(0));
