/**
 * Model-based: random sequences of risk signals, hand-overs (`client move`), deactivations (with and
 * without a hand-over), escalation windows and clinicians' /ack, /alerts and /summary, all through the
 * real engine and CLI on one database. After every step, who may see and acknowledge each alert (the
 * real rule, src/safety/alert-access.ts, and what the chat commands answer) equals a small model:
 *
 *   may access = active and (the client's current therapist, or escalated to since the client was
 *                last handed over away from them)
 *
 * and each hand-over told the new therapist about every open alert they inherited.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createInvite } from "../../src/db/repos/invites.js";
import { createClient } from "../../src/db/repos/people.js";
import type { MessageKey } from "../../src/prompts/message-keys.js";
import { mayAccessAlert, openAlertsVisibleTo } from "../../src/safety/alert-access.js";
import { cli } from "../helpers/cli.js";
import { ChatUser, createHarness, type Harness, prompts } from "../helpers/harness.js";
import { addClinician, allAlerts, minutes, safetyScene } from "../helpers/safety.js";

const clinicianIds = [1, 2, 3, 4] as const;
type ClinicianId = (typeof clinicianIds)[number];
const clientAliases = ["Client A", "Client B"] as const;

type Step =
  | { kind: "risk"; client: 0 | 1 }
  | { kind: "move"; client: 0 | 1; to: ClinicianId }
  | { kind: "deactivate"; who: ClinicianId; to: ClinicianId | null }
  | { kind: "escalate" }
  | { kind: "ack"; who: ClinicianId; alert: number }
  | { kind: "alerts"; who: ClinicianId }
  | { kind: "summary"; who: ClinicianId; client: 0 | 1 };

const clinician = fc.constantFrom(...clinicianIds);
const client = fc.constantFrom(0 as const, 1 as const);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("risk" as const), client }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("move" as const), client, to: clinician }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("deactivate" as const),
      who: clinician,
      to: fc.option(clinician, { nil: null }),
    }),
  },
  { weight: 2, arbitrary: fc.constant<Step>({ kind: "escalate" }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("ack" as const), who: clinician, alert: fc.integer({ min: 1, max: 4 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("alerts" as const), who: clinician }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("summary" as const), who: clinician, client }) },
);

interface ModelAlert {
  client: 0 | 1;
  open: boolean;
  level: number;
  /** Clinicians holding access through an escalation. */
  escalatedTo: Set<number>;
}

class Model {
  active = new Map<number, boolean>(clinicianIds.map((id) => [id, true]));
  /** Ranks on the ladder: T1 none, T2 rank 1 (a therapist who is also a backup), B1 rank 1, B2 rank 2. */
  rank = new Map<number, number | null>([
    [1, null],
    [2, 1],
    [3, 1],
    [4, 2],
  ]);
  therapistOf: [number, number] = [1, 2];
  alerts: ModelAlert[] = [];

  mayAccess(alert: ModelAlert, who: number): boolean {
    return this.active.get(who) === true && (this.therapistOf[alert.client] === who || alert.escalatedTo.has(who));
  }

  openAlertOf(c: 0 | 1): ModelAlert | undefined {
    return this.alerts.find((a) => a.client === c && a.open);
  }

  /** Returns the open alerts that moved with the client. */
  handOver(c: 0 | 1, to: number): number {
    const from = this.therapistOf[c];
    this.therapistOf[c] = to;
    for (const alert of this.alerts) if (alert.client === c) alert.escalatedTo.delete(from);
    return this.alerts.filter((a) => a.client === c && a.open).length;
  }

  escalate(alert: ModelAlert): void {
    const backups = clinicianIds.filter((id) => this.active.get(id) && this.rank.get(id) != null);
    const ranks = [...new Set(backups.map((id) => this.rank.get(id) as number))].sort((a, b) => a - b);
    alert.level += 1;
    const recipients =
      alert.level <= ranks.length
        ? backups.filter((id) => this.rank.get(id) === ranks[alert.level - 1])
        : [this.therapistOf[alert.client], ...backups];
    for (const id of recipients) alert.escalatedTo.add(id);
  }
}

const en = (key: MessageKey, values?: Record<string, string | number>) => prompts().messages.t("en", key, values);

/** A second enrolled client, of therapist 2. */
function secondClient(h: Harness, practiceId: number): ChatUser {
  const now = h.clock.now();
  const row = createClient(
    h.handle.db,
    { practiceId, therapistId: 2, alias: clientAliases[1], locale: "en", checkinId: "alliance-safety" },
    now,
  );
  const { code } = createInvite(h.handle.db, { clientId: row.id }, now, 7);
  const user = new ChatUser(h, "client-b", "chat-client-b");
  user.command("start", code);
  user.pressLabel(en("consent.accept"));
  user.read();
  return user;
}

