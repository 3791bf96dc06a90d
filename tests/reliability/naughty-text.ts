/**
 * Text that has broken chat bots before: direction overrides, invisible characters, combining marks,
 * null bytes, lone surrogates, texts past every platform limit, emoji only, digits from other scripts,
 * SQL and format strings, and risk phrases (which must take the crisis path, not crash). Random
 * unicode from fast-check is mixed in, and fragments are glued together so the pieces meet.
 */
import fc from "fast-check";

/** Hand-picked pieces, each a known way for text handling to go wrong. */
const fragments = [
  "\u202Eevil\u202C", // right-to-left override
  "\u2066isolated\u2069", // left-to-right isolate
  "\u200B",
  "\uFEFF",
  "\u200D\u200C",
  "e\u0301\u0301\u0301\u0301", // stacked combining accents
  "Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358",
  "\u0000",
  "a\u0000b",
  "\uD800", // lone high surrogate
  "\uDFFF", // lone low surrogate
  "\uDBFF\uD800",
  "😀😀😀",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "٣",
  "三",
  "３",
  "४",
  "๓",
  "Ⅳ",
  "'; DROP TABLE answers; --",
  '" OR 1=1 --',
  "%s%s%s%n%x",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal text is the point (template injection)
  "${process.exit()}",
  "{{7*7}}",
  "{0}{1}",
  "<script>alert(1)</script>",
  "@everyone",
  "<@123456789012345678>",
  "*bold* _it_ `code`",
  "\r\n\t",
  " ",
  "/",
  "/start",
  "/stop",
  "1",
  "5",
  "yes",
  "skip",
  "-1",
  "1e309",
  "NaN",
  "null",
  "undefined",
  "__proto__",
  "constructor",
  "I want to kill myself",
  "我不想活了",
  "jag vill inte leva längre",
];

const longText: fc.Arbitrary<string> = fc
  .record({
    piece: fc.constantFrom("a", "三", "😀", "\u200B", "e\u0301", "line\n"),
    length: fc.integer({ min: 4000, max: 9000 }),
  })
  .map(({ piece, length }) => piece.repeat(Math.ceil(length / piece.length)));

const glued: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...fragments), fc.string({ unit: "binary", maxLength: 12 })), {
    minLength: 1,
    maxLength: 6,
  })
  .map((parts) => parts.join(""));

/** Any text a person (or a broken client) could send. */
export const naughtyText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: glued },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: longText },
);
