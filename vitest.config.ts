import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // Subprocess tests (kill -9, start-up) start real Node processes; give them room on a 2-core box.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
