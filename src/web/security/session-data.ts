/**
 * What a web session holds besides @fastify/csrf-protection's secret: who signed in, and when (the
 * absolute limit counts from there, however busy the session has been).
 */
import "@fastify/session";

declare module "fastify" {
  interface Session {
    therapistId?: number;
    /** Epoch ms of the login. */
    signedInAt?: number;
  }
}

/** Idle this long and the session ends. */
export const sessionIdleMs = 30 * 60_000;
/** However active, a session ends this long after its login: a borrowed laptop does not stay signed in. */
export const sessionMaxMs = 12 * 60 * 60_000;
