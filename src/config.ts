/**
 * Configuration comes from the environment only (secrets included) and is parsed once, here.
 */
import { z } from "zod";

/** An http(s) base URL; anything else would only fail at the first request. */
const optionalApiRoot = z
  .url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" })
  .optional()
  .or(z.literal("").transform(() => undefined));

const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

export const configSchema = z.object({
  INTERLUDE_DB: z.string().trim().min(1).default("./data/interlude.db"),
  /** practice.yaml: its custom check-ins are loaded at start-up; `cli practice apply` applies it. */
  INTERLUDE_CONFIG: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === "" ? undefined : v)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  TELEGRAM_BOT_TOKEN: optionalSecret,
  TELEGRAM_BOT_USERNAME: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{5,32}$/, "must be a Telegram bot username without the @")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TELEGRAM_API_ROOT: optionalApiRoot,
  /** Webhook mode (behind HTTPS) instead of long polling: the public URL Telegram should call. */
  TELEGRAM_WEBHOOK_URL: z
    .url({ protocol: /^https$/, message: "must be an https:// URL" })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Checked against X-Telegram-Bot-Api-Secret-Token on every webhook call. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16-256 characters of A-Z, a-z, 0-9, _ and -")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  TELEGRAM_WEBHOOK_PORT: z.coerce.number().int().min(1).max(65_535).default(8443),
  /** Where the webhook server listens: loopback by default, since a TLS proxy on this machine sits in front. */
  TELEGRAM_WEBHOOK_HOST: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : v),
    z
      .union([z.ipv4(), z.ipv6(), z.hostname()], { error: "must be an IP address (such as 127.0.0.1) or a host name" })
      .default("127.0.0.1"),
  ),
  DISCORD_BOT_TOKEN: optionalSecret,
  DISCORD_APPLICATION_ID: optionalSecret,
  DISCORD_API_ROOT: optionalApiRoot,
  /** The clinicians' web view listens here when set (in the console demo it is on by default). */
  INTERLUDE_WEB_PORT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(65_535).optional(),
  ),
  /** Loopback by default: in production a TLS proxy on this machine sits in front (README). */
  INTERLUDE_WEB_HOST: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() || undefined : v),
    z
      .union([z.ipv4(), z.ipv6(), z.hostname()], { error: "must be an IP address (such as 127.0.0.1) or a host name" })
      .default("127.0.0.1"),
  ),
  /** The address browsers use (login links point here), e.g. https://interlude.example.org. */
  INTERLUDE_WEB_URL: optionalApiRoot,
});

export type Config = z.infer<typeof configSchema>;

/** Settings that only make sense together. */
const configRules = configSchema.superRefine((config, ctx) => {
  if (config.DISCORD_BOT_TOKEN && !config.DISCORD_APPLICATION_ID) {
    ctx.addIssue({ code: "custom", path: ["DISCORD_APPLICATION_ID"], message: "is required with DISCORD_BOT_TOKEN" });
  }
  if (config.TELEGRAM_WEBHOOK_URL && !config.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["TELEGRAM_WEBHOOK_SECRET"],
      message: "is required with TELEGRAM_WEBHOOK_URL",
    });
  }
});

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment; throws a ConfigError naming each bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configRules.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `environment: ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(problems.join("\n"));
  }
  return parsed.data;
}
