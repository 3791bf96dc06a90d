/**
 * A local fake of Discord (REST API + gateway WebSocket) for integration tests of the real discord.js client.
 *
 * discord.js is pointed at it with `new Client({ ..., rest: { api: fake.restRoot } })`. @discordjs/rest then calls
 * `${restRoot}/v10/<route>` with `Authorization: Bot <token>` (interaction callbacks and interaction webhooks
 * are sent WITHOUT that header: the interaction token in the URL is the credential), and @discordjs/ws asks
 * `GET /gateway/bot` for the gateway URL, then opens `${url}?v=10&encoding=json` and, after a drop, resumes on
 * `${resume_gateway_url}?v=10&encoding=json`. The fake answers both on one local port.
 *
 * It keeps just enough state to behave like Discord where a DM bot depends on it: DM channels per user (unknown
 * to the client until the first message, hence `Partials.Channel`), the bot's messages with their components
 * (so edits, removed buttons and presses can be asserted), interaction tokens and their one-acknowledgement
 * rule, global command registration, gateway sessions with sequence numbers and RESUME replay, and Discord's
 * limits and error bodies. Failures are scripted with `failNext` (429s, 5xx) and `closeDMs` (50007).
 *
 * Tests drive it from the user's side with `fake.user(id)` (send a DM, press a button, run a slash command) and
 * read back what the bot did with `user.messages()`, `fake.requests`, `fake.interactionResponses` and friends.
 *
 * Files arrive as multipart/form-data the way @discordjs/rest sends them (`payload_json` plus `files[n]`), and
 * only when creating a channel message: the bytes are kept (`attachments` in `user.messages()`, `files` in
 * `fake.requests`), and `attachments[]` of the JSON part supplies each file's name and description (alt text).
 *
 * Deliberate simplifications: no permissions model, no guild state (no GUILD_CREATE; guild interactions come
 * from a guild the client does not have cached), no uploads on other routes (multipart is refused), no gateway
 * compression or ETF, no REST rate-limit headers on successful answers (only scripted 429s), markdown and
 * mentions are stored, never rendered. Error `code`/`message` values for the common cases are Discord's; the
 * per-field `errors` codes for component/command validation are close approximations.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { boundaryOf, type FormPart, MultipartError, parseMultipart } from "../shared/multipart.js";
import { pngSize } from "../shared/png.js";

// ---------------------------------------------------------------------------------------------------
// Discord object shapes: only the fields the fake produces or reads. Index signatures leave room for
// whatever else the bot sends along (it is stored and echoed back, like Discord does for most fields).
// ---------------------------------------------------------------------------------------------------

export interface DiscordUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  [key: string]: unknown;
}

export interface DiscordComponent {
  type: number;
  /** Discord numbers every component of a message (1, 2, ... depth-first) when the bot does not. */
  id?: number;
  custom_id?: string;
  label?: string;
  style?: number;
  url?: string;
  disabled?: boolean;
  components?: DiscordComponent[];
  [key: string]: unknown;
}

export interface DiscordMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: DiscordUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: DiscordUser[];
  mention_roles: string[];
  attachments: unknown[];
  embeds: unknown[];
  components: DiscordComponent[];
  pinned: boolean;
  type: number;
  flags: number;
  nonce?: string | number;
  [key: string]: unknown;
}

export interface DiscordChannel {
  id: string;
  /** 1 = DM, 0 = guild text. */
  type: number;
  last_message_id: string | null;
  flags: number;
  recipients?: DiscordUser[];
  guild_id?: string;
  name?: string;
  [key: string]: unknown;
}

/** A registered application command as Discord returns it (the bot's fields plus ids and defaults). */
export interface ApplicationCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  guild_id?: string;
  name_localizations?: Record<string, string> | null;
  description_localizations?: Record<string, string> | null;
  options?: CommandOption[];
  contexts?: number[] | null;
  integration_types?: number[];
  default_member_permissions?: string | null;
  dm_permission?: boolean;
  nsfw?: boolean;
  [key: string]: unknown;
}

export interface CommandOption {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  options?: CommandOption[];
  [key: string]: unknown;
}

/** A Discord error body, e.g. `{ message: "Cannot send messages to this user", code: 50007 }`. */
export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: Record<string, unknown>;
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------------
// Public types of the fake itself
// ---------------------------------------------------------------------------------------------------

export interface FakeDiscordOptions {
  /** Defaults to "fake-bot-token". */
  token?: string;
  /** Defaults to "100000000000000001". */
  applicationId?: string;
  /** Defaults to the application id (true for every bot created since 2016 or so). */
  botUserId?: string;
  /** HELLO's heartbeat_interval. Discord sends 41250; a small value makes heartbeats happen within a test. */
  heartbeatIntervalMs?: number;
  /** How long an interaction may wait for its first callback before it is "Unknown interaction". Default 3000. */
  interactionDeadlineMs?: number;
  /**
   * Discord sends the bot MESSAGE_CREATE / MESSAGE_UPDATE / MESSAGE_DELETE for its OWN messages too (adapters
   * must ignore `message.author.bot`). Default true; set false for quieter gateway logs.
   */
  echoBotMessages?: boolean;
}

/** A scripted answer for `failNext`. A string body is sent as text (like a proxy's 502 page), anything else as JSON. */
export interface ScriptedResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RecordedRequest {
  method: string;
  /** Path below `/api/v10`, without the query string, e.g. "/channels/123/messages". */
  path: string;
  /** The raw query string without "?", e.g. "with_response=false" ("" when none). */
  query: string;
  /** Parsed JSON body, or a multipart request's `payload_json` (undefined when there was none). */
  body: unknown;
  /** Files of a multipart request, in the order they arrived. */
  files?: UploadedFile[];
  /** HTTP status answered (0 while still being handled). */
  status: number;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** The Authorization header as sent (undefined for interaction callbacks and webhooks, which discord.js sends without it). */
  authorization: string | undefined;
}

export interface InteractionResponseRecord {
  /** 4 CHANNEL_MESSAGE_WITH_SOURCE, 5 DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, 6 DEFERRED_UPDATE_MESSAGE, 7 UPDATE_MESSAGE, ... */
  type: number;
  data: unknown;
  /** Milliseconds between the INTERACTION_CREATE dispatch and the accepted callback ("acknowledged within 3 s"). */
  msAfterCreate: number;
  at: number;
}

export interface GatewayLogEntry {
  at: number;
  /** Which WebSocket connection (1, 2, ...; see `gatewayConnections`). */
  connection: number;
  /** "in" = sent by the bot, "out" = sent by the fake. */
  direction: "in" | "out";
  op: number;
  t?: string | null;
  s?: number | null;
}

export interface GatewayConnectionRecord {
  id: number;
  /** Path and query the bot connected to, e.g. "/gateway?v=10&encoding=json" or "/gateway-resume?v=10&encoding=json". */
  url: string;
  openedAt: number;
  /** "identify" or "resume" once the bot said which; "invalid" when a RESUME was refused. */
  kind?: "identify" | "resume" | "invalid";
  sessionId?: string;
  closedAt?: number;
  closeCode?: number;
  /** Who closed: the fake (disconnectAll, protocol errors, close()) or the bot. */
  closedBy?: "fake" | "bot";
}

/** A file part of a multipart request. */
export interface UploadedFile {
  /** The form field, e.g. "files[0]". */
  field: string;
  fileName: string;
  contentType?: string;
  data: Buffer;
}

/** An attachment of a bot message: what Discord shows, plus the uploaded bytes. */
export interface AttachmentView {
  id: string;
  filename: string;
  /** Alt text. */
  description?: string;
  content_type?: string;
  size: number;
  width?: number;
  height?: number;
  data: Buffer;
}

/** The bot's message as the user sees it now (after edits). */
export interface BotMessageView {
  id: string;
  channel_id: string;
  content: string;
  components: DiscordComponent[];
  embeds: unknown[];
  /** Only when the message has attachments. */
  attachments?: AttachmentView[];
  flags: number;
  allowed_mentions?: unknown;
  nonce?: string | number;
  enforce_nonce: boolean;
  /** Interaction replies with flag 64: only this user sees them; Discord sends no gateway events for them. */
  ephemeral: boolean;
  /** A deferred reply (callback type 5) still showing "<bot> is thinking...". */
  loading: boolean;
  deleted: boolean;
  edited: boolean;
  /** Set when the message is an interaction reply or follow-up. */
  interactionId?: string;
}

export interface ButtonView {
  label: string;
  custom_id: string;
}

/** Slash command option values; typed by the registered command when there is one, else by the JS type. */
export type SlashOptions = Record<string, string | number | boolean>;

export interface FakeUserOptions {
  /** The user's client locale sent as `locale` in interactions. Default "en-US". */
  locale?: string;
}

/** A simulated Discord user with a DM channel to the bot. Injectors return the id of what they created. */
export interface FakeDiscordUser {
  readonly id: string;
  readonly info: DiscordUser;
  /** Stable per user; the client learns it from the first MESSAGE_CREATE or from POST /users/@me/channels. */
  readonly dmChannelId: string;
  /** The user writes to the bot: MESSAGE_CREATE in the DM (no guild_id, channel_type 1). Returns the message id. */
  sendDM(content: string, options?: { nonce?: string }): string;
  /** A DM with an uploaded file (a PNG) and, optionally, text with it. Returns the message id. */
  sendDMWithAttachment(content: string, fileName?: string): string;
  /**
   * Forwards someone else's message into the DM: an empty message with a forward `message_reference`
   * (type 1) and the forwarded message in `message_snapshots`. Returns the message id.
   */
  forwardDM(content: string): string;
  /**
   * A reply to message `messageId` in the DM (usually one of the bot's): message type 19 with a
   * `message_reference` (type 0) and the replied-to message as `referenced_message`. Returns the message id.
   */
  replyDM(messageId: string, content: string): string;
  /**
   * The user edits one of their own DMs: MESSAGE_UPDATE with the new content and an `edited_timestamp`.
   * Returns the dispatched payload, so a test can deliver the same edit again with `dispatch`.
   */
  editDM(messageId: string, content: string): Record<string, unknown>;
  /** Presses a button on one of the bot's messages in the DM: INTERACTION_CREATE type 3. Returns the interaction id. */
  press(messageId: string, customId: string): string;
  /** Runs a chat-input command in the DM: INTERACTION_CREATE type 2, context 1 (BOT_DM). "group sub" names work. */
  slash(name: string, options?: SlashOptions): string;
  /** The same in a guild text channel (guild_id, member, context 0). The client has no cache of that guild. */
  slashInGuild(guildId: string, channelId: string, name: string, options?: SlashOptions): string;
  /** The bot's messages in the DM, oldest first, including deleted (flagged) and ephemeral ones. */
  messages(): BotMessageView[];
  /** The bot's latest message in the DM that is not deleted. */
  lastMessage(): BotMessageView | undefined;
  /** Buttons with a custom_id (link buttons are left out) of the given message, or of `lastMessage()`. */
  buttons(messageId?: string): ButtonView[];
}

// ---------------------------------------------------------------------------------------------------
// Constants and small helpers
// ---------------------------------------------------------------------------------------------------

const API_VERSION = "10";
const DEFAULT_TOKEN = "fake-bot-token";
const DEFAULT_APPLICATION_ID = "100000000000000001";
const DISCORD_EPOCH = 1_420_070_400_000n;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const MAX_CONTENT_LENGTH = 2000;
const MAX_EMBEDS = 10;
const MAX_ACTION_ROWS = 5;
const MAX_ROW_WIDTH = 5;
const MAX_CUSTOM_ID_LENGTH = 100;
const MAX_BUTTON_LABEL_LENGTH = 80;
const MAX_V2_COMPONENTS = 40;
const MAX_NONCE_LENGTH = 25;
const MAX_ATTACHMENTS = 10;
const MAX_ATTACHMENT_DESCRIPTION_LENGTH = 1024;
/** Discord: "checked for uniqueness in the past few minutes". */
const NONCE_WINDOW_MS = 5 * 60_000;
/** Events kept per gateway session for RESUME replay. */
const MAX_SESSION_LOG = 5000;

