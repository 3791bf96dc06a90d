/** A client's status as the web view words it (caseload rows and the client page alike). */
export const clientStatusKeys = {
  active: "web.status_active",
  paused: "web.status_paused",
  invited: "web.status_invited",
  stopped: "web.status_stopped",
} as const;
