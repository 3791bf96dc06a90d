/**
 * The console demo `npm start` opens when no platform token is set: the console adapter wired to the
 * engine, an introduction that says how to see the therapist's side, and the client put straight into
 * consent or a check-in. The demo therapist's chat is in the same terminal (see console-adapter.ts).
 */
import type { Readable, Writable } from "node:stream";
import type { DemoState } from "../../src/demo/demo-practice.js";
import type { AdapterPort } from "../../src/engine/ports.js";
import { ConsoleAdapter } from "./console-adapter.js";

/** The adapter's port, and one thing only the demo needs: a fresh check-in for the demo client. */
export interface ConsoleDemoPort extends AdapterPort {
  /**
   * Starts a check-in for the enrolled demo client when one is due (src/demo/demo-practice.ts says
   * when) and sends it; resolves to whether it did.
   */
  startDemoCheckin(): Promise<boolean>;
}

export interface ConsoleDemoOptions {
  input: Readable;
  output: Writable;
  /** Called once when the input ends (Ctrl-D or end of a pipe). */
  onClose?: () => void;
  /** Where pictures are saved (see ConsoleAdapterOptions). */
  imageDir?: string;
}

export const demoIntroduction =
  "Interlude console demo: a DEMO practice, therapist and client (nothing here is real).\n" +
  "Type the number of an option to press it, or type an answer. /help lists commands; Ctrl-D quits.\n" +
  "You start as the demo client. Lines marked 'Interlude → therapist' arrive in the demo therapist's chat:\n" +
  "type /as therapist to use it (/alerts, /summary, /ack N) and /as client to come back.\n\n";

/** Starts the demo chat; resolves once the client's first question is on screen. */
export async function startConsoleDemo(
  port: ConsoleDemoPort,
  demo: DemoState,
  options: ConsoleDemoOptions,
): Promise<ConsoleAdapter> {
  const adapter = new ConsoleAdapter({
    input: options.input,
    output: options.output,
    onEvent: async (event) => {
      port.handle(event);
      await port.drain();
    },
    ...(options.onClose ? { onClose: options.onClose } : {}),
    ...(options.imageDir ? { imageDir: options.imageDir } : {}),
  });
  port.register(adapter);
  options.output.write(demoIntroduction);
  adapter.start();
  await firstTurn(port, demo, adapter);
  adapter.showPrompt();
  return adapter;
}

async function firstTurn(port: ConsoleDemoPort, demo: DemoState, adapter: ConsoleAdapter): Promise<void> {
  if (demo.inviteCode) return adapter.type(`/start ${demo.inviteCode}`);
  // Already enrolled: pick up where the client left off, or give them a fresh check-in to try.
  if (await port.startDemoCheckin()) return;
  return adapter.type("/start");
}
