import type { FullConfig } from '@playwright/test';

const TIMEOUT_MS = 120_000;
const INTERVAL_MS = 500;

// Waits until the (externally started) server answers 200 on /healthz.
export default async function globalSetup(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL ?? 'http://127.0.0.1:3000';
  const url = new URL('/healthz', baseURL).toString();
  const deadline = Date.now() + TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (res.status === 200) return;
      last = `status ${res.status}`;
    } catch (err) {
      last = String((err as Error).cause ?? err);
    }
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
  throw new Error(`${url} did not answer 200 within ${TIMEOUT_MS / 1000} s (last: ${last})`);
}
