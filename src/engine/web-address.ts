/**
 * Where the clinicians' web view can be reached, once it listens (its port may be chosen at start-up).
 * Unset: the web view is off, and `/web` in chat says so.
 */
export class WebAddress {
  private url: string | undefined;

  set(url: string): void {
    this.url = url.replace(/\/+$/, "");
  }

  get(): string | undefined {
    return this.url;
  }
}
