/**
 * A raw MESSAGE_CREATE payload from a fake Discord user, for what the fake's own helpers do not
 * produce: the same DM delivered twice, a server message, or a DM whose delivery a test counts
 * (`fake.dispatch` answers how many live gateway sessions got it).
 */
import type { FakeDiscord } from "../fakes/discord/fake-discord.js";

export function rawMessage(fake: FakeDiscord, user: ReturnType<FakeDiscord["user"]>, fields: Record<string, unknown>) {
  return {
    id: fake.snowflake(),
    author: user.info,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    type: 0,
    flags: 0,
    components: [],
    ...fields,
  };
}

/** A DM as the gateway carries it. */
export function rawDM(fake: FakeDiscord, user: ReturnType<FakeDiscord["user"]>, content: string) {
  return rawMessage(fake, user, { channel_id: user.dmChannelId, content, channel_type: 1 });
}
