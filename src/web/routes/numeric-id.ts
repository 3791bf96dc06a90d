/**
 * The one kind of client data a URL may carry: a record's numeric id. Anything else in its place
 * (a word, a sign, a number too long to be an id) is no id at all, and the route answers "not found".
 */
export function numericId(param: string): number | undefined {
  return /^[1-9]\d{0,8}$/.test(param) ? Number(param) : undefined;
}
