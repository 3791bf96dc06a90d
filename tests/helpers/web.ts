/**
 * The web view on a harness: a practice with a therapist linked in a chat, the Fastify app built on
 * the same database and fake clock, and a little cookie-keeping browser over `inject` (no network).
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient, createTherapist } from "../../src/db/repos/people.js";
import type { Locale } from "../../src/i18n/locales.js";
import { silentLogger } from "../../src/logger.js";
import { buildWebServer, type WebRoutes } from "../../src/web/server.js";
import type { WebContext } from "../../src/web/web-context.js";
import { ChatUser, createHarness, type Harness, prompts, type Seeded, seedPractice } from "./harness.js";

export const publicUrl = "http://127.0.0.1:4780";

export interface WebScene {
  h: Harness;
  seeded: Seeded;
  therapistChat: ChatUser;
  ctx: WebContext;
  app: FastifyInstance;
}

export async function webScene(
  pages: WebRoutes[] = [],
  options: { linkTherapist?: boolean; publicUrl?: string } = {},
): Promise<WebScene> {
  const h = createHarness();
  const seeded = seedPractice(h);
  const therapistChat = new ChatUser(h, "t-1", "t-chat-1", "telegram");
  if (options.linkTherapist ?? true) therapistChat.command("start", seeded.therapistCode);
  therapistChat.read();
  const ctx: WebContext = {
    db: h.handle.db,
    clock: h.clock,
    prompts: prompts(),
    logger: silentLogger,
    onQueued: () => undefined,
    publicUrl: options.publicUrl ?? publicUrl,
  };
  const app = await buildWebServer(ctx, pages);
  return { h, seeded, therapistChat, ctx, app };
}

/** The hidden CSRF token of the (last) form on a page. */
export function csrfOf(html: string): string {
  const matches = [...html.matchAll(/name="_csrf" value="([^"]+)"/g)];
  const token = matches.at(-1)?.[1];
  if (!token) throw new Error("no CSRF field on the page");
  return token;
}

/** A browser over `inject`: keeps the cookies the server sets, sends them back, follows nothing. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = {},
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(await this.app.inject({ method: "GET", url, headers: this.requestHeaders() }));
  }

  async post(url: string, form: Record<string, string>): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.app.inject({
        method: "POST",
        url,
        headers: { ...this.requestHeaders(), "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(form).toString(),
      }),
    );
  }

  /** GETs a page with a form, then posts the form's fields with its CSRF token. */
  async submit(pageUrl: string, action: string, form: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    return this.post(action, { ...form, _csrf: csrfOf(page.body) });
  }

  private requestHeaders(): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return { ...this.headers, ...(cookie ? { cookie } : {}) };
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      if (c.value === "" || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return response;
  }
}

/** A second clinician of the scene's practice, linked in a chat of their own. */
export function addLinkedTherapist(scene: WebScene, alias: string, options: { locale?: Locale } = {}) {
  const db = scene.h.handle.db;
  const now = scene.h.clock.now();
  const therapist = createTherapist(db, { practiceId: scene.seeded.practiceId, alias, ...options }, now);
  const chat = new ChatUser(scene.h, `t-${therapist.id}`, `t-chat-${therapist.id}`, "telegram");
  chat.command("start", createInvite(db, { therapistId: therapist.id }, now, 7).code);
  chat.read();
  return { therapistId: therapist.id, chat };
}

/** A colleague (T2) of the scene's therapist in the same practice, and a client of theirs (Birch-2). */
export function colleagueWithClient(scene: WebScene) {
  const db = scene.h.handle.db;
  const now = scene.h.clock.now();
  const colleague = createTherapist(db, { practiceId: scene.seeded.practiceId, alias: "T2" }, now);
  const theirs = createClient(
    db,
    {
      practiceId: scene.seeded.practiceId,
      therapistId: colleague.id,
      alias: "Birch-2",
      locale: "en",
      checkinId: "alliance-safety",
    },
    now,
  );
  return { colleague, theirs };
}

/** The login link in the newest message to the therapist's chat. */
export function linkIn(chat: ChatUser): string {
  const texts = chat.read().map((m) => m.text);
  const link = texts
    .map((t) => /http:\/\/127\.0\.0\.1:4780(\/login\/[A-Za-z0-9_-]+)/.exec(t)?.[1])
    .filter((l) => l !== undefined)
    .at(-1);
  if (!link) throw new Error(`no login link among: ${texts.join(" | ")}`);
  return link;
}

/**
 * Asks for a link by alias, opens it and logs in; returns the browser, signed in. `chat` is where the
 * clinician's link arrives (the scene's therapist's chat unless said otherwise).
 */
export async function signIn(scene: WebScene, alias = "T1", chat = scene.therapistChat): Promise<TestBrowser> {
  const browser = new TestBrowser(scene.app);
  await browser.submit("/login", "/login", { alias });
  const link = linkIn(chat);
  const done = await browser.submit(link, link);
  if (done.statusCode !== 303 || done.headers.location !== "/") throw new Error(`login failed: ${done.statusCode}`);
  return browser;
}
