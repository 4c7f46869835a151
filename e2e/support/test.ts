// The `test` every spec uses: Playwright's, plus a check that no page the test opened threw or
// logged an error. A hydration mismatch, a CSP violation or a script crash fails the test
// that caused it, whatever that test asserts.
import { test as base, expect, type ConsoleMessage, type Page } from "@playwright/test";

// Chromium logs every 4xx/5xx response as a console error; those statuses are asserted by the tests.
const EXPECTED = /^Failed to load resource: the server responded with a status of (4\d\d|5\d\d)/;

export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: [
    async ({ context, browser }, use) => {
      const errors: string[] = [];
      const watch = (page: Page) => {
        page.on("pageerror", (error) => errors.push(`${page.url()}: uncaught ${error.message}`));
        page.on("console", (message: ConsoleMessage) => {
          if (message.type() === "error" && !EXPECTED.test(message.text())) errors.push(`${page.url()}: ${message.text()}`);
        });
      };
      context.pages().forEach(watch);
      context.on("page", watch);
      // Contexts a test opens itself (a second person, a fresh visitor) are watched too.
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (...args) => {
        const opened = await newContext(...args);
        opened.on("page", watch);
        return opened;
      };
      try {
        await use(errors);
      } finally {
        browser.newContext = newContext;
      }
      expect(errors, "the browser reported errors").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
