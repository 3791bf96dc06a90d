/**
 * GET /invites, POST /invites (a new client by alias, or a fresh invite for one who has not joined),
 * POST /invites/:id/revoke. The rules are the chat's `/invite` and `/reinvite` (src/engine/
 * invite-commands.ts, src/admin/client-invite.ts) with the same words; a new client is the signed-in
 * clinician's. A therapist reaches their own clients, an administrator the practice's (scope.ts); an
 * id outside that is not found. The code is shown only in the answer to the form that made it: no
 * redirect carries it, nothing logs it, and the page is never cached (Cache-Control: no-store).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import { addClient, type IssuedInvite, inviteClientAgain, telegramInviteLink } from "../../admin/client-invite.js";
import { qrCodePng } from "../../admin/invite-qr.js";
import { audit } from "../../db/repos/audit.js";
import { type ClientRow, listTherapists } from "../../db/repos/people.js";
import { checkedNewAlias, mayInviteAgain, refusalText } from "../../engine/invite-commands.js";
import { formatLocalTime } from "../../i18n/local-time.js";
import { isLocale, type Locale, referenceLocale } from "../../i18n/locales.js";
import { type Clinician, signedInClinician } from "../auth/signed-in.js";
import { listInvites, revokeInvite } from "../manage/invite-list.js";
import { formId, manageableClient, manageableClients } from "../manage/scope.js";
import { type CreatedInvite, type InvitesPageInput, invitesPage } from "../views/invites-page.js";
import type { WebContext } from "../web-context.js";

type Extra = Pick<InvitesPageInput, "created" | "notice" | "errors">;

export function registerInvites(app: FastifyInstance, ctx: WebContext): void {
  const show = (reply: FastifyReply, clinician: Clinician, extra: Extra, status = 200) => {
    const now = ctx.clock.now();
    const clients = manageableClients(ctx.db, clinician);
    const { therapist } = clinician.view;
    audit(
      ctx.db,
      {
        actor: `therapist:${therapist.id}`,
        action: "web.invites_viewed",
        subject: `therapist:${therapist.id}`,
        detail: { clients: clients.length },
      },
      now,
    );
    const html = invitesPage({
      text: clinician.view,
      signedIn: clinician.frame,
      again: clients.filter((c) => mayInviteAgain(ctx.db, c)),
      invites: listInvites(ctx.db, clients, now),
      therapists: therapist.admin
        ? new Map(listTherapists(ctx.db, therapist.practiceId).map((t) => [t.id, t.alias]))
        : undefined,
      ...extra,
    });
    return reply.code(status).type("text/html; charset=utf-8").send(html);
  };

  app.get("/invites", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    return show(reply, clinician, {});
  });

  app.post<{ Body: { alias?: unknown; locale?: unknown; clientId?: unknown } }>("/invites", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const { view, therapistId } = clinician;
    const actor = `therapist:${therapistId}` as const;
    const now = ctx.clock.now();

    if (request.body.clientId !== undefined) {
      const id = formId(request.body.clientId);
      const outcome = ctx.db.transaction((tx) => {
        const client = id === undefined ? undefined : manageableClient(tx, clinician, id);
        if (!client) return undefined;
        if (!mayInviteAgain(tx, client)) return { client, refused: true as const };
        return { client, invite: inviteClientAgain(tx, client, actor, now) };
      });
      if (!outcome) return reply.callNotFound();
      if ("refused" in outcome) {
        const error = view.t("workspace.already_joined", { alias: outcome.client.alias });
        return show(reply, clinician, { errors: { client: error } }, 400);
      }
      return show(reply, clinician, { created: await created(ctx, clinician, outcome.client, outcome.invite) });
    }

    const typed = typeof request.body.alias === "string" ? request.body.alias.trim() : "";
    const locale = typeof request.body.locale === "string" ? request.body.locale : "";
    if (typed === "")
      return show(reply, clinician, { errors: { alias: view.t("web_admin.invite_alias_missing") } }, 400);
    // Only a hand-made form sends another language than the list offers: nothing is stored.
    if (locale !== "" && !isLocale(locale))
      return show(reply, clinician, { errors: { alias: view.t("web.error_text") } }, 400);
    const checked = checkedNewAlias(view, typed);
    if ("problem" in checked) return show(reply, clinician, { errors: { alias: checked.problem } }, 400);
    const added = ctx.db.transaction((tx) =>
      addClient(
        tx,
        { therapistId, alias: checked.alias, locale: locale === "" ? undefined : (locale as Locale) },
        ctx.prompts.checkins,
        actor,
        now,
      ),
    );
    if ("refused" in added) return show(reply, clinician, { errors: { alias: refusalText(view, added) } }, 400);
    return show(reply, clinician, { created: await created(ctx, clinician, added.client, added) });
  });

  app.post<{ Params: { id: string } }>("/invites/:id/revoke", async (request, reply) => {
    const clinician = await signedInClinician(ctx, request, reply);
    if (!clinician) return reply;
    const id = formId(request.params.id);
    const now = ctx.clock.now();
    const client =
      id === undefined
        ? undefined
        : ctx.db.transaction((tx) => {
            const revoked = revokeInvite(tx, id, manageableClients(tx, clinician), now);
            if (revoked) {
              audit(
                tx,
                {
                  actor: `therapist:${clinician.therapistId}`,
                  action: "client.invite_revoked",
                  subject: `client:${revoked.id}`,
                  detail: { invite: id },
                },
                now,
              );
            }
            return revoked;
          });
    if (!client) return reply.callNotFound();
    return show(reply, clinician, { notice: clinician.view.t("web_admin.invite_revoked", { alias: client.alias }) });
  });
}

/**
 * What the page shows of a new invite: on Telegram (when the bot's username is known) the one-tap
 * link and its QR code, always `/link CODE`, and the message to forward in the client's language with
 * the expiry in their zone, as the chat's invite is.
 */
async function created(ctx: WebContext, clinician: Clinician, client: ClientRow, invite: IssuedInvite) {
  const bot = ctx.botUsernames?.get("telegram");
  const link = bot ? telegramInviteLink(bot, invite.code) : undefined;
  const clientLocale = isLocale(client.locale) ? client.locale : referenceLocale;
  const expires = formatLocalTime(invite.expiresAt, invite.zone);
  const forward = link
    ? ctx.prompts.messages.t(clientLocale, "workspace.invite_link", { link, expires })
    : ctx.prompts.messages.t(clientLocale, "workspace.invite_code", { code: invite.code, expires });
  const qr = link
    ? {
        src: `data:image/png;base64,${(await qrCodePng(link)).toString("base64")}`,
        alt: clinician.view.t("workspace.invite_qr_alt"),
      }
    : undefined;
  return {
    alias: client.alias,
    link,
    code: invite.code,
    expires: clinician.view.time(invite.expiresAt),
    forward,
    qr,
  } satisfies CreatedInvite;
}
