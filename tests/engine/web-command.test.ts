/**
 * `/web` in a clinician's chat: a single-use login link to the web view, queued as a secret; a note
 * that the web view is off when it is; and for a client, the same "unknown command" as any other
 * clinician command.
 */
import { describe, expect, it } from "vitest";
import { spendLoginLink } from "../../src/access/login-links.js";
import { Engine } from "../../src/engine/engine.js";
import { WebAddress } from "../../src/engine/web-address.js";
import { silentLogger } from "../../src/logger.js";
import { ChatUser, createHarness, prompts, seedPractice } from "../helpers/harness.js";

const en = (key: Parameters<ReturnType<typeof prompts>["messages"]["t"]>[1], values = {}) =>
  prompts().messages.t("en", key, values);

function scene(url?: string) {
  const h = createHarness();
  const webAddress = new WebAddress();
  if (url) webAddress.set(url);
  h.engine = new Engine({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger: silentLogger, webAddress });
  const seeded = seedPractice(h);
  const therapist = new ChatUser(h, "t-1", "t-chat", "telegram");
  therapist.command("start", seeded.therapistCode);
  therapist.read();
  return { h, seeded, therapist };
}

describe("/web", () => {
  it("gives a linked clinician a login link in their chat, queued as a secret, that logs them in once", () => {
    const { h, seeded, therapist } = scene("https://interlude.example.org/");
    therapist.command("web");
    const [message] = therapist.read();
    expect(message?.payload).toMatchObject({ kind: "message", secret: true });
    const token = /https:\/\/interlude\.example\.org\/login\/([A-Za-z0-9_-]{43})\n?/.exec(message?.text ?? "")?.[1];
    expect(token).toBeDefined();
    expect(spendLoginLink(h.handle.db, token as string, h.clock.now())).toBe(seeded.therapistId);
    expect(spendLoginLink(h.handle.db, token as string, h.clock.now())).toBeUndefined();
  });

  it("says the web view is off when it is", () => {
    const { therapist } = scene();
    therapist.command("web");
    expect(therapist.read().map((m) => m.text)).toEqual([en("web.not_enabled")]);
  });

  it("is an unknown command for a client", () => {
    const { h, seeded } = scene("http://127.0.0.1:4780");
    const client = new ChatUser(h, "c-1", "c-chat", "telegram");
    client.command("start", seeded.code);
    client.read();
    client.command("web");
    const texts = client.read().map((m) => m.text);
    expect(texts.some((t) => t.includes("/login/"))).toBe(false);
  });
});
