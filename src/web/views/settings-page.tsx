/**
 * Practice settings for administrators: every setting by the dotted name `practice show` prints and
 * practice.yaml uses, in one form. A refusal lists every problem in `practice apply`'s words and puts
 * each beside its field; nothing is stored then.
 */
import type { SettingField } from "../../admin/settings-form.js";
import type { WebText } from "../web-text.js";
import { CsrfField, renderPage, type SignedIn } from "./page.js";

export interface SettingsPageInput {
  text: WebText;
  signedIn: SignedIn;
  practiceName: string;
  fields: SettingField[];
  crisisResources: number;
  errors?: Map<string, string> | undefined;
  /** The changes just saved, "path: from → to". */
  saved?: string[] | undefined;
}

const idOf = (path: string) => `setting-${path.replaceAll(".", "-")}`;

function SettingInput({ field, text, error }: { field: SettingField; text: WebText; error: string | undefined }) {
  const id = idOf(field.path);
  const described = error ? `${id}-error` : undefined;
  const invalid = error ? "true" : undefined;
  return (
    <div>
      <label for={id}>{field.path}</label>
      {field.kind === "boolean" ? (
        <select id={id} name={field.path} aria-describedby={described} aria-invalid={invalid}>
          <option value="true" selected={field.value === "true"}>
            {text.t("web_admin.settings_yes")}
          </option>
          <option value="false" selected={field.value === "false"}>
            {text.t("web_admin.settings_no")}
          </option>
        </select>
      ) : (
        <input
          id={id}
          name={field.path}
          type="text"
          inputMode={field.kind === "number" ? "numeric" : undefined}
          value={field.value}
          maxLength={80}
          autocomplete="off"
          aria-describedby={described}
          aria-invalid={invalid}
        />
      )}
      {error ? (
        <p id={`${id}-error`} class="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function settingsPage(input: SettingsPageInput): string {
  const { text, errors } = input;
  return renderPage({
    text,
    title: text.t("web_admin.settings_title"),
    signedIn: input.signedIn,
    current: "/settings",
    children: (
      <>
        {errors && errors.size > 0 ? (
          <div class="error" role="alert">
            <p>{text.t("web_admin.settings_refused")}</p>
            <ul>
              {[...errors].map(([path, message]) => (
                <li key={path}>{`${path}: ${message}`}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {input.saved ? (
          <div class="notice" role="status">
            <p>
              {input.saved.length === 0
                ? text.t("web_admin.settings_unchanged")
                : text.t("web_admin.settings_saved", { count: input.saved.length })}
            </p>
            {input.saved.length > 0 ? (
              <ul>
                {input.saved.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        <p>{text.t("web_admin.settings_intro", { practice: input.practiceName })}</p>
        <p class="muted">{text.t("web_admin.settings_crisis", { count: input.crisisResources })}</p>
        <form method="post" action="/settings">
          <CsrfField token={input.signedIn.csrf} />
          {input.fields.map((field) => (
            <SettingInput key={field.path} field={field} text={text} error={errors?.get(field.path)} />
          ))}
          <p>
            <button type="submit">{text.t("web_admin.settings_save")}</button>
          </p>
        </form>
      </>
    ),
  });
}
