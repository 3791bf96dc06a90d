/**
 * A local fake of the Telegram Bot API for integration tests.
 *
 * The real grammY bot is pointed at it with `new Bot(token, { client: { apiRoot: fake.apiRoot } })`; grammY
 * then calls `POST {apiRoot}/bot{token}/{method}` with a JSON body. The fake keeps just enough state to
 * behave like Telegram where Interlude depends on it: the update queue with real `offset` confirmation,
 * `allowed_updates` and long polling, the bot's messages per chat (so edits, removed keyboards and
 * button presses can be asserted), Telegram's size limits and error texts, rate limits, blocked users,
 * and scripted failures.
 *
 * Tests drive it from the user's side with `fake.user(id)`, which injects updates the bot then receives
 * by `getUpdates`, and read back what the bot did with `user.messages()`, `fake.calls` and friends.
 *
 * Uploads arrive as multipart/form-data, the way grammY sends an `InputFile`: `sendPhoto` takes a PNG (its
 * bytes and file name are kept, see `photo` in `user.messages()` and `files` in `fake.calls`), and photo
 * captions can be edited with `editMessageCaption`.
 *
 * Deliberate simplifications: `parse_mode` is recorded but never applied (stored text is the raw text),
 * a set webhook is recorded but never called, photos are PNG only and are not resized (one PhotoSize,
 * the picture's own), and only `sendPhoto` looks at uploaded files.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { boundaryOf, type FormPart, MultipartError, parseMultipart } from "../shared/multipart.js";
import { pngSize } from "../shared/png.js";

// ---------------------------------------------------------------------------------------------------
// Telegram object shapes: only the fields the fake produces or reads. Index signatures leave room for
// whatever else a test injects with `injectRaw` or the bot sends along.
// ---------------------------------------------------------------------------------------------------

export interface TgUser {
  id: number;
  is_bot: boolean;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id: number;
  type: "private" | "group" | "supergroup" | "channel";
  first_name?: string;
  title?: string;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  [key: string]: unknown;
}

export interface ReplyMarkup {
  inline_keyboard?: InlineKeyboardButton[][];
  [key: string]: unknown;
}

export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
}

export interface TgPhotoSize {
  file_id: string;
  file_unique_id: string;
  width: number;
  height: number;
  file_size?: number;
}

export interface TgMessage {
  message_id: number;
  date: number;
  chat: TgChat;
  from?: TgUser;
  text?: string;
  photo?: TgPhotoSize[];
  caption?: string;
  entities?: MessageEntity[];
  reply_markup?: ReplyMarkup;
  edit_date?: number;
  [key: string]: unknown;
}

export interface TgCallbackQuery {
  id: string;
  from: TgUser;
  message?: TgMessage;
  chat_instance: string;
  data?: string;
}

export interface TgChatMemberUpdated {
  chat: TgChat;
  from: TgUser;
  date: number;
  old_chat_member: { user: TgUser; status: string; until_date?: number };
  new_chat_member: { user: TgUser; status: string; until_date?: number };
}

export interface Update {
  update_id: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  callback_query?: TgCallbackQuery;
  my_chat_member?: TgChatMemberUpdated;
  [key: string]: unknown;
}

export interface BotCommand {
  command: string;
  description: string;
}

// ---------------------------------------------------------------------------------------------------
// Public types of the fake itself
// ---------------------------------------------------------------------------------------------------

export interface FakeBotApiOptions {
  /** Defaults to "123456:TEST-token". */
  token?: string;
  /** Sends + edits per chat in any 1000 ms window before answering 429. Default: no limit. */
  perChatPerSecond?: number;
  /** Sends + edits across all chats in any 1000 ms window before answering 429. Default: no limit. */
  globalPerSecond?: number;
}

/** An error answer in the Bot API envelope (`ok: false` is added by the fake). */
export interface ApiErrorSpec {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface RecordedCall {
  /** Canonical method name (Telegram matches method names case-insensitively), or the raw path segment. */
  method: string;
  /**
   * The parsed request: JSON body, urlencoded or multipart fields, and query string merged (values from
   * the last three are strings).
   */
  body: Record<string, unknown>;
  /** Files uploaded with a multipart request, in the order they arrived. */
  files?: UploadedFile[];
  /** `Date.now()` when the request arrived. */
  at: number;
  /** HTTP status answered; 0 while still pending (long poll), 499 if the client went away first. */
  status: number;
}

/** A file part of a multipart request. */
export interface UploadedFile {
  /** The form field it came in (grammY uses a random id and refers to it as `attach://<id>`). */
  field: string;
  fileName: string;
  contentType?: string;
  data: Buffer;
}

/** A photo the bot sent, as uploaded. */
export interface PhotoView {
  fileName: string;
  data: Buffer;
  width: number;
  height: number;
}

/** The bot's message as the user would see it now (after edits). */
export interface BotMessageView {
  message_id: number;
  /** "" for a photo (see `caption`). */
  text: string;
  /** Photos only, and only when there is a caption. */
  caption?: string;
  photo?: PhotoView;
  reply_markup?: ReplyMarkup;
  parse_mode?: string;
  deleted: boolean;
}

export interface ButtonView {
  text: string;
  callback_data: string;
}

export interface FakeUserOptions {
  firstName?: string;
  /** Defaults to "en"; `null` leaves `language_code` out, as Telegram does for some clients. */
  languageCode?: string | null;
}

/** A simulated Telegram user in a private chat with the bot (chat.id === user.id). Injectors return the update_id. */
export interface FakeUser {
  readonly id: number;
  readonly chatId: number;
  readonly info: TgUser;
  send(text: string): number;
  sendSticker(): number;
  /** A photo, with a caption when one is given. */
  sendPhoto(caption?: string): number;
  /** A document (a PDF), with a caption when one is given. */
  sendDocument(caption?: string): number;
  sendVoice(): number;
  sendLocation(latitude?: number, longitude?: number): number;
  /**
   * Edits the user's own last message that has text or a caption (an `edited_message` update): its
   * text, or the caption of a photo or document.
   */
  editLastMessage(newText: string): number;
  /** A message forwarded from someone else (has `forward_origin`). */
  forward(text: string): number;
  /** A photo forwarded from someone else, with its caption. */
  forwardPhoto(caption: string): number;
  /**
   * A reply to message `messageId` in this chat (usually one of the bot's): `reply_to_message` carries
   * that message, and `quote` the part of it the user quoted, when given.
   */
  reply(messageId: number, text: string, options?: { quote?: string }): number;
  /** Presses an inline button on one of the bot's messages in this chat (a `callback_query` update). */
  press(messageId: number, data: string): number;
  /** The bot's messages in this chat, oldest first, including deleted ones (flagged). */
  messages(): BotMessageView[];
  /** The bot's latest message in this chat that is not deleted. */
  lastMessage(): BotMessageView | undefined;
  /** Callback buttons (url and other buttons are left out) of the given message, or of `lastMessage()`. */
  buttons(messageId?: number): ButtonView[];
}

// ---------------------------------------------------------------------------------------------------
// Constants and small helpers
// ---------------------------------------------------------------------------------------------------

const DEFAULT_TOKEN = "123456:TEST-token";

const BOT_USER: TgUser = { id: 999, is_bot: true, first_name: "Interlude Test", username: "interlude_test_bot" };

const GET_ME = {
  ...BOT_USER,
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
};

const MAX_TEXT_LENGTH = 4096;
const MAX_CAPTION_LENGTH = 1024;
/** Telegram's limit for photos uploaded by a bot. */
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const MAX_CALLBACK_DATA_BYTES = 64;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const RATE_WINDOW_MS = 1000;

/** Inline buttons must carry exactly one action; a button with only `text` is rejected by Telegram. */
const BUTTON_ACTION_FIELDS = [
  "callback_data",
  "url",
  "web_app",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "copy_text",
  "callback_game",
  "pay",
];

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
const QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid";

/** Thrown by handlers; becomes the `{ ok: false, ... }` answer with the same HTTP status. */
class TelegramError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ApiErrorSpec["parameters"],
  ) {
    super(description);
  }
}

