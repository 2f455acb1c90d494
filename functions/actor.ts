import type { Context } from 'hono';
import type { AppEnv } from './app-env';

/** Who acted, as audit events and waivers name them: the key's name, and its id since names may repeat. */
export function actorOf(c: Context<AppEnv>): string {
  const principal = c.get('principal');
  return `${principal.name} (${principal.keyId})`;
}
