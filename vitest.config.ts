import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Training and highlighting tests take seconds; on a busy two-core machine, several.
  test: { include: ['tests/unit/**/*.test.ts'], environment: 'node', testTimeout: 30_000 },
});