async function runSequence(steps: Step[]): Promise<void> {
  const h = createHarness();
  const scene = safetyScene(h);
  const chats = new Map<number, ChatUser>([[1, scene.therapist]]);
  chats.set(2, addClinician(h, scene.seeded, "T2", 1));
  chats.set(3, addClinician(h, scene.seeded, "B1", 1));
  chats.set(4, addClinician(h, scene.seeded, "B2", 2));
  const clients = [scene.client, secondClient(h, scene.seeded.practiceId)] as const;
  const c = cli({}, h);
  const model = new Model();
  const chat = (id: number) => chats.get(id) as ChatUser;
  const reply = (id: number) => chat(id).read().at(-1)?.text;

  for (const s of steps) {
    switch (s.kind) {
      case "risk": {
        clients[s.client].text("I want to kill myself");
        if (!model.openAlertOf(s.client)) {
          model.alerts.push({ client: s.client, open: true, level: 0, escalatedTo: new Set() });
        }
        break;
      }
      case "move": {
        chat(s.to).read();
        const result = await c.run("client", "move", String(s.client + 1), "--therapist", String(s.to));
        const allowed = model.active.get(s.to) === true && model.therapistOf[s.client] !== s.to;
        expect(result.code, result.err).toBe(allowed ? 0 : 2);
        if (allowed) {
          const inherited = model.handOver(s.client, s.to);
          expect(
            chat(s.to)
              .read()
              .filter((m) => m.text.includes("is now yours")),
          ).toHaveLength(inherited);
        }
        break;
      }
      case "deactivate": {
        const caseload = ([0, 1] as const).filter((i) => model.therapistOf[i] === s.who);
        const successorOk = s.to !== null && s.to !== s.who && model.active.get(s.to) === true;
        const allowed = model.active.get(s.who) === true && (s.to === null ? caseload.length === 0 : successorOk);
        if (s.to !== null) chat(s.to).read();
        chat(s.who).read();
        const argv = [
          "therapist",
          "deactivate",
          String(s.who),
          ...(s.to === null ? [] : ["--hand-over-to", String(s.to)]),
        ];
        const result = await c.run(...argv);
        expect(result.code, result.err).toBe(allowed ? 0 : 2);
        if (allowed) {
          let inherited = 0;
          for (const i of caseload) inherited += model.handOver(i, s.to as number);
          model.active.set(s.who, false);
          model.rank.set(s.who, null);
          expect(
            chat(s.who)
              .read()
              .map((m) => m.text),
          ).toEqual([en("clinician.access_ended")]);
          if (s.to !== null) {
            expect(
              chat(s.to)
                .read()
                .filter((m) => m.text.includes("is now yours")),
            ).toHaveLength(inherited);
          }
        }
        break;
      }
      case "escalate": {
        h.clock.advance(minutes(120));
        scene.watch.tick();
        for (const alert of model.alerts) if (alert.open) model.escalate(alert);
        break;
      }
      case "ack": {
        chat(s.who).read();
        chat(s.who).command("ack", String(s.alert));
        const target = model.alerts[s.alert - 1];
        const text = reply(s.who);
        if (model.active.get(s.who) !== true) expect(text).toBe(en("unlinked.hello"));
        else if (!target || !model.mayAccess(target, s.who)) {
          expect(text).toBe(en("clinician.ack_unknown", { alert: s.alert }));
        } else if (target.open) {
          expect(text).toBe(en("clinician.acknowledged", { alert: s.alert, alias: clientAliases[target.client] }));
          target.open = false;
        } else expect(text).toContain(`Alert ${s.alert} was already acknowledged`);
        break;
      }
      case "alerts": {
        chat(s.who).read();
        chat(s.who).command("alerts");
        const text = reply(s.who) ?? "";
        if (model.active.get(s.who) !== true) {
          expect(text).toBe(en("unlinked.hello"));
          break;
        }
        const listed = [...text.matchAll(/^#(\d+) · /gm)].map((m) => Number(m[1]));
        const expected = model.alerts.flatMap((a, i) => (a.open && model.mayAccess(a, s.who) ? [i + 1] : []));
        expect(listed).toEqual(expected);
        break;
      }
      case "summary": {
        chat(s.who).read();
        chat(s.who).command("summary", clientAliases[s.client]);
        const text = reply(s.who);
        const unknown = en("summary.unknown_alias", { alias: clientAliases[s.client] });
        if (model.active.get(s.who) !== true) expect(text).toBe(en("unlinked.hello"));
        else if (model.therapistOf[s.client] === s.who) expect(text).not.toBe(unknown);
        else expect(text).toBe(unknown);
        break;
      }
    }

    // After every step: the real rule agrees with the model for every alert and every clinician.
    const rows = allAlerts(h);
    expect(rows.map((r) => r.acknowledgedAt === null)).toEqual(model.alerts.map((a) => a.open));
    for (const id of clinicianIds) {
      const visible = openAlertsVisibleTo(h.handle.db, id).map((r) => r.id);
      expect(visible, `open alerts clinician ${id} may see`).toEqual(
        model.alerts.flatMap((a, i) => (a.open && model.mayAccess(a, id) ? [i + 1] : [])),
      );
      for (const [i, row] of rows.entries()) {
        const expected = model.mayAccess(model.alerts[i] as ModelAlert, id);
        expect(mayAccessAlert(h.handle.db, row, id), `clinician ${id}, alert ${row.id}`).toBe(expected);
      }
    }
  }
}

describe("alert access (model-based)", () => {
  it("after every hand-over, move, deactivation, escalation and acknowledgement, access equals the model", async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), runSequence), {
      numRuns: 100,
      seed: 20_260_517,
    });
  }, 180_000);
});
