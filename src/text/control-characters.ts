/**
 * Control characters removed from free text before it is stored. A client's note is read later in a
 * chat, a terminal (the console, the CLI) or an HTML summary; C0 and C1 controls in it could clear or
 * recolour a therapist's terminal, hide words behind backspaces, or cut a string at a NUL. None of
 * them is something a person meant to write, so they are dropped. Line breaks and tabs are writing,
 * and stay; a carriage return (Windows or old Mac line ends) becomes a line break.
 *
 * Format characters (zero-width joiners in emoji, bidi marks in Arabic or Hebrew) are not controls and
 * are left alone: removing them would change what the person wrote.
 */

/** The C0 controls (U+0000-U+001F) except tab and line feed, DEL (U+007F), and the C1 controls (U+0080-U+009F). */
const controls = /(?![\t\n])\p{Cc}/gu;

export function withoutControlCharacters(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(controls, "");
}