const badRequest = (what: string) => new TelegramError(400, `Bad Request: ${what}`);
const forbidden = (what: string) => new TelegramError(403, `Forbidden: ${what}`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** JSON with sorted keys, so "is the markup unchanged?" does not depend on key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (isRecord(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * Typed access to request parameters. Values arrive as JSON types from grammY, but as strings from
 * query strings and urlencoded bodies (where nested objects are JSON-encoded strings), so accept both.
 */
class Params {
  constructor(
    readonly raw: Record<string, unknown>,
    private readonly files: UploadedFile[] = [],
  ) {}

  /**
   * An uploaded file: the value `attach://<field>` names the form field holding it (grammY's way), or the
   * file was uploaded under `name` itself. Undefined when neither was sent.
   */
  file(name: string): UploadedFile | undefined {
    const value = this.string(name);
    if (value === undefined) return this.files.find((f) => f.field === name);
    const attached = /^attach:\/\/(.+)$/.exec(value);
    if (!attached) throw badRequest("wrong remote file identifier specified: can't unserialize it");
    const file = this.files.find((f) => f.field === attached[1]);
    if (!file) throw badRequest(`can't find attached file "${attached[1]}"`);
    return file;
  }

  private get(name: string): unknown {
    const value = this.raw[name];
    return value === null ? undefined : value;
  }

  string(name: string): string | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (typeof value === "string") return value;
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    throw badRequest(`field "${name}" must be of type String`);
  }

  number(name: string): number | undefined {
    const value = this.get(name);
    if (value === undefined || value === "") return undefined;
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
    if (!Number.isFinite(n)) throw badRequest(`field "${name}" must be of type Number`);
    return n;
  }

  bool(name: string): boolean {
    const value = this.get(name);
    return value === true || value === "true" || value === 1 || value === "1";
  }

  json(name: string): unknown {
    const value = this.get(name);
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch {
      throw badRequest(`can't parse ${name} JSON object`);
    }
  }
}

function checkCaption(caption: string | undefined): string | undefined {
  if (caption !== undefined && caption.length > MAX_CAPTION_LENGTH) throw badRequest("message caption is too long");
  // Telegram keeps no caption rather than an empty one.
  return caption === undefined || caption.trim() === "" ? undefined : caption;
}

function checkText(text: string | undefined): string {
  // Telegram trims before checking, so whitespace-only text counts as empty.
  if (text === undefined || text.trim() === "") throw badRequest("message text is empty");
  // Telegram counts UTF-16 code units (roughly), which is exactly what `length` counts.
  if (text.length > MAX_TEXT_LENGTH) throw badRequest("message is too long");
  return text;
}

/**
 * Validates `reply_markup` like Telegram and returns what would be stored. An inline keyboard without any
 * buttons is no keyboard at all (Telegram shows none), so it normalises to `undefined`.
 */
function normalizeMarkup(raw: unknown): ReplyMarkup | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!isRecord(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
  if (!("inline_keyboard" in raw)) return structuredClone(raw);
  const rows = raw.inline_keyboard;
  if (!Array.isArray(rows) || !rows.every((row) => Array.isArray(row))) {
    throw badRequest('field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays');
  }
  const keyboard: InlineKeyboardButton[][] = [];
  let count = 0;
  for (const row of rows as unknown[][]) {
    const buttons: InlineKeyboardButton[] = [];
    for (const button of row) {
      count++;
      if (!isRecord(button))
        throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      const { text } = button;
      if (typeof text !== "string") {
        throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
      }
      if ("callback_data" in button) {
        const data = button.callback_data;
        // The limit is in bytes, not characters: 64 bytes is only 16 four-byte emoji.
        const bytes = typeof data === "string" ? Buffer.byteLength(data, "utf8") : 0;
        if (bytes < 1 || bytes > MAX_CALLBACK_DATA_BYTES) throw badRequest("BUTTON_DATA_INVALID");
      } else if (!BUTTON_ACTION_FIELDS.some((field) => field in button)) {
        throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      }
      buttons.push({ ...structuredClone(button), text });
    }
    if (buttons.length > 0) keyboard.push(buttons);
  }
  if (count > 100) throw badRequest("reply markup is too long");
  if (keyboard.length === 0) return undefined;
  return { ...structuredClone(raw), inline_keyboard: keyboard };
}

/** `text`, plus the bot_command entity Telegram adds for a leading /command (or /command@botname). */
function textFields(text: string): { text: string; entities?: MessageEntity[] } {
  const match = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
  return match ? { text, entities: [{ type: "bot_command", offset: 0, length: match[0].length }] } : { text };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new TelegramError(413, "Request Entity Too Large");
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Merges the query string and the body (JSON, urlencoded or multipart) into one parameter object; the
 * files of a multipart body come back separately.
 */
function parseParams(
  url: URL,
  contentType: string,
  raw: Buffer,
): { params: Record<string, unknown>; files: UploadedFile[] } {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    let parts: FormPart[];
    try {
      parts = parseMultipart(raw, boundaryOf(contentType));
    } catch (error) {
      if (error instanceof MultipartError) throw badRequest(`can't parse multipart/form-data: ${error.message}`);
      throw error;
    }
    const files: UploadedFile[] = [];
    for (const part of parts) {
      if (part.fileName === undefined) params[part.name] = part.data.toString("utf8");
      else {
        const { contentType: type } = part;
        files.push({
          field: part.name,
          fileName: part.fileName,
          data: part.data,
          ...(type ? { contentType: type } : {}),
        });
      }
    }
    return { params, files };
  }
  const body = raw.toString("utf8");
  if (body.trim() === "") return { params, files: [] };
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    return { params: { ...params, ...Object.fromEntries(new URLSearchParams(body)) }, files: [] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest("can't parse JSON body");
  }
  if (!isRecord(parsed)) throw badRequest("JSON body must be an object");
  return { params: { ...params, ...parsed }, files: [] };
}

// ---------------------------------------------------------------------------------------------------
// Internal state
// ---------------------------------------------------------------------------------------------------

interface StoredMessage {
  message: TgMessage;
  fromBot: boolean;
  parseMode?: string;
  deleted: boolean;
  /** The bytes of a photo the bot uploaded. */
  photo?: PhotoView;
}

interface ChatState {
  chat: TgChat;
  /** Telegram numbers messages per chat, shared by both sides of the conversation. */
  nextMessageId: number;
  messages: Map<number, StoredMessage>;
  /** A private chat only accepts bot messages once the user has written to the bot. */
  started: boolean;
  sendTimes: number[];
}

interface QueuedUpdate {
  update: Update;
  /**
   * Set by `redeliver`: the update is older than the client's offset on purpose, so the offset must not
   * drop it before it has been handed out once.
   */
  redelivered: boolean;
}

type WakeReason = "update" | "conflict" | "closing" | "timeout" | "aborted";

interface CallContext {
  /** Aborted when the client closes the connection before we answered (e.g. grammY stopping a poll). */
  signal: AbortSignal;
  /** Runs once the answer has been written to the socket. */
  afterResponse(callback: () => void): void;
}

type Handler = (params: Params, context: CallContext) => unknown;

// ---------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------

export class FakeBotApi {
  /** Every request, in arrival order. */
  readonly calls: RecordedCall[] = [];
  /** Callback query ids the bot answered. */
  readonly answeredCallbackQueries = new Set<string>();
  /** Commands set for the default scope, by `language_code` ("" for no language). */
  readonly commandsByLanguage = new Map<string, BotCommand[]>();
  /** The URL last given to `setWebhook` ("" when none). Recorded only; nothing is ever posted to it. */
  webhookUrl = "";

  readonly apiRoot: string;

  private readonly chats = new Map<number, ChatState>();
  private readonly users = new Map<number, FakeUser>();
  private readonly blocked = new Set<number>();
  private readonly commandSets = new Map<string, BotCommand[]>();
  private readonly openCallbackQueries = new Set<string>();
  private readonly scriptedFailures = new Map<string, ApiErrorSpec[]>();
  private readonly scriptedDrops = new Map<string, number>();
  private readonly handlers = new Map<string, { name: string; handler: Handler }>();

  private queue: QueuedUpdate[] = [];
  /**
   * The update kinds the bot last asked for (`allowed_updates` of getUpdates or setWebhook, which Telegram
   * remembers until changed). Until the bot names some, every injected update is handed out (a
   * simplification: Telegram would hold back chat_member and reaction updates).
   */
  private allowedUpdates: ReadonlySet<string> | "all" = "all";
  private readonly history = new Map<number, Update>();
  private nextUpdateId = 1;
  private nextCallbackId = 1;
  private nextFileId = 1;
  private readonly pollers = new Set<(reason: WakeReason) => void>();
  private readonly globalSendTimes: number[] = [];
  private readonly perChatLimit: number;
  private readonly globalLimit: number;
  private closing = false;

  private constructor(
    private readonly server: Server,
    readonly token: string,
    options: FakeBotApiOptions,
  ) {
    const address = server.address() as AddressInfo;
    this.apiRoot = `http://127.0.0.1:${address.port}`;
    this.perChatLimit = FakeBotApi.windowSize(options.perChatPerSecond);
    this.globalLimit = FakeBotApi.windowSize(options.globalPerSecond);
    this.registerMethods();
  }

  static async start(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const fake = new FakeBotApi(server, options.token ?? DEFAULT_TOKEN, options);
    server.on("request", (req, res) => void fake.handle(req, res));
    return fake;
  }

  private static windowSize(perSecond: number | undefined): number {
    if (perSecond === undefined || !Number.isFinite(perSecond)) return Number.POSITIVE_INFINITY;
    return Math.max(1, Math.floor(perSecond));
  }

  /** Stops the server. Pending long polls are answered with no updates, then every socket is closed. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const wake of [...this.pollers]) wake("closing");
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Let the woken polls write their (empty) answers before the sockets go away.
    await new Promise((resolve) => setImmediate(resolve));
    this.server.closeAllConnections();
    await closed;
  }

  // -------------------------------------------------------------------------------------------------
  // Scripting from tests
  // -------------------------------------------------------------------------------------------------

  /** The next `times` calls to `method` fail with `error` (before any validation), e.g. a 429 storm or a 502. */
  failNext(method: string, times: number, error: ApiErrorSpec): void {
    const key = method.toLowerCase();
    const queue = this.scriptedFailures.get(key) ?? [];
    for (let i = 0; i < times; i++) queue.push(structuredClone(error));
    this.scriptedFailures.set(key, queue);
  }

  /**
   * The next `times` calls to `method` are read and then dropped: the connection is destroyed with no
   * answer at all, as a network failure looks to the bot (grammY reports an HttpError).
   */
  dropNext(method: string, times: number): void {
    const key = method.toLowerCase();
    this.scriptedDrops.set(key, (this.scriptedDrops.get(key) ?? 0) + times);
  }

  /** A simulated user; the same handle is returned for the same id. Creating it opens the private chat. */
  user(id: number, options: FakeUserOptions = {}): FakeUser {
    const existing = this.users.get(id);
    if (existing) return existing;
    const info: TgUser = { id, is_bot: false, first_name: options.firstName ?? `User ${id}` };
    const languageCode = options.languageCode === undefined ? "en" : options.languageCode;
    if (languageCode !== null) info.language_code = languageCode;
    const state = this.chatState({ id, type: "private", first_name: info.first_name });

    const userMessage = (fields: Partial<TgMessage>): number => {
      const message: TgMessage = {
        message_id: state.nextMessageId++,
        from: { ...info },
        chat: { ...state.chat },
        date: nowSeconds(),
        ...fields,
      };
      state.messages.set(message.message_id, { message, fromBot: false, deleted: false });
      state.started = true;
      return this.enqueue({ message: structuredClone(message) });
    };
    const fileIds = (kind: string) => {
      const n = this.nextCallbackId++;
      return { file_id: `${kind}-file-${n}`, file_unique_id: `${kind}-unique-${n}` };
    };

    const userPhoto = () => [
      { ...fileIds("photo"), width: 90, height: 90, file_size: 1200 },
      { ...fileIds("photo"), width: 800, height: 800, file_size: 64000 },
    ];
    const forwardOrigin = () => ({
      type: "user",
      sender_user: { id: id + 1_000_000, is_bot: false, first_name: "Forwarded Friend" },
      date: nowSeconds() - 3600,
    });

    const handle: FakeUser = {
      id,
      chatId: id,
      info,
      send: (text) => userMessage(textFields(text)),
      sendSticker: () =>
        userMessage({
          sticker: {
            ...fileIds("sticker"),
            type: "regular",
            width: 512,
            height: 512,
            is_animated: false,
            is_video: false,
            emoji: "🙂",
          },
        }),
      sendPhoto: (caption) =>
        userMessage({
          photo: userPhoto(),
          ...(caption !== undefined ? { caption } : {}),
        }),
      sendDocument: (caption) =>
        userMessage({
          document: { ...fileIds("document"), file_name: "notes.pdf", mime_type: "application/pdf", file_size: 5000 },
          ...(caption !== undefined ? { caption } : {}),
        }),
      sendVoice: () => userMessage({ voice: { ...fileIds("voice"), duration: 3, mime_type: "audio/ogg" } }),
      sendLocation: (latitude = 59.3293, longitude = 18.0686) => userMessage({ location: { latitude, longitude } }),
      forward: (text) => userMessage({ text, forward_origin: forwardOrigin() }),
      forwardPhoto: (caption) => userMessage({ photo: userPhoto(), caption, forward_origin: forwardOrigin() }),
      reply: (messageId, text, options) => {
        const target = state.messages.get(messageId);
        if (!target || target.deleted) throw new Error(`user ${id} cannot reply to message ${messageId}`);
        const { reply_markup: _markup, ...replied } = structuredClone(target.message);
        return userMessage({
          ...textFields(text),
          reply_to_message: replied,
          ...(options?.quote !== undefined ? { quote: { text: options.quote, position: 0 } } : {}),
        });
      },
      editLastMessage: (newText) => {
        const last = [...state.messages.values()]
          .reverse()
          .find((m) => !m.fromBot && !m.deleted && (m.message.text !== undefined || m.message.caption !== undefined));
        if (!last) throw new Error(`user ${id} has no message with text or a caption to edit`);
        if (last.message.text === undefined) last.message.caption = newText;
        else {
          delete last.message.entities;
          Object.assign(last.message, textFields(newText));
        }
        last.message.edit_date = nowSeconds();
        return this.enqueue({ edited_message: structuredClone(last.message) });
      },
      press: (messageId, data) => this.pressAs(id, id, messageId, data),
      messages: () => this.chatMessages(id),
      lastMessage: () =>
        this.chatMessages(id)
          .filter((m) => !m.deleted)
          .at(-1),
      buttons: (messageId) => {
        const message =
          messageId === undefined
            ? handle.lastMessage()
            : this.chatMessages(id).find((m) => m.message_id === messageId);
        return (message?.reply_markup?.inline_keyboard ?? [])
          .flat()
          .filter((b): b is InlineKeyboardButton & { callback_data: string } => typeof b.callback_data === "string")
          .map((b) => ({ text: b.text, callback_data: b.callback_data }));
      },
    };
    this.users.set(id, handle);
    return handle;
  }

  /**
   * A button press by `fromUserId` on the bot's message `messageId` in chat `chatId`; the user need not
   * own the chat (a forwarded keyboard, or a group). Returns the update_id. Throws if there is no such bot
   * message, since a user can only press what they were shown.
   */
  pressAs(fromUserId: number, chatId: number, messageId: number, data: string): number {
    const state = this.chats.get(chatId);
    const stored = state?.messages.get(messageId);
    if (!state || !stored?.fromBot) throw new Error(`pressAs: no bot message ${messageId} in chat ${chatId}`);
    const id = `${fromUserId}${String(this.nextCallbackId++).padStart(6, "0")}`;
    this.openCallbackQueries.add(id);
    return this.enqueue({
      callback_query: {
        id,
        from: this.userInfo(fromUserId),
        message: structuredClone(stored.message),
        chat_instance: `ci${chatId}`,
        data,
      },
    });
  }

  /** A text message from `fromUserId` in group chat `groupChatId` (a negative id). Returns the update_id. */
  groupSend(groupChatId: number, fromUserId: number, text: string): number;
  /** A text message from a default group member (user 4242). */
  groupSend(groupChatId: number, text: string): number;
  groupSend(groupChatId: number, fromOrText: number | string, maybeText?: string): number {
    const fromUserId = typeof fromOrText === "number" ? fromOrText : 4242;
    const text = typeof fromOrText === "string" ? fromOrText : (maybeText ?? "");
    const state = this.chatState({ id: groupChatId, type: "group", title: `Test group ${groupChatId}` });
    const message: TgMessage = {
      message_id: state.nextMessageId++,
      from: this.userInfo(fromUserId),
      chat: { ...state.chat },
      date: nowSeconds(),
      ...textFields(text),
    };
    state.messages.set(message.message_id, { message, fromBot: false, deleted: false });
    state.started = true;
    return this.enqueue({ message: structuredClone(message) });
  }

  /**
   * The user blocks the bot: sends and edits to them answer 403 from now on, and the bot receives a
   * `my_chat_member` update (member → kicked), as Telegram sends.
   */
  blockBot(userId: number): number {
    if (this.blocked.has(userId)) throw new Error(`user ${userId} has already blocked the bot`);
    this.blocked.add(userId);
    return this.chatMemberUpdate(userId, "member", "kicked");
  }

  /** The user unblocks (restarts) the bot: the reverse `my_chat_member` update, and sending works again. */
  unblockBot(userId: number): number {
    if (!this.blocked.delete(userId)) throw new Error(`user ${userId} has not blocked the bot`);
    return this.chatMemberUpdate(userId, "kicked", "member");
  }

  /**
   * Queues an already delivered (even confirmed) update again with its original update_id, as Telegram
   * does after a crash lost the confirmation. It is handed out once even if the bot's offset is past it.
   */
  redeliver(updateId: number): void {
    const update = this.history.get(updateId);
    if (!update) throw new Error(`redeliver: unknown update ${updateId}`);
    const queued = this.queue.find((q) => q.update.update_id === updateId);
    if (queued) queued.redelivered = true;
    else {
      this.queue.push({ update: structuredClone(update), redelivered: true });
      this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
    }
    this.wakePollers("update");
  }

  /** Queues an arbitrary update; a missing update_id is assigned. Returns the update_id. */
  injectRaw(update: Record<string, unknown>): number {
    if (typeof update.update_id === "number") {
      const copy: Update = { ...structuredClone(update), update_id: update.update_id };
      this.nextUpdateId = Math.max(this.nextUpdateId, copy.update_id + 1);
      return this.queueUpdate(copy);
    }
    return this.enqueue(structuredClone(update));
  }

  /**
   * Kept for symmetry with Telegram's documentation: delivered-but-unconfirmed updates are always handed
   * out again until a `getUpdates` offset passes them, so there is no server-side offset to reset. This
   * only wakes pending polls.
   */
  resetOffset(): void {
    this.wakePollers("update");
  }

  // -------------------------------------------------------------------------------------------------
  // Reading state from tests
  // -------------------------------------------------------------------------------------------------

  callsTo(method: string): RecordedCall[] {
    const wanted = method.toLowerCase();
    return this.calls.filter((c) => c.method.toLowerCase() === wanted);
  }

  /** The bot's messages in any chat (private or group), oldest first. */
  chatMessages(chatId: number): BotMessageView[] {
    const state = this.chats.get(chatId);
    if (!state) return [];
    return [...state.messages.values()]
      .filter((m) => m.fromBot)
      .map((m) => ({
        message_id: m.message.message_id,
        text: m.message.text ?? "",
        ...(m.message.caption !== undefined ? { caption: m.message.caption } : {}),
        ...(m.photo ? { photo: { ...m.photo, data: Buffer.from(m.photo.data) } } : {}),
        ...(m.message.reply_markup ? { reply_markup: structuredClone(m.message.reply_markup) } : {}),
        ...(m.parseMode !== undefined ? { parse_mode: m.parseMode } : {}),
        deleted: m.deleted,
      }));
  }

  /** Commands set for a scope and language (default scope, no language when omitted). */
  commandsFor(languageCode = "", scope: Record<string, unknown> = { type: "default" }): BotCommand[] | undefined {
    return this.commandSets.get(FakeBotApi.commandKey(scope, languageCode));
  }

  /** The update_id most recently injected (0 if none). */
  lastUpdateId(): number {
    return this.nextUpdateId - 1;
  }

  /** Updates not yet confirmed by a `getUpdates` offset. */
  pendingUpdates(): Update[] {
    return this.queue.map((q) => structuredClone(q.update));
  }

  /** Polls `predicate` until it holds; on timeout the error names the last few API calls. */
  async waitFor(predicate: () => boolean, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    let lastError: unknown;
    for (;;) {
      try {
        if (predicate()) return;
        lastError = undefined;
      } catch (error) {
        // Predicates often index into lists that are still empty; keep polling but report it.
        lastError = error;
      }
      if (Date.now() >= deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const recent = this.calls
      .filter((c) => c.method !== "getUpdates")
      .slice(-8)
      .map((c) => `  ${c.status} ${c.method} ${JSON.stringify(c.body).slice(0, 200)}`)
      .join("\n");
    const cause = lastError instanceof Error ? `\npredicate threw: ${lastError.message}` : "";
    throw new Error(
      `waitFor timed out after ${ms} ms: ${predicate.toString().slice(0, 200)}${cause}\n` +
        `last calls (getUpdates left out):\n${recent || "  (none)"}\n` +
        `pending updates: ${this.queue.length}`,
    );
  }

  // -------------------------------------------------------------------------------------------------
  // HTTP plumbing
  // -------------------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.apiRoot);
    // grammY's "test" environment adds /test/ before the method name; accept it too.
    const match = /^\/bot([^/]+)\/(?:test\/)?([^/]+)\/?$/.exec(url.pathname);
    const call: RecordedCall = { method: match?.[2] ?? url.pathname, body: {}, at: Date.now(), status: 0 };
    this.calls.push(call);

    const aborter = new AbortController();
    const afterResponse: Array<() => void> = [];
    res.on("close", () => {
      if (!res.writableFinished) {
        aborter.abort();
        if (call.status === 0) call.status = 499;
      }
    });
    res.on("finish", () => {
      for (const callback of afterResponse) callback();
    });

    try {
      const { params, files } = parseParams(url, String(req.headers["content-type"] ?? ""), await readBody(req));
      call.body = params;
      if (files.length > 0) call.files = files;
      if (!match) throw new TelegramError(404, "Not Found");
      if (match[1] !== this.token) throw new TelegramError(401, "Unauthorized");
      const entry = this.handlers.get((match[2] ?? "").toLowerCase());
      if (!entry) throw new TelegramError(404, "Not Found: method not found");
      call.method = entry.name;
      const drops = this.scriptedDrops.get(entry.name.toLowerCase()) ?? 0;
      if (drops > 0) {
        this.scriptedDrops.set(entry.name.toLowerCase(), drops - 1);
        call.status = 499;
        req.socket.destroy();
        return;
      }
      const scripted = this.scriptedFailures.get(entry.name.toLowerCase())?.shift();
      if (scripted) throw new TelegramError(scripted.error_code, scripted.description, scripted.parameters);
      const result = await entry.handler(new Params(call.body, files), {
        signal: aborter.signal,
        afterResponse: (callback) => afterResponse.push(callback),
      });
      this.respond(res, call, 200, { ok: true, result });
    } catch (error) {
      if (error instanceof TelegramError) {
        this.respond(res, call, error.errorCode, {
          ok: false,
          error_code: error.errorCode,
          description: error.description,
          ...(error.parameters ? { parameters: error.parameters } : {}),
        });
      } else {
        // A bug in the fake: make it loud in the test rather than a hang.
        const description = `Internal Server Error: ${error instanceof Error ? error.message : String(error)}`;
        this.respond(res, call, 500, { ok: false, error_code: 500, description });
      }
    }
  }

  private respond(res: ServerResponse, call: RecordedCall, status: number, payload: unknown): void {
    if (res.destroyed || res.writableEnded) {
      call.status = 499;
      return;
    }
    call.status = status;
    const body = JSON.stringify(payload);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    res.end(body);
  }

  // -------------------------------------------------------------------------------------------------
  // Update queue
  // -------------------------------------------------------------------------------------------------

  private enqueue(body: Record<string, unknown>): number {
    return this.queueUpdate({ ...body, update_id: this.nextUpdateId++ });
  }

  private queueUpdate(update: Update): number {
    this.history.set(update.update_id, structuredClone(update));
    this.queue.push({ update, redelivered: false });
    this.queue.sort((a, b) => a.update.update_id - b.update.update_id);
    this.wakePollers("update");
    return update.update_id;
  }

  private wakePollers(reason: WakeReason): void {
    for (const wake of [...this.pollers]) wake(reason);
  }

  /** Telegram's offset rule: asking with `offset` confirms, and forgets, every update before it. */
  private confirm(offset: number): void {
    if (offset < 0) {
      // A negative offset keeps only the last -offset updates; all earlier ones are forgotten.
      this.queue = this.queue.slice(offset);
    } else if (offset > 0) {
      this.queue = this.queue.filter((q) => q.update.update_id >= offset || q.redelivered);
    }
  }

  /** An absent parameter keeps the last list; an empty list goes back to handing out everything. */
  private rememberAllowedUpdates(p: Params): void {
    const raw = p.json("allowed_updates");
    if (raw === undefined) return;
    if (!Array.isArray(raw) || !raw.every((kind) => typeof kind === "string")) {
      throw badRequest("can't parse allowed updates");
    }
    this.allowedUpdates = raw.length === 0 ? "all" : new Set(raw);
  }

  private isAllowed(update: Update): boolean {
    if (this.allowedUpdates === "all") return true;
    const kind = Object.keys(update).find((key) => key !== "update_id");
    return kind === undefined || this.allowedUpdates.has(kind);
  }

  private waitForWake(ms: number, signal: AbortSignal): Promise<WakeReason> {
    return new Promise((resolve) => {
      const finish = (reason: WakeReason) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        this.pollers.delete(finish);
        resolve(reason);
      };
      const onAbort = () => finish("aborted");
      const timer = setTimeout(() => finish("timeout"), ms);
      signal.addEventListener("abort", onAbort, { once: true });
      this.pollers.add(finish);
    });
  }

  private async getUpdates(p: Params, context: CallContext): Promise<Update[]> {
    if (this.webhookUrl !== "") {
      throw new TelegramError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    }
    // Telegram allows one poll at a time: a new one terminates the one still waiting.
    this.wakePollers("conflict");
    const offset = Math.trunc(p.number("offset") ?? 0);
    const limit = Math.min(100, Math.max(1, Math.trunc(p.number("limit") ?? 100)));
    // Fractional timeouts are accepted so tests can poll briefly; Telegram takes whole seconds.
    const timeoutMs = Math.max(0, p.number("timeout") ?? 0) * 1000;
    const deadline = Date.now() + timeoutMs;
    this.confirm(offset);
    this.rememberAllowedUpdates(p);
    for (;;) {
      // Kinds the bot did not ask for are never delivered (Telegram drops them).
      this.queue = this.queue.filter((q) => this.isAllowed(q.update));
      const batch = this.queue.slice(0, limit);
      const remaining = deadline - Date.now();
      if (batch.length > 0 || remaining <= 0 || this.closing || context.signal.aborted) {
        // Only once the answer is on the wire has a re-delivered update been "handed out".
        context.afterResponse(() => {
          for (const q of batch) q.redelivered = false;
        });
        return batch.map((q) => structuredClone(q.update));
      }
      const reason = await this.waitForWake(remaining, context.signal);
      if (reason === "conflict") {
        // The newer request is often grammY's own follow-up after aborting this one (bot.stop()), and the
        // abort may reach us just after it. Wait a moment so the record says 499, not a 409 nobody saw.
        await new Promise((resolve) => setTimeout(resolve, 25));
        if (context.signal.aborted) return [];
        throw new TelegramError(
          409,
          "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        );
      }
    }
  }

  // -------------------------------------------------------------------------------------------------
  // Chats and messages
  // -------------------------------------------------------------------------------------------------

  private chatState(chat: TgChat): ChatState {
    const existing = this.chats.get(chat.id);
    if (existing) return existing;
    const state: ChatState = { chat, nextMessageId: 1, messages: new Map(), started: false, sendTimes: [] };
    this.chats.set(chat.id, state);
    return state;
  }

  private userInfo(id: number): TgUser {
    const handle = this.users.get(id);
    return handle ? { ...handle.info } : { id, is_bot: false, first_name: `User ${id}`, language_code: "en" };
  }

  private chatMemberUpdate(userId: number, oldStatus: string, newStatus: string): number {
    const from = this.user(userId).info;
    const state = this.chatState({ id: userId, type: "private", first_name: from.first_name });
    const member = (status: string) => ({
      user: { ...BOT_USER },
      status,
      ...(status === "kicked" ? { until_date: 0 } : {}),
    });
    return this.enqueue({
      my_chat_member: {
        chat: { ...state.chat },
        from: { ...from },
        date: nowSeconds(),
        old_chat_member: member(oldStatus),
        new_chat_member: member(newStatus),
      },
    });
  }

  /** Resolves `chat_id` like Telegram: numeric ids (as numbers or strings) of chats that exist. */
  private targetChat(p: Params): ChatState {
    const raw = p.string("chat_id");
    if (raw === undefined || raw === "") throw badRequest("chat_id is empty");
    const state = /^-?\d+$/.test(raw) ? this.chats.get(Number(raw)) : undefined;
    if (!state) throw badRequest("chat not found");
    return state;
  }

  /** Whether the bot may write to this chat at all. */
  private assertReachable(state: ChatState): void {
    if (state.chat.type !== "private") return;
    if (this.blocked.has(state.chat.id)) throw forbidden("bot was blocked by the user");
    if (!state.started) throw forbidden("bot can't initiate conversation with a user");
  }

  /** Sliding one-second windows, per chat and overall; only accepted sends and edits count. */
  private takeRateSlot(state: ChatState): void {
    if (this.perChatLimit === Number.POSITIVE_INFINITY && this.globalLimit === Number.POSITIVE_INFINITY) return;
    const now = Date.now();
    for (const times of [state.sendTimes, this.globalSendTimes]) {
      while (times.length > 0 && (times[0] ?? 0) <= now - RATE_WINDOW_MS) times.shift();
    }
    if (state.sendTimes.length >= this.perChatLimit || this.globalSendTimes.length >= this.globalLimit) {
      throw new TelegramError(429, "Too Many Requests: retry after 1", { retry_after: 1 });
    }
    state.sendTimes.push(now);
    this.globalSendTimes.push(now);
  }

  /** The bot message an edit targets. */
  private editTarget(p: Params): { state: ChatState; stored: StoredMessage } {
    if (p.string("inline_message_id") !== undefined) throw badRequest("inline messages are not supported by the fake");
    const state = this.targetChat(p);
    this.assertReachable(state);
    const messageId = p.number("message_id");
    if (messageId === undefined) throw badRequest("message identifier is not specified");
    const stored = state.messages.get(messageId);
    if (!stored || stored.deleted) throw badRequest("message to edit not found");
    if (!stored.fromBot) throw badRequest("message can't be edited");
    return { state, stored };
  }

  private static commandKey(scope: unknown, languageCode: string): string {
    return `${stableStringify(scope ?? { type: "default" })}|${languageCode}`;
  }

  // -------------------------------------------------------------------------------------------------
  // Bot API methods
  // -------------------------------------------------------------------------------------------------

  private registerMethods(): void {
    const methods: Record<string, Handler> = {
      getMe: () => ({ ...GET_ME }),
      getUpdates: (p, context) => this.getUpdates(p, context),
      setWebhook: (p) => {
        this.webhookUrl = p.string("url") ?? "";
        this.rememberAllowedUpdates(p);
        if (p.bool("drop_pending_updates")) this.queue = [];
        return true;
      },
      deleteWebhook: (p) => {
        this.webhookUrl = "";
        if (p.bool("drop_pending_updates")) this.queue = [];
        return true;
      },
      getWebhookInfo: () => ({
        url: this.webhookUrl,
        has_custom_certificate: false,
        pending_update_count: this.queue.length,
      }),

      sendMessage: (p) => {
        const state = this.targetChat(p);
        this.assertReachable(state);
        const text = checkText(p.string("text"));
        const replyMarkup = normalizeMarkup(p.json("reply_markup"));
        this.takeRateSlot(state);
        const message: TgMessage = {
          message_id: state.nextMessageId++,
          from: { ...BOT_USER },
          chat: { ...state.chat },
          date: nowSeconds(),
          text,
          ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
        };
        const parseMode = p.string("parse_mode");
        state.messages.set(message.message_id, {
          message,
          fromBot: true,
          deleted: false,
          ...(parseMode !== undefined ? { parseMode } : {}),
        });
        return structuredClone(message);
      },

      editMessageText: (p) => {
        const { state, stored } = this.editTarget(p);
        if (stored.message.text === undefined) throw badRequest("there is no text in the message to edit");
        const text = checkText(p.string("text"));
        // Telegram removes the inline keyboard when an edit does not repeat it.
        const replyMarkup = normalizeMarkup(p.json("reply_markup"));
        const parseMode = p.string("parse_mode");
        if (
          text === stored.message.text &&
          parseMode === stored.parseMode &&
          stableStringify(replyMarkup) === stableStringify(stored.message.reply_markup)
        ) {
          throw badRequest(NOT_MODIFIED);
        }
        this.takeRateSlot(state);
        stored.message.text = text;
        stored.message.edit_date = nowSeconds();
        if (replyMarkup) stored.message.reply_markup = replyMarkup;
        else delete stored.message.reply_markup;
        if (parseMode !== undefined) stored.parseMode = parseMode;
        else delete stored.parseMode;
        return structuredClone(stored.message);
      },

      sendPhoto: (p) => this.sendPhoto(p),

      editMessageCaption: (p) => {
        const { state, stored } = this.editTarget(p);
        if (stored.message.photo === undefined) throw badRequest("there is no caption in the message to edit");
        const caption = checkCaption(p.string("caption"));
        // Like editMessageText: an edit that does not repeat the keyboard removes it.
        const replyMarkup = normalizeMarkup(p.json("reply_markup"));
        if (
          caption === stored.message.caption &&
          stableStringify(replyMarkup) === stableStringify(stored.message.reply_markup)
        ) {
          throw badRequest(NOT_MODIFIED);
        }
        this.takeRateSlot(state);
        if (caption !== undefined) stored.message.caption = caption;
        else delete stored.message.caption;
        stored.message.edit_date = nowSeconds();
        if (replyMarkup) stored.message.reply_markup = replyMarkup;
        else delete stored.message.reply_markup;
        return structuredClone(stored.message);
      },

      editMessageReplyMarkup: (p) => {
        const { state, stored } = this.editTarget(p);
        const replyMarkup = normalizeMarkup(p.json("reply_markup"));
        if (stableStringify(replyMarkup) === stableStringify(stored.message.reply_markup))
          throw badRequest(NOT_MODIFIED);
        this.takeRateSlot(state);
        stored.message.edit_date = nowSeconds();
        if (replyMarkup) stored.message.reply_markup = replyMarkup;
        else delete stored.message.reply_markup;
        return structuredClone(stored.message);
      },

      deleteMessage: (p) => {
        const state = this.targetChat(p);
        const stored = state.messages.get(p.number("message_id") ?? -1);
        if (!stored || stored.deleted) throw badRequest("message to delete not found");
        stored.deleted = true;
        return true;
      },

      answerCallbackQuery: (p) => {
        const id = p.string("callback_query_id") ?? "";
        // Unknown and already answered ids get the same answer from Telegram.
        if (!this.openCallbackQueries.delete(id)) throw badRequest(QUERY_INVALID);
        this.answeredCallbackQueries.add(id);
        return true;
      },

      sendChatAction: (p) => {
        const state = this.targetChat(p);
        this.assertReachable(state);
        if (p.string("action") === undefined) throw badRequest("action is empty");
        return true;
      },

      setMyCommands: (p) => {
        const commands = p.json("commands");
        if (!Array.isArray(commands)) throw badRequest("can't parse commands JSON object");
        if (commands.length > 100) throw badRequest("too many commands");
        const parsed: BotCommand[] = commands.map((c: unknown) => {
          if (!isRecord(c) || typeof c.command !== "string" || typeof c.description !== "string") {
            throw badRequest("can't parse BotCommand");
          }
          if (!/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest("BOT_COMMAND_INVALID");
          if (c.description.trim() === "") throw badRequest("command description must be non-empty");
          if (c.description.length > 256) throw badRequest("command description is too long");
          return { command: c.command, description: c.description };
        });
        this.storeCommands(p.json("scope"), p.string("language_code") ?? "", parsed);
        return true;
      },
      deleteMyCommands: (p) => {
        this.storeCommands(p.json("scope"), p.string("language_code") ?? "", []);
        return true;
      },
      getMyCommands: (p) =>
        structuredClone(
          this.commandSets.get(FakeBotApi.commandKey(p.json("scope"), p.string("language_code") ?? "")) ?? [],
        ),

      close: () => true,
      logOut: () => true,
    };
    for (const [name, handler] of Object.entries(methods)) this.handlers.set(name.toLowerCase(), { name, handler });
  }

  /** sendPhoto with an uploaded PNG (file ids and URLs of earlier photos are not supported). */
  private sendPhoto(p: Params): TgMessage {
    const state = this.targetChat(p);
    this.assertReachable(state);
    const upload = p.file("photo");
    if (!upload) throw badRequest("there is no photo in the request");
    if (upload.data.length > MAX_PHOTO_BYTES) throw badRequest("file is too big");
    const size = pngSize(upload.data);
    if (!size) throw badRequest("IMAGE_PROCESS_FAILED");
    const caption = checkCaption(p.string("caption"));
    const replyMarkup = normalizeMarkup(p.json("reply_markup"));
    this.takeRateSlot(state);
    const n = this.nextFileId++;
    const message: TgMessage = {
      message_id: state.nextMessageId++,
      from: { ...BOT_USER },
      chat: { ...state.chat },
      date: nowSeconds(),
      photo: [
        {
          file_id: `bot-photo-file-${n}`,
          file_unique_id: `bot-photo-unique-${n}`,
          ...size,
          file_size: upload.data.length,
        },
      ],
      ...(caption !== undefined ? { caption } : {}),
      ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
    };
    state.messages.set(message.message_id, {
      message,
      fromBot: true,
      deleted: false,
      photo: { fileName: upload.fileName, data: Buffer.from(upload.data), ...size },
    });
    return structuredClone(message);
  }

  private storeCommands(scope: unknown, languageCode: string, commands: BotCommand[]): void {
    const normalizedScope = scope ?? { type: "default" };
    const key = FakeBotApi.commandKey(normalizedScope, languageCode);
    const isDefault = isRecord(normalizedScope) && normalizedScope.type === "default";
    // Setting an empty list is how Telegram deletes a command set.
    if (commands.length === 0) {
      this.commandSets.delete(key);
      if (isDefault) this.commandsByLanguage.delete(languageCode);
      return;
    }
    this.commandSets.set(key, commands);
    if (isDefault) this.commandsByLanguage.set(languageCode, structuredClone(commands));
  }
}
