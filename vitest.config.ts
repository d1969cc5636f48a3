import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Integration and end-to-end files start real servers and tmux sessions: keep them from
    // competing for the two cores with each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
