/**
 * The client's own way to erasure: /stop offers "keep" or "delete", deletion asks once more, and then
 * everything goes in the same transaction, with the goodbye still reaching the chat. With a risk alert
 * open, deletion waits for a clinician and happens by itself once one has acknowledged it.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { alerts, auditLog, clients, erasures, outbox } from "../../src/db/schema.js";
import { ChatUser, createHarness } from "../helpers/harness.js";
import {
  en,
  fullClient,
  fullClientNeedles,
  fullClientScene,
  type OpaqueChatUser,
  tracesOf,
  watchFor,
} from "../helpers/privacy.js";

function stopAndChooseDelete(client: OpaqueChatUser) {
  client.read();
  client.command("stop");
  const offer = client.read();
  expect(offer.at(-1)?.text).toBe(en("erasure.offer"));
  client.pressLabel(en("erasure.delete"), offer);
  const confirm = client.read();
  expect(confirm.at(-1)?.text).toBe(en("erasure.confirm"));
  return confirm;
}

const actionsFor = (h: ReturnType<typeof createHarness>, subject: string) =>
  h.handle.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.subject, subject))
    .all()
    .map((a) => a.action);

describe("/stop, then delete my data", () => {
  it("erases everything after the second press and still says goodbye in the chat", () => {
    const h = createHarness();
    const { seeded, client } = fullClientScene(h);
    const confirm = stopAndChooseDelete(client);
    client.pressLabel(en("erasure.confirm_yes"), confirm);

    const replies = client.read();
    expect(replies.map((m) => m.text)).toEqual([en("erasure.done")]);
    const goodbye = h.handle.db
      .select()
      .from(outbox)
      .where(eq(outbox.id, replies[0]?.outboxId as number))
      .get();
    expect(goodbye).toMatchObject({ identityId: null, chatId: fullClient.chatId, platform: "telegram" });
    expect(h.handle.db.select().from(erasures).all()).toMatchObject([
      { clientId: seeded.clientId, actor: `client:${seeded.clientId}` },
    ]);
    // The goodbye is addressed to the chat until it is sent; nothing else is left.
    expect(tracesOf(h.handle, seeded.clientId, fullClientNeedles(), ["erasures"])).toEqual([
      `outbox.chat_id contains ${JSON.stringify(fullClient.chatId)}`,
    ]);
  });

  it("keeps everything when the client chooses to keep, or changes their mind", () => {
    const h = createHarness();
    const { seeded, client } = fullClientScene(h);
    client.read();
    client.command("stop");
    const offer = client.read();
    expect(offer.map((m) => m.text)).toEqual([en("commands.stopped"), en("erasure.offer")]);
    client.pressLabel(en("erasure.keep"), offer);
    expect(client.read().at(-1)?.text).toBe(en("erasure.kept"));

    const confirm = stopAndChooseDelete(client);
    client.pressLabel(en("erasure.confirm_no"), confirm);
    expect(client.read().at(-1)?.text).toBe(en("erasure.kept"));
    expect(h.handle.db.select().from(clients).where(eq(clients.id, seeded.clientId)).get()?.status).toBe("stopped");
    expect(h.handle.db.select().from(erasures).all()).toEqual([]);
    expect(actionsFor(h, `client:${seeded.clientId}`).filter((a) => a === "client.data_kept")).toHaveLength(2);
  });

  it("does not take a second press of the same buttons as a new request", () => {
    const h = createHarness();
    const { client } = fullClientScene(h);
    const confirm = stopAndChooseDelete(client);
    const yes = ChatUser.buttonsOf(confirm).get(en("erasure.confirm_yes")) as string;
    client.press(yes);
    client.read();
    client.press(yes);
    expect(client.read()).toEqual([]);
    expect(h.handle.db.select().from(erasures).all()).toHaveLength(1);
  });

  it("ignores the old buttons once the client has come back with a new invite", () => {
    const h = createHarness();
    const { seeded, client } = fullClientScene(h);
    const confirm = stopAndChooseDelete(client);
    const { code } = createInvite(h.handle.db, { clientId: seeded.clientId }, h.clock.now(), 7);
    client.command("link", code);
    client.pressLabel(en("erasure.confirm_yes"), confirm);
    expect(client.read().at(-1)?.text).toBe(en("checkin.stale"));
    expect(h.handle.db.select().from(erasures).all()).toEqual([]);
  });
});

describe("with a risk alert open", () => {
  it("waits for a clinician, tells the client, and erases once the alert is acknowledged", () => {
    const h = createHarness();
    const { seeded, client, therapist, alertId } = fullClientScene(h, { acknowledge: false });
    const watch = watchFor(h);
    const confirm = stopAndChooseDelete(client);
    client.pressLabel(en("erasure.confirm_yes"), confirm);
    expect(client.read().at(-1)?.text).toBe(en("erasure.deferred"));
    expect(actionsFor(h, `client:${seeded.clientId}`)).toContain("client.erasure_deferred");
    expect(h.handle.db.select().from(alerts).get()?.acknowledgedAt).toBeNull();
    expect(watch.tick().erased).toBe(0);
    expect(h.handle.db.select().from(clients).where(eq(clients.id, seeded.clientId)).get()).toBeDefined();

    therapist.command("ack", String(alertId));
    expect(watch.tick().erased).toBe(1);
    expect(client.read().map((m) => m.text)).toEqual([en("erasure.done")]);
    expect(h.handle.db.select().from(erasures).all()).toMatchObject([{ actor: `client:${seeded.clientId}` }]);
    expect(tracesOf(h.handle, seeded.clientId, fullClientNeedles(), ["erasures"])).toEqual([
      `outbox.chat_id contains ${JSON.stringify(fullClient.chatId)}`,
    ]);
    expect(watch.tick().erased).toBe(0);
  });

  it("drops the request when the client comes back with a new invite before then", () => {
    const h = createHarness();
    const { seeded, client, therapist, alertId } = fullClientScene(h, { acknowledge: false });
    client.pressLabel(en("erasure.confirm_yes"), stopAndChooseDelete(client));
    const { code } = createInvite(h.handle.db, { clientId: seeded.clientId }, h.clock.now(), 7);
    client.command("link", code);
    therapist.command("ack", String(alertId));
    expect(watchFor(h).tick().erased).toBe(0);
    const row = h.handle.db.select().from(clients).where(eq(clients.id, seeded.clientId)).get();
    expect(row?.erasureRequestedAt).toBeNull();
    expect(actionsFor(h, `client:${seeded.clientId}`)).toContain("client.erasure_withdrawn");
  });
});

describe("/stop when already stopped", () => {
  it("offers the choice again", () => {
    const h = createHarness();
    const { client } = fullClientScene(h);
    client.command("stop");
    client.read();
    client.command("stop");
    expect(client.read().map((m) => m.text)).toEqual([en("commands.already_stopped"), en("erasure.offer")]);
  });
});