const MessageFlags = { Ephemeral: 1 << 6, Loading: 1 << 7, IsComponentsV2: 1 << 15 } as const;

/** Gateway intents the fake honours when routing its own events. */
const Intents = { GuildMessages: 1 << 9, DirectMessages: 1 << 12 } as const;

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

const InteractionType = { Ping: 1, ApplicationCommand: 2, MessageComponent: 3, Autocomplete: 4, ModalSubmit: 5 };
const CallbackType = {
  Pong: 1,
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredUpdateMessage: 6,
  UpdateMessage: 7,
  AutocompleteResult: 8,
  Modal: 9,
};
const SELECT_MENU_TYPES = new Set([3, 5, 6, 7, 8]);
const INTERACTIVE_TYPES = new Set([2, 3, 4, 5, 6, 7, 8]);

/** Discord's locales (discord-api-types `Locale`); "en" or "pt" alone are NOT valid and are refused. */
const LOCALES = new Set([
  "id",
  "en-US",
  "en-GB",
  "bg",
  "zh-CN",
  "zh-TW",
  "hr",
  "cs",
  "da",
  "nl",
  "fi",
  "fr",
  "de",
  "el",
  "hi",
  "hu",
  "it",
  "ja",
  "ko",
  "lt",
  "no",
  "pl",
  "pt-BR",
  "ro",
  "ru",
  "es-ES",
  "es-419",
  "sv-SE",
  "th",
  "tr",
  "uk",
  "vi",
]);
const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/**
 * Permissions a bot typically has in a DM, as the decimal string Discord sends in `app_permissions`: ADD_REACTIONS,
 * VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY, USE_EXTERNAL_EMOJIS,
 * USE_APPLICATION_COMMANDS.
 */
const DM_APP_PERMISSIONS = [6n, 10n, 11n, 14n, 15n, 16n, 18n, 31n]
  .reduce((all, bit) => all | (1n << bit), 0n)
  .toString();
/** GATEWAY_MESSAGE_CONTENT_LIMITED (unverified bot with the intent enabled) | APPLICATION_COMMAND_BADGE. */
const APPLICATION_FLAGS = (1 << 19) | (1 << 23);
const MEMBER_PERMISSIONS = ((1n << 10n) | (1n << 11n) | (1n << 16n) | (1n << 31n)).toString();

/** Thrown by handlers; becomes the HTTP answer with Discord's error body. */
class DiscordHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: DiscordErrorBody,
  ) {
    super(body.message);
  }
}

const unknown = (what: string, code: number) => new DiscordHttpError(404, { message: `Unknown ${what}`, code });
const unknownChannel = () => unknown("Channel", 10003);
const unknownMessage = () => unknown("Message", 10008);
const unknownWebhook = () => unknown("Webhook", 10015);
const unknownInteraction = () => unknown("interaction", 10062);
const emptyMessage = () => new DiscordHttpError(400, { message: "Cannot send an empty message", code: 50006 });

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/** Discord timestamps: ISO 8601 with microseconds and an explicit offset. */
function discordTimestamp(at: number): string {
  return new Date(at).toISOString().replace("Z", "000+00:00");
}

/** Discord counts message length in Unicode code points, so an emoji counts once. */
function codePoints(text: string): number {
  return [...text].length;
}

/**
 * Collects per-field errors into Discord's nested `errors` object, e.g.
 * `{ components: { "0": { components: { _errors: [{ code, message }] } } } }`, so that discord.js flattens them
 * into "components[0].components[BASE_TYPE_BAD_LENGTH]: Must be between 1 and 5 in length.".
 */
class FormErrors {
  readonly tree: Record<string, unknown> = {};
  private count = 0;

  add(path: ReadonlyArray<string | number>, code: string, message: string): void {
    let node = this.tree;
    for (const key of path) {
      const k = String(key);
      const next = node[k];
      if (isRecord(next)) node = next;
      else {
        const created: Record<string, unknown> = {};
        node[k] = created;
        node = created;
      }
    }
    const list = Array.isArray(node._errors) ? (node._errors as unknown[]) : [];
    list.push({ code, message });
    node._errors = list;
    this.count++;
  }

  throwIfAny(): void {
    if (this.count > 0) {
      throw new DiscordHttpError(400, { message: "Invalid Form Body", code: 50035, errors: this.tree });
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES)
        reject(new DiscordHttpError(413, { message: "Request entity too large", code: 40005 }));
      else resolve(Buffer.concat(chunks));
    });
    req.on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------------
// Internal state
// ---------------------------------------------------------------------------------------------------

interface StoredMessage {
  message: DiscordMessage;
  fromBot: boolean;
  deleted: boolean;
  ephemeral: boolean;
  edited: boolean;
  allowedMentions?: unknown;
  enforceNonce: boolean;
  interactionId?: string;
  /** Uploaded bytes by attachment id. */
  uploads?: Map<string, Buffer>;
}

interface ChannelState {
  channel: DiscordChannel;
  /** DM channels only: the user on the other side. */
  recipientId?: string;
  messages: Map<string, StoredMessage>;
  /** enforce_nonce bookkeeping: nonce -> the message it created. */
  nonces: Map<string, { messageId: string; at: number }>;
}

interface UserState {
  info: DiscordUser;
  dmChannelId: string;
  dmsClosed: boolean;
  locale: string;
  handle: FakeDiscordUser;
}

interface InteractionState {
  id: string;
  token: string;
  type: number;
  channelId: string;
  guildId?: string;
  user: DiscordUser;
  /** Component interactions: the message the button is on. */
  componentMessageId?: string;
  commandName?: string;
  createdAt: number;
  response?: InteractionResponseRecord;
  /** What `@original` refers to once acknowledged. */
  originalMessageId?: string;
}

interface DispatchPayload {
  op: 0;
  t: string;
  s: number;
  d: unknown;
}

interface Session {
  id: string;
  intents: number;
  shard: [number, number];
  seq: number;
  log: DispatchPayload[];
  connection: GatewayConnection | null;
  /** False once Discord would refuse a RESUME (bot closed with 1000/1001, or `disconnectAll(.., {resumable:false})`). */
  resumable: boolean;
}

interface GatewayConnection {
  ws: WebSocket;
  record: GatewayConnectionRecord;
  session: Session | null;
}

interface RouteContext {
  params: string[];
  body: Record<string, unknown>;
  rawBody: unknown;
  query: URLSearchParams;
  files: UploadedFile[];
}

interface RouteResult {
  status: number;
  body?: unknown;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** "bot": needs `Authorization: Bot <token>`; "none": interaction endpoints, authenticated by the URL token. */
  auth: "bot" | "none";
  handler: (ctx: RouteContext) => RouteResult;
  /** Whether the route takes multipart uploads; every other route refuses them. */
  acceptsFiles?: boolean;
}

interface ScriptedFailure {
  method: string;
  pattern: RegExp;
  remaining: number;
  response: ScriptedResponse;
}

const ok = (body: unknown): RouteResult => ({ status: 200, body });
const noContent = (): RouteResult => ({ status: 204 });

// ---------------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------------

export class FakeDiscord {
  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** The accepted (first) callback of each interaction, by interaction id. */
  readonly interactionResponses = new Map<string, InteractionResponseRecord>();
  /** Every gateway payload except heartbeats' contents, in order. */
  readonly gatewayLog: GatewayLogEntry[] = [];
  /** Every gateway WebSocket connection, in order. */
  readonly gatewayConnections: GatewayConnectionRecord[] = [];

  /** e.g. "http://127.0.0.1:PORT/api": pass as `rest.api`; discord.js appends "/v10". */
  readonly restRoot: string;
  /** What GET /gateway/bot answers as `url`. */
  readonly gatewayUrl: string;
  /** What READY answers as `resume_gateway_url` (a different path, so tests can see a resume used it). */
  readonly resumeGatewayUrl: string;
  readonly token: string;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUser: DiscordUser;

  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly connections = new Set<GatewayConnection>();
  private readonly sessions = new Map<string, Session>();
  private readonly users = new Map<string, UserState>();
  private readonly channels = new Map<string, ChannelState>();
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, InteractionState>();
  private globalCommands: ApplicationCommand[] = [];
  private readonly guildCommandSets = new Map<string, ApplicationCommand[]>();
  private readonly commandIds = new Map<string, string>();
  private readonly failures: ScriptedFailure[] = [];
  private readonly routes: Route[];
  private readonly heartbeatIntervalMs: number;
  private readonly interactionDeadlineMs: number;
  private readonly echoBotMessages: boolean;
  private identifies = 0;
  private nextConnectionId = 1;
  private lastSnowflakeMs = 0n;
  private snowflakeIncrement = 0n;
  private closing = false;

