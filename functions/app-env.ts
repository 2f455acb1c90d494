import type { Principal } from '../src/contract/api-key';
import type { Env } from './env';

/** Hono's type parameters for this app: bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    principal: Principal;
  };
}
