import { htmlPage } from '../html-page';

/** The dashboard shell; public/dashboard/*.js asks for the key and renders from the JSON API. */
export const DASHBOARD_PAGE = htmlPage(
  'tuneloop dashboard',
  '/dashboard/dashboard.css',
  `  <header>
    <h1>tuneloop</h1>
    <a href="/docs">API docs</a>
    <span class="spacer"></span>
    <span id="status" class="muted"></span>
    <button id="signout" type="button" hidden>Forget key</button>
  </header>
  <main id="main"><p>Loading…</p></main>
  <dialog id="confirm"></dialog>
  <script src="/vendor/chart.umd.min.js"></script>
  <script type="module" src="/dashboard/app.js"></script>`,
);