  private constructor(
    private readonly server: Server,
    options: FakeDiscordOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.restRoot = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}/gateway`;
    this.resumeGatewayUrl = `ws://127.0.0.1:${port}/gateway-resume`;
    this.token = options.token ?? DEFAULT_TOKEN;
    this.applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
    this.botUserId = options.botUserId ?? this.applicationId;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250;
    this.interactionDeadlineMs = options.interactionDeadlineMs ?? 3000;
    this.echoBotMessages = options.echoBotMessages ?? true;
    this.botUser = {
      id: this.botUserId,
      username: "interlude-test",
      discriminator: "0",
      global_name: null,
      avatar: null,
      bot: true,
      public_flags: 0,
    };
    this.routes = this.buildRoutes();
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    const fake = new FakeDiscord(server, options);
    server.on("request", (req, res) => void fake.handle(req, res));
    server.on("upgrade", (req, socket, head) => fake.onUpgrade(req, socket, head));
    return fake;
  }

  /** Terminates every gateway socket and HTTP connection, then stops listening. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const connection of this.connections) {
      connection.record.closedBy ??= "fake";
      connection.ws.terminate();
    }
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  // -------------------------------------------------------------------------------------------------
  // Scripting from tests
  // -------------------------------------------------------------------------------------------------

  /**
   * The next `times` requests whose method matches (case-insensitive, "*" for any) and whose path (below
   * /api/v10, without query) matches `pathPattern` get `response` instead, before auth or validation.
   * Use `FakeDiscord.rateLimited()` / `FakeDiscord.serverError()` for realistic responses.
   */
  failNext(method: string, pathPattern: RegExp, times: number, response: ScriptedResponse): void {
    this.failures.push({ method: method.toUpperCase(), pattern: pathPattern, remaining: times, response });
  }

  /**
   * A 429 the way Discord sends it. Per-route (default): `retry-after` (whole seconds, rounded up) plus
   * `x-ratelimit-remaining: 0` and `x-ratelimit-reset-after`, which is what @discordjs/rest actually waits
   * for (reset-after + its 50 ms offset), then retries by itself. Global: `x-ratelimit-global: true`, and
   * discord.js waits the whole `retry-after`.
   */
  static rateLimited(retryAfterSeconds = 0.5, options: { global?: boolean } = {}): ScriptedResponse {
    const body = {
      message: "You are being rate limited.",
      retry_after: retryAfterSeconds,
      global: Boolean(options.global),
    };
    const retryAfter = String(Math.max(1, Math.ceil(retryAfterSeconds)));
    if (options.global) {
      return {
        status: 429,
        body,
        headers: { "retry-after": retryAfter, "x-ratelimit-global": "true", "x-ratelimit-scope": "global" },
      };
    }
    return {
      status: 429,
      body,
      headers: {
        "retry-after": retryAfter,
        "x-ratelimit-limit": "5",
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": ((Date.now() + retryAfterSeconds * 1000) / 1000).toFixed(3),
        "x-ratelimit-reset-after": retryAfterSeconds.toFixed(3),
        "x-ratelimit-bucket": "fakebucket0000000000000000000000",
        "x-ratelimit-scope": "user",
      },
    };
  }

  /** A Cloudflare-style 5xx page. @discordjs/rest retries 5xx up to `rest.retries` (3) times, then throws HTTPError. */
  static serverError(status = 502): ScriptedResponse {
    return { status, body: `<html><body><h1>${status}</h1></body></html>`, headers: { "content-type": "text/html" } };
  }

  /** Afterwards, POST /channels/<their DM>/messages answers 403 50007 (DMs closed / bot blocked / no shared guild). */
  closeDMs(userId: string): void {
    this.userState(userId).dmsClosed = true;
  }

  reopenDMs(userId: string): void {
    this.userState(userId).dmsClosed = false;
  }

  /** A new, increasing, timestamp-based snowflake (for guild/channel ids in tests). */
  snowflake(at = Date.now()): string {
    let ms = BigInt(at);
    if (ms < this.lastSnowflakeMs) ms = this.lastSnowflakeMs;
    if (ms === this.lastSnowflakeMs) {
      this.snowflakeIncrement++;
      if (this.snowflakeIncrement > 4095n) {
        ms++;
        this.snowflakeIncrement = 0n;
      }
    } else {
      this.snowflakeIncrement = 0n;
    }
    this.lastSnowflakeMs = ms;
    // worker 1, process 1, like a real id's middle bits.
    return (((ms - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | this.snowflakeIncrement).toString();
  }

  /** A simulated user; the same handle is returned for the same id. Ids must be numeric strings (snowflakes). */
  user(id: string, name?: string, options: FakeUserOptions = {}): FakeDiscordUser {
    const existing = this.users.get(id);
    if (existing) return existing.handle;
    if (!/^\d{1,20}$/.test(id)) throw new Error(`FakeDiscord.user: id must be a numeric snowflake string, got "${id}"`);
    const username = name ?? `user${id.slice(-4)}`;
    const info: DiscordUser = {
      id,
      username: username.toLowerCase().replace(/[^a-z0-9_.]/g, "_"),
      discriminator: "0",
      global_name: username,
      avatar: null,
      public_flags: 0,
    };
    const dmChannelId = this.snowflake();
    this.channels.set(dmChannelId, {
      channel: { id: dmChannelId, type: 1, last_message_id: null, flags: 0, recipients: [info] },
      recipientId: id,
      messages: new Map(),
      nonces: new Map(),
    });
    const handle: FakeDiscordUser = {
      id,
      info,
      dmChannelId,
      sendDM: (content, opts) => this.userSendsDM(id, content, opts?.nonce),
      sendDMWithAttachment: (content, fileName = "photo.png") =>
        this.userSendsDM(id, content, undefined, {
          attachments: [
            {
              id: this.snowflake(),
              filename: fileName,
              size: 64_000,
              url: `https://cdn.discordapp.test/attachments/${dmChannelId}/${fileName}`,
              proxy_url: `https://media.discordapp.test/attachments/${dmChannelId}/${fileName}`,
              content_type: "image/png",
              width: 800,
              height: 800,
            },
          ],
        }),
      forwardDM: (content) => {
        const at = Date.now() - 3_600_000;
        return this.userSendsDM(id, "", undefined, {
          // 16384 HAS_SNAPSHOT
          flags: 16384,
          message_reference: { type: 1, channel_id: this.snowflake(at), message_id: this.snowflake(at) },
          message_snapshots: [
            {
              message: {
                type: 0,
                content,
                embeds: [],
                attachments: [],
                timestamp: discordTimestamp(at),
                edited_timestamp: null,
                flags: 0,
                mentions: [],
                mention_roles: [],
                components: [],
              },
            },
          ],
        });
      },
      editDM: (messageId, content) => this.userEditsDM(id, messageId, content),
      replyDM: (messageId, content) => {
        const target = this.channelState(dmChannelId).messages.get(messageId);
        if (!target || target.deleted) throw new Error(`FakeDiscord.replyDM: no message ${messageId} in the DM`);
        return this.userSendsDM(id, content, undefined, {
          type: 19,
          message_reference: { type: 0, channel_id: dmChannelId, message_id: messageId },
          referenced_message: clone(target.message),
        });
      },
      press: (messageId, customId) => this.press(id, messageId, customId),
      slash: (commandName, commandOptions) => this.slash(id, commandName, commandOptions ?? {}),
      slashInGuild: (guildId, channelId, commandName, commandOptions) =>
        this.slash(id, commandName, commandOptions ?? {}, { guildId, channelId }),
      messages: () => this.messagesIn(dmChannelId),
      lastMessage: () =>
        this.messagesIn(dmChannelId)
          .filter((m) => !m.deleted)
          .at(-1),
      buttons: (messageId) => {
        const view =
          messageId === undefined ? handle.lastMessage() : this.messagesIn(dmChannelId).find((m) => m.id === messageId);
        return flattenComponents(view?.components ?? [])
          .filter((c): c is DiscordComponent & { custom_id: string } => c.type === 2 && typeof c.custom_id === "string")
          .map((c) => ({ label: typeof c.label === "string" ? c.label : "", custom_id: c.custom_id }));
      },
    };
    this.users.set(id, { info, dmChannelId, dmsClosed: false, locale: options.locale ?? "en-US", handle });
    return handle;
  }

  /** The token of an injected interaction, for raw callback/webhook calls in tests. */
  interactionToken(interactionId: string): string {
    const interaction = this.interactions.get(interactionId);
    if (!interaction) throw new Error(`FakeDiscord.interactionToken: no interaction ${interactionId}`);
    return interaction.token;
  }

  /** The bot's messages in any channel (DM or guild), oldest first, including deleted ones. */
  messagesIn(channelId: string): BotMessageView[] {
    const state = this.channels.get(channelId);
    if (!state) return [];
    return [...state.messages.values()].filter((m) => m.fromBot).map(toView);
  }

  /** The last global bulk overwrite (PUT /applications/:id/commands), as Discord returned it. */
  get commands(): ApplicationCommand[] {
    return clone(this.globalCommands);
  }

  guildCommands(guildId: string): ApplicationCommand[] {
    return clone(this.guildCommandSets.get(guildId) ?? []);
  }

  /** Requests with this method ("*" for any) whose path equals `pattern` (string) or matches it (RegExp). */
  requestsTo(method: string, pattern: RegExp | string): RecordedRequest[] {
    const m = method.toUpperCase();
    return this.requests.filter(
      (r) => (m === "*" || r.method === m) && (typeof pattern === "string" ? r.path === pattern : pattern.test(r.path)),
    );
  }

  /**
   * Polls `predicate` every 10 ms until it returns something truthy, and resolves with that. On timeout the
   * error names `what` and shows the last requests and gateway events, which is usually the whole story.
   */
  waitFor<T>(predicate: () => T | undefined | null | false, ms = 10_000, what = "condition"): Promise<T> {
    const deadline = Date.now() + ms;
    return new Promise<T>((resolve, reject) => {
      let lastError: unknown;
      const tick = () => {
        try {
          const value = predicate();
          if (value) {
            resolve(value);
            return;
          }
        } catch (error) {
          lastError = error;
        }
        if (Date.now() >= deadline) {
          const requests = this.requests
            .slice(-10)
            .map((r) => `  ${r.method} ${r.path}${r.query ? `?${r.query}` : ""} -> ${r.status}`)
            .join("\n");
          const gateway = this.gatewayLog
            .filter((e) => e.op !== Op.Heartbeat && e.op !== Op.HeartbeatAck)
            .slice(-10)
            .map((e) => `  #${e.connection} ${e.direction} op ${e.op}${e.t ? ` ${e.t}` : ""}${e.s ? ` s=${e.s}` : ""}`)
            .join("\n");
          const last = lastError instanceof Error ? `\nlast predicate error: ${lastError.message}` : "";
          reject(
            new Error(
              `FakeDiscord.waitFor(${what}) timed out after ${ms} ms${last}\nlast requests:\n${requests || "  (none)"}\nlast gateway events:\n${gateway || "  (none)"}`,
            ),
          );
          return;
        }
        setTimeout(tick, 10);
      };
      tick();
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Gateway scripting
  // -------------------------------------------------------------------------------------------------

  /**
   * Sends a dispatch (op 0) with the next sequence number to every resumable session, regardless of intents.
   * A session whose socket is down gets it on RESUME. Returns how many sessions got it.
   */
  dispatch(event: string, data: unknown): number {
    return this.dispatchToSessions(event, data);
  }

  /**
   * Closes every gateway socket with `code` (4000 "Unknown error" by default: discord.js waits ~500 ms and
   * RESUMEs on `resume_gateway_url`). Events dispatched meanwhile are replayed on RESUME. With
   * `resumable: false` the sessions are invalidated: RESUME gets op 9 and discord.js re-IDENTIFYs (its identify
   * throttle may then wait up to ~6.5 s). Returns how many sockets were closed.
   */
  disconnectAll(code = 4000, options: { resumable?: boolean } = {}): number {
    let count = 0;
    if (options.resumable === false) {
      // Also sessions whose bot is between sockets right now.
      for (const session of this.sessions.values()) session.resumable = false;
    }
    for (const connection of [...this.connections]) {
      if (connection.ws.readyState !== connection.ws.OPEN) continue;
      if (connection.session) {
        if (connection.session.connection === connection) connection.session.connection = null;
        if (options.resumable === false) connection.session.resumable = false;
      }
      connection.session = null;
      connection.record.closedBy = "fake";
      connection.ws.close(code, "fake: simulated gateway drop");
      count++;
    }
    return count;
  }

  /** Sends op 7 RECONNECT on every socket; discord.js closes with 4200 and RESUMEs. */
  requestReconnect(): void {
    for (const connection of this.connections) this.send(connection, { op: Op.Reconnect, d: null, s: null, t: null });
  }

  // -------------------------------------------------------------------------------------------------
  // Simulated users
  // -------------------------------------------------------------------------------------------------

  private userState(id: string): UserState {
    this.user(id);
    const state = this.users.get(id);
    if (!state) throw new Error(`FakeDiscord: no user ${id}`);
    return state;
  }

  private channelState(id: string): ChannelState {
    const state = this.channels.get(id);
    if (!state) throw unknownChannel();
    return state;
  }

  private userSendsDM(userId: string, content: string, nonce?: string, extra: Partial<DiscordMessage> = {}): string {
    const user = this.userState(userId);
    const channel = this.channelState(user.dmChannelId);
    const message = this.newMessage(channel, user.info, {
      content,
      ...(nonce !== undefined ? { nonce } : {}),
      ...extra,
    });
    channel.messages.set(message.id, {
      message,
      fromBot: false,
      deleted: false,
      ephemeral: false,
      edited: false,
      enforceNonce: false,
    });
    channel.channel.last_message_id = message.id;
    // DMs carry content even without the MESSAGE_CONTENT intent; DIRECT_MESSAGES is what routes them.
    this.dispatchToSessions("MESSAGE_CREATE", { ...clone(message), channel_type: 1 }, Intents.DirectMessages);
    return message.id;
  }

  private userEditsDM(userId: string, messageId: string, content: string): Record<string, unknown> {
    const user = this.userState(userId);
    const channel = this.channelState(user.dmChannelId);
    const stored = channel.messages.get(messageId);
    if (!stored || stored.fromBot || stored.deleted) {
      throw new Error(`FakeDiscord.editDM: user ${userId} has no message ${messageId} to edit`);
    }
    if (stored.message.message_reference !== undefined) {
      throw new Error("FakeDiscord.editDM: a forwarded message cannot be edited");
    }
    // Edit times are strictly increasing, as two edits of one message never share a time on Discord.
    const previous = stored.message.edited_timestamp === null ? 0 : Date.parse(stored.message.edited_timestamp);
    stored.message = {
      ...stored.message,
      content,
      edited_timestamp: discordTimestamp(Math.max(Date.now(), previous + 1)),
    };
    stored.edited = true;
    const payload = { ...clone(stored.message), channel_type: 1 };
    this.dispatchToSessions("MESSAGE_UPDATE", payload, Intents.DirectMessages);
    return payload;
  }

  private press(userId: string, messageId: string, customId: string): string {
    const user = this.userState(userId);
    const channel = this.channelState(user.dmChannelId);
    const stored = channel.messages.get(messageId);
    if (!stored?.fromBot || stored.deleted) {
      throw new Error(`FakeDiscord.press: no bot message ${messageId} in the DM of user ${userId}`);
    }
    const button = flattenComponents(stored.message.components).find(
      (c) => INTERACTIVE_TYPES.has(c.type) && c.custom_id === customId,
    );
    if (!button) {
      const available = flattenComponents(stored.message.components)
        .map((c) => c.custom_id)
        .filter((c) => c !== undefined);
      throw new Error(
        `FakeDiscord.press: message ${messageId} has no component "${customId}" (it has: ${available.join(", ") || "none"})`,
      );
    }
    if (button.disabled === true) throw new Error(`FakeDiscord.press: button "${customId}" is disabled`);
    const interaction = this.newInteraction(InteractionType.MessageComponent, user, channel.channel.id);
    interaction.componentMessageId = messageId;
    const data: Record<string, unknown> = { custom_id: customId, component_type: button.type };
    if (typeof button.id === "number") data.id = button.id;
    if (SELECT_MENU_TYPES.has(button.type)) data.values = [];
    this.dispatchInteraction(interaction, user, data, { message: clone(stored.message) });
    return interaction.id;
  }

  private slash(
    userId: string,
    fullName: string,
    options: SlashOptions,
    guild?: { guildId: string; channelId: string },
  ): string {
    const user = this.userState(userId);
    const [name = "", ...path] = fullName.trim().split(/\s+/);
    const registered = (
      guild ? [...(this.guildCommandSets.get(guild.guildId) ?? []), ...this.globalCommands] : this.globalCommands
    ).find((c) => c.type === 1 && c.name === name);
    if (registered) {
      const context = guild ? 0 : 1;
      if (Array.isArray(registered.contexts) && !registered.contexts.includes(context)) {
        throw new Error(
          `FakeDiscord.slash: /${name} is registered with contexts [${registered.contexts.join(", ")}], so a user cannot run it ${guild ? "in a guild (0)" : "in a DM with the bot (1 BOT_DM)"}`,
        );
      }
      if (!guild && registered.dm_permission === false && registered.contexts == null) {
        throw new Error(`FakeDiscord.slash: /${name} is registered with dm_permission: false`);
      }
    }
    const leafOptions = buildOptions(registered?.options, path, options, `/${fullName}`);
    const data: Record<string, unknown> = {
      id: registered?.id ?? this.snowflake(),
      name,
      type: 1,
    };
    if (leafOptions.length > 0) data.options = leafOptions;
    // Only guild-registered commands carry data.guild_id.
    if (registered?.guild_id !== undefined) data.guild_id = registered.guild_id;

    let channelId = user.dmChannelId;
    if (guild) {
      channelId = guild.channelId;
      if (!this.channels.has(channelId)) {
        this.channels.set(channelId, {
          channel: {
            id: channelId,
            type: 0,
            guild_id: guild.guildId,
            name: "general",
            position: 0,
            flags: 0,
            last_message_id: null,
            nsfw: false,
            parent_id: null,
            topic: null,
            rate_limit_per_user: 0,
            permission_overwrites: [],
          },
          messages: new Map(),
          nonces: new Map(),
        });
      }
    }
    const interaction = this.newInteraction(InteractionType.ApplicationCommand, user, channelId, guild?.guildId);
    interaction.commandName = name;
    this.dispatchInteraction(interaction, user, data, {});
    return interaction.id;
  }

  private newInteraction(type: number, user: UserState, channelId: string, guildId?: string): InteractionState {
    const createdAt = Date.now();
    const interaction: InteractionState = {
      id: this.snowflake(createdAt),
      token: `aW50ZXJhY3Rpb24${randomBytes(48).toString("base64url")}`,
      type,
      channelId,
      user: user.info,
      createdAt,
      ...(guildId !== undefined ? { guildId } : {}),
    };
    this.interactions.set(interaction.id, interaction);
    this.interactionsByToken.set(interaction.token, interaction);
    return interaction;
  }

  /** INTERACTION_CREATE as Discord sends it for a guild-installed app, in a DM (context 1) or a guild (context 0). */
  private dispatchInteraction(
    interaction: InteractionState,
    user: UserState,
    data: Record<string, unknown>,
    extra: Record<string, unknown>,
  ): void {
    const channel = this.channelState(interaction.channelId).channel;
    const payload: Record<string, unknown> = {
      id: interaction.id,
      application_id: this.applicationId,
      type: interaction.type,
      data,
      token: interaction.token,
      version: 1,
      channel: clone(channel),
      channel_id: channel.id,
      locale: user.locale,
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
      ...extra,
    };
    if (interaction.guildId !== undefined) {
      payload.guild_id = interaction.guildId;
      payload.guild = { id: interaction.guildId, locale: "en-US", features: [] };
      payload.guild_locale = "en-US";
      payload.app_permissions = MEMBER_PERMISSIONS;
      payload.member = {
        user: clone(user.info),
        roles: [],
        nick: null,
        avatar: null,
        banner: null,
        premium_since: null,
        joined_at: discordTimestamp(interaction.createdAt - 86_400_000),
        pending: false,
        deaf: false,
        mute: false,
        flags: 0,
        communication_disabled_until: null,
        unusual_dm_activity_until: null,
        permissions: MEMBER_PERMISSIONS,
      };
      payload.context = 0;
      payload.authorizing_integration_owners = { "0": interaction.guildId };
    } else {
      payload.user = clone(user.info);
      payload.app_permissions = DM_APP_PERMISSIONS;
      payload.context = 1;
      // GUILD_INSTALL owner is "0" when the app is used in a DM with its bot user.
      payload.authorizing_integration_owners = { "0": "0" };
    }
    // Interactions are delivered whatever the intents.
    this.dispatchToSessions("INTERACTION_CREATE", payload);
  }

  // -------------------------------------------------------------------------------------------------
  // Messages
  // -------------------------------------------------------------------------------------------------

  private newMessage(channel: ChannelState, author: DiscordUser, fields: Partial<DiscordMessage>): DiscordMessage {
    const at = Date.now();
    const message: DiscordMessage = {
      id: this.snowflake(at),
      channel_id: channel.channel.id,
      author: clone(author),
      content: "",
      timestamp: discordTimestamp(at),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...fields,
    };
    if (channel.channel.guild_id !== undefined) message.guild_id = channel.channel.guild_id;
    return message;
  }

  /**
   * Validates a message create/edit body like Discord (content, embeds, components, flags) and returns the
   * fields to store. `path` prefixes error keys (interaction callbacks nest the message under "data").
   */
  private messageFields(body: Record<string, unknown>, errors: FormErrors, path: string[]): Partial<DiscordMessage> {
    const fields: Partial<DiscordMessage> = {};
    if ("content" in body && body.content !== undefined && body.content !== null) {
      if (typeof body.content !== "string") {
        errors.add([...path, "content"], "BASE_TYPE_STRING", "Could not interpret value as string.");
      } else if (codePoints(body.content) > MAX_CONTENT_LENGTH) {
        errors.add([...path, "content"], "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_CONTENT_LENGTH} or fewer in length.`);
      } else {
        fields.content = body.content;
      }
    } else if (body.content === null) {
      fields.content = "";
    }
    if (body.embeds !== undefined && body.embeds !== null) {
      if (!Array.isArray(body.embeds)) {
        errors.add([...path, "embeds"], "BASE_TYPE_ARRAY", "Must be an array.");
      } else if (body.embeds.length > MAX_EMBEDS) {
        errors.add([...path, "embeds"], "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_EMBEDS} or fewer in length.`);
      } else {
        fields.embeds = clone(body.embeds);
      }
    }
    const flags = typeof body.flags === "number" ? body.flags : 0;
    if (typeof body.flags === "number") fields.flags = body.flags;
    if (body.components !== undefined && body.components !== null) {
      const components = normalizeComponents(body.components, errors, [...path, "components"], flags);
      if (components) fields.components = components;
    }
    if (typeof body.tts === "boolean") fields.tts = body.tts;
    return fields;
  }

  private storeBotMessage(
    channel: ChannelState,
    fields: Partial<DiscordMessage>,
    extra: {
      allowedMentions?: unknown;
      enforceNonce?: boolean;
      ephemeral?: boolean;
      interactionId?: string;
      uploads?: Map<string, Buffer>;
    },
  ): StoredMessage {
    const message = this.newMessage(channel, this.botUser, fields);
    const stored: StoredMessage = {
      message,
      fromBot: true,
      deleted: false,
      edited: false,
      ephemeral: extra.ephemeral ?? false,
      enforceNonce: extra.enforceNonce ?? false,
      ...(extra.allowedMentions !== undefined ? { allowedMentions: clone(extra.allowedMentions) } : {}),
      ...(extra.interactionId !== undefined ? { interactionId: extra.interactionId } : {}),
      ...(extra.uploads !== undefined ? { uploads: extra.uploads } : {}),
    };
    channel.messages.set(message.id, stored);
    if (!stored.ephemeral) {
      channel.channel.last_message_id = message.id;
      this.echo("MESSAGE_CREATE", channel, message);
    }
    return stored;
  }

  /** Applies an edit body to a stored bot message (only the fields present change; `components: []` removes them). */
  private editMessage(stored: StoredMessage, body: Record<string, unknown>, path: string[]): void {
    const errors = new FormErrors();
    const fields = this.messageFields(body, errors, path);
    errors.throwIfAny();
    const next: DiscordMessage = { ...clone(stored.message), ...fields };
    if (fields.flags !== undefined) {
      // Ephemeral/loading are not editable; keep them as they were.
      const sticky = stored.message.flags & (MessageFlags.Ephemeral | MessageFlags.Loading);
      next.flags = (fields.flags & ~(MessageFlags.Ephemeral | MessageFlags.Loading)) | sticky;
    }
    if (isEmptyMessage(next) && !(next.flags & MessageFlags.Loading)) throw emptyMessage();
    next.edited_timestamp = discordTimestamp(Date.now());
    if ("allowed_mentions" in body) stored.allowedMentions = clone(body.allowed_mentions);
    stored.message = next;
    stored.edited = true;
    if (!stored.ephemeral) {
      const channel = this.channels.get(next.channel_id);
      if (channel) this.echo("MESSAGE_UPDATE", channel, next);
    }
  }

  /** Discord's gateway echo of the bot's own (non-ephemeral) messages, routed by intent like any message. */
  private echo(
    event: "MESSAGE_CREATE" | "MESSAGE_UPDATE" | "MESSAGE_DELETE",
    channel: ChannelState,
    message: DiscordMessage,
  ): void {
    if (!this.echoBotMessages) return;
    const isDM = channel.channel.type === 1;
    const intent = isDM ? Intents.DirectMessages : Intents.GuildMessages;
    if (event === "MESSAGE_DELETE") {
      const data: Record<string, unknown> = { id: message.id, channel_id: message.channel_id };
      if (message.guild_id !== undefined) data.guild_id = message.guild_id;
      this.dispatchToSessions(event, data, intent);
      return;
    }
    this.dispatchToSessions(event, { ...clone(message), channel_type: channel.channel.type }, intent);
  }

  /**
   * The attachments of a new message: one per uploaded file, named and described by the `attachments[]` entry
   * whose `id` is the file's `files[<id>]` index (a file without an entry keeps its own name).
   */
  private uploadedAttachments(
    channel: ChannelState,
    body: Record<string, unknown>,
    files: UploadedFile[],
    errors: FormErrors,
  ): { attachments: Array<Record<string, unknown>>; uploads: Map<string, Buffer> } {
    if (files.length > MAX_ATTACHMENTS) {
      errors.add(["files"], "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_ATTACHMENTS} or fewer in length.`);
    }
    const entries = Array.isArray(body.attachments) ? body.attachments : [];
    const described = new Map<string, Record<string, unknown>>();
    entries.forEach((entry: unknown, i) => {
      if (!isRecord(entry) || (typeof entry.id !== "number" && typeof entry.id !== "string")) {
        errors.add(["attachments", i, "id"], "BASE_TYPE_REQUIRED", "This field is required");
        return;
      }
      if (!files.some((f) => f.field === `files[${entry.id}]`)) {
        errors.add(["attachments", i, "id"], "ATTACHMENT_NOT_FOUND", `No file uploaded as files[${entry.id}].`);
      }
      if (typeof entry.description === "string" && entry.description.length > MAX_ATTACHMENT_DESCRIPTION_LENGTH) {
        errors.add(
          ["attachments", i, "description"],
          "BASE_TYPE_MAX_LENGTH",
          `Must be ${MAX_ATTACHMENT_DESCRIPTION_LENGTH} or fewer in length.`,
        );
      }
      described.set(`files[${entry.id}]`, entry);
    });
    const attachments: Array<Record<string, unknown>> = [];
    const uploads = new Map<string, Buffer>();
    for (const file of files) {
      const entry = described.get(file.field);
      const id = this.snowflake();
      const filename = typeof entry?.filename === "string" ? entry.filename : file.fileName;
      const url = `https://cdn.discordapp.test/attachments/${channel.channel.id}/${id}/${encodeURIComponent(filename)}`;
      attachments.push({
        id,
        filename,
        size: file.data.length,
        url,
        proxy_url: url.replace("cdn.", "media."),
        ...(file.contentType !== undefined ? { content_type: file.contentType } : {}),
        ...(pngSize(file.data) ?? {}),
        ...(typeof entry?.description === "string" ? { description: entry.description } : {}),
      });
      uploads.set(id, Buffer.from(file.data));
    }
    return { attachments, uploads };
  }

  private createChannelMessage(channelId: string, body: Record<string, unknown>, files: UploadedFile[]): RouteResult {
    const channel = this.channelState(channelId);
    if (channel.recipientId !== undefined && this.users.get(channel.recipientId)?.dmsClosed) {
      throw new DiscordHttpError(403, { message: "Cannot send messages to this user", code: 50007 });
    }
    const errors = new FormErrors();
    const fields = this.messageFields(body, errors, []);
    const { attachments, uploads } = this.uploadedAttachments(channel, body, files, errors);
    if (attachments.length > 0) fields.attachments = attachments;
    const nonce = body.nonce;
    if (nonce !== undefined && nonce !== null) {
      if (typeof nonce === "string" ? nonce.length > MAX_NONCE_LENGTH : !Number.isInteger(nonce)) {
        errors.add(["nonce"], "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_NONCE_LENGTH} or fewer in length.`);
      } else {
        fields.nonce = nonce as string | number;
      }
    }
    if (body.enforce_nonce === true && fields.nonce === undefined) {
      errors.add(["nonce"], "BASE_TYPE_REQUIRED", "This field is required");
    }
    errors.throwIfAny();
    if (fields.flags !== undefined && fields.flags & MessageFlags.Ephemeral) {
      // Only interaction responses can be ephemeral.
      fields.flags &= ~MessageFlags.Ephemeral;
    }
    if (isEmptyMessage({ content: "", embeds: [], components: [], ...fields })) throw emptyMessage();

    if (body.enforce_nonce === true && fields.nonce !== undefined) {
      const key = String(fields.nonce);
      const seen = channel.nonces.get(key);
      const existing = seen ? channel.messages.get(seen.messageId) : undefined;
      if (seen && existing && Date.now() - seen.at < NONCE_WINDOW_MS) {
        // Discord returns the message the nonce already created instead of creating a duplicate.
        return ok(clone(existing.message));
      }
    }
    const stored = this.storeBotMessage(channel, fields, {
      allowedMentions: body.allowed_mentions,
      enforceNonce: body.enforce_nonce === true,
      ...(uploads.size > 0 ? { uploads } : {}),
    });
    if (fields.nonce !== undefined)
      channel.nonces.set(String(fields.nonce), { messageId: stored.message.id, at: Date.now() });
    return ok(clone(stored.message));
  }

  private botMessage(channelId: string, messageId: string): StoredMessage {
    const stored = this.channelState(channelId).messages.get(messageId);
    if (!stored || stored.deleted || stored.ephemeral) throw unknownMessage();
    return stored;
  }

  private deleteMessage(stored: StoredMessage): void {
    stored.deleted = true;
    if (stored.ephemeral) return;
    const channel = this.channels.get(stored.message.channel_id);
    if (channel) this.echo("MESSAGE_DELETE", channel, stored.message);
  }

  // -------------------------------------------------------------------------------------------------
  // Interactions
  // -------------------------------------------------------------------------------------------------

  private interactionCallback(
    id: string,
    token: string,
    body: Record<string, unknown>,
    query: URLSearchParams,
  ): RouteResult {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) throw unknownInteraction();
    if (interaction.response) {
      throw new DiscordHttpError(400, { message: "Interaction has already been acknowledged.", code: 40060 });
    }
    const now = Date.now();
    if (now - interaction.createdAt > this.interactionDeadlineMs) throw unknownInteraction();
    const type = body.type;
    const data = isRecord(body.data) ? body.data : {};
    const isComponent = interaction.type === InteractionType.MessageComponent;
    const allowed = [
      CallbackType.ChannelMessageWithSource,
      CallbackType.DeferredChannelMessageWithSource,
      CallbackType.Modal,
      ...(isComponent ? [CallbackType.DeferredUpdateMessage, CallbackType.UpdateMessage] : []),
      ...(interaction.type === InteractionType.Autocomplete ? [CallbackType.AutocompleteResult] : []),
    ];
    if (typeof type !== "number" || !allowed.includes(type)) {
      const errors = new FormErrors();
      errors.add(["type"], "BASE_TYPE_CHOICES", `Value must be one of {${allowed.join(", ")}}.`);
      errors.throwIfAny();
    }
    const channel = this.channelState(interaction.channelId);
    let responseMessage: StoredMessage | undefined;

    switch (type) {
      case CallbackType.ChannelMessageWithSource: {
        const errors = new FormErrors();
        const fields = this.messageFields(data, errors, ["data"]);
        errors.throwIfAny();
        if (isEmptyMessage({ content: "", embeds: [], components: [], ...fields })) throw emptyMessage();
        responseMessage = this.storeInteractionMessage(interaction, channel, fields, data);
        interaction.originalMessageId = responseMessage.message.id;
        break;
      }
      case CallbackType.DeferredChannelMessageWithSource: {
        const flags = typeof data.flags === "number" ? data.flags & MessageFlags.Ephemeral : 0;
        responseMessage = this.storeInteractionMessage(
          interaction,
          channel,
          { flags: flags | MessageFlags.Loading },
          data,
        );
        interaction.originalMessageId = responseMessage.message.id;
        break;
      }
      case CallbackType.DeferredUpdateMessage:
        interaction.originalMessageId = interaction.componentMessageId;
        break;
      case CallbackType.UpdateMessage: {
        const target = channel.messages.get(interaction.componentMessageId ?? "");
        if (!target || target.deleted) throw unknownMessage();
        this.editMessage(target, data, ["data"]);
        interaction.originalMessageId = target.message.id;
        responseMessage = target;
        break;
      }
      default:
        break;
    }

    interaction.response = {
      type: type as number,
      data: clone(body.data),
      msAfterCreate: now - interaction.createdAt,
      at: now,
    };
    this.interactionResponses.set(interaction.id, interaction.response);

    if (query.get("with_response") !== "true") return noContent();
    const resource: Record<string, unknown> = { type };
    if (responseMessage) resource.message = clone(responseMessage.message);
    return ok({
      interaction: {
        id: interaction.id,
        type: interaction.type,
        ...(responseMessage
          ? {
              response_message_id: responseMessage.message.id,
              response_message_loading: Boolean(responseMessage.message.flags & MessageFlags.Loading),
              response_message_ephemeral: responseMessage.ephemeral,
            }
          : {}),
      },
      resource,
    });
  }

  private storeInteractionMessage(
    interaction: InteractionState,
    channel: ChannelState,
    fields: Partial<DiscordMessage>,
    data: Record<string, unknown>,
  ): StoredMessage {
    const ephemeral = Boolean((fields.flags ?? 0) & MessageFlags.Ephemeral);
    const metadata: Record<string, unknown> = {
      id: interaction.id,
      type: interaction.type,
      user: clone(interaction.user),
      authorizing_integration_owners: interaction.guildId !== undefined ? { "0": interaction.guildId } : { "0": "0" },
    };
    if (interaction.commandName !== undefined) metadata.name = interaction.commandName;
    if (interaction.componentMessageId !== undefined) metadata.interacted_message_id = interaction.componentMessageId;
    return this.storeBotMessage(
      channel,
      {
        ...fields,
        type: interaction.type === InteractionType.ApplicationCommand ? 20 : 0,
        webhook_id: this.applicationId,
        application_id: this.applicationId,
        interaction_metadata: metadata,
      },
      { allowedMentions: data.allowed_mentions, ephemeral, interactionId: interaction.id },
    );
  }

  /** The interaction behind /webhooks/:appId/:token. */
  private interactionWebhook(appId: string, token: string): InteractionState {
    const interaction = this.interactionsByToken.get(token);
    if (!interaction || appId !== this.applicationId) throw unknownWebhook();
    return interaction;
  }

  /** `@original` or a follow-up id, as a stored message of this interaction. */
  private webhookMessage(interaction: InteractionState, messageRef: string): StoredMessage {
    const messageId = messageRef === "@original" ? interaction.originalMessageId : messageRef;
    if (messageId === undefined) throw unknownMessage();
    const stored = this.channelState(interaction.channelId).messages.get(messageId);
    if (!stored || stored.deleted) throw unknownMessage();
    if (messageRef !== "@original" && stored.interactionId !== interaction.id) throw unknownMessage();
    return stored;
  }

  private editWebhookMessage(
    interaction: InteractionState,
    messageRef: string,
    body: Record<string, unknown>,
  ): RouteResult {
    const stored = this.webhookMessage(interaction, messageRef);
    const wasLoading = Boolean(stored.message.flags & MessageFlags.Loading);
    if (wasLoading) {
      // Filling a deferred reply: "thinking..." ends, the message becomes a normal one.
      stored.message.flags &= ~MessageFlags.Loading;
    }
    try {
      this.editMessage(stored, body, []);
    } catch (error) {
      if (wasLoading) stored.message.flags |= MessageFlags.Loading;
      throw error;
    }
    return ok(clone(stored.message));
  }

  private followUp(interaction: InteractionState, body: Record<string, unknown>, query: URLSearchParams): RouteResult {
    // Follow-ups need the initial response first.
    if (!interaction.response) throw unknownWebhook();
    const errors = new FormErrors();
    const fields = this.messageFields(body, errors, []);
    errors.throwIfAny();
    if (isEmptyMessage({ content: "", embeds: [], components: [], ...fields })) throw emptyMessage();
    const stored = this.storeInteractionMessage(interaction, this.channelState(interaction.channelId), fields, body);
    return query.get("wait") === "true" ? ok(clone(stored.message)) : noContent();
  }

  // -------------------------------------------------------------------------------------------------
  // Application commands
  // -------------------------------------------------------------------------------------------------

  private assertApplication(appId: string): void {
    if (appId !== this.applicationId) throw unknown("Application", 10002);
  }

  private normalizeCommands(raw: unknown, guildId?: string): ApplicationCommand[] {
    const errors = new FormErrors();
    if (!Array.isArray(raw)) {
      errors.add([], "BASE_TYPE_ARRAY", "Must be an array.");
      errors.throwIfAny();
      return [];
    }
    if (raw.length > 110) errors.add([], "BASE_TYPE_MAX_LENGTH", "Must be 110 or fewer in length.");
    const seen = new Set<string>();
    const commands: ApplicationCommand[] = [];
    raw.forEach((item: unknown, i) => {
      if (!isRecord(item)) {
        errors.add([i], "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
        return;
      }
      const command = this.normalizeCommand(item, i, errors, guildId);
      const key = `${command.type}:${command.name}`;
      if (seen.has(key))
        errors.add([i, "name"], "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique");
      seen.add(key);
      commands.push(command);
    });
    errors.throwIfAny();
    return commands;
  }

  private normalizeCommand(
    item: Record<string, unknown>,
    i: number,
    errors: FormErrors,
    guildId?: string,
  ): ApplicationCommand {
    const type = typeof item.type === "number" ? item.type : 1;
    const name = typeof item.name === "string" ? item.name : "";
    const description = typeof item.description === "string" ? item.description : "";
    if (type === 1) {
      checkCommandName(name, [i, "name"], errors);
      checkDescription(description, [i, "description"], errors);
    } else {
      if (name.length < 1 || name.length > 32)
        errors.add([i, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.");
      if (description !== "")
        errors.add(
          [i, "description"],
          "APPLICATION_COMMAND_INVALID_DESCRIPTION",
          "Context menu commands cannot have description",
        );
    }
    checkLocalizations(item.name_localizations, [i, "name_localizations"], errors, (v, p) =>
      type === 1 ? checkCommandName(v, p, errors) : undefined,
    );
    checkLocalizations(item.description_localizations, [i, "description_localizations"], errors, (v, p) =>
      checkDescription(v, p, errors),
    );
    checkEnumList(item.contexts, [0, 1, 2], [i, "contexts"], errors);
    checkEnumList(item.integration_types, [0, 1], [i, "integration_types"], errors);
    if (item.options !== undefined && item.options !== null) checkOptions(item.options, [i, "options"], errors, 0);

    const idKey = `${guildId ?? "global"}:${type}:${name}`;
    const id = this.commandIds.get(idKey) ?? this.snowflake();
    this.commandIds.set(idKey, id);
    const command: ApplicationCommand = {
      ...clone(item),
      id,
      application_id: this.applicationId,
      version: this.snowflake(),
      type,
      name,
      description,
      default_member_permissions:
        typeof item.default_member_permissions === "string" ? item.default_member_permissions : null,
      nsfw: item.nsfw === true,
      integration_types: Array.isArray(item.integration_types) ? (clone(item.integration_types) as number[]) : [0],
      contexts: Array.isArray(item.contexts) ? (clone(item.contexts) as number[]) : null,
    };
    if (guildId !== undefined) command.guild_id = guildId;
    if (command.options === null) delete command.options;
    return command;
  }

  // -------------------------------------------------------------------------------------------------
  // REST routing
  // -------------------------------------------------------------------------------------------------

  private buildRoutes(): Route[] {
    const r = (method: string, pattern: RegExp, handler: Route["handler"], auth: Route["auth"] = "bot"): Route => ({
      method,
      pattern,
      handler,
      auth,
    });
    const p = (ctx: RouteContext, i: number) => ctx.params[i] ?? "";
    const gatewayBot = () =>
      ok({
        url: this.gatewayUrl,
        shards: 1,
        session_start_limit: {
          total: 1000,
          remaining: Math.max(0, 1000 - this.identifies),
          reset_after: 86_400_000,
          max_concurrency: 1,
        },
      });
    return [
      r("GET", /^\/gateway$/, () => ok({ url: this.gatewayUrl }), "none"),
      r("GET", /^\/gateway\/bot$/, gatewayBot),
      r("GET", /^\/users\/@me$/, () =>
        ok({ ...clone(this.botUser), verified: true, mfa_enabled: false, flags: 0, email: null, locale: "en-US" }),
      ),
      r("POST", /^\/users\/@me\/channels$/, (ctx) => {
        const recipient = ctx.body.recipient_id;
        if (typeof recipient !== "string" || !/^\d{1,20}$/.test(recipient)) {
          const errors = new FormErrors();
          errors.add(["recipient_id"], "NUMBER_TYPE_COERCE", `Value "${String(recipient)}" is not snowflake.`);
          errors.throwIfAny();
        }
        const user = this.userState(recipient as string);
        return ok(clone(this.channelState(user.dmChannelId).channel));
      }),
      r("GET", /^\/users\/(\d+)$/, (ctx) => {
        const id = p(ctx, 0);
        if (id === this.botUserId) return ok(clone(this.botUser));
        const user = this.users.get(id);
        if (!user) throw unknown("User", 10013);
        return ok(clone(user.info));
      }),
      r("GET", /^\/applications\/@me$/, () =>
        ok({
          id: this.applicationId,
          name: "Interlude Test",
          description: "",
          icon: null,
          bot_public: false,
          bot_require_code_grant: false,
          verify_key: "0".repeat(64),
          flags: APPLICATION_FLAGS,
          bot: clone(this.botUser),
          team: null,
          integration_types_config: { "0": {} },
        }),
      ),
      r("GET", /^\/applications\/(\d+)\/commands$/, (ctx) => {
        this.assertApplication(p(ctx, 0));
        return ok(clone(this.globalCommands));
      }),
      r("PUT", /^\/applications\/(\d+)\/commands$/, (ctx) => {
        this.assertApplication(p(ctx, 0));
        this.globalCommands = this.normalizeCommands(ctx.rawBody);
        return ok(clone(this.globalCommands));
      }),
      r("POST", /^\/applications\/(\d+)\/commands$/, (ctx) => {
        this.assertApplication(p(ctx, 0));
        const [command] = this.normalizeCommands([ctx.body]);
        if (!command) throw unknown("Application Command", 10063);
        const index = this.globalCommands.findIndex((c) => c.type === command.type && c.name === command.name);
        if (index >= 0) this.globalCommands[index] = command;
        else this.globalCommands.push(command);
        return { status: index >= 0 ? 200 : 201, body: clone(command) };
      }),
      r("DELETE", /^\/applications\/(\d+)\/commands\/(\d+)$/, (ctx) => {
        this.assertApplication(p(ctx, 0));
        const before = this.globalCommands.length;
        this.globalCommands = this.globalCommands.filter((c) => c.id !== p(ctx, 1));
        if (this.globalCommands.length === before) throw unknown("application command", 10063);
        return noContent();
      }),
      r("GET", /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (ctx) => {
        this.assertApplication(p(ctx, 0));
        return ok(this.guildCommands(p(ctx, 1)));
      }),
      r("PUT", /^\/applications\/(\d+)\/guilds\/(\d+)\/commands$/, (ctx) => {
        this.assertApplication(p(ctx, 0));
        const commands = this.normalizeCommands(ctx.rawBody, p(ctx, 1));
        this.guildCommandSets.set(p(ctx, 1), commands);
        return ok(clone(commands));
      }),
      r("GET", /^\/channels\/(\d+)$/, (ctx) => ok(clone(this.channelState(p(ctx, 0)).channel))),
      // Closing a DM: Discord answers with the channel and keeps it (it reopens on the next message).
      r("DELETE", /^\/channels\/(\d+)$/, (ctx) => ok(clone(this.channelState(p(ctx, 0)).channel))),
      r("GET", /^\/channels\/(\d+)\/messages$/, (ctx) => {
        const channel = this.channelState(p(ctx, 0));
        const limit = Math.min(100, Math.max(1, Number(ctx.query.get("limit") ?? 50) || 50));
        const visible = [...channel.messages.values()].filter((m) => !m.deleted && !m.ephemeral);
        return ok(
          visible
            .slice(-limit)
            .reverse()
            .map((m) => clone(m.message)),
        );
      }),
      {
        ...r("POST", /^\/channels\/(\d+)\/messages$/, (ctx) =>
          this.createChannelMessage(p(ctx, 0), ctx.body, ctx.files),
        ),
        acceptsFiles: true,
      },
      r("GET", /^\/channels\/(\d+)\/messages\/(\d+)$/, (ctx) => {
        const stored = this.channelState(p(ctx, 0)).messages.get(p(ctx, 1));
        if (!stored || stored.deleted || stored.ephemeral) throw unknownMessage();
        return ok(clone(stored.message));
      }),
      r("PATCH", /^\/channels\/(\d+)\/messages\/(\d+)$/, (ctx) => {
        const stored = this.channelState(p(ctx, 0)).messages.get(p(ctx, 1));
        if (!stored || stored.deleted || stored.ephemeral) throw unknownMessage();
        if (!stored.fromBot) {
          throw new DiscordHttpError(403, { message: "Cannot edit a message authored by another user", code: 50005 });
        }
        this.editMessage(stored, ctx.body, []);
        return ok(clone(stored.message));
      }),
      r("DELETE", /^\/channels\/(\d+)\/messages\/(\d+)$/, (ctx) => {
        const stored = this.botMessage(p(ctx, 0), p(ctx, 1));
        this.deleteMessage(stored);
        return noContent();
      }),
      r("POST", /^\/channels\/(\d+)\/typing$/, (ctx) => {
        this.channelState(p(ctx, 0));
        return noContent();
      }),
      r(
        "POST",
        /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
        (ctx) => this.interactionCallback(p(ctx, 0), p(ctx, 1), ctx.body, ctx.query),
        "none",
      ),
      r(
        "POST",
        /^\/webhooks\/(\d+)\/([^/]+)$/,
        (ctx) => this.followUp(this.interactionWebhook(p(ctx, 0), p(ctx, 1)), ctx.body, ctx.query),
        "none",
      ),
      r(
        "GET",
        /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
        (ctx) => ok(clone(this.webhookMessage(this.interactionWebhook(p(ctx, 0), p(ctx, 1)), p(ctx, 2)).message)),
        "none",
      ),
      r(
        "PATCH",
        /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
        (ctx) => this.editWebhookMessage(this.interactionWebhook(p(ctx, 0), p(ctx, 1)), p(ctx, 2), ctx.body),
        "none",
      ),
      r(
        "DELETE",
        /^\/webhooks\/(\d+)\/([^/]+)\/messages\/(@original|\d+)$/,
        (ctx) => {
          this.deleteMessage(this.webhookMessage(this.interactionWebhook(p(ctx, 0), p(ctx, 1)), p(ctx, 2)));
          return noContent();
        },
        "none",
      ),
    ];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();
    const versioned = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(url.pathname);
    // undici percent-encodes "@" ("/messages/%40original", "/users/%40me"); Discord decodes, so do we.
    const path = safeDecode(versioned?.[2] ?? url.pathname);
    const record: RecordedRequest = {
      method,
      path,
      query: url.search.replace(/^\?/, ""),
      body: undefined,
      status: 0,
      at: Date.now(),
      authorization: req.headers.authorization,
    };
    this.requests.push(record);
    let files: UploadedFile[] = [];
    try {
      const raw = await readBody(req);
      const contentType = req.headers["content-type"] ?? "";
      if (contentType.toLowerCase().startsWith("multipart/form-data")) {
        const form = readForm(raw, contentType);
        record.body = form.body;
        files = form.files;
        if (files.length > 0) record.files = files;
      } else if (raw.length > 0) {
        record.body = parseJson(raw.toString("utf8"));
      }

      const failure = this.failures.find(
        (f) => f.remaining > 0 && (f.method === "*" || f.method === method) && f.pattern.test(path),
      );
      if (failure) {
        failure.remaining--;
        this.respondRaw(res, record, failure.response);
        return;
      }

      if (!versioned) throw new DiscordHttpError(404, { message: "404: Not Found", code: 0 });
      if (versioned[1] !== undefined && versioned[1] !== API_VERSION && versioned[1] !== "9") {
        throw new DiscordHttpError(400, { message: "Invalid API version provided", code: 50041 });
      }
      const candidates = this.routes
        .map((route) => ({ route, match: route.pattern.exec(path) }))
        .filter((c): c is { route: Route; match: RegExpExecArray } => c.match !== null);
      if (candidates.length === 0) throw new DiscordHttpError(404, { message: "404: Not Found", code: 0 });
      const chosen = candidates.find((c) => c.route.method === method);
      if (!chosen) throw new DiscordHttpError(405, { message: "405: Method Not Allowed", code: 0 });
      if (chosen.route.auth === "bot" && req.headers.authorization !== `Bot ${this.token}`) {
        throw new DiscordHttpError(401, { message: "401: Unauthorized", code: 0 });
      }
      if (files.length > 0 && !chosen.route.acceptsFiles) {
        throw new DiscordHttpError(400, {
          message: "The fake Discord accepts file uploads only on POST /channels/:id/messages",
          code: 0,
        });
      }
      const result = chosen.route.handler({
        params: chosen.match.slice(1).map((s) => s ?? ""),
        body: isRecord(record.body) ? record.body : {},
        rawBody: record.body,
        query: url.searchParams,
        files,
      });
      this.respond(res, record, result.status, result.body);
    } catch (error) {
      if (error instanceof DiscordHttpError) {
        this.respond(res, record, error.status, error.body);
      } else {
        // A bug in the fake: make it loud in the test rather than a hang.
        const message = `Fake Discord internal error: ${error instanceof Error ? error.message : String(error)}`;
        this.respond(res, record, 500, { message, code: 0 });
      }
    }
  }

  private respond(res: ServerResponse, record: RecordedRequest, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) {
      record.status = 499;
      return;
    }
    record.status = status;
    if (status === 204 || body === undefined) {
      res.writeHead(status);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
    res.end(text);
  }

  private respondRaw(res: ServerResponse, record: RecordedRequest, response: ScriptedResponse): void {
    if (res.destroyed || res.writableEnded) {
      record.status = 499;
      return;
    }
    record.status = response.status;
    const isText = typeof response.body === "string";
    const text = isText ? (response.body as string) : JSON.stringify(response.body);
    res.writeHead(response.status, {
      "content-type": isText ? "text/plain" : "application/json",
      "content-length": Buffer.byteLength(text),
      ...response.headers,
    });
    res.end(text);
  }

  // -------------------------------------------------------------------------------------------------
  // Gateway
  // -------------------------------------------------------------------------------------------------

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (this.closing || (url.pathname !== "/gateway" && url.pathname !== "/gateway-resume")) {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onGatewayConnection(ws, url));
  }

  private onGatewayConnection(ws: WebSocket, url: URL): void {
    const record: GatewayConnectionRecord = {
      id: this.nextConnectionId++,
      url: `${url.pathname}${url.search}`,
      openedAt: Date.now(),
    };
    this.gatewayConnections.push(record);
    const connection: GatewayConnection = { ws, record, session: null };
    this.connections.add(connection);
    ws.on("error", () => {
      // A reset socket is not the fake's problem; "close" follows.
    });
    ws.on("close", (code) => {
      this.connections.delete(connection);
      record.closedAt ??= Date.now();
      record.closeCode ??= code;
      record.closedBy ??= "bot";
      const session = connection.session;
      if (session && session.connection === connection) {
        session.connection = null;
        // Discord: a client closing with 1000/1001 ends the session; any other code keeps it resumable.
        if (record.closedBy === "bot" && (code === 1000 || code === 1001)) session.resumable = false;
      }
    });
    ws.on("message", (data, isBinary) => this.onGatewayMessage(connection, data, isBinary));

    if (url.searchParams.get("v") !== API_VERSION) {
      this.closeConnection(connection, 4012, "Invalid API version");
      return;
    }
    if ((url.searchParams.get("encoding") ?? "json") !== "json") {
      this.closeConnection(connection, 4002, "The fake gateway only speaks encoding=json");
      return;
    }
    if (url.searchParams.has("compress")) {
      this.closeConnection(connection, 4002, "The fake gateway does not support transport compression");
      return;
    }
    this.send(connection, {
      op: Op.Hello,
      d: { heartbeat_interval: this.heartbeatIntervalMs, _trace: ['["fake-gateway",{"micros":0}]'] },
      s: null,
      t: null,
    });
  }

  private onGatewayMessage(connection: GatewayConnection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.closeConnection(connection, 4002, "Error while decoding payload.");
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(data.toString());
    } catch {
      this.closeConnection(connection, 4002, "Error while decoding payload.");
      return;
    }
    if (!isRecord(payload) || typeof payload.op !== "number") {
      this.closeConnection(connection, 4002, "Error while decoding payload.");
      return;
    }
    const d = isRecord(payload.d) ? payload.d : {};
    this.gatewayLog.push({ at: Date.now(), connection: connection.record.id, direction: "in", op: payload.op });
    switch (payload.op) {
      case Op.Heartbeat:
        this.send(connection, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        this.identify(connection, d);
        return;
      case Op.Resume:
        this.resume(connection, d);
        return;
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case Op.RequestSoundboardSounds:
        if (!connection.session) this.closeConnection(connection, 4003, "Not authenticated.");
        return;
      default:
        this.closeConnection(connection, 4001, "Unknown opcode.");
    }
  }

  private identify(connection: GatewayConnection, d: Record<string, unknown>): void {
    if (connection.session) {
      this.closeConnection(connection, 4005, "Already authenticated.");
      return;
    }
    if (d.token !== this.token) {
      this.closeConnection(connection, 4004, "Authentication failed.");
      return;
    }
    if (typeof d.intents !== "number") {
      this.closeConnection(connection, 4013, "Invalid intent(s).");
      return;
    }
    const shard: [number, number] =
      Array.isArray(d.shard) && typeof d.shard[0] === "number" && typeof d.shard[1] === "number"
        ? [d.shard[0], d.shard[1]]
        : [0, 1];
    this.identifies++;
    // A fresh IDENTIFY means the bot gave up on its detached sessions for this shard; Discord would let them
    // time out. Drop them now so they stop collecting events (and `dispatch` counts only live bots).
    for (const old of this.sessions.values()) {
      if (old.connection === null && old.shard[0] === shard[0]) old.resumable = false;
    }
    const session: Session = {
      id: randomBytes(16).toString("hex"),
      intents: d.intents,
      shard,
      seq: 0,
      log: [],
      connection,
      resumable: true,
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    connection.record.kind = "identify";
    connection.record.sessionId = session.id;
    this.sendDispatch(session, "READY", {
      v: Number(API_VERSION),
      user: { ...clone(this.botUser), verified: true, mfa_enabled: false, flags: 0, email: null },
      user_settings: {},
      guilds: [],
      presences: [],
      private_channels: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      session_id: session.id,
      session_type: "normal",
      resume_gateway_url: this.resumeGatewayUrl,
      shard,
      application: { id: this.applicationId, flags: APPLICATION_FLAGS },
      auth: {},
      _trace: ['["fake-gateway",{"micros":0}]'],
    });
  }

  private resume(connection: GatewayConnection, d: Record<string, unknown>): void {
    const session = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
    if (!session?.resumable || d.token !== this.token) {
      connection.record.kind = "invalid";
      this.send(connection, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.connection && session.connection !== connection) {
      const previous = session.connection;
      previous.session = null;
      this.closeConnection(previous, 4009, "Session resumed elsewhere.");
    }
    session.connection = connection;
    connection.session = session;
    connection.record.kind = "resume";
    connection.record.sessionId = session.id;
    const seq = typeof d.seq === "number" ? d.seq : 0;
    for (const missed of session.log.filter((e) => e.s > seq)) this.send(connection, missed);
    this.sendDispatch(session, "RESUMED", { _trace: ['["fake-gateway",{"micros":0}]'] });
  }

  /** Dispatches to every resumable session (those lacking `intent`, when given, are skipped). */
  private dispatchToSessions(event: string, data: unknown, intent?: number): number {
    if (this.closing) return 0;
    let count = 0;
    for (const session of this.sessions.values()) {
      if (!session.resumable) continue;
      if (intent !== undefined && (session.intents & intent) === 0) continue;
      this.sendDispatch(session, event, clone(data));
      count++;
    }
    return count;
  }

  private sendDispatch(session: Session, event: string, data: unknown): void {
    session.seq++;
    const payload: DispatchPayload = { op: 0, t: event, s: session.seq, d: data };
    session.log.push(payload);
    if (session.log.length > MAX_SESSION_LOG) session.log.shift();
    if (session.connection) this.send(session.connection, payload);
  }

  private send(
    connection: GatewayConnection,
    payload: { op: number; d: unknown; s: number | null; t: string | null },
  ): void {
    if (connection.ws.readyState !== connection.ws.OPEN) return;
    this.gatewayLog.push({
      at: Date.now(),
      connection: connection.record.id,
      direction: "out",
      op: payload.op,
      t: payload.t,
      s: payload.s,
    });
    connection.ws.send(JSON.stringify(payload));
  }

  private closeConnection(connection: GatewayConnection, code: number, reason: string): void {
    connection.record.closedBy ??= "fake";
    connection.ws.close(code, reason);
  }
}

// ---------------------------------------------------------------------------------------------------
// Pure helpers (validation, views)
// ---------------------------------------------------------------------------------------------------

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DiscordHttpError(400, { message: "The request body contains invalid JSON.", code: 50109 });
  }
}

/**
 * A multipart body as Discord reads it: the JSON part is `payload_json` (plain fields are taken as body fields
 * when there is none), and every part with a file name is an upload.
 */
function readForm(raw: Buffer, contentType: string): { body: unknown; files: UploadedFile[] } {
  let parts: FormPart[];
  try {
    parts = parseMultipart(raw, boundaryOf(contentType));
  } catch (error) {
    if (error instanceof MultipartError) throw new DiscordHttpError(400, { message: error.message, code: 0 });
    throw error;
  }
  const files: UploadedFile[] = [];
  const fields: Record<string, unknown> = {};
  let body: unknown;
  for (const part of parts) {
    if (part.fileName !== undefined) {
      const { contentType: type } = part;
      files.push({
        field: part.name,
        fileName: part.fileName,
        data: part.data,
        ...(type ? { contentType: type } : {}),
      });
    } else if (part.name === "payload_json") {
      body = parseJson(part.data.toString("utf8"));
    } else {
      fields[part.name] = part.data.toString("utf8");
    }
  }
  return { body: body ?? (Object.keys(fields).length > 0 ? fields : undefined), files };
}

function attachmentViews(stored: StoredMessage): AttachmentView[] {
  return stored.message.attachments.filter(isRecord).map((a) => {
    const id = String(a.id);
    const view: AttachmentView = {
      id,
      filename: String(a.filename),
      size: Number(a.size),
      data: Buffer.from(stored.uploads?.get(id) ?? Buffer.alloc(0)),
    };
    if (typeof a.description === "string") view.description = a.description;
    if (typeof a.content_type === "string") view.content_type = a.content_type;
    if (typeof a.width === "number") view.width = a.width;
    if (typeof a.height === "number") view.height = a.height;
    return view;
  });
}

function toView(stored: StoredMessage): BotMessageView {
  const m = stored.message;
  const view: BotMessageView = {
    id: m.id,
    channel_id: m.channel_id,
    content: m.content,
    components: clone(m.components),
    embeds: clone(m.embeds),
    flags: m.flags,
    enforce_nonce: stored.enforceNonce,
    ephemeral: stored.ephemeral,
    loading: Boolean(m.flags & MessageFlags.Loading),
    deleted: stored.deleted,
    edited: stored.edited,
  };
  if (stored.allowedMentions !== undefined) view.allowed_mentions = clone(stored.allowedMentions);
  if (m.nonce !== undefined) view.nonce = m.nonce;
  if (stored.interactionId !== undefined) view.interactionId = stored.interactionId;
  if (m.attachments.length > 0) view.attachments = attachmentViews(stored);
  return view;
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function flattenComponents(components: DiscordComponent[]): DiscordComponent[] {
  return components.flatMap((c) => [c, ...flattenComponents(Array.isArray(c.components) ? c.components : [])]);
}

function isEmptyMessage(
  m: Pick<DiscordMessage, "content" | "embeds" | "components"> & Record<string, unknown>,
): boolean {
  const hasOther = ["sticker_ids", "poll", "attachments"].some((k) => {
    const v = m[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
  });
  return m.content === "" && m.embeds.length === 0 && m.components.length === 0 && !hasOther;
}

/**
 * Validates components like Discord: classic messages take up to 5 action rows of up to 5 buttons (or one
 * select); custom_id 1-100 chars and unique per message; labels up to 80. Components V2 messages (flag 1<<15)
 * only get the custom_id rules and a 40-component cap. Numbers components depth-first like Discord.
 */
function normalizeComponents(
  raw: unknown,
  errors: FormErrors,
  path: Array<string | number>,
  flags: number,
): DiscordComponent[] | undefined {
  if (!Array.isArray(raw)) {
    errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.");
    return undefined;
  }
  const isV2 = (flags & MessageFlags.IsComponentsV2) !== 0;
  const components = clone(raw) as unknown[];
  if (!isV2 && components.length > MAX_ACTION_ROWS) {
    errors.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_ACTION_ROWS} or fewer in length.`);
  }
  const customIds = new Set<string>();
  let total = 0;

  const checkInteractive = (c: Record<string, unknown>, p: Array<string | number>) => {
    if (c.type === 2) {
      const style = typeof c.style === "number" ? c.style : 0;
      if (style < 1 || style > 6)
        errors.add([...p, "style"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.");
      if (typeof c.label === "string" && c.label.length > MAX_BUTTON_LABEL_LENGTH) {
        errors.add([...p, "label"], "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_BUTTON_LABEL_LENGTH} or fewer in length.`);
      }
      if (style === 5) {
        if (typeof c.url !== "string") errors.add([...p, "url"], "BASE_TYPE_REQUIRED", "This field is required");
        if (c.custom_id !== undefined)
          errors.add(
            [...p, "custom_id"],
            "BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED",
            "A custom id is not allowed for link buttons",
          );
        return;
      }
      if (style === 6) return;
    }
    if (typeof c.custom_id !== "string") {
      errors.add([...p, "custom_id"], "BASE_TYPE_REQUIRED", "This field is required");
      return;
    }
    if (c.custom_id.length < 1 || c.custom_id.length > MAX_CUSTOM_ID_LENGTH) {
      errors.add(
        [...p, "custom_id"],
        "BASE_TYPE_BAD_LENGTH",
        `Must be between 1 and ${MAX_CUSTOM_ID_LENGTH} in length.`,
      );
    }
    if (customIds.has(c.custom_id)) {
      errors.add([...p, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
    }
    customIds.add(c.custom_id);
  };

  const walk = (list: unknown[], p: Array<string | number>, depth: number) => {
    list.forEach((item, i) => {
      const here = [...p, i];
      if (!isRecord(item) || typeof item.type !== "number") {
        errors.add([...here, "type"], "BASE_TYPE_REQUIRED", "This field is required");
        return;
      }
      total++;
      if (!isV2 && depth === 0 && item.type !== 1) {
        errors.add([...here, "type"], "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1,).');
        return;
      }
      if (item.type === 1) {
        const children = Array.isArray(item.components) ? item.components : [];
        if (children.length < 1 || children.length > MAX_ROW_WIDTH) {
          errors.add(
            [...here, "components"],
            "BASE_TYPE_BAD_LENGTH",
            `Must be between 1 and ${MAX_ROW_WIDTH} in length.`,
          );
        }
        const hasSelect = children.some(
          (c) => isRecord(c) && typeof c.type === "number" && SELECT_MENU_TYPES.has(c.type),
        );
        if (hasSelect && children.length > 1) {
          errors.add(
            [...here, "components"],
            "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
            "The specified component exceeds the maximum width",
          );
        }
        children.forEach((child, j) => {
          if (isRecord(child) && child.type === 1) {
            errors.add(
              [...here, "components", j, "type"],
              "UNION_TYPE_CHOICES",
              "Action rows cannot contain action rows",
            );
          }
        });
      }
      if (INTERACTIVE_TYPES.has(item.type)) checkInteractive(item, here);
      if (Array.isArray(item.components)) walk(item.components, [...here, "components"], depth + 1);
      if (isRecord(item.accessory)) walk([item.accessory], [...here, "accessory"], depth + 1);
    });
  };
  walk(components, path, 0);
  if (isV2 && total > MAX_V2_COMPONENTS) {
    errors.add(path, "BASE_TYPE_MAX_LENGTH", `Must be ${MAX_V2_COMPONENTS} or fewer in length.`);
  }

  // Discord assigns ids 1, 2, ... depth-first to components that do not carry one.
  let nextId = 1;
  const used = new Set<number>();
  const collect = (list: unknown[]) => {
    for (const item of list) {
      if (!isRecord(item)) continue;
      if (typeof item.id === "number") used.add(item.id);
      if (Array.isArray(item.components)) collect(item.components);
    }
  };
  const assign = (list: unknown[]) => {
    for (const item of list) {
      if (!isRecord(item)) continue;
      if (typeof item.id !== "number") {
        while (used.has(nextId)) nextId++;
        item.id = nextId;
        used.add(nextId);
      }
      if (Array.isArray(item.components)) assign(item.components);
    }
  };
  collect(components);
  assign(components);
  return components as DiscordComponent[];
}

function checkCommandName(name: string, path: Array<string | number>, errors: FormErrors): void {
  if (!COMMAND_NAME.test(name)) {
    errors.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid");
  } else if (name !== name.toLowerCase()) {
    errors.add(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid (must be lowercase)");
  }
}

function checkDescription(description: string, path: Array<string | number>, errors: FormErrors): void {
  if (description.length < 1 || description.length > 100) {
    errors.add(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
  }
}

function checkLocalizations(
  raw: unknown,
  path: Array<string | number>,
  errors: FormErrors,
  checkValue: (value: string, path: Array<string | number>) => void,
): void {
  if (raw === undefined || raw === null) return;
  if (!isRecord(raw)) {
    errors.add(path, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
    return;
  }
  for (const [locale, value] of Object.entries(raw)) {
    if (!LOCALES.has(locale)) {
      errors.add([...path, locale], "ENUM_TYPE_COERCE", `Value "${locale}" is not a valid enum value.`);
    } else if (typeof value === "string") {
      checkValue(value, [...path, locale]);
    } else if (value !== null) {
      errors.add([...path, locale], "BASE_TYPE_STRING", "Could not interpret value as string.");
    }
  }
}

function checkEnumList(raw: unknown, allowed: number[], path: Array<string | number>, errors: FormErrors): void {
  if (raw === undefined || raw === null) return;
  if (!Array.isArray(raw)) {
    errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.");
    return;
  }
  raw.forEach((v, i) => {
    if (typeof v !== "number" || !allowed.includes(v)) {
      errors.add([...path, i], "ENUM_TYPE_COERCE", `Value "${String(v)}" is not a valid enum value.`);
    }
  });
}

function checkOptions(raw: unknown, path: Array<string | number>, errors: FormErrors, depth: number): void {
  if (!Array.isArray(raw)) {
    errors.add(path, "BASE_TYPE_ARRAY", "Must be an array.");
    return;
  }
  if (raw.length > 25) errors.add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
  let sawOptional = false;
  const names = new Set<string>();
  raw.forEach((option: unknown, i) => {
    const here = [...path, i];
    if (!isRecord(option)) {
      errors.add(here, "DICT_TYPE_CONVERT", "Only dictionaries may be used in a DictType");
      return;
    }
    const type = typeof option.type === "number" ? option.type : 0;
    if (type < 1 || type > 11) errors.add([...here, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, ..., 11}.");
    const name = typeof option.name === "string" ? option.name : "";
    checkCommandName(name, [...here, "name"], errors);
    if (names.has(name))
      errors.add([...here, "name"], "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option name already exists");
    names.add(name);
    checkDescription(
      typeof option.description === "string" ? option.description : "",
      [...here, "description"],
      errors,
    );
    checkLocalizations(option.name_localizations, [...here, "name_localizations"], errors, (v, p) =>
      checkCommandName(v, p, errors),
    );
    checkLocalizations(option.description_localizations, [...here, "description_localizations"], errors, (v, p) =>
      checkDescription(v, p, errors),
    );
    if (Array.isArray(option.choices) && option.choices.length > 25) {
      errors.add([...here, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
    }
    if (option.required === true && sawOptional) {
      errors.add(
        here,
        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
        "Required options must be placed before non-required options",
      );
    }
    if (option.required !== true && type !== 1 && type !== 2) sawOptional = true;
    if ((type === 1 || type === 2) && option.options !== undefined && depth < 2) {
      checkOptions(option.options, [...here, "options"], errors, depth + 1);
    }
  });
}

/**
 * Builds `data.options` for a slash command: sub-command path first (types 2/1), then the leaf values, typed by
 * the registered command when there is one (4 INTEGER, 10 NUMBER, 5 BOOLEAN, 3 STRING), else by JS type.
 */
function buildOptions(
  registered: CommandOption[] | undefined,
  path: string[],
  values: SlashOptions,
  label: string,
): Array<Record<string, unknown>> {
  const [head, ...rest] = path;
  if (head !== undefined) {
    const sub = registered?.find((o) => o.name === head && (o.type === 1 || o.type === 2));
    if (registered && !sub) throw new Error(`FakeDiscord.slash: ${label}: "${head}" is not a registered sub-command`);
    const type = sub?.type ?? (rest.length > 0 ? 2 : 1);
    return [{ name: head, type, options: buildOptions(sub?.options, rest, values, label) }];
  }
  const leaves: Array<Record<string, unknown>> = [];
  for (const [name, value] of Object.entries(values)) {
    const definition = registered?.find((o) => o.name === name);
    if (registered && !definition) {
      throw new Error(
        `FakeDiscord.slash: ${label} has no option "${name}" (it has: ${registered.map((o) => o.name).join(", ") || "none"})`,
      );
    }
    const type =
      definition?.type ??
      (typeof value === "boolean" ? 5 : typeof value === "number" ? (Number.isInteger(value) ? 4 : 10) : 3);
    let typed: string | number | boolean = value;
    if (type === 4 || type === 10) typed = Number(value);
    else if (type === 5) typed = value === true || value === "true";
    else if (type === 3) typed = String(value);
    else throw new Error(`FakeDiscord.slash: option "${name}" has type ${type}, which the fake cannot resolve`);
    leaves.push({ name, type, value: typed });
  }
  for (const definition of registered ?? []) {
    if (
      definition.required === true &&
      !(definition.name in values) &&
      definition.type !== 1 &&
      definition.type !== 2
    ) {
      throw new Error(`FakeDiscord.slash: ${label} is missing required option "${definition.name}"`);
    }
  }
  return leaves;
}
