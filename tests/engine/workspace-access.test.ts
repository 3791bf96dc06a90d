/**
 * Who the workspace commands reach when roles and clients change: a clinician deactivated (but not yet
 * unlinked) changes nothing and is unlinked; after a hand-over the former therapist's commands answer
 * the client's alias as an unknown one, exactly as for an alias nobody has, with no audit entry either
 * way; an erased client is gone from the caseload and their alias free again; and an alias typed by
 * mistake that looks like a real name is not repeated back (the reply's copy stays in the outbox).
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { handOverClient } from "../../src/admin/hand-over.js";
import { getClient, listClients } from "../../src/db/repos/people.js";
import { alerts, outbox, therapists } from "../../src/db/schema.js";
import { eraseClient } from "../../src/privacy/erase.js";
import { prompts } from "../helpers/harness.js";
import { t, workspaceScene } from "../helpers/workspace.js";

/** Every workspace command, with words that would change something for one of the clinician's clients. */
const changing = (alias: string) =>
  [
    ["reinvite", alias],
    ["pause", alias],
    ["resume", alias],
    ["schedule", `${alias} daily at 09:30`],
    ["language", `${alias} sv`],
  ] as const;

describe("the workspace when roles and clients change", () => {
  it("changes nothing for a deactivated clinician, who is unlinked instead", () => {
    const { db, seeded, say, state, audits } = workspaceScene();
    db.update(therapists).set({ active: false }).where(eq(therapists.id, seeded.therapistId)).run();
    const before = state();
    expect(say("invite", "Birch-2")).toBe(t("clinician.access_ended"));
    for (const [command, args] of [...changing("Oak-7"), ["clients", ""]] as const) {
      // Unlinked now: an unknown sender, who gets the generic hello.
      expect(say(command, args), command).toBe(t("unlinked.hello"));
    }
    expect(state()).toBe(before);
    expect(audits().filter(([actor]) => actor === `therapist:${seeded.therapistId}`)).toEqual([
      [`therapist:${seeded.therapistId}`, "identity.linked", expect.stringMatching(/^identity:/)],
    ]);
  });

  it("answers the former therapist after a hand-over as for an alias nobody has", () => {
    const { db, seeded, say, state, audits, otherTherapistId } = workspaceScene();
    // The open risk alert goes with the client to T2.
    db.transaction((tx) => {
      handOverClient(
        tx,
        prompts(),
        getClient(tx, seeded.clientId) as NonNullable<ReturnType<typeof getClient>>,
        otherTherapistId,
        new Date(),
      );
    });
    const before = state();
    const auditsBefore = audits().length;
    for (const [command, args] of changing("Oak-7")) {
      const handedOver = say(command, args);
      const nobody = say(command, args.replace("Oak-7", "Nobody-1"));
      expect(handedOver, command).toBe(nobody.replace("Nobody-1", "Oak-7"));
      expect(handedOver, command).toBe(t("workspace.unknown_alias", { alias: "Oak-7" }));
    }
    expect(say("clients")).toBe(t("workspace.clients_none"));
    expect(state()).toBe(before);
    expect(audits()).toHaveLength(auditsBefore);
    expect(getClient(db, seeded.clientId)?.therapistId).toBe(otherTherapistId);
  });

  it("forgets an erased client: not listed, not found, and the alias free again", () => {
    const { db, seeded, say, alert } = workspaceScene();
    say("invite", "Birch-2");
    const birch = listClients(db, { therapistId: seeded.therapistId }).find((c) => c.alias === "Birch-2");
    expect(birch).toBeDefined();
    db.update(alerts).set({ acknowledgedAt: new Date() }).where(eq(alerts.id, alert.id)).run();
    db.transaction((tx) => {
      expect(eraseClient(tx, { clientId: birch?.id as number, actor: "cli" }, new Date()).status).toBe("erased");
    });
    expect(say("clients").split("\n").slice(1)).toEqual(["Oak-7 · invited, not joined yet · no answers yet"]);
    for (const [command, args] of changing("Birch-2")) {
      expect(say(command, args), command).toBe(t("workspace.unknown_alias", { alias: "Birch-2" }));
    }
    expect(say("invite", "Birch-2").split("\n")[0]).toMatch(/^Birch-2 is now one of your clients/);
  });

  it("does not repeat a typed alias that looks like a real name, whether or not anyone has it", () => {
    const { db, say } = workspaceScene();
    for (const [command, args] of [...changing("Anna"), ...changing("王芳"), ["pause", "Oak/7"]] as const) {
      expect(say(command, args), `${command} ${args}`).toBe(t("workspace.unknown_alias_unnamed"));
    }
    const stored = JSON.stringify(db.select({ payload: outbox.payload }).from(outbox).all());
    expect(stored).not.toContain("Anna");
    expect(stored).not.toContain("王芳");
  });
});
