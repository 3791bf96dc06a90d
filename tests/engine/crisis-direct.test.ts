/**
 * The crisis reply does not wait in the queue: it is sent directly after the commit and recorded, and
 * when the database fails it is sent anyway and the disclosure spooled, to become an alert once the
 * database works again.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { outbox } from "../../src/db/schema.js";
import { Engine } from "../../src/engine/engine.js";
import { silentLogger } from "../../src/logger.js";
import { Dispatcher } from "../../src/outbox/dispatcher.js";
import { FileRiskSpool, MemoryRiskSpool } from "../../src/safety/spool.js";
import { SafetyWatch } from "../../src/safety/watch.js";
import { fakeWait, RecordingSender } from "../fakes/recording-sender.js";
import { createHarness, prompts } from "../helpers/harness.js";
import { allAlerts, safetyScene, triggerRows } from "../helpers/safety.js";

function directScene() {
  const h = createHarness();
  const sender = new RecordingSender("console", h.clock);
  const dispatcher = new Dispatcher(h.handle.db, h.clock, silentLogger, { wait: fakeWait(h.clock) });
  dispatcher.register(sender);
  const spool = new MemoryRiskSpool();
  h.engine = new Engine({
    db: h.handle.db,
    clock: h.clock,
    prompts: prompts(),
    logger: silentLogger,
    urgent: dispatcher,
    spool,
  });
  const scene = safetyScene(h);
  const watch = new SafetyWatch({ db: h.handle.db, clock: h.clock, prompts: prompts(), logger: silentLogger, spool });
  return { h, scene, sender, dispatcher, spool, client: scene.client, watch };
}

describe("the crisis reply", () => {
  it("goes out directly, ahead of the queue, and is recorded as sent", async () => {
    const { h, sender, dispatcher, client, scene } = directScene();
    client.text("I want to kill myself");
    await dispatcher.drain();
    const toClient = sender.sends(scene.client.chatId);
    expect(toClient[0]?.text).toContain("Crisis line: 0000");
    const recorded = h.handle.db.select().from(outbox).where(eq(outbox.chatId, scene.client.chatId)).all();
    const crisis = recorded.find((r) => JSON.stringify(r.payload).includes("Crisis line"));
    expect(crisis).toMatchObject({ status: "sent", platformMessageId: expect.any(String) });
  });

  it("is retried through the queue when the direct send fails", async () => {
    const { h, sender, dispatcher, client, scene } = directScene();
    sender.failures.push("transient");
    client.text("I want to kill myself");
    await dispatcher.drain();
    h.clock.advance(60_000);
    await dispatcher.drain();
    expect(sender.sends(scene.client.chatId).some((c) => c.text.includes("Crisis line"))).toBe(true);
  });

  it("is sent even when the database throws, and the alert opens once it works again", async () => {
    const { h, sender, dispatcher, client, scene, spool, watch } = directScene();
    const failing = vi.spyOn(h.handle.db, "transaction").mockImplementation(() => {
      throw new Error("SQLITE_FULL: database or disk is full");
    });
    expect(client.text("I want to kill myself")).toBe("failed");
    await vi.waitFor(() => expect(sender.sends(scene.client.chatId).length).toBeGreaterThan(0));
    const [reply] = sender.sends(scene.client.chatId);
    // The database could still be read: the client's own resources, in their language.
    expect(reply?.text).toContain("Crisis line: 0000");
    expect(reply?.text).toContain(prompts().messages.t("en", "crisis.reply_text").split("\n")[0]);
    expect(reply?.text).toContain(prompts().messages.t("en", "crisis.will_tell"));
    expect(allAlerts(h)).toHaveLength(0);
    // The spool knows the reply arrived, so replay will not send it again.
    await vi.waitFor(() => expect(spool.read().entries).toMatchObject([{ kind: "risk_text", reply: "sent" }]));
    expect(JSON.stringify(spool.read().entries)).not.toContain("kill");

    failing.mockRestore();
    expect(watch.tick().recovered).toBe(1);
    const [alert] = allAlerts(h);
    expect(alert?.acknowledgedAt).toBeNull();
    expect(triggerRows(h, alert?.id as number).map((t) => t.kind)).toEqual(["recovered"]);
    expect(scene.therapist.read().at(-1)?.text).toContain("could not record it");
    // Replayed once only.
    expect(watch.tick().recovered).toBe(0);
    await dispatcher.drain();
  });

  it("recognises a 'yes' on the risk question from the button alone when the database fails", async () => {
    const { h, sender, client, scene, spool } = directScene();
    h.engine.startCheckin(scene.seeded.clientId);
    const asked = client.read();
    for (const n of ["4", "4", "4", "4"]) client.text(n);
    const riskQuestion = client
      .read()
      .filter((m) => m.buttons.size > 0)
      .at(-1);
    expect(riskQuestion?.buttons.get("Yes")).toMatch(/^rk/);
    expect(asked.length).toBeGreaterThan(0);
    vi.spyOn(h.handle.db, "transaction").mockImplementation(() => {
      throw new Error("SQLITE_IOERR");
    });
    client.press(riskQuestion?.buttons.get("Yes") as string);
    await vi.waitFor(() => expect(sender.sends(scene.client.chatId).length).toBeGreaterThan(0));
    expect(spool.read().entries).toMatchObject([{ kind: "risk_item" }]);
    vi.restoreAllMocks();
  });

  it("in a group chat gives only the general reply and spools nothing, as when the database works", async () => {
    const { h, sender, scene, spool } = directScene();
    vi.spyOn(h.handle.db, "transaction").mockImplementation(() => {
      throw new Error("SQLITE_FULL: database or disk is full");
    });
    const outcome = h.engine.handle({
      platform: scene.client.platform,
      platformUserId: scene.client.platformUserId,
      chatId: "group-9",
      chatType: "group",
      updateId: "g1",
      payload: { type: "text", text: "I want to kill myself" },
    });
    expect(outcome).toBe("failed");
    await vi.waitFor(() => expect(sender.sends("group-9").length).toBeGreaterThan(0));
    const text = sender.sends("group-9")[0]?.text ?? "";
    // Nothing personal in the group: not the client's resources, not their language alone.
    expect(text).not.toContain("Crisis line: 0000");
    for (const locale of ["en", "sv", "zh"] as const) {
      expect(text).toContain(prompts().messages.t(locale, "crisis.unlinked").split("\n")[0]);
    }
    expect(spool.read().entries).toEqual([]);
    vi.restoreAllMocks();
  });

  it("falls back to every language when the database cannot even be read", async () => {
    const { h, sender, client, scene } = directScene();
    h.handle.sqlite.close();
    expect(client.text("I want to kill myself")).toBe("failed");
    await vi.waitFor(() => expect(sender.sends(scene.client.chatId).length).toBeGreaterThan(0));
    const text = sender.sends(scene.client.chatId)[0]?.text ?? "";
    for (const locale of ["en", "sv", "zh"] as const) {
      expect(text).toContain(prompts().messages.t(locale, "crisis.emergency_numbers"));
    }
  });
});

describe("the file spool", () => {
  it("survives a torn last line, and drops only what was replayed", () => {
    const path = join(mkdtempSync(join(tmpdir(), "spool-")), "db.risk-spool");
    const spool = new FileRiskSpool(path);
    const entry = {
      platform: "telegram" as const,
      platformUserId: "1",
      updateId: "9",
      kind: "risk_text" as const,
      at: 1,
    };
    spool.append(entry);
    spool.append({ ...entry, updateId: "10" });
    writeFileSync(path, `${readFileSync(path, "utf8")}{"platform":"tele`);
    expect(spool.read()).toMatchObject({ entries: [{ updateId: "9" }, { updateId: "10" }], unreadable: 1 });
    spool.remove(spool.read().entries.slice(0, 1));
    expect(spool.read().entries.map((e) => e.updateId)).toEqual(["10"]);
  });
});
