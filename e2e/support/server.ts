// Where the end-to-end server listens. e2e/start-server.mjs starts the production build there on
// a fresh database (e2e/.data/accord.db), and every spec talks to it through this origin.
export const HOST = "127.0.0.1";
/** 3210 unless E2E_PORT says otherwise, so that two checkouts can run their end-to-end tests side by side. */
export const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://${HOST}:${PORT}`;

/** The `Origin` header a page of Accord sends with a form; the server refuses any other. */
export const ORIGIN = BASE_URL;
