import { defineConfig } from "drizzle-kit";

// The PostgreSQL twin of drizzle.config.ts: its own schema files and migrations folder, since drizzle
// shares no schema between dialects. `npm run db:generate` generates both.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/db/postgres/schema.ts",
  out: "./drizzle/postgres",
  dbCredentials: { url: process.env.INTERLUDE_DATABASE_URL ?? "postgres://localhost/interlude" },
});
