/**
 * Who is signed in. Every page with client data calls `signedInClinician` first: it answers with the
 * clinician (their words, their role) or ends the request with a redirect to the login page. A session
 * is refused when its clinician is no longer active or its login is older than `sessionMaxMs`.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ClinicianText } from "../../safety/clinician-text.js";
import { sessionMaxMs } from "../security/session-data.js";
import type { SignedIn } from "../views/page.js";
import type { WebContext } from "../web-context.js";
import { signedInText } from "../web-text.js";

export interface Clinician {
  therapistId: number;
  view: ClinicianText;
  /** What the page frame needs: alias, admin flag, the CSRF token for its forms. */
  frame: SignedIn;
}

export async function signedInClinician(
  ctx: WebContext,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Clinician | undefined> {
  const { therapistId, signedInAt } = request.session;
  const now = ctx.clock.now().getTime();
  const view = therapistId === undefined ? undefined : signedInText(ctx.db, ctx.prompts, therapistId);
  if (
    therapistId === undefined ||
    !view?.therapist.active ||
    signedInAt === undefined ||
    now - signedInAt > sessionMaxMs
  ) {
    if (therapistId !== undefined) await request.session.destroy();
    await reply.redirect(therapistId === undefined ? "/login" : "/login?ended=1", 303);
    return undefined;
  }
  const csrf = await reply.generateCsrf();
  return { therapistId, view, frame: { alias: view.therapist.alias, admin: view.therapist.admin, csrf } };
}
