/**
 * Model-based: random sequences of what clients, clinicians and time can do, checked after every
 * step against a small model of the rule that matters most: an open risk alert becomes closed only
 * when a clinician allowed to see it acknowledges it. Nothing a client does, no other therapist, and
 * no passage of time may close one; and a new risk signal never goes unrecorded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createHarness } from "../helpers/harness.js";
import { addClinician, allAlerts, minutes, safetyScene, triggerRows } from "../helpers/safety.js";

type Action =
  | { who: "client"; kind: "risk_text" | "benign_text" }
  | { who: "client"; kind: "command"; name: string; args: string }
  | { who: "therapist" | "colleague" | "backup"; kind: "ack"; pick: number }
  | { who: "therapist" | "colleague" | "backup"; kind: "alerts" }
  | { who: "clock"; kind: "tick"; minutes: number };

const clientWords = ["I want to kill myself", "jag vill inte leva längre", "我不想活了", "s u i c i d e"];
const benignWords = ["4", "fine thanks", "skip", "mår bra", "还好"];

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constant<Action>({ who: "client", kind: "risk_text" }),
  fc.constant<Action>({ who: "client", kind: "benign_text" }),
  fc.record({
    who: fc.constant("client" as const),
    kind: fc.constant("command" as const),
    name: fc.constantFrom("ack", "alerts", "stop", "pause", "resume", "help", "start", "privacy"),
    args: fc.constantFrom("", "1", "2", "#1", "all"),
  }),
  fc.record({
    who: fc.constantFrom("therapist" as const, "colleague" as const, "backup" as const),
    kind: fc.constant("ack" as const),
    pick: fc.nat(3),
  }),
  fc.record({ who: fc.constantFrom("therapist" as const, "backup" as const), kind: fc.constant("alerts" as const) }),
  fc.record({
    who: fc.constant("clock" as const),
    kind: fc.constant("tick" as const),
    minutes: fc.integer({ min: 1, max: 300 }),
  }),
);

interface ModelAlert {
  open: boolean;
  escalateAt: number;
  reachedBackup: boolean;
  signals: number;
}

describe("risk alert lifecycle (model-based)", () => {
  it("an open alert closes only through a clinician allowed to see it", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 40 }), fc.nat(3), (actions, wordIndex) => {
        const h = createHarness();
        const { client, therapist, seeded, watch } = safetyScene(h);
        const colleague = addClinician(h, seeded, "Colleague", 0);
        const backup = addClinician(h, seeded, "Backup", 1);
        const chats = { therapist, colleague, backup };
        const model: ModelAlert[] = [];
        const window = minutes(120);

        for (const step of actions) {
          const now = h.clock.now().getTime();
          const openOne = model.find((a) => a.open);
          if (step.who === "clock") {
            h.clock.advance(minutes(step.minutes));
            watch.tick();
            const at = h.clock.now().getTime();
            for (const a of model) {
              if (a.open && at >= a.escalateAt) {
                a.reachedBackup = true;
                a.escalateAt = at + window;
              }
            }
          } else if (step.who === "client") {
            if (step.kind === "risk_text") {
              client.text(clientWords[(wordIndex + model.length) % clientWords.length] as string);
              if (openOne) openOne.signals += 1;
              else model.push({ open: true, escalateAt: now + window, reachedBackup: false, signals: 1 });
            } else if (step.kind === "benign_text") {
              client.text(benignWords[model.length % benignWords.length] as string);
            } else if (step.kind === "command") {
              client.command(step.name, step.args);
            }
          } else if (step.kind === "alerts") {
            chats[step.who].command("alerts");
          } else {
            const id = step.pick === 0 ? 1 : step.pick; // ids start at 1; 3 may not exist yet
            chats[step.who].command("ack", String(id));
            const target = model[id - 1];
            const allowed = step.who === "therapist" || (step.who === "backup" && target?.reachedBackup === true);
            if (target?.open && allowed) target.open = false;
          }

          const rows = allAlerts(h);
          expect(rows.map((r) => r.acknowledgedAt === null)).toEqual(model.map((a) => a.open));
          for (const [i, row] of rows.entries()) {
            expect(triggerRows(h, row.id)).toHaveLength(model[i]?.signals ?? -1);
            if (row.acknowledgedBy !== null) expect(row.acknowledgedBy).toMatch(/^therapist:\d+$/);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
