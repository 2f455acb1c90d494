// Debian's Chromium as the browser tests and the dashboard bench launch it.

/** CHROMIUM_PATH, else Debian's package's binary. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** FACTS.md: the flags that work on these machines (headless, no sandbox, nothing phoning home). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
