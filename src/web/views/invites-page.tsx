/**
 * The invites page: a new client by alias, a fresh invite for a client who has not joined, the
 * invite just created (its link or `/link CODE`, the message to forward, the QR code), and the list of
 * invites by status and expiry. The code is on this page only in the answer to the form that created
 * it: the list never shows one (only its hash is stored), and no code is ever in a URL.
 */
import type { ClientRow } from "../../db/repos/people.js";
import { type Locale, localeNativeNames, locales } from "../../i18n/locales.js";
import type { InviteStatus, ListedInvite } from "../manage/invite-list.js";
import type { WebText } from "../web-text.js";
import { CsrfField, renderPage, type SignedIn } from "./page.js";

export interface CreatedInvite {
  alias: string;
  /** The Telegram one-tap link, when the bot's username is known. */
  link?: string | undefined;
  code: string;
  expires: string;
  /** The message for the client, in their language. */
  forward: string;
  /** The QR code of the link as a data: PNG (the Content-Security-Policy allows data: images). */
  qr?: { src: string; alt: string } | undefined;
}

export interface InvitesPageInput {
  text: WebText & { time(at: Date): string };
  signedIn: SignedIn;
  /** Clients who may get a fresh invite. */
  again: ClientRow[];
  invites: ListedInvite[];
  /** Therapist aliases by id: an administrator sees whose client each invite is for. */
  therapists?: Map<number, string> | undefined;
  created?: CreatedInvite | undefined;
  notice?: string | undefined;
  errors?: { alias?: string | undefined; client?: string | undefined } | undefined;
}

const statusKeys = {
  open: "web_admin.invite_status_open",
  used: "web_admin.invite_status_used",
  revoked: "web_admin.invite_status_revoked",
  expired: "web_admin.invite_status_expired",
} as const satisfies Record<InviteStatus, string>;

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p id={id} class="error" role="alert">
      {message}
    </p>
  ) : null;
}

function Created({ text, created }: { text: InvitesPageInput["text"]; created: CreatedInvite }) {
  return (
    <section aria-labelledby="created-heading" class="notice">
      <h2 id="created-heading">{text.t("web_admin.invite_created_heading", { alias: created.alias })}</h2>
      <p>
        <strong>{text.t("web_admin.invite_shown_once", { expires: created.expires })}</strong>
      </p>
      {created.link ? (
        <p>
          {text.t("web_admin.invite_link_label")} <a href={created.link}>{created.link}</a>
        </p>
      ) : null}
      <p>
        {text.t("web_admin.invite_code_label")} <code>{`/link ${created.code}`}</code>
      </p>
      <label for="forward">{text.t("web_admin.invite_forward_label")}</label>
      <textarea id="forward" readOnly rows={6} cols={60}>
        {created.forward}
      </textarea>
      {created.qr ? (
        <figure>
          <img src={created.qr.src} alt={created.qr.alt} width={300} height={300} />
          <figcaption>{text.t("web_admin.invite_qr_caption")}</figcaption>
        </figure>
      ) : null}
    </section>
  );
}

function NewClientForm({ text, signedIn, error }: { text: WebText; signedIn: SignedIn; error?: string | undefined }) {
  return (
    <form method="post" action="/invites">
      <h2>{text.t("web_admin.invite_new_heading")}</h2>
      <CsrfField token={signedIn.csrf} />
      <label for="alias">{text.t("web_admin.invite_alias_label")}</label>
      <input
        id="alias"
        name="alias"
        type="text"
        required
        maxLength={40}
        autocomplete="off"
        aria-describedby={error ? "alias-error alias-hint" : "alias-hint"}
        aria-invalid={error ? "true" : undefined}
      />
      <p id="alias-hint" class="muted">
        {text.t("web_admin.invite_alias_hint")}
      </p>
      <FieldError id="alias-error" message={error} />
      <label for="locale">{text.t("web_admin.invite_language_label")}</label>
      <select id="locale" name="locale">
        <option value="">{text.t("web_admin.invite_language_default")}</option>
        {locales.map((l: Locale) => (
          <option key={l} value={l}>
            {localeNativeNames[l]}
          </option>
        ))}
      </select>
      <p>
        <button type="submit">{text.t("web_admin.invite_new_submit")}</button>
      </p>
    </form>
  );
}

function AgainForm(props: { text: WebText; signedIn: SignedIn; clients: ClientRow[]; error?: string | undefined }) {
  const { text, clients, error } = props;
  return (
    <form method="post" action="/invites">
      <h2>{text.t("web_admin.invite_again_heading")}</h2>
      <CsrfField token={props.signedIn.csrf} />
      {clients.length === 0 ? (
        <p class="muted">{text.t("web_admin.invite_again_none")}</p>
      ) : (
        <>
          <label for="clientId">{text.t("web_admin.invite_again_client")}</label>
          <select
            id="clientId"
            name="clientId"
            aria-describedby={error ? "client-error" : undefined}
            aria-invalid={error ? "true" : undefined}
          >
            {clients.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.alias}
              </option>
            ))}
          </select>
          <FieldError id="client-error" message={error} />
          <p>
            <button type="submit">{text.t("web_admin.invite_again_submit")}</button>
          </p>
        </>
      )}
    </form>
  );
}

function InviteTable(props: InvitesPageInput) {
  const { text, invites, therapists } = props;
  if (invites.length === 0) return <p>{text.t("web_admin.invites_none")}</p>;
  return (
    <table>
      <caption>{text.t("web_admin.invites_caption")}</caption>
      <thead>
        <tr>
          <th scope="col">{text.t("web.col_client")}</th>
          {therapists ? <th scope="col">{text.t("web_admin.col_therapist")}</th> : null}
          <th scope="col">{text.t("web.col_status")}</th>
          <th scope="col">{text.t("web_admin.col_created")}</th>
          <th scope="col">{text.t("web_admin.col_expires")}</th>
          <th scope="col">{text.t("web_admin.col_action")}</th>
        </tr>
      </thead>
      <tbody>
        {invites.map((invite) => (
          <tr key={invite.id}>
            <th scope="row">{invite.client.alias}</th>
            {therapists ? <td>{therapists.get(invite.client.therapistId) ?? ""}</td> : null}
            <td>{text.t(statusKeys[invite.status])}</td>
            <td>{text.time(invite.createdAt)}</td>
            <td>{text.time(invite.expiresAt)}</td>
            <td>
              {invite.status === "open" ? (
                <form method="post" action={`/invites/${invite.id}/revoke`}>
                  <CsrfField token={props.signedIn.csrf} />
                  <button
                    type="submit"
                    class="secondary"
                    aria-label={text.t("web_admin.invite_revoke_for", { alias: invite.client.alias })}
                  >
                    {text.t("web_admin.invite_revoke")}
                  </button>
                </form>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function invitesPage(input: InvitesPageInput): string {
  const { text, signedIn } = input;
  return renderPage({
    text,
    title: text.t("web_admin.invites_title"),
    signedIn,
    current: "/invites",
    children: (
      <>
        {input.notice ? (
          <p class="notice" role="status">
            {input.notice}
          </p>
        ) : null}
        {input.created ? <Created text={text} created={input.created} /> : null}
        <NewClientForm text={text} signedIn={signedIn} error={input.errors?.alias} />
        <AgainForm text={text} signedIn={signedIn} clients={input.again} error={input.errors?.client} />
        <h2>{text.t("web_admin.invites_list_heading")}</h2>
        <InviteTable {...input} />
      </>
    ),
  });
}
