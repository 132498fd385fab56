import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Both cores: vitest's default leaves one free, which ran the files one after the other here.
    // Every test has its own ports (0), folders (mkdtemp) and stand-ins, so files run side by side.
    maxWorkers: 2,
    // Files share a worker's module cache (mssql, the Azure SDKs, exceljs load once per worker, not
    // once per file). Tests restore what they change in the process: environment, stdout, timers.
    isolate: false,
  },
});
