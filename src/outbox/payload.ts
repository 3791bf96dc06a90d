/**
 * What the engine asks a platform to show. Adapters render these; they never decide what to say.
 */
import { z } from "zod";

/** Button data: `<choice set id>.<option key>`; short enough for Telegram's 64-byte callback_data. */
export const choiceDataSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{10}\.[A-Za-z0-9]{1,8}$/, "not Interlude button data")
  .transform((data) => {
    const [setId, key] = data.split(".") as [string, string];
    return { setId, key };
  });

export const choiceButtonSchema = z.strictObject({ data: z.string().max(64), label: z.string().min(1) });
export type ChoiceButton = z.infer<typeof choiceButtonSchema>;

/** Base64 of a PNG; 4 MB of base64 (3 MB of picture) stays under every platform's upload limit. */
export const imageSchema = z.strictObject({
  pngBase64: z
    .string()
    .min(1)
    .max(4 * 1024 * 1024),
  /** A file name without any person in it, e.g. "week-2026-W47-c12.png". */
  fileName: z.string().regex(/^[A-Za-z0-9._-]{1,64}\.png$/, "a plain .png file name"),
  /** Text for screen readers and for platforms that show pictures as links. */
  altText: z.string().min(1).max(500),
});
export type OutboundImage = z.infer<typeof imageSchema>;

export const outboundPayloadSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("message"),
    text: z.string().min(1),
    /** Rows of buttons; each row fits one line on a phone. */
    choices: z.array(z.array(choiceButtonSchema).min(1).max(5)).max(5).optional(),
    /**
     * A picture sent with the text (a therapist's summary chart). The text becomes its caption where it
     * fits the platform's caption limit, and otherwise follows the picture as ordinary messages.
     */
    image: imageSchema.optional(),
    /**
     * The text or picture carries a secret (an invite's code). Once the row is final (sent, or given
     * up) the queue replaces the payload (queue.ts), so the database keeps only the code's hash.
     */
    secret: z.literal(true).optional(),
  }),
  z.strictObject({
    /** Replace an earlier message's text and remove its buttons (e.g. to show the chosen answer). */
    kind: z.literal("edit"),
    targetOutboxId: z.number().int().positive(),
    text: z.string().min(1),
  }),
]);
export type OutboundPayload = z.infer<typeof outboundPayloadSchema>;
export type MessagePayload = Extract<OutboundPayload, { kind: "message" }>;
