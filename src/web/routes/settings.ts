/**
 * GET /settings, POST /settings: the practice's settings, for its administrators only (anyone else
 * is answered as if there were no such page). Stored by the rules `practice apply` stores by (the
 * settings schema, plain wording, a known default check-in: src/admin/settings-form.ts), all or
 * nothing, and audited as `practice apply` is (`practice.config_applied`, with the number of changes).
 */
import { eq } from "drizzle-orm";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { settingChanges } from "../../admin/apply-config.js";
import { settingFields, settingsFromForm } from "../../admin/settings-form.js";
import { audit } from "../../db/repos/audit.js";
import { getPractice } from "../../db/repos/people.js";
import { practices } from "../../db/schema.js";
import { settingsOf } from "../../practice/settings.js";
import { type Clinician, signedInClinician } from "../auth/signed-in.js";
import { type SettingsPageInput, settingsPage } from "../views/settings-page.js";
import type { WebContext } from "../web-context.js";

const shown = (value: unknown) => (value === null || value === undefined ? "(none)" : JSON.stringify(value));

export function registerSettings(app: FastifyInstance, ctx: WebContext): void {
  /** The signed-in administrator and their practice, or undefined once the answer is sent. */
  const administrator = async (request: FastifyRequest, reply: FastifyReply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return undefined;
    const practice = clinician.view.therapist.admin
      ? getPractice(ctx.db, clinician.view.therapist.practiceId)
      : undefined;
    if (!practice) {
      reply.callNotFound();
      return undefined;
    }
    return { clinician, practice };
  };

  const page = (
    clinician: Clinician,
    practiceName: string,
    fields: ReturnType<typeof settingFields>,
    extra: Pick<SettingsPageInput, "crisisResources" | "errors" | "saved">,
  ) => settingsPage({ text: clinician.view, signedIn: clinician.frame, practiceName, fields, ...extra });

  app.get("/settings", async (request, reply) => {
    const found = await administrator(request, reply);
    if (!found) return reply;
    const settings = settingsOf(found.practice);
    const html = page(found.clinician, found.practice.name, settingFields(settings), {
      crisisResources: settings.crisisResources.length,
    });
    return reply.type("text/html; charset=utf-8").send(html);
  });

  app.post<{ Body: Record<string, unknown> }>("/settings", async (request, reply) => {
    const found = await administrator(request, reply);
    if (!found) return reply;
    const { clinician, practice } = found;
    const current = settingsOf(practice);
    const result = settingsFromForm(current, request.body, ctx.prompts.checkins);
    if ("problems" in result) {
      const errors = new Map<string, string>();
      for (const p of result.problems) errors.set(p.path, [errors.get(p.path), p.message].filter(Boolean).join("; "));
      // The fields as typed, so each can be corrected where it is.
      const typed = settingFields(current).map((f) => ({
        ...f,
        value: typeof request.body[f.path] === "string" ? (request.body[f.path] as string) : f.value,
      }));
      const html = page(clinician, practice.name, typed, { errors, crisisResources: current.crisisResources.length });
      return reply.code(400).type("text/html; charset=utf-8").send(html);
    }
    const changes = settingChanges(current, result.settings);
    const now = ctx.clock.now();
    if (changes.length > 0) {
      ctx.db.transaction((tx) => {
        tx.update(practices).set({ settings: result.settings }).where(eq(practices.id, practice.id)).run();
        audit(
          tx,
          {
            actor: `therapist:${clinician.therapistId}`,
            action: "practice.config_applied",
            subject: `practice:${practice.id}`,
            detail: { changes: changes.length },
          },
          now,
        );
      });
    }
    const saved = changes.map((c) => `${c.path.replace(/^settings\./, "")}: ${shown(c.from)} → ${shown(c.to)}`);
    const html = page(clinician, practice.name, settingFields(result.settings), {
      saved,
      crisisResources: result.settings.crisisResources.length,
    });
    return reply.type("text/html; charset=utf-8").send(html);
  });
}
